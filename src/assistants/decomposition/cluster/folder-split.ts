import type { FusedGraph } from './fused-graph';
import type { Communities } from './louvain';

/**
 * Undoes merges that modularity makes only because it cannot see small groups (its resolution limit: two groups
 * joined by more than d_A·d_B/2m are merged however tightly each holds together, and on a small code base that is
 * one import and a route). A group whose files fall into sibling folders is split along them when at least two
 * of those folders are communities on their own inside it, in the weak sense of Radicchi et al. (2004): the
 * internal degree of their files (ties among themselves, seen from both ends) exceeds their ties to the rest of
 * the group. Folders that are not (a lone file, a layer such as dto/ whose files tie
 * only outwards) join the split part they are most tied to. The folders only say where to cut; the graph decides
 * whether to, so a feature spread over layer folders stays whole. Repeated until nothing splits.
 */
export function splitAlongFolders(groups: Communities, graph: FusedGraph): { groups: Communities; splits: number } {
  const weights = edgeWeights(graph);
  let splits = 0;
  let current = groups;
  for (let changed = true; changed;) {
    changed = false;
    const next: Communities = [];
    for (const group of current) {
      const parts = splitGroup(group, weights);
      if (parts.length > 1) {
        splits++;
        changed = true;
      }
      next.push(...parts);
    }
    current = next;
  }
  return { groups: current, splits };
}

type Weights = Map<string, Map<string, number>>;

function edgeWeights(graph: FusedGraph): Weights {
  const weights: Weights = new Map();
  const add = (a: string, b: string, w: number) => {
    const row = weights.get(a) ?? new Map<string, number>();
    row.set(b, (row.get(b) ?? 0) + w);
    weights.set(a, row);
  };
  for (const edge of graph.edges) {
    add(edge.a, edge.b, edge.weight);
    add(edge.b, edge.a, edge.weight);
  }
  return weights;
}

function splitGroup(group: string[], weights: Weights): string[][] {
  const byFolder = foldersBelowCommonPrefix(group);
  if (byFolder.size < 2) return [group];
  const partOf = new Map<string, string>();
  for (const [folder, files] of byFolder) for (const file of files) partOf.set(file, folder);
  // For each part: weight inside it, and weight to each other part of the group.
  const inside = new Map<string, number>();
  const across = new Map<string, Map<string, number>>();
  for (const file of group) {
    const part = partOf.get(file) as string;
    for (const [other, w] of weights.get(file) ?? []) {
      const otherPart = partOf.get(other);
      if (otherPart === undefined) continue;
      // Each tie inside is seen from both ends: the part's internal degree (Radicchi's weak community).
      if (otherPart === part) inside.set(part, (inside.get(part) ?? 0) + w);
      else {
        const row = across.get(part) ?? new Map<string, number>();
        row.set(otherPart, (row.get(otherPart) ?? 0) + w);
        across.set(part, row);
      }
    }
  }
  const cut = (part: string) => [...(across.get(part)?.values() ?? [])].reduce((s, w) => s + w, 0);
  const cohesive = [...byFolder.keys()].filter((part) => (inside.get(part) ?? 0) > cut(part));
  if (cohesive.length < 2) return [group];
  const result = new Map(cohesive.map((part) => [part, [...(byFolder.get(part) as string[])]]));
  for (const [part, files] of byFolder) {
    if (result.has(part)) continue;
    const ties = across.get(part) ?? new Map<string, number>();
    const home = [...cohesive].sort(
      (a, b) =>
        (ties.get(b) ?? 0) - (ties.get(a) ?? 0) ||
        (byFolder.get(b) as string[]).length - (byFolder.get(a) as string[]).length ||
        (a < b ? -1 : 1),
    )[0];
    result.get(home)?.push(...files);
  }
  return [...result.values()].map((files) => files.sort());
}

/** The group's files by the first folder below the folder they all share ('' for files directly in it). */
function foldersBelowCommonPrefix(group: readonly string[]): Map<string, string[]> {
  const folders = group.map((file) => file.split('/').slice(0, -1));
  let depth = 0;
  while (folders.every((f) => f.length > depth && f[depth] === folders[0][depth])) depth++;
  const byFolder = new Map<string, string[]>();
  group.forEach((file, i) => {
    const folder = folders[i][depth] ?? '';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  });
  return byFolder;
}
