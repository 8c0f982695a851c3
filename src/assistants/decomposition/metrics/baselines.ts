import { findHubs } from '../cluster/hubs';
import { louvainCommunities } from '../cluster/louvain';
import type { FusedGraph } from '../cluster/fused-graph';
import type { Partition, PartitionFacts } from './partition';

/** The service of files directly in the folder (below `src/`), in the folder baseline. */
export const TOP_LEVEL = '(top level)';

/** Paths of the files relative to `root` ('' for the workspace root). */
export function relativeTo(root: string, file: string): string {
  const prefix = root.replace(/\/+$/, '');
  return prefix === '' ? file : file.startsWith(`${prefix}/`) ? file.slice(prefix.length + 1) : file;
}

/**
 * One service per top-level folder under the root, or under `src/` when it is the only folder; files directly
 * at that level (and beside src/) form one more service. The first baseline: what the folders already say.
 */
export function folderAssignment(root: string, files: readonly string[]): Map<string, string> {
  const relative = files.map((f) => relativeTo(root, f));
  // Below src/ when it is the only folder (files beside it, configuration mostly, stay at the top level).
  const folders = relative.filter((r) => r.includes('/'));
  const underSrc = folders.length > 0 && folders.every((r) => r.startsWith('src/'));
  const assignment = new Map<string, string>();
  files.forEach((file, i) => {
    const path = underSrc && relative[i].startsWith('src/') ? relative[i].slice('src/'.length) : relative[i];
    const slash = path.indexOf('/');
    assignment.set(file, slash < 0 ? TOP_LEVEL : path.slice(0, slash));
  });
  return assignment;
}

/** The second baseline: seeded Louvain on the import graph alone, at resolution 1. */
export function louvainAssignment(facts: PartitionFacts): Map<string, string> {
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
  louvainCommunities(graph).forEach((community, i) => community.forEach((file) => assignment.set(file, `c${i + 1}`)));
  return assignment;
}

/** A baseline's library: the files most of its services use, by the same rule the planner applies (hubs.ts). */
export function baselinePartition(facts: PartitionFacts, assignment: Map<string, string>): Partition {
  return { assignment, library: findHubs(assignment, [...facts.imports, ...facts.uses]) };
}
