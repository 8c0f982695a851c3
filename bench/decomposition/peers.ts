import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { installPeers } from '../common/peers';

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
  if (!installPeers(folder, [name, ...companions], name)) return undefined;
  const { version } = JSON.parse(readFileSync(installed(folder, name), 'utf8')) as { version: string };
  return { version, script: realpathSync(path.join(folder, 'node_modules', '.bin', bin)) };
}
