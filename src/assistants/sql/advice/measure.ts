import { abortError } from '../plan-engine/abort';
import type { PlanSummary } from '../plan-engine/types';

/**
 * Timing a statement honestly: the first EXPLAIN ANALYZE warms caches and the plan and is not counted,
 * then the median of the next runs' execution times (PostgreSQL's own "Execution Time"). A candidate that
 * is not clearly faster on its warm-up run and on one more run is not timed further: screening saves the
 * runs, and asking twice keeps one pause of a busy machine from discarding a good index.
 */

export interface Measurement {
  /** The plan of the median run. */
  plan: PlanSummary;
  /** Median execution time, ms. */
  ms: number;
  /** Every counted run, ms. */
  runs: number[];
  /** Set when the candidate was screened out after its warm-up run (ms is that run's time). */
  screened?: boolean;
}

export const TIMED_RUNS = 3;

/** The engine planned the statement without executing it (a server's allow-list, a privileged role): no time. */
export class NotExecutedError extends Error {
  override name = 'NotExecuted';
  constructor(readonly plan: PlanSummary) {
    super(plan.notes?.join('; ') || 'the engine planned the statement without executing it');
  }
}

export async function measure(
  run: () => Promise<PlanSummary>,
  options: { runs?: number; signal?: AbortSignal; screenAgainstMs?: number; screenFactor?: number } = {},
): Promise<Measurement> {
  const warm = await run();
  if (!warm.analyzed) throw new NotExecutedError(warm);
  const plans: PlanSummary[] = [];
  const against = options.screenAgainstMs;
  const fails = (plan: PlanSummary) =>
    against !== undefined && executionMs(plan) * (options.screenFactor ?? 1.1) > against;
  if (fails(warm)) {
    if (options.signal?.aborted) throw abortError();
    const second = await run();
    if (fails(second)) {
      const ms = Math.min(executionMs(warm), executionMs(second));
      return { plan: second, ms, runs: [executionMs(warm), executionMs(second)], screened: true };
    }
    // The second run counts as the first timed one.
    plans.push(second);
  }
  while (plans.length < (options.runs ?? TIMED_RUNS)) {
    if (options.signal?.aborted) throw abortError();
    plans.push(await run());
  }
  plans.sort((a, b) => executionMs(a) - executionMs(b));
  const median = plans[Math.floor(plans.length / 2)];
  return { plan: median, ms: executionMs(median), runs: plans.map(executionMs) };
}

function executionMs(plan: PlanSummary): number {
  if (plan.executionMs === undefined)
    throw new Error('the engine returned a plan without a measured execution time (EXPLAIN without ANALYZE)');
  return plan.executionMs;
}
