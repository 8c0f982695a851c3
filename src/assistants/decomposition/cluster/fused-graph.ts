import type { DecompositionFacts, SignalWeights } from '../model';
import { SIGNALS } from './weights';

/** How many files of a use case's reach count: the nearest ones (breadth-first), so a route reaching half the
 * code base does not tie every file to every other one (and the pairs stay linear in the number of use cases). */
export const USE_CASE_REACH_LIMIT = 50;

/** One undirected tie between two files, with what each signal contributed after normalisation and weighting. */
export interface FusedEdge {
  a: string;
  b: string;
  weight: number;
  signals: Partial<Record<keyof SignalWeights, number>>;
}

/** The weighted undirected file graph the clustering runs on. */
export interface FusedGraph {
  files: string[];
  edges: FusedEdge[];
  /** Raw total of each signal's pair weights before normalisation (0: the facts have none of it). */
  mass: Record<keyof SignalWeights, number>;
}

type Pairs = Map<string, number>;

const SEP = '\u0000';
const key = (a: string, b: string) => (a < b ? `${a}${SEP}${b}` : `${b}${SEP}${a}`);

function add(pairs: Pairs, a: string, b: string, weight: number, files: ReadonlySet<string>): void {
  if (a === b || weight <= 0 || !files.has(a) || !files.has(b)) return;
  const k = key(a, b);
  pairs.set(k, (pairs.get(k) ?? 0) + weight);
}

/** Imports and re-exports, weighted by `ModuleEdge.weight` (imported names, at least 1). */
export function importPairs(facts: DecompositionFacts, files: ReadonlySet<string>): Pairs {
  const pairs: Pairs = new Map();
  for (const file of files)
    for (const edge of facts.graph.importsOf(file)) add(pairs, edge.from, edge.to, edge.weight, files);
  return pairs;
}

/** One per call site of a function or class another file exports. */
export function callPairs(facts: DecompositionFacts, files: ReadonlySet<string>): Pairs {
  const pairs: Pairs = new Map();
  for (const call of facts.calls) add(pairs, call.from, call.to, 1, files);
  return pairs;
}

/** Files touching the same table: 1/(k−1) per pair of the k files, so each file's total per table is 1. */
export function dataPairs(facts: DecompositionFacts, files: ReadonlySet<string>): Pairs {
  const byTable = new Map<string, Set<string>>();
  for (const access of facts.data) {
    if (!files.has(access.file)) continue;
    const set = byTable.get(access.table) ?? new Set<string>();
    set.add(access.file);
    byTable.set(access.table, set);
  }
  return cliques(
    [...byTable.values()].map((set) => [...set].sort()),
    files,
  );
}

/** Files reached by the same use case (its nearest USE_CASE_REACH_LIMIT), 1/(k−1) per pair as for tables. */
export function useCasePairs(facts: DecompositionFacts, files: ReadonlySet<string>): Pairs {
  return cliques(
    facts.useCases.map((useCase) => useCase.reaches.filter((file) => files.has(file)).slice(0, USE_CASE_REACH_LIMIT)),
    files,
  );
}

/**
 * Co-change needs support: two files changed in one commit together is chance (the commit that added the folder,
 * a sweeping rename) and, on a young repository, would tie every file to every other one.
 */
export const MIN_CO_CHANGES = 2;

/** Files changed together: the number of commits that changed both, from MIN_CO_CHANGES. */
export function couplingPairs(facts: DecompositionFacts, files: ReadonlySet<string>): Pairs {
  const pairs: Pairs = new Map();
  for (const pair of facts.history?.pairs ?? [])
    if (pair.commits >= MIN_CO_CHANGES) add(pairs, pair.a, pair.b, pair.commits, files);
  return pairs;
}

function cliques(groups: readonly string[][], files: ReadonlySet<string>): Pairs {
  const pairs: Pairs = new Map();
  for (const group of groups) {
    if (group.length < 2) continue;
    const share = 1 / (group.length - 1);
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) add(pairs, group[i], group[j], share, files);
  }
  return pairs;
}

const READERS: Record<keyof SignalWeights, (facts: DecompositionFacts, files: ReadonlySet<string>) => Pairs> = {
  imports: importPairs,
  calls: callPairs,
  data: dataPairs,
  useCases: useCasePairs,
  coupling: couplingPairs,
};

/**
 * Fuses the signals into one graph. Normalisation: each signal's pair weights are divided by their mean, so a
 * typical tie of any signal weighs 1 whatever its raw unit (imported names, call sites, shares of a table,
 * commits), and then multiplied by the signal's weight. A weight thus says what one tie of that signal is worth
 * against one typical import: with imports=1 and data=2, two files sharing a table are tied twice as strongly as a
 * file and one it imports. A signal the facts lack (no history, no calls yet) adds nothing, and the others keep
 * their meaning. (Scaling each signal to the same total instead was tried: a sparse signal, a few tables, then put
 * its whole mass on a handful of pairs and merged everything around them.)
 */
export function fuseSignals(facts: DecompositionFacts, files: readonly string[], weights: SignalWeights): FusedGraph {
  const set = new Set(files);
  const edges = new Map<string, FusedEdge>();
  const mass = { imports: 0, calls: 0, data: 0, useCases: 0, coupling: 0 };
  for (const signal of SIGNALS) {
    const pairs = READERS[signal](facts, set);
    let total = 0;
    for (const weight of pairs.values()) total += weight;
    mass[signal] = total;
    if (total === 0 || weights[signal] === 0) continue;
    const scale = (weights[signal] * pairs.size) / total;
    for (const [k, raw] of pairs) {
      const weight = raw * scale;
      let edge = edges.get(k);
      if (!edge) {
        const [a, b] = k.split(SEP);
        edge = { a, b, weight: 0, signals: {} };
        edges.set(k, edge);
      }
      edge.weight += weight;
      edge.signals[signal] = (edge.signals[signal] ?? 0) + weight;
    }
  }
  return { files: [...set].sort(), edges: [...edges.values()], mass };
}

/** The graph restricted to some files (hubs taken out before the second clustering). */
export function withoutFiles(graph: FusedGraph, removed: ReadonlySet<string>): FusedGraph {
  return {
    files: graph.files.filter((f) => !removed.has(f)),
    edges: graph.edges.filter((e) => !removed.has(e.a) && !removed.has(e.b)),
    mass: graph.mass,
  };
}

/** Each file's ties: neighbour → weight. */
export function tiesOf(graph: FusedGraph): Map<string, Map<string, number>> {
  const ties = new Map<string, Map<string, number>>(graph.files.map((f) => [f, new Map()]));
  for (const edge of graph.edges) {
    ties.get(edge.a)?.set(edge.b, (ties.get(edge.a)?.get(edge.b) ?? 0) + edge.weight);
    ties.get(edge.b)?.set(edge.a, (ties.get(edge.b)?.get(edge.a) ?? 0) + edge.weight);
  }
  return ties;
}
