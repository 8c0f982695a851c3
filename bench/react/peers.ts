import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The packages that make the ESLint peer, by the version range the benchmark asks for. */
export const ESLINT_PEERS = {
  eslint: '^9',
  '@typescript-eslint/parser': '^8',
  'eslint-plugin-react-hooks': '^7',
  'eslint-plugin-react-perf': '^3',
  'eslint-plugin-react-x': '^5',
} as const;

export type PeerName = keyof typeof ESLINT_PEERS;

export interface PeerPackage {
  version: string;
  /** The package's entry point as a file URL, for an import from a config written anywhere. */
  entry: string;
  folder: string;
}

function manifestOf(folder: string, name: string): { version: string; main?: string; exports?: unknown } {
  return JSON.parse(readFileSync(path.join(folder, 'node_modules', name, 'package.json'), 'utf8'));
}

/** The file an `import` of the package loads: its exports' import or default entry, else its main. */
function entryOf(folder: string, name: string): string {
  const manifest = manifestOf(folder, name);
  const root = (manifest.exports as Record<string, unknown> | string | undefined) ?? undefined;
  const dot = typeof root === 'string' ? root : (root?.['.'] as Record<string, unknown> | string | undefined);
  const pick = (value: unknown): string | undefined =>
    typeof value === 'string'
      ? value
      : value && typeof value === 'object'
        ? (pick((value as Record<string, unknown>).import) ?? pick((value as Record<string, unknown>).default))
        : undefined;
  const relative = pick(dot) ?? manifest.main ?? 'index.js';
  return pathToFileURL(path.join(folder, 'node_modules', name, relative)).href;
}

/**
 * The ESLint peer in `folder` (where the other benchmarks' peers go), installed there from npm on first use so
 * the benchmark runs on a fresh machine; never a dependency of the project. Undefined, with the reason
 * printed, when npm cannot install them (offline).
 */
export function ensureEslintPeers(folder: string): Record<PeerName, PeerPackage> | undefined {
  const names = Object.keys(ESLINT_PEERS) as PeerName[];
  const missing = names.filter((name) => !existsSync(path.join(folder, 'node_modules', name, 'package.json')));
  if (missing.length) {
    console.log(`installing ${missing.join(', ')} into ${folder} …`);
    try {
      execFileSync(
        'npm',
        ['install', '--prefix', folder, '--no-audit', '--no-fund', ...missing.map((n) => `${n}@${ESLINT_PEERS[n]}`)],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
    } catch (error) {
      console.log(`the ESLint peers could not be installed (${String(error).slice(0, 200)})`);
      return undefined;
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, { version: manifestOf(folder, name).version, entry: entryOf(folder, name), folder }]),
  ) as Record<PeerName, PeerPackage>;
}
