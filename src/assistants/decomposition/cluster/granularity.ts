import type Graph from 'graphology';
import type { FusedGraph } from './fused-graph';
import { withoutFiles } from './fused-graph';
import type { Communities } from './louvain';
import { LOUVAIN_SEED, louvainCommunities, tiedCount, toGraph } from './louvain';

/** One resolution tried: how many tied groups it gave and their surprise. */
export interface ResolutionTried {
  resolution: number;
  services: number;
  surprise: number;
}

export interface ChosenGranularity {
  communities: Communities;
  resolution: number;
  surprise: number;
  tried: ResolutionTried[];
}

/** Resolutions tried, in half-octaves from 1/4 (a handful of large groups) upwards. */
const FIRST_RESOLUTION = 0.25;
const STEP = Math.SQRT2;
const LAST_RESOLUTION = 32;
/** Past the best, this many lower surprises in a row end the scan: surprise rises to one peak, then falls. */
const PATIENCE = 2;

/**
 * Asymptotic surprise (Traag, Aldecoa & Delvenne, Phys. Rev. E 92, 2015): m · D(q ‖ ⟨q⟩), the Kullback–Leibler
 * divergence between q, the share of tie weight inside groups, and ⟨q⟩, the share of pairs of files inside groups
 * (what the ties would put there if they fell on pairs at random), times the total tie weight m. It rewards ties
 * that fall inside groups far more often than the groups' sizes alone explain, and unlike modularity it compares
 * with pairs of files rather than with degrees, so it has no resolution limit forcing small cohesive groups into
 * larger ones. Files with no tie are left out (they are placed by folder afterwards).
 */
export function asymptoticSurprise(fused: FusedGraph, communities: Communities): number {
  const groupOf = new Map<string, number>();
  communities.forEach((files, i) => files.forEach((file) => groupOf.set(file, i)));
  const tied = new Set<string>();
  let total = 0;
  let inside = 0;
  for (const edge of fused.edges) {
    tied.add(edge.a);
    tied.add(edge.b);
    total += edge.weight;
    if (groupOf.get(edge.a) === groupOf.get(edge.b)) inside += edge.weight;
  }
  const n = tied.size;
  if (n < 2 || total === 0) return 0;
  const sizes = new Map<number, number>();
  for (const file of tied) {
    const group = groupOf.get(file) ?? -1;
    sizes.set(group, (sizes.get(group) ?? 0) + 1);
  }
  let pairsInside = 0;
  for (const size of sizes.values()) pairsInside += (size * (size - 1)) / 2;
  const expected = pairsInside / ((n * (n - 1)) / 2);
  const q = inside / total;
  // Surprise is one-sided (how unlikely at least this much weight inside is): fewer ties inside than chance would
  // put there is no structure, however far below.
  return q > expected ? total * divergence(q, expected) : 0;
}

/** D(q ‖ p) between two Bernoulli distributions, in nats (p strictly between q's bounds here: 0 ≤ p < q ≤ 1). */
function divergence(q: number, p: number): number {
  const term = (x: number, y: number) => (x > 0 ? x * Math.log(x / y) : 0);
  return term(q, p) + term(1 - q, 1 - p);
}

/**
 * The number of services chosen without being told: seeded Louvain at resolutions from 1/4 upwards in half-octaves,
 * keeping the partition of highest asymptotic surprise; the scan stops once surprise has fallen twice in a row past
 * its best (or at resolution 32). Modularity at resolution 1 is not used as the criterion because its resolution
 * limit merges groups smaller than about √(2m) ties however cohesive they are; surprise, judged over the
 * resolutions, decides how fine the services are from the ties alone (no count, no size floor to set).
 * `judgedWithout` are files clustered but not judged: their ties still shape the groups, but surprise and the
 * count read the ties between the other files only (declarations, which tie into many small tight groups of
 * schemas and would otherwise pull the choice towards the finest resolutions).
 */
export function chooseGranularity(
  fused: FusedGraph,
  seed = LOUVAIN_SEED,
  judgedWithout?: ReadonlySet<string>,
): ChosenGranularity {
  const graph: Graph = toGraph(fused);
  const judge = judgedWithout && judgedWithout.size > 0 ? withoutFiles(fused, judgedWithout) : fused;
  const tried: ResolutionTried[] = [];
  let best: ChosenGranularity | undefined;
  let fallen = 0;
  for (let resolution = FIRST_RESOLUTION; resolution <= LAST_RESOLUTION * 1.001; resolution *= STEP) {
    const communities = louvainCommunities(fused, resolution, graph, seed);
    const surprise = asymptoticSurprise(judge, communities);
    const rounded = Number(resolution.toPrecision(3));
    tried.push({ resolution: rounded, services: tiedCount(communities, judge), surprise });
    if (!best || surprise > best.surprise) {
      best = { communities, resolution: rounded, surprise, tried };
      fallen = 0;
    } else if (best.surprise > 0 && surprise < best.surprise && ++fallen >= PATIENCE) break;
  }
  // The first resolution always sets it: the scan runs at least once.
  return best!;
}
