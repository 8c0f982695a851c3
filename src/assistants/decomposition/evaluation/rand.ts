import { clustersOf, overlaps, type Partition } from './partition';

const pairs = (count: number) => (count * (count - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie, 1985): the share of element pairs both partitions treat alike (together
 * or apart), corrected for chance so random partitions score about 0 and identical ones 1; it can go below 0.
 * Symmetric. When both partitions are trivial (every pair together, or every pair apart) the chance correction
 * is 0/0: identical partitions score 1, others 0.
 */
export function adjustedRand(a: Partition, b: Partition): number {
  const table = overlaps(a, b);
  let together = 0;
  for (const row of table.values()) for (const count of row.values()) together += pairs(count);
  const sumA = [...clustersOf(a).values()].reduce((sum, members) => sum + pairs(members.length), 0);
  const sumB = [...clustersOf(b).values()].reduce((sum, members) => sum + pairs(members.length), 0);
  const expected = a.size < 2 ? 0 : (sumA * sumB) / pairs(a.size);
  const most = (sumA + sumB) / 2;
  if (most === expected) return together === most ? 1 : 0;
  return (together - expected) / (most - expected);
}
