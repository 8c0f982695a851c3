import type { IndexCandidate, PlanSummary } from '../plan-engine/types';
import type { Measurement } from './measure';
import { caseTimes, measureCases, regression } from './measure';
import type { StatementAdviceLocal, StatementRun } from './statement-run';
import { COMBINATION_GAIN, errorMessage, measuredTimes, progress, round, throwIfCancelled } from './statement-run';
import { indexSetSuggestion, indexSuggestion } from './suggestions';
import { MIN_SAVED_MS, MIN_SPEEDUP } from './types';

/**
 * The advisor's index steps: each candidate timed against the original, then the fastest one paired with
 * a candidate on another table (a join usually needs both sides indexed). A server's what-if indexes
 * (HypoPG) have a planner cost and no time: they are compared by estimate instead.
 */

export interface IndexTrial {
  candidate: IndexCandidate;
  measurement: Measurement;
}

export interface IndexTrials {
  /** At least MIN_SPEEDUP times faster than the original, fastest first. */
  helpful: IndexTrial[];
  /** Every candidate timed past its warm-up: partners for a combination even when modest alone. */
  timed: IndexTrial[];
}

export interface IndexSet {
  indexes: IndexCandidate[];
  measurement: Measurement;
}

/** Indexes, one at a time. */
export async function measureIndexes(
  run: StatementRun,
  base: Measurement,
  candidates: readonly IndexCandidate[],
): Promise<IndexTrials> {
  const { engine, result, options } = run;
  const trials: IndexTrials = { helpful: [], timed: [] };
  if (candidates.length > 0 && !engine.explainWithIndex) {
    result.notes.push(
      `the ${engine.kind} engine cannot try indexes: ${candidates.length} index candidate(s) not measured`,
    );
    return trials;
  }
  if (engine.kind !== 'pglite') {
    result.suggestions.push(...(await estimateIndexes(run, candidates, base.plan)));
    return trials;
  }
  for (const [i, candidate] of candidates.entries()) {
    throwIfCancelled(run);
    progress(run, `trying index ${i + 1}/${candidates.length}: ${candidate.name}`);
    try {
      const measurement = await measureCases(
        run.cases,
        (params) => engine.explainWithIndex!(candidate, run.sql, { analyze: true, signal: options.signal, params }),
        {
          signal: options.signal,
          screenAgainst: base,
          // Lenient: one slow warm-up run (a busy machine) must not drop a candidate the median would keep.
          screenFactor: 1,
        },
      );
      if (measurement.screened) continue;
      trials.timed.push({ candidate, measurement });
      if (base.ms / Math.max(measurement.ms, 0.001) < MIN_SPEEDUP) continue;
      if (base.ms - measurement.ms < MIN_SAVED_MS) {
        run.smallGains = (run.smallGains ?? 0) + 1;
        result.notes.push(
          `index ${candidate.name} is ${round(base.ms / Math.max(measurement.ms, 0.001))}× faster but saves only ${round(base.ms - measurement.ms)} ms a run (${round(base.ms)} ms → ${round(measurement.ms)} ms), less than timings vary: not offered`,
        );
        continue;
      }
      // Faster for the typical value, clearly slower for another: the planner would pick it for both.
      const slower = regression(base, measurement);
      if (slower) {
        result.notes.push(
          `index ${candidate.name} is faster on the typical values but slower on the ${slower.case} ones (${slower.beforeMs} ms → ${slower.afterMs} ms): not offered`,
        );
        continue;
      }
      trials.helpful.push({ candidate, measurement });
    } catch (error) {
      throwIfCancelled(run);
      result.notes.push(`index ${candidate.name} not measured: ${errorMessage(error)}`);
    }
  }
  trials.helpful.sort((a, b) => a.measurement.ms - b.measurement.ms);
  return trials;
}

/** The best pair across two tables, or the fastest single index when no pair beats it clearly. */
export async function bestIndexSet(run: StatementRun, trials: IndexTrials): Promise<IndexSet | undefined> {
  const { engine, result, options } = run;
  const first = trials.helpful[0];
  if (!first) return undefined;
  let best: IndexSet = { indexes: [first.candidate], measurement: first.measurement };
  if (!engine.explainWithIndexes) return best;
  const partners = trials.timed
    .filter((h) => h.candidate.table !== first.candidate.table)
    .sort((a, b) => a.measurement.ms - b.measurement.ms);
  for (const other of partners.slice(0, 3)) {
    throwIfCancelled(run);
    const pair = [first.candidate, other.candidate];
    progress(run, `trying indexes together: ${pair.map((c) => c.name).join(' + ')}`);
    try {
      const measurement = await measureCases(
        run.cases,
        (params) => engine.explainWithIndexes!(pair, run.sql, { analyze: true, signal: options.signal, params }),
        { signal: options.signal, screenAgainst: best.measurement, screenFactor: COMBINATION_GAIN },
      );
      if (
        !measurement.screened &&
        measurement.ms * COMBINATION_GAIN <= best.measurement.ms &&
        !regression(best.measurement, measurement)
      )
        best = { indexes: pair, measurement };
    } catch (error) {
      throwIfCancelled(run);
      result.notes.push(`indexes ${pair.map((c) => c.name).join(' + ')} not measured together: ${errorMessage(error)}`);
    }
  }
  return best;
}

/** The combination (when a pair won), then every helpful index on its own. */
export function indexSuggestions(
  run: StatementRun,
  base: Measurement,
  best: IndexSet | undefined,
  helpful: readonly IndexTrial[],
): StatementAdviceLocal['suggestions'] {
  const out: StatementAdviceLocal['suggestions'] = [];
  const withCases = <S extends StatementAdviceLocal['suggestions'][number]>(suggestion: S, after: Measurement): S => {
    const cases = caseTimes(base, after);
    return cases ? { ...suggestion, cases } : suggestion;
  };
  if (best && best.indexes.length > 1)
    out.push(
      withCases(
        indexSetSuggestion(best.indexes, base.plan, best.measurement.plan, measuredTimes(run, base, best.measurement)),
        best.measurement,
      ),
    );
  for (const { candidate, measurement } of helpful)
    out.push(
      withCases(
        indexSuggestion(candidate, base.plan, measurement.plan, { measured: measuredTimes(run, base, measurement) }),
        measurement,
      ),
    );
  return out;
}

/** Candidates compared by the planner's cost with each index in place (hypothetical on a server), best first. */
export async function estimateIndexes(
  run: StatementRun,
  candidates: readonly IndexCandidate[],
  base: PlanSummary,
): Promise<StatementAdviceLocal['suggestions']> {
  const { engine, result, options } = run;
  const out: StatementAdviceLocal['suggestions'] = [];
  for (const candidate of candidates) {
    throwIfCancelled(run);
    progress(run, `estimating index ${candidate.name}`);
    try {
      const plan = await engine.explainWithIndex!(candidate, run.sql, { analyze: false, signal: options.signal });
      if (base.totalCost / Math.max(plan.totalCost, 0.001) < MIN_SPEEDUP) continue;
      const how = engine.kind === 'pglite' ? 'the index built in the sandbox' : 'a hypothetical index (HypoPG)';
      out.push(
        indexSuggestion(candidate, base, plan, {
          reason: `${candidate.reason} (planner cost ${round(base.totalCost)} → ${round(plan.totalCost)}, an estimate with ${how}, not measured)`,
        }),
      );
    } catch (error) {
      throwIfCancelled(run);
      result.notes.push(`index ${candidate.name} not estimated: ${errorMessage(error)}`);
    }
  }
  return out.sort((a, b) => (a.costAfter ?? 0) - (b.costAfter ?? 0));
}
