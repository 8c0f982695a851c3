import { promises as fs } from 'node:fs';
import path from 'node:path';
import { reusedFor } from '../../../core/reused-answers';

/** A package as the workspace installed it: its real folder (pnpm's symlinks followed) and its version. */
export interface InstalledPackage {
  name: string;
  version: string;
  dir: string;
}

/** `lodash/debounce` → `lodash`, `@scope/pkg/x` → `@scope/pkg`; undefined for relative, absolute and `node:` specifiers. */
export function packageNameOf(specifier: string): string | undefined {
  if (/^[./]|^[a-z]+:/i.test(specifier) || specifier === '') return undefined;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0];
}

/**
 * Finds `name` the way Node and bundlers do: `node_modules/<name>` in `fromDir` and each folder above it.
 * The folder is a symlink under pnpm (into `.pnpm/<name>@<version>/node_modules/<name>`); its real path is
 * what the bundler reads and what the version comes from.
 */
export async function findInstalledPackage(fromDir: string, name: string): Promise<InstalledPackage | undefined> {
  for (let dir = path.resolve(fromDir); ;) {
    const candidate = path.join(dir, 'node_modules', name);
    const manifest = await readManifest(candidate);
    if (manifest) {
      const real = await fs.realpath(candidate);
      return { name, version: typeof manifest.version === 'string' ? manifest.version : '0.0.0', dir: real };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Every component of a folder looks its packages up through the same folders, and most of those look-ups fail
 * (no `node_modules/<name>` in a source folder): a failed one answers for a second (reused-answers.ts). A found
 * manifest is read each time: its version keys the measurement.
 */
const MISSING_REUSE_MS = 1000;

const readManifest = reusedFor(
  MISSING_REUSE_MS,
  async (dir): Promise<{ version?: unknown } | undefined> => {
    try {
      return JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8')) as { version?: unknown };
    } catch {
      return undefined;
    }
  },
  (manifest) => manifest === undefined,
);
