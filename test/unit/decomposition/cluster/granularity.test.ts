import { strict as assert } from 'node:assert';
import type { FusedGraph } from '../../../../src/assistants/decomposition/cluster/fused-graph';
import { asymptoticSurprise, chooseGranularity } from '../../../../src/assistants/decomposition/cluster/granularity';
import { louvainCommunities } from '../../../../src/assistants/decomposition/cluster/louvain';
import { clusterFacts } from '../../../../src/assistants/decomposition/cluster/propose';
import { partitionFacts } from '../../../../src/assistants/decomposition/metrics/partition';
import { shopFacts } from './helpers';

const NO_MASS = { imports: 0, calls: 0, data: 0, useCases: 0, coupling: 0 };

function graph(files: string[], ties: [string, string, number][]): FusedGraph {
  return { files, edges: ties.map(([a, b, weight]) => ({ a, b, weight, signals: {} })), mass: NO_MASS };
}

/**
 * `count` cliques of `size` files joined in a ring by one tie each: the graph of Fortunato & Barthélemy (2007) on
 * which modularity at resolution 1 merges neighbouring cliques once there are more than about √(2m) of them.
 */
function ringOfCliques(count: number, size: number): FusedGraph {
  const files: string[] = [];
  const ties: [string, string, number][] = [];
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < size; i++) files.push(`k${c}/f${i}`);
    for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) ties.push([`k${c}/f${i}`, `k${c}/f${j}`, 1]);
    ties.push([`k${c}/f0`, `k${(c + 1) % count}/f1`, 1]);
  }
  return graph(files, ties);
}

describe('decomposition granularity (free mode)', () => {
  it('scores a partition by asymptotic surprise, worked by hand', () => {
    // a1–a2, b1–b2 and a1–b1, each of weight 1. Two groups: q = 2/3 of the weight inside, ⟨q⟩ = 2 of 6 pairs = 1/3;
    // m·D(q‖⟨q⟩) = 3 · (2/3·ln 2 + 1/3·ln ½) = ln 2.
    const g = graph(
      ['a1', 'a2', 'b1', 'b2'],
      [
        ['a1', 'a2', 1],
        ['b1', 'b2', 1],
        ['a1', 'b1', 1],
      ],
    );
    assert.ok(
      Math.abs(
        asymptoticSurprise(g, [
          ['a1', 'a2'],
          ['b1', 'b2'],
        ]) - Math.LN2,
      ) < 1e-12,
    );
    // One group and all singletons both hold exactly what chance would: no surprise.
    assert.equal(asymptoticSurprise(g, [['a1', 'a2', 'b1', 'b2']]), 0);
    assert.equal(asymptoticSurprise(g, [['a1'], ['a2'], ['b1'], ['b2']]), 0);
    // Less weight inside than chance would put there is no structure, however far below (surprise is one-sided).
    assert.equal(
      asymptoticSurprise(g, [
        ['a1', 'b2'],
        ['a2', 'b1'],
      ]),
      0,
    );
  });

  it('keeps small cohesive groups apart where modularity at resolution 1 merges them', () => {
    const ring = ringOfCliques(30, 5);
    const atOne = louvainCommunities(ring, 1);
    assert.ok(atOne.length < 30, `modularity's resolution limit merges cliques: ${atOne.length} groups`);
    const chosen = chooseGranularity(ring);
    assert.equal(chosen.communities.length, 30);
    assert.ok(chosen.communities.every((group) => new Set(group.map((f) => f.split('/')[0])).size === 1));
    assert.ok(chosen.resolution > 1);
    // What was tried is reported: resolutions in half-octaves from 1/4, each with its count and surprise.
    assert.equal(chosen.tried[0].resolution, 0.25);
    assert.equal(chosen.tried[1].resolution, 0.354);
    assert.ok(chosen.tried.some((t) => t.resolution === chosen.resolution && t.services === 30));
    assert.ok(chosen.tried.every((t) => t.surprise <= chosen.surprise));
  });

  it('does not cut a graph finer than its groups', () => {
    const ring = ringOfCliques(4, 6);
    assert.equal(chooseGranularity(ring).communities.length, 4);
  });

  it('is the same run to run for a seed, and a graph with no tie stays one file per group', () => {
    const ring = ringOfCliques(12, 4);
    assert.deepEqual(chooseGranularity(ring, 7), chooseGranularity(ring, 7));
    const loose = graph(['x', 'y'], []);
    assert.deepEqual(chooseGranularity(loose).communities, [['x'], ['y']]);
  });

  it("says in the plan's notes which resolution it chose, by what, and what the others gave", async () => {
    const { facts } = await shopFacts();
    const pf = partitionFacts(facts);
    const free = clusterFacts(facts, pf, {});
    const note = free.notes.find((n) => n.includes('chosen by asymptotic surprise'));
    assert.ok(note, free.notes.join(' | '));
    assert.match(
      note,
      /^resolution [\d.]+ chosen by asymptotic surprise .*, \d+ services? for the \d+ table famil(?:y|ies) and \d+ route resources? its data and API name; tried 0\.25 → \d+, 0\.354 → \d+/,
    );
    // Asked for a number, the resolution is bisected to it instead.
    const asked = clusterFacts(facts, pf, { services: 2 });
    assert.ok(asked.notes.some((n) => n.startsWith('2 services asked for')));
    assert.ok(!asked.notes.some((n) => n.includes('surprise')));
  });
});
