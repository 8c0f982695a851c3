import type { SignalWeights } from '../model';

/** The signals of the fused graph, in the order they are shown. */
export const SIGNALS: readonly (keyof SignalWeights)[] = ['imports', 'calls', 'data', 'useCases', 'coupling'];

/**
 * Defaults. Each signal is normalised first so that its typical tie weighs 1 (fused-graph.ts); these say what a
 * tie of each signal is worth against a typical import. Use cases and tables carry the domain and weigh as much
 * as structure; co-change is noisy (formatting commits, renames), so it counts half. Measured on the Express +
 * Prisma realworld back end: these give route purity 0.9 and inter-service call share 0.11, against 0.65 and 0.24
 * with imports alone; doubling data or use cases, or a whole weight for co-change, did no better (0.9, 0.14 and
 * one service fewer). The sample monolith comes out the same under all of them.
 */
export const DEFAULT_WEIGHTS: Readonly<SignalWeights> = { imports: 1, calls: 1, data: 1, useCases: 1, coupling: 0.5 };

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
