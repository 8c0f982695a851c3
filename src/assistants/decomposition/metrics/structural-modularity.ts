/**
 * Structural modularity SM (Jin et al., as used by Mono2Micro and CARGO): the mean cohesion of the services minus
 * their mean coupling, on import edges counted once per ordered file pair (weights ignored):
 *   SM = (1/K) Σ_i μ_i / m_i²  −  (1 / (K(K−1)/2)) Σ_{i<j} σ_ij / (2 m_i m_j)
 * μ_i: edges inside service i; m_i: its files; σ_ij: edges between i and j in either direction. With one service
 * the coupling term is 0. Files outside the assignment are left out.
 */
export function structuralModularity(
  edges: readonly { from: string; to: string }[],
  assignment: ReadonlyMap<string, string>,
): number {
  const sizes = new Map<string, number>();
  for (const service of assignment.values()) sizes.set(service, (sizes.get(service) ?? 0) + 1);
  const services = [...sizes.keys()].sort();
  const k = services.length;
  if (k === 0) return 0;
  const inside = new Map<string, number>();
  const between = new Map<string, number>();
  const seen = new Set<string>();
  for (const { from, to } of edges) {
    const a = assignment.get(from);
    const b = assignment.get(to);
    const pair = `${from}\u0000${to}`;
    if (a === undefined || b === undefined || from === to || seen.has(pair)) continue;
    seen.add(pair);
    if (a === b) inside.set(a, (inside.get(a) ?? 0) + 1);
    else {
      const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
      between.set(key, (between.get(key) ?? 0) + 1);
    }
  }
  let cohesion = 0;
  for (const s of services) cohesion += (inside.get(s) ?? 0) / sizes.get(s)! ** 2;
  let coupling = 0;
  for (const [key, sigma] of between) {
    const [a, b] = key.split('\u0000');
    coupling += sigma / (2 * sizes.get(a)! * sizes.get(b)!);
  }
  return cohesion / k - (k > 1 ? coupling / ((k * (k - 1)) / 2) : 0);
}
