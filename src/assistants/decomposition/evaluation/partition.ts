/** A partition of files into services: each element (a file) maps to the name of its cluster. */
export type Partition = ReadonlyMap<string, string>;

export function partitionOf(entries: Record<string, string> | Iterable<readonly [string, string]>): Partition {
  return new Map(Symbol.iterator in entries ? entries : Object.entries(entries));
}

/**
 * Both partitions cut down to the elements they share, so a proposal and a truth that do not cover the same files
 * (a file the split deleted, a file the planner left out) are compared on what both place.
 */
export function onCommon(a: Partition, b: Partition): [Partition, Partition] {
  const shared = [...a.keys()].filter((element) => b.has(element));
  return [new Map(shared.map((e) => [e, a.get(e)!])), new Map(shared.map((e) => [e, b.get(e)!]))];
}

/** Cluster name → its elements, in first-seen order. */
export function clustersOf(partition: Partition): Map<string, string[]> {
  const clusters = new Map<string, string[]>();
  for (const [element, cluster] of partition) {
    const members = clusters.get(cluster);
    if (members) members.push(element);
    else clusters.set(cluster, [element]);
  }
  return clusters;
}

/** The contingency table: for each cluster of `a`, how many of its elements each cluster of `b` holds. */
export function overlaps(a: Partition, b: Partition): Map<string, Map<string, number>> {
  if (a.size !== b.size || [...a.keys()].some((element) => !b.has(element)))
    throw new Error('the partitions must place the same elements (see onCommon)');
  const table = new Map<string, Map<string, number>>();
  for (const [element, cluster] of a) {
    const row = table.get(cluster) ?? new Map<string, number>();
    const other = b.get(element)!;
    row.set(other, (row.get(other) ?? 0) + 1);
    table.set(cluster, row);
  }
  return table;
}
