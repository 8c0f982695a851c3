import { findHubs } from '../cluster/hubs';
import { LOUVAIN_SEED, louvainCommunities } from '../cluster/louvain';
import type { FusedGraph } from '../cluster/fused-graph';
import type { Partition, PartitionFacts } from './partition';

/** The service of the files left beside the folders, in the folder baseline. */
export const TOP_LEVEL = '(top level)';

/** Paths of the files relative to `root` ('' for the workspace root). */
export function relativeTo(root: string, file: string): string {
  const prefix = root.replace(/\/+$/, '');
  return prefix === '' ? file : file.startsWith(`${prefix}/`) ? file.slice(prefix.length + 1) : file;
}

/** A folder holding at least this share of the files left is descended into; the few files beside it are leftovers. */
export const DOMINANT_SHARE = 0.8;

/**
 * One service per folder at the first level where the code fans out: from the root, a folder holding almost all
 * the files (DOMINANT_SHARE) is descended into, repeatedly, so `src/`, `src/app/` or `packages/core/src/` does
 * not stand for the whole code base as one service. Files left beside the folders descended into (cli.js,
 * jest.config.js) and files directly at the level reached form one more service. The first baseline: what the
 * folders already say.
 */
export function folderAssignment(root: string, files: readonly string[]): Map<string, string> {
  const relative = files.map((f) => relativeTo(root, f));
  let prefix = '';
  let inside = relative;
  for (;;) {
    const counts = new Map<string, number>();
    for (const path of inside) {
      const folder = firstFolder(path.slice(prefix.length));
      if (folder !== undefined) counts.set(folder, (counts.get(folder) ?? 0) + 1);
    }
    const dominant = [...counts].find(([, count]) => count >= DOMINANT_SHARE * inside.length);
    if (!dominant) break;
    prefix += `${dominant[0]}/`;
    inside = inside.filter((path) => path.startsWith(prefix));
  }
  const assignment = new Map<string, string>();
  files.forEach((file, i) => {
    const folder = relative[i].startsWith(prefix) ? firstFolder(relative[i].slice(prefix.length)) : undefined;
    assignment.set(file, folder ?? TOP_LEVEL);
  });
  return assignment;
}

function firstFolder(path: string): string | undefined {
  const slash = path.indexOf('/');
  return slash < 0 ? undefined : path.slice(0, slash);
}

/** The second baseline: seeded Louvain on the import graph alone, at resolution 1. */
export function louvainAssignment(facts: PartitionFacts, seed = LOUVAIN_SEED): Map<string, string> {
  const weights = new Map<string, number>();
  for (const { from, to, weight } of facts.imports) {
    const key = from < to ? `${from}\u0000${to}` : `${to}\u0000${from}`;
    weights.set(key, (weights.get(key) ?? 0) + weight);
  }
  const graph: FusedGraph = {
    files: facts.files,
    edges: [...weights].map(([key, weight]) => {
      const [a, b] = key.split('\u0000');
      return { a, b, weight, signals: { imports: weight } };
    }),
    mass: { imports: 0, calls: 0, data: 0, useCases: 0, coupling: 0 },
  };
  const assignment = new Map<string, string>();
  louvainCommunities(graph, 1, undefined, seed).forEach((community, i) =>
    community.forEach((file) => assignment.set(file, `c${i + 1}`)),
  );
  return assignment;
}

/** A baseline's library: the files most of its services use, by the same rule the planner applies (hubs.ts). */
export function baselinePartition(facts: PartitionFacts, assignment: Map<string, string>): Partition {
  return { assignment, library: findHubs(assignment, [...facts.imports, ...facts.uses]) };
}
