/**
 * Newman's modularity Q of a partition of an undirected weighted graph (import edges, direction dropped):
 * Q = Σ_c [ L_c / m − (d_c / 2m)² ], with m the total edge weight, L_c the weight inside c and d_c the sum of the
 * degrees of c's files. Edges with an end outside the assignment are left out. 0 for a graph without edges.
 */
export function modularity(
  edges: readonly { from: string; to: string; weight: number }[],
  assignment: ReadonlyMap<string, string>,
): number {
  let m = 0;
  const inside = new Map<string, number>();
  const degree = new Map<string, number>();
  for (const { from, to, weight } of edges) {
    const a = assignment.get(from);
    const b = assignment.get(to);
    if (a === undefined || b === undefined || from === to) continue;
    m += weight;
    degree.set(a, (degree.get(a) ?? 0) + weight);
    degree.set(b, (degree.get(b) ?? 0) + weight);
    if (a === b) inside.set(a, (inside.get(a) ?? 0) + weight);
  }
  if (m === 0) return 0;
  let q = 0;
  for (const [service, d] of degree) q += (inside.get(service) ?? 0) / m - (d / (2 * m)) ** 2;
  return q;
}
