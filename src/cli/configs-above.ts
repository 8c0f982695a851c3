import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { WalkedFile } from './walk';
import { compareCodeUnits, displayPath } from './walk';

/** What resolution reads in a folder above the sources: TypeScript configs (and what they extend), package.json. */
const CONFIG_NAME = /^(?:[tj]sconfig[^/\\]*\.json|package\.json)$/;

/**
 * The TypeScript configs and package.json files of the folders between `folder` and its workspace `root` (the
 * repository around it), root included. A monolith's folder (`server/`, `apps/api/`) usually resolves its
 * imports through the repository's tsconfig (`paths` such as `@server/*`, an `extends`); walking the folder alone
 * misses it, so every aliased import is left unresolved and the planner sees files with no tie at all. Only
 * configs are added, never sources: nothing above the folder is planned. Outside a repository the root is the
 * folder itself and nothing is added (a parent that merely contains the folder is not the user's project).
 */
export async function configsAbove(folder: string, root: string, cwd: string): Promise<WalkedFile[]> {
  const relative = path.relative(root, folder);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return [];
  const found: WalkedFile[] = [];
  for (let dir = path.dirname(folder); ; dir = path.dirname(dir)) {
    let names: string[] = [];
    try {
      names = (await fs.readdir(dir, { withFileTypes: true }))
        .filter((entry) => entry.isFile() && CONFIG_NAME.test(entry.name))
        .map((entry) => entry.name);
    } catch {
      // An unreadable folder above adds nothing; the plan is made from what can be read.
    }
    for (const name of names.sort(compareCodeUnits)) {
      const absolute = path.join(dir, name);
      found.push({ absolute, display: displayPath(cwd, absolute), explicit: false, root });
    }
    if (dir === root || path.dirname(dir) === dir) break;
  }
  return found;
}
