import type { SqlStatement } from '../parser';
import { parseSql } from '../parser';
import type { IndexCandidate } from '../plan-engine/types';
import { indexCandidates } from './candidates';
import type { EquivalenceResult } from './equivalence';
import { checkEquivalence, rowKey } from './equivalence';
import type { Measurement } from './measure';
import { caseTimes, measureCases } from './measure';
import { parameterList } from './parameters';
import type { SplicedRewrite } from './rewrites';
import type { StatementAdviceLocal, StatementRun } from './statement-run';
import { COMBINATION_GAIN, errorMessage, measuredTimes, progress, safe, throwIfCancelled } from './statement-run';

/**
 * The advisor's rewrite step: each rewrite must parse, then return the original's rows (on the measurement,
 * edge-case and constant-seeded rows) before its time means anything; it is then timed alone and with the
 * indexes that help, and the fastest configuration is what the suggestion reports.
 */

/** Rewrites: parse, compare rows, then time alone and with the indexes that help. */
export async function measureRewrites(
  run: StatementRun,
  base: Measurement,
  rewrites: readonly SplicedRewrite[],
  originalIndexes: IndexCandidate[],
): Promise<void> {
  const { result } = run;
  for (const rewrite of rewrites) {
    throwIfCancelled(run);
    const parsed = parseSql(rewrite.sql);
    if (parsed.errors.length > 0 || parsed.statements.length !== 1) {
      result.notes.push(
        `rewrite "${rewrite.title}" was dropped: it does not parse (${parsed.errors[0]?.message ?? 'not one statement'})`,
      );
      continue;
    }
    progress(run, `checking rewrite: ${rewrite.title}`);
    const compared = await compareRewrite(run, rewrite);
    if (!compared.sql) {
      result.suggestions.push({
        kind: 'rewrite',
        title: rewrite.title,
        sql: rewrite.sql,
        reason: rewrite.reason,
        equivalent: compared.verdict.equivalent,
        equivalenceNote: compared.verdict.note,
        candidate: rewrite,
      });
      continue;
    }
    const suggestion: StatementAdviceLocal['suggestions'][number] = {
      kind: 'rewrite',
      title: rewrite.title,
      sql: rewrite.sql,
      reason: rewrite.reason,
      costBefore: base.plan.totalCost,
      equivalent: compared.verdict.equivalent,
      equivalenceNote: compared.verdict.note,
      candidate: rewrite,
    };
    if (compared.verdict.equivalent !== false) {
      progress(run, `measuring rewrite: ${rewrite.title}`);
      try {
        const best = await bestRewriteConfiguration(run, rewrite, compared.sql, parsed.statements[0], originalIndexes);
        suggestion.costAfter = best.measurement.plan.totalCost;
        suggestion.measured = measuredTimes(run, base, best.measurement);
        const cases = caseTimes(base, best.measurement);
        if (cases) suggestion.cases = cases;
        if (best.indexes.length > 0) {
          suggestion.indexes = best.indexes;
          suggestion.title = `${rewrite.title}, with ${best.indexes.map((c) => c.name).join(' and ')}`;
        }
      } catch (error) {
        throwIfCancelled(run);
        result.notes.push(`rewrite "${rewrite.title}" not measured: ${errorMessage(error)}`);
      }
    }
    result.suggestions.push(suggestion);
  }
}

/**
 * The rewrite's rows against the original's, and the SQL to time (keyset pagination's with the previous
 * page's key filled in); without `sql` there is nothing to time.
 */
async function compareRewrite(
  run: StatementRun,
  rewrite: SplicedRewrite,
): Promise<{ verdict: EquivalenceResult; sql?: string }> {
  const { engine, options } = run;
  if (rewrite.keyset) return checkKeyset(run, rewrite);
  const params = typicalParameters(run);
  if (rewrite.needsIndex) {
    // Without the index it needs, the rewrite would scan the child once per row of the measurement data.
    const verdict = await checkEquivalence(engine, run.sql, rewrite.sql, {
      signal: options.signal,
      params,
      datasets: ['edge', 'check'],
    });
    if (verdict.equivalent === false) return { verdict, sql: rewrite.sql };
    return {
      verdict: {
        ...verdict,
        note: `${verdict.note} (compared on the small edge-case and constant-seeded rows, not the measurement rows: there it needs an index on ${rewrite.table ?? 'the joined table'}'s join key)`,
      },
      sql: rewrite.sql,
    };
  }
  return {
    verdict: await checkEquivalence(engine, run.sql, rewrite.sql, { signal: options.signal, params }),
    sql: rewrite.sql,
  };
}

/** The typical case's values, for comparisons that run once (a parameterised statement's rows). */
function typicalParameters(run: StatementRun): string[] | undefined {
  return run.cases?.[0] ? parameterList(run.cases[0]) : undefined;
}

/**
 * A rewrite timed alone, with the indexes that helped the original, and with each of its own index
 * candidates (a LATERAL aggregate wants an index on the child's key): the fastest configuration wins.
 */
async function bestRewriteConfiguration(
  run: StatementRun,
  rewrite: SplicedRewrite,
  sql: string,
  statement: SqlStatement,
  originalIndexes: IndexCandidate[],
): Promise<{ indexes: IndexCandidate[]; measurement: Measurement }> {
  const { engine, options } = run;
  let best: { indexes: IndexCandidate[]; measurement: Measurement } | undefined;
  if (!rewrite.needsIndex)
    best = {
      indexes: [],
      measurement: await measureCases(
        run.cases,
        (params) => engine.explain(sql, { analyze: true, signal: options.signal, params }),
        { signal: options.signal },
      ),
    };
  const configurations: IndexCandidate[][] = [];
  if (originalIndexes.length > 0) configurations.push(originalIndexes);
  // The rewrite's own candidates, those on the table it moved the reads of first (a LATERAL aggregate
  // probes the child's key per row).
  const own = safe(() => indexCandidates(statement.node, run.catalog), [] as IndexCandidate[])
    .sort((a, b) => Number(b.table === rewrite.table) - Number(a.table === rewrite.table))
    .slice(0, 3);
  for (const candidate of own) {
    if (originalIndexes.some((o) => o.ddl === candidate.ddl)) continue;
    if (rewrite.needsIndex && candidate.table !== rewrite.table) continue;
    configurations.push([candidate]);
    const withOriginal = [...originalIndexes.filter((o) => o.table !== candidate.table), candidate];
    if (withOriginal.length > 1) configurations.push(withOriginal);
  }
  for (const indexes of configurations) {
    throwIfCancelled(run);
    const explain =
      indexes.length === 1 && engine.explainWithIndex
        ? (params?: readonly unknown[]) =>
            engine.explainWithIndex!(indexes[0], sql, { analyze: true, signal: options.signal, params })
        : engine.explainWithIndexes
          ? (params?: readonly unknown[]) =>
              engine.explainWithIndexes!(indexes, sql, { analyze: true, signal: options.signal, params })
          : undefined;
    if (!explain) continue;
    if (rewrite.needsIndex && !indexes.some((i) => i.table === rewrite.table)) continue;
    try {
      const measurement = await measureCases(run.cases, explain, {
        signal: options.signal,
        screenAgainst: best?.measurement,
        screenFactor: COMBINATION_GAIN,
      });
      if (!best || (!measurement.screened && measurement.ms * COMBINATION_GAIN <= best.measurement.ms))
        best = { indexes, measurement };
    } catch {
      throwIfCancelled(run);
      // A configuration that cannot be built is simply not a candidate.
    }
  }
  if (!best) throw new Error(`it needs an index on ${rewrite.table ?? 'the joined table'} that could not be tried`);
  return best;
}

/**
 * Keyset pagination fetches "the page after key k": with k = the key of the row before the original's
 * OFFSET (read from the synthetic rows), it must return the original's page, in order. That is checked;
 * the rewrite still needs k from the caller, so its verdict stays `null` (advice, not a fix).
 */
async function checkKeyset(
  run: StatementRun,
  rewrite: SplicedRewrite,
): Promise<{ verdict: EquivalenceResult; sql?: string }> {
  const { engine, options } = run;
  const needs = `it needs ${rewrite.newParameters?.join('; ') ?? 'the last key of the previous page'} from the caller, so it changes the query's API: advice, not a fix`;
  if (!engine.rows)
    return {
      verdict: { equivalent: null, note: `not compared (the ${engine.kind} engine does not run queries); ${needs}` },
    };
  const params = typicalParameters(run);
  try {
    const [values] = await engine.rows(rewrite.keyset!.probe, { signal: options.signal, params });
    if (!values)
      return {
        verdict: {
          equivalent: null,
          note: `the OFFSET is beyond the synthetic rows: nothing to compare or measure; ${needs}`,
        },
      };
    const sql = rewrite.keyset!.withValues(values);
    const [left, right] = [
      await engine.rows(run.sql, { signal: options.signal, params }),
      await engine.rows(sql, { signal: options.signal, params }),
    ];
    const same = left.length === right.length && left.every((row, i) => rowKey(row) === rowKey(right[i]));
    if (!same)
      return {
        verdict: {
          equivalent: false,
          note: `with the previous page's last key it returns other rows than OFFSET (${left.length} vs ${right.length} rows)`,
        },
        sql,
      };
    return {
      verdict: {
        equivalent: null,
        note: `with the previous page's last key it returns the same ${left.length} row(s) in the same order as OFFSET on the synthetic rows; ${needs}`,
      },
      sql,
    };
  } catch (error) {
    throwIfCancelled(run);
    return { verdict: { equivalent: null, note: `not compared: ${errorMessage(error)}; ${needs}` } };
  }
}
