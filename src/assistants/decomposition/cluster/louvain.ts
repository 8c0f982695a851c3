import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import type { FusedGraph } from './fused-graph';

/** Louvain is randomised (node order, ties): one fixed seed makes a plan the same run to run. */
export const LOUVAIN_SEED = 0x5ca1ab1e;

/** mulberry32: a small seeded generator; statistical quality is beside the point, repeatability is the point. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Communities as lists of files, largest first (ties by first file), so numbering is stable. */
export type Communities = string[][];

/** The fused graph as a graphology graph, built once when several resolutions are tried on it. */
export function toGraph(fused: FusedGraph): Graph {
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const file of fused.files) graph.addNode(file);
  for (const edge of fused.edges) graph.mergeEdge(edge.a, edge.b, { weight: edge.weight });
  return graph;
}

function ordered(groups: Iterable<string[]>): Communities {
  return [...groups]
    .map((g) => [...g].sort())
    .sort((x, y) => y.length - x.length || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

/** Seeded Louvain at a resolution (1: Newman modularity). A file with no ties is its own community. */
export function louvainCommunities(fused: FusedGraph, resolution = 1, built?: Graph, seed = LOUVAIN_SEED): Communities {
  if (fused.files.length === 0) return [];
  const graph = built ?? toGraph(fused);
  const groups = new Map<number, string[]>();
  if (graph.size === 0) return ordered(fused.files.map((f) => [f]));
  const mapping = louvain(graph, { resolution, rng: seededRandom(seed), getEdgeWeight: 'weight' });
  for (const file of fused.files) {
    const id = mapping[file];
    groups.set(id, [...(groups.get(id) ?? []), file]);
  }
  return ordered(groups.values());
}

/** Communities that have ties (more than one file, or a file with an edge): the candidates for services. */
export function tiedCount(communities: Communities, fused: FusedGraph): number {
  const linked = new Set(fused.edges.flatMap((e) => [e.a, e.b]));
  return communities.filter((c) => c.some((f) => linked.has(f))).length;
}

export interface TargetResult {
  communities: Communities;
  resolution: number;
  /** How N was reached, for the plan's notes. */
  how: string;
}

const MIN_RESOLUTION = 0.02;
const MAX_RESOLUTION = 20;
/** Enough to tell resolutions apart by 1% (ln 1000 / 2¹⁰ ≈ 0.007); what bisection misses, merging settles. */
const BISECTIONS = 10;

/**
 * Exactly `n` tied communities when the graph allows it. First the resolution is bisected (on a log scale between
 * 0.02 and 20: higher resolution, more and smaller communities) for the closest count at or above n; when that
 * count overshoots, the pair of communities whose merge costs the least modularity (the largest ΔQ, i.e. the
 * most strongly tied relative to their sizes) is merged, again and again, until n remain.
 */
export function communitiesToCount(fused: FusedGraph, n: number, seed = LOUVAIN_SEED): TargetResult {
  let low = Math.log(MIN_RESOLUTION);
  let high = Math.log(MAX_RESOLUTION);
  let best: { communities: Communities; resolution: number; count: number } | undefined;
  const graph = toGraph(fused);
  const consider = (resolution: number) => {
    const communities = louvainCommunities(fused, resolution, graph, seed);
    const count = tiedCount(communities, fused);
    if (count >= n && (!best || count < best.count || (count === best.count && resolution > best.resolution)))
      best = { communities, resolution, count };
    return count;
  };
  for (let i = 0; i < BISECTIONS; i++) {
    const middle = (low + high) / 2;
    const count = consider(Math.exp(middle));
    if (count === n) break;
    if (count < n) low = middle;
    else high = middle;
  }
  if (!best) {
    const communities = louvainCommunities(fused, MAX_RESOLUTION, graph, seed);
    return {
      communities,
      resolution: MAX_RESOLUTION,
      how: `${n} services asked for, but the graph splits into at most ${tiedCount(communities, fused)} tied groups (resolution ${MAX_RESOLUTION})`,
    };
  }
  const resolution = Number(best.resolution.toPrecision(3));
  if (best.count === n)
    return { communities: best.communities, resolution, how: `resolution ${resolution} gives ${n}` };
  const merged = mergeToCount(fused, best.communities, n);
  return {
    communities: merged,
    resolution,
    how: `resolution ${resolution} gives ${best.count}; the ${best.count - n} most strongly tied pair${best.count - n === 1 ? '' : 's'} (largest modularity gain) merged`,
  };
}

/** Greedy agglomeration by modularity gain ΔQ = 2(e_ij − a_i·a_j) over the tied communities. */
export function mergeToCount(fused: FusedGraph, communities: Communities, n: number): Communities {
  const linked = new Set(fused.edges.flatMap((e) => [e.a, e.b]));
  const groups = communities.map((c) => [...c]);
  const untied = groups.filter((c) => !c.some((f) => linked.has(f)));
  const live = groups.filter((c) => c.some((f) => linked.has(f)));
  const total = fused.edges.reduce((sum, e) => sum + e.weight, 0) || 1;
  const groupOf = new Map<string, number>();
  const recompute = () => {
    groupOf.clear();
    live.forEach((c, i) => c.forEach((f) => groupOf.set(f, i)));
  };
  while (live.length > n) {
    recompute();
    const between = new Map<string, number>();
    const degree = new Array<number>(live.length).fill(0);
    for (const e of fused.edges) {
      const i = groupOf.get(e.a);
      const j = groupOf.get(e.b);
      if (i === undefined || j === undefined) continue;
      degree[i] += e.weight;
      degree[j] += e.weight;
      if (i !== j) {
        const k = i < j ? `${i},${j}` : `${j},${i}`;
        between.set(k, (between.get(k) ?? 0) + e.weight);
      }
    }
    let pick: [number, number] = [live.length - 2, live.length - 1];
    let bestGain = -Infinity;
    for (let i = 0; i < live.length; i++)
      for (let j = i + 1; j < live.length; j++) {
        const e = (between.get(`${i},${j}`) ?? 0) / total;
        const gain = 2 * (e - (degree[i] / (2 * total)) * (degree[j] / (2 * total)));
        if (gain > bestGain) {
          bestGain = gain;
          pick = [i, j];
        }
      }
    live[pick[0]].push(...live[pick[1]]);
    live.splice(pick[1], 1);
  }
  return ordered([...live, ...untied]);
}
