import { abortError } from '../plan-engine/abort';
import type { PlanSummary } from '../plan-engine/types';
import { parameterList } from './parameters';
import { round } from './statement-run';
import type { MeasuredCase, ParameterCase } from './types';

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
  /** A parameterised statement: the median of each parameter case, typical first (`plan` and `ms` are its). */
  cases?: { case: ParameterCase['case']; ms: number; plan: PlanSummary }[];
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

/**
 * `measure` once per parameter case (typical first), or once without parameters. Only the typical case is
 * screened: a candidate that is no faster there is not worth timing on the others.
 */
export async function measureCases(
  cases: readonly ParameterCase[] | undefined,
  run: (params?: readonly unknown[]) => Promise<PlanSummary>,
  options: { signal?: AbortSignal; screenAgainst?: Measurement; screenFactor?: number } = {},
): Promise<Measurement> {
  const { signal, screenAgainst, screenFactor } = options;
  if (!cases?.length) return measure(() => run(), { signal, screenAgainstMs: screenAgainst?.ms, screenFactor });
  const measured: NonNullable<Measurement['cases']> = [];
  let typical: Measurement | undefined;
  for (const parameterCase of cases) {
    const first = typical === undefined;
    const params = parameterList(parameterCase);
    const m = await measure(() => run(params), {
      signal,
      screenAgainstMs: first ? screenAgainst?.ms : undefined,
      screenFactor,
    });
    typical ??= m;
    measured.push({ case: parameterCase.case, ms: m.ms, plan: m.plan });
    if (m.screened) break;
  }
  return { ...typical!, cases: measured };
}

/** A candidate's times against the original's, case by case. */
export function caseTimes(before: Measurement, after: Measurement): MeasuredCase[] | undefined {
  if (!before.cases || !after.cases) return undefined;
  const out: MeasuredCase[] = [];
  for (const b of before.cases) {
    const a = after.cases.find((c) => c.case === b.case);
    if (!a) continue;
    out.push({
      case: b.case,
      beforeMs: round(b.ms),
      afterMs: round(a.ms),
      speedup: round(b.ms / Math.max(a.ms, 0.001)),
    });
  }
  return out.length > 1 ? out : undefined;
}

/** Slower than the original by more than this on some case: a candidate that trades one value for another. */
export const CASE_REGRESSION = 1.25;

/** The case a candidate makes clearly slower than the original, if any. */
export function regression(before: Measurement, after: Measurement): MeasuredCase | undefined {
  return caseTimes(before, after)?.find((c) => c.afterMs > c.beforeMs * CASE_REGRESSION);
}
