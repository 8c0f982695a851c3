import { strict as assert } from 'node:assert';
import {
  maxMojoMoves,
  mojoDistance,
  mojoFm,
  mojoMoves,
  onCommon,
  partitionOf,
  type Partition,
} from '../../../../src/assistants/decomposition/evaluation';

/** `[['1', '2'], ['3']]` → 1 and 2 in cluster c0, 3 in c1. */
function clusters(...groups: string[][]): Partition {
  return new Map(groups.flatMap((members, i) => members.map((m) => [m, `c${i}`] as [string, string])));
}

/** Every partition of `n` elements, as restricted growth strings. */
function allPartitions(n: number): Partition[] {
  const result: Partition[] = [];
  const grow = (labels: number[]) => {
    if (labels.length === n) {
      result.push(new Map(labels.map((label, i) => [`e${i}`, `k${label}`])));
      return;
    }
    const top = labels.length ? Math.max(...labels) + 1 : 0;
    for (let label = 0; label <= top; label++) grow([...labels, label]);
  };
  grow([]);
  return result;
}

function canonical(partition: Partition): string {
  const groups = new Map<string, string[]>();
  for (const [element, cluster] of partition) groups.set(cluster, [...(groups.get(cluster) ?? []), element]);
  return [...groups.values()]
    .map((members) => members.sort().join(','))
    .sort()
    .join('|');
}

/** The fewest Moves (one element to another or a new cluster) and Joins (two clusters into one), by search. */
function searchedMoves(from: Partition, to: Partition): number {
  const goal = canonical(to);
  let frontier = [from];
  const seen = new Set([canonical(from)]);
  for (let steps = 0; ; steps++) {
    if (frontier.some((p) => canonical(p) === goal)) return steps;
    const next: Partition[] = [];
    for (const partition of frontier) {
      const names = [...new Set(partition.values())];
      const neighbours: Partition[] = [];
      for (const [element, own] of partition)
        for (const target of [...names, `new${steps}`])
          if (target !== own) neighbours.push(new Map([...partition, [element, target]]));
      for (const x of names)
        for (const y of names)
          if (x < y) neighbours.push(new Map([...partition].map(([e, c]) => [e, c === y ? x : c] as [string, string])));
      for (const neighbour of neighbours) {
        const key = canonical(neighbour);
        if (!seen.has(key)) {
          seen.add(key);
          next.push(neighbour);
        }
      }
    }
    frontier = next;
  }
}

describe('decomposition evaluation: MoJo and MoJoFM', () => {
  it('counts moves and joins on a hand-worked pair', () => {
    // A = {1,2,3} {4,5} {6,7,8}, B = {1,2,3,4} {5,6,7,8}. A1 keeps 3 with B1, A2 keeps 1 with either (a tie),
    // A3 keeps 3 with B2: 8 − 7 = 1 move. The matching pairs A1–B1 and A3–B2, so 2 groups from 3 clusters:
    // 1 join. mno(A,B) = 2 (move 4 into A1, join {5} with A3). Back: B1 keeps 3 (A1), B2 keeps 3 (A3): 2 moves,
    // 2 groups from 2 clusters, mno(B,A) = 2. The farthest any A can be from B (two clusters of 4): g = 2,
    // max = 8 − 2 = 6, so MoJoFM = 1 − 2/6 = 2/3.
    const a = clusters(['1', '2', '3'], ['4', '5'], ['6', '7', '8']);
    const b = clusters(['1', '2', '3', '4'], ['5', '6', '7', '8']);
    assert.equal(mojoMoves(a, b), 2);
    assert.equal(mojoMoves(b, a), 2);
    assert.equal(mojoDistance(a, b), 2);
    assert.equal(maxMojoMoves(b), 6);
    assert.ok(Math.abs(mojoFm(a, b) - 2 / 3) < 1e-12);
  });

  it('uses a matching among tied tags, not the first tag', () => {
    // A = {1,2} {3,4}, B = {1,3} {2,4}: each A cluster shares one element with each B cluster. Tagging both with
    // B1 would cost 2 moves + 1 join; matching A1–B1 and A2–B2 costs 2 moves and no join. This A is as far as
    // any partition gets from B (g = 2, max = 4 − 2 = 2), so MoJoFM = 0.
    const a = clusters(['1', '2'], ['3', '4']);
    const b = clusters(['1', '3'], ['2', '4']);
    assert.equal(mojoMoves(a, b), 2);
    assert.equal(mojoFm(a, b), 0);
  });

  it('scores a partition against itself 1, whatever the names', () => {
    const a = partitionOf({ x: 'orders', y: 'orders', z: 'users' });
    const b = partitionOf({ x: 'svc1', y: 'svc1', z: 'svc2' });
    assert.equal(mojoMoves(a, b), 0);
    assert.equal(mojoFm(a, b), 1);
  });

  it('takes the farthest partition from sizes: B = {1,2,3} {4} {5} is at most 3 operations away', () => {
    // Sizes ascending 1, 1, 3: g goes 0 → 1 (1 > 0), stays (1 > 1 fails), → 2 (3 > 1). max = 5 − 2 = 3, reached
    // by A = {1,4,5} {2} {3}: each A cluster keeps 1 element, so 5 − 3 = 2 moves; A2 and A3 can only tag B1 and
    // A1 takes B2, so 2 groups from 3 clusters: 1 join. 2 + 1 = 3.
    assert.equal(maxMojoMoves(clusters(['1', '2', '3'], ['4'], ['5'])), 3);
    assert.equal(mojoMoves(clusters(['1', '4', '5'], ['2'], ['3']), clusters(['1', '2', '3'], ['4'], ['5'])), 3);
  });

  it('agrees with an exhaustive search of moves and joins on every pair of partitions of 5 elements', () => {
    const partitions = allPartitions(5);
    assert.equal(partitions.length, 52);
    for (const b of partitions) {
      let farthest = 0;
      for (const a of partitions) {
        const moves = mojoMoves(a, b);
        assert.equal(moves, searchedMoves(a, b), `${canonical(a)} → ${canonical(b)}`);
        farthest = Math.max(farthest, moves);
      }
      assert.equal(maxMojoMoves(b), farthest, `farthest from ${canonical(b)}`);
    }
  });

  it('compares on the elements both place, and refuses partitions of different elements', () => {
    const proposal = partitionOf({ a: 's1', b: 's1', c: 's2', extra: 's2' });
    const truth = partitionOf({ a: 'x', b: 'x', c: 'y', gone: 'y' });
    assert.throws(() => mojoMoves(proposal, truth), /same elements/);
    const [p, t] = onCommon(proposal, truth);
    assert.deepEqual([...p.keys()], ['a', 'b', 'c']);
    assert.equal(mojoFm(p, t), 1);
  });
});
