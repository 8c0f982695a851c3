import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface Peer {
  version: string;
  /** The peer's command-line script, run with this Node. */
  script: string;
}

const installed = (folder: string, name: string) => path.join(folder, 'node_modules', name, 'package.json');

/**
 * A peer tool from npm in `folder` (where bench:module-graph's peers go), installed there on first use so the
 * bench runs on a fresh machine; never a dependency of the project. `companions` are what it needs beside it
 * (dependency-cruiser parses TypeScript only with `typescript` in its folder, and cruises nothing without).
 * Undefined, with the reason printed, when npm cannot install them (offline).
 */
export function ensurePeer(folder: string, name: string, bin: string, companions: string[] = []): Peer | undefined {
  const manifest = installed(folder, name);
  const missing = [name, ...companions].filter((spec) => !existsSync(installed(folder, spec.replace(/(.)@.*$/, '$1'))));
  if (missing.length) {
    console.log(`installing ${missing.join(', ')} into ${folder} …`);
    try {
      execFileSync('npm', ['install', '--prefix', folder, '--no-audit', '--no-fund', ...missing], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    } catch (error) {
      console.log(`${name}: could not be installed (${String(error).slice(0, 200)})`);
      return undefined;
    }
  }
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { version, script: realpathSync(path.join(folder, 'node_modules', '.bin', bin)) };
}
