import type { SignalWeights } from '../model';

/** The signals of the fused graph, in the order they are shown. */
export const SIGNALS: readonly (keyof SignalWeights)[] = ['imports', 'calls', 'data', 'useCases', 'coupling'];

/**
 * Defaults. Each signal is normalised first so that its typical tie weighs 1 (fused-graph.ts); these say what a
 * tie of each signal is worth against a typical import. Use cases and tables carry the domain and weigh as much
 * as structure; co-change is noisy (formatting commits, renames), so it counts half. Calls count for nothing by
 * default: a call between files rides on an import the import signal already counts, so its weight only leans
 * that tie towards the files that orchestrate others (a checkout service calling tax, region and cart), and on
 * each of three real splits (docs/decomposition-evaluation.md) calls were the least precise signal, their ties
 * joining files the project later separated more often than the imports' did. They stay in the facts (contracts,
 * call share) and can be weighed in again.
 */
export const DEFAULT_WEIGHTS: Readonly<SignalWeights> = { imports: 1, calls: 0, data: 1, useCases: 1, coupling: 0.5 };

/** The weights a plan uses: the defaults with the user's on top; negative or non-finite values are refused. */
export function resolveWeights(partial: Partial<SignalWeights> = {}): SignalWeights {
  const weights = { ...DEFAULT_WEIGHTS };
  for (const signal of SIGNALS) {
    const value = partial[signal];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`weight ${signal} must be 0 or more, not ${value}`);
    weights[signal] = value;
  }
  return weights;
}

/** `imports=1,data=2`: the CLI's --weights and the panel's text field. Throws with a message naming the fault. */
export function parseWeights(text: string): Partial<SignalWeights> {
  const weights: Partial<SignalWeights> = {};
  for (const pair of text.split(',').map((p) => p.trim())) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim() : pair;
    const signal = SIGNALS.find((s) => s === name);
    if (!signal) throw new RangeError(`unknown signal "${name}" (signals: ${SIGNALS.join(', ')})`);
    const value = eq > 0 ? pair.slice(eq + 1).trim() : '';
    if (!/^\d+(?:\.\d+)?$/.test(value)) throw new RangeError(`${signal} needs a number of 0 or more, not "${value}"`);
    weights[signal] = Number(value);
  }
  return weights;
}
