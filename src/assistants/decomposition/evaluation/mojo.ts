import { clustersOf, overlaps, type Partition } from './partition';

/**
 * MoJo (Tzerpos & Holt) counts the Move and Join operations that turn one partition into another; MoJoFM (Wen &
 * Tzerpos, 2004) scales it against the farthest any partition can be from the reference. The exact algorithm
 * (Wen & Tzerpos, "An optimal algorithm for MoJo distance", 2003): tag each cluster of A with a cluster of B it
 * shares the most elements with; clusters of A with the same tag are joined (one Join fewer than the group's
 * size) and every element outside its group's tag is moved. Among tied tags, a maximum bipartite matching
 * between A's clusters and their best B clusters gives the most groups, hence the fewest joins:
 * mno(A, B) = (n − Σᵢ maxⱼ |Aᵢ ∩ Bⱼ|) + (|A| − g).
 */
export function mojoMoves(a: Partition, b: Partition): number {
  const table = overlaps(a, b);
  let kept = 0;
  const best = new Map<string, string[]>();
  for (const [cluster, row] of table) {
    const most = Math.max(...row.values());
    kept += most;
    best.set(
      cluster,
      [...row].filter(([, count]) => count === most).map(([other]) => other),
    );
  }
  const groups = maximumMatching(best);
  return a.size - kept + (table.size - groups);
}

/** The symmetric MoJo distance: the cheaper direction. */
export function mojoDistance(a: Partition, b: Partition): number {
  return Math.min(mojoMoves(a, b), mojoMoves(b, a));
}

/**
 * max over every partition A of mno(A, B) = n − g, where g grows by one for each cluster of B, smallest first,
 * larger than the g reached so far (Wen & Tzerpos 2004): the worst A puts at most one element of each B cluster
 * in each of its clusters, and g is then the most groups its clusters can still form.
 */
export function maxMojoMoves(b: Partition): number {
  const sizes = [...clustersOf(b).values()].map((members) => members.length).sort((x, y) => x - y);
  let groups = 0;
  for (const size of sizes) if (size > groups) groups++;
  return b.size - groups;
}

/** MoJoFM of a proposal A against the truth B, 0..1 (1: the same partition). */
export function mojoFm(a: Partition, b: Partition): number {
  const worst = maxMojoMoves(b);
  const moves = mojoMoves(a, b);
  return worst === 0 ? (moves === 0 ? 1 : 0) : 1 - moves / worst;
}

/** Kuhn's augmenting paths: the size of a maximum matching from the keys to the clusters they may pair with. */
function maximumMatching(candidates: Map<string, string[]>): number {
  const owner = new Map<string, string>();
  const augment = (cluster: string, seen: Set<string>): boolean => {
    for (const other of candidates.get(cluster)!) {
      if (seen.has(other)) continue;
      seen.add(other);
      const current = owner.get(other);
      if (current === undefined || augment(current, seen)) {
        owner.set(other, cluster);
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (const cluster of candidates.keys()) if (augment(cluster, new Set())) matched++;
  return matched;
}
