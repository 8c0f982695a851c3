import { walk } from '../ast';
import type { SqlStatement } from '../parser';
import { parseSql } from '../parser';
import { queryLevels } from '../query';
import type { Catalog } from '../schema';
import { indexCandidates } from './candidates';
import { checkEquivalence, rowKey } from './equivalence';
import type { Measurement } from './measure';
import { abortError, formatSpeedup, measure } from './measure';
import type { SplicedRewrite } from './rewrites';
import { rewriteCandidates } from './rewrites';
import type { IndexCandidate, MeasuredTimes, PlanEngine, PlanSummary, Suggestion } from './types';

/**
 * Measured advice for one statement: its plan (EXPLAIN ANALYZE, warm, median of three), then every index
 * candidate and rewrite timed the same way against it. An index is kept when it is at least `MIN_SPEEDUP`
 * times faster; across tables the best pair is tried too. A rewrite is compared with the original on the
 * synthetic and the edge-case rows before its time means anything. The plan rules read the plan afterwards
 * (advice/document.ts), where a rule that fails is reported on the statement.
 */

/** Below this measured speedup a candidate is not worth an index's write cost. */
export const MIN_SPEEDUP = 1.2;
/** A combination must beat its best member by this much to be offered instead. */
const COMBINATION_GAIN = 1.1;

export interface StatementAdviceLocal {
  /** Fragment offsets of the statement. */
  start: number;
  end: number;
  sql: string;
  plan?: PlanSummary;
  suggestions: (Suggestion & { candidate: IndexCandidate | SplicedRewrite })[];
  notes: string[];
  /** Rows in the tables the statement reads (synthetic in the sandbox). */
  rows?: number;
}

export interface AdvisorOptions {
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  /**
   * Execute statements (EXPLAIN ANALYZE) to time them: always in the sandbox; on a server only when the
   * user opted in. Without it, and for a server's hypothetical indexes, candidates are compared by the
   * planner's cost estimate and carry no `measured` times.
   */
  analyze?: boolean;
}

/** Statements the advisor measures: queries and DML (the sandbox rolls DML back). */
export function isMeasurable(statement: SqlStatement): boolean {
  return (
    statement.type === 'SelectStmt' ||
    statement.type === 'UpdateStmt' ||
    statement.type === 'DeleteStmt' ||
    statement.type === 'InsertStmt'
  );
}

export function hasParameters(statement: SqlStatement): boolean {
  let found = false;
  walk(statement.node, (ref) => {
    if (ref.type === 'ParamRef') found = true;
  });
  return found;
}

export async function adviseStatement(
  engine: PlanEngine,
  statement: SqlStatement,
  fragmentSql: string,
  catalog: Catalog,
  options: AdvisorOptions = {},
): Promise<StatementAdviceLocal> {
  const text = fragmentSql.slice(statement.start, statement.end);
  const result: StatementAdviceLocal = {
    start: statement.start,
    end: statement.end,
    sql: text,
    suggestions: [],
    notes: [],
  };
  const check = () => {
    if (options.signal?.aborted) throw abortError();
  };
  const progress = (message: string) => options.onProgress?.(message);
  const short = text.replace(/\s+/g, ' ').slice(0, 60);

  if (hasParameters(statement)) {
    result.notes.push(
      'the statement has $n parameters without values: its plan is estimated only, and no candidate is measured',
    );
    try {
      result.plan = await engine.explain(text, { analyze: false, signal: options.signal });
    } catch (error) {
      check();
      result.notes.push(`no plan: ${message(error)}`);
    }
    return result;
  }

  result.rows = await rowsRead(engine, statement, catalog);
  if (options.analyze === false) return estimateOnly(engine, statement, text, catalog, result, options);
  progress(`measuring: ${short}`);
  let base: Measurement;
  try {
    base = await measure(() => engine.explain(text, { analyze: true, signal: options.signal }), {
      signal: options.signal,
    });
  } catch (error) {
    check();
    result.notes.push(`not measured: ${message(error)}`);
    return result;
  }
  result.plan = base.plan;
  const times = (after: Measurement): MeasuredTimes => ({
    beforeMs: round(base.ms),
    afterMs: round(after.ms),
    speedup: round(base.ms / Math.max(after.ms, 0.001)),
    rows: result.rows ?? 0,
    engine: engine.kind,
  });

  // Indexes, one at a time.
  const helpful: { candidate: IndexCandidate; measurement: Measurement }[] = [];
  /** Every candidate timed past its warm-up: partners for a combination even when modest alone. */
  const timed: { candidate: IndexCandidate; measurement: Measurement }[] = [];
  const candidates = safe(() => indexCandidates(statement.node, catalog), [] as IndexCandidate[]);
  if (candidates.length > 0 && !engine.explainWithIndex)
    result.notes.push(
      `the ${engine.kind} engine cannot try indexes: ${candidates.length} index candidate(s) not measured`,
    );
  else if (engine.kind !== 'pglite') {
    // A server's what-if indexes are hypothetical (HypoPG): they have a cost, not a time.
    result.suggestions.push(...(await estimatedIndexes(engine, text, candidates, base.plan, result, options)));
  } else {
    for (const [i, candidate] of candidates.entries()) {
      check();
      progress(`trying index ${i + 1}/${candidates.length}: ${candidate.name}`);
      try {
        const measurement = await measure(
          () => engine.explainWithIndex!(candidate, text, { analyze: true, signal: options.signal }),
          {
            signal: options.signal,
            screenAgainstMs: base.ms,
            // Lenient: one slow warm-up run (a busy machine) must not drop a candidate the median would keep.
            screenFactor: 1,
          },
        );
        if (!measurement.screened) timed.push({ candidate, measurement });
        if (!measurement.screened && base.ms / Math.max(measurement.ms, 0.001) >= MIN_SPEEDUP)
          helpful.push({ candidate, measurement });
      } catch (error) {
        check();
        result.notes.push(`index ${candidate.name} not measured: ${message(error)}`);
      }
    }
  }
  helpful.sort((a, b) => a.measurement.ms - b.measurement.ms);

  // The best pair across two tables (a join usually needs both sides indexed).
  let bestSet: { indexes: IndexCandidate[]; measurement: Measurement } | undefined = helpful[0]
    ? { indexes: [helpful[0].candidate], measurement: helpful[0].measurement }
    : undefined;
  if (helpful.length > 0 && engine.explainWithIndexes) {
    const first = helpful[0];
    const partners = timed
      .filter((h) => h.candidate.table !== first.candidate.table)
      .sort((a, b) => a.measurement.ms - b.measurement.ms);
    for (const other of partners.slice(0, 3)) {
      check();
      const pair = [first.candidate, other.candidate];
      progress(`trying indexes together: ${pair.map((c) => c.name).join(' + ')}`);
      try {
        const measurement = await measure(
          () => engine.explainWithIndexes!(pair, text, { analyze: true, signal: options.signal }),
          {
            signal: options.signal,
            screenAgainstMs: bestSet!.measurement.ms,
            screenFactor: COMBINATION_GAIN,
          },
        );
        if (!measurement.screened && measurement.ms * COMBINATION_GAIN <= bestSet!.measurement.ms)
          bestSet = { indexes: pair, measurement };
      } catch (error) {
        check();
        result.notes.push(`indexes ${pair.map((c) => c.name).join(' + ')} not measured together: ${message(error)}`);
      }
    }
  }
  if (bestSet && bestSet.indexes.length > 1) {
    result.suggestions.push({
      kind: 'index',
      title: `Create ${bestSet.indexes.length} indexes: ${bestSet.indexes.map((c) => c.name).join(' and ')}`,
      sql: bestSet.indexes.map(concurrentDdl).join('\n'),
      reason: bestSet.indexes.map((c) => c.reason).join('; '),
      costBefore: base.plan.totalCost,
      costAfter: bestSet.measurement.plan.totalCost,
      measured: times(bestSet.measurement),
      candidate: bestSet.indexes[0],
      indexes: bestSet.indexes,
    });
  }
  for (const { candidate, measurement } of helpful) {
    result.suggestions.push({
      kind: 'index',
      title: `Create index ${candidate.name} on ${candidate.table.replace(/^public\./, '')}`,
      sql: concurrentDdl(candidate),
      reason: candidate.reason,
      costBefore: base.plan.totalCost,
      costAfter: measurement.plan.totalCost,
      measured: times(measurement),
      candidate,
    });
  }

  // Rewrites: parse, compare rows, then time alone and with the indexes that help.
  const rewrites =
    statement.type === 'SelectStmt'
      ? safe(() => rewriteCandidates(statement, fragmentSql, catalog), [] as SplicedRewrite[])
      : [];
  for (const rewrite of rewrites) {
    check();
    const parsed = parseSql(rewrite.sql);
    if (parsed.errors.length > 0 || parsed.statements.length !== 1) {
      result.notes.push(
        `rewrite "${rewrite.title}" was dropped: it does not parse (${parsed.errors[0]?.message ?? 'not one statement'})`,
      );
      continue;
    }
    progress(`checking rewrite: ${rewrite.title}`);
    let measuredSql = rewrite.sql;
    let verdict: { equivalent: boolean | null; note: string };
    if (rewrite.keyset) {
      const checked = await checkKeyset(engine, text, rewrite, options);
      verdict = checked.verdict;
      if (!checked.sql) {
        result.suggestions.push({
          kind: 'rewrite',
          title: rewrite.title,
          sql: rewrite.sql,
          reason: rewrite.reason,
          equivalent: verdict.equivalent,
          equivalenceNote: verdict.note,
          candidate: rewrite,
        });
        continue;
      }
      measuredSql = checked.sql;
    } else if (rewrite.needsIndex) {
      // Without the index it needs, the rewrite would scan the child once per row of the measurement data.
      verdict = await checkEquivalence(engine, text, rewrite.sql, {
        signal: options.signal,
        datasets: ['edge', 'check'],
      });
      if (verdict.equivalent !== false)
        verdict = {
          ...verdict,
          note: `${verdict.note} (compared on the small edge-case and constant-seeded rows, not the measurement rows: there it needs an index on ${rewrite.table ?? 'the joined table'}'s join key)`,
        };
    } else verdict = await checkEquivalence(engine, text, rewrite.sql, { signal: options.signal });
    const suggestion: StatementAdviceLocal['suggestions'][number] = {
      kind: 'rewrite',
      title: rewrite.title,
      sql: rewrite.sql,
      reason: rewrite.reason,
      costBefore: base.plan.totalCost,
      equivalent: verdict.equivalent,
      equivalenceNote: verdict.note,
      candidate: rewrite,
    };
    if (verdict.equivalent !== false) {
      progress(`measuring rewrite: ${rewrite.title}`);
      try {
        const best = await bestRewriteConfiguration(
          engine,
          rewrite,
          measuredSql,
          parsed.statements[0],
          catalog,
          bestSet?.indexes ?? [],
          options,
        );
        suggestion.costAfter = best.measurement.plan.totalCost;
        suggestion.measured = times(best.measurement);
        if (best.indexes.length > 0) {
          suggestion.indexes = best.indexes;
          suggestion.title = `${rewrite.title}, with ${best.indexes.map((c) => c.name).join(' and ')}`;
        }
      } catch (error) {
        check();
        result.notes.push(`rewrite "${rewrite.title}" not measured: ${message(error)}`);
      }
    }
    result.suggestions.push(suggestion);
  }
  result.suggestions.sort(
    (a, b) =>
      (b.measured?.speedup ?? 0) - (a.measured?.speedup ?? 0) || (a.costAfter ?? Infinity) - (b.costAfter ?? Infinity),
  );
  if (result.suggestions.length === 0 && candidates.length + rewrites.length > 0) {
    result.notes.push(
      `${candidates.length} index candidate(s) and ${rewrites.length} rewrite(s) tried: none was at least ${MIN_SPEEDUP}× faster`,
    );
  }
  return result;
}

/**
 * A rewrite timed alone, with the indexes that helped the original, and with each of its own index
 * candidates (a LATERAL aggregate wants an index on the child's key): the fastest configuration wins.
 */
async function bestRewriteConfiguration(
  engine: PlanEngine,
  rewrite: SplicedRewrite,
  sql: string,
  statement: SqlStatement,
  catalog: Catalog,
  originalIndexes: IndexCandidate[],
  options: AdvisorOptions,
): Promise<{ indexes: IndexCandidate[]; measurement: Measurement }> {
  let best: { indexes: IndexCandidate[]; measurement: Measurement } | undefined;
  if (!rewrite.needsIndex)
    best = {
      indexes: [],
      measurement: await measure(() => engine.explain(sql, { analyze: true, signal: options.signal }), {
        signal: options.signal,
      }),
    };
  const configurations: IndexCandidate[][] = [];
  if (originalIndexes.length > 0) configurations.push(originalIndexes);
  // The rewrite's own candidates, those on the table it moved the reads of first (a LATERAL aggregate
  // probes the child's key per row).
  const own = safe(() => indexCandidates(statement.node, catalog), [] as IndexCandidate[])
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
    if (options.signal?.aborted) throw abortError();
    const run =
      indexes.length === 1 && engine.explainWithIndex
        ? () => engine.explainWithIndex!(indexes[0], sql, { analyze: true, signal: options.signal })
        : engine.explainWithIndexes
          ? () => engine.explainWithIndexes!(indexes, sql, { analyze: true, signal: options.signal })
          : undefined;
    if (!run) continue;
    if (rewrite.needsIndex && !indexes.some((i) => i.table === rewrite.table)) continue;
    try {
      const measurement = await measure(run, {
        signal: options.signal,
        screenAgainstMs: best?.measurement.ms,
        screenFactor: COMBINATION_GAIN,
      });
      if (!best || (!measurement.screened && measurement.ms * COMBINATION_GAIN <= best.measurement.ms))
        best = { indexes, measurement };
    } catch {
      if (options.signal?.aborted) throw abortError();
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
  engine: PlanEngine,
  original: string,
  rewrite: SplicedRewrite,
  options: AdvisorOptions,
): Promise<{ verdict: { equivalent: boolean | null; note: string }; sql?: string }> {
  const needs = `it needs ${rewrite.newParameters?.join('; ') ?? 'the last key of the previous page'} from the caller, so it changes the query's API: advice, not a fix`;
  if (!engine.rows)
    return {
      verdict: { equivalent: null, note: `not compared (the ${engine.kind} engine does not run queries); ${needs}` },
    };
  try {
    const [values] = await engine.rows(rewrite.keyset!.probe, { signal: options.signal });
    if (!values)
      return {
        verdict: {
          equivalent: null,
          note: `the OFFSET is beyond the synthetic rows: nothing to compare or measure; ${needs}`,
        },
      };
    const sql = rewrite.keyset!.withValues(values);
    const [left, right] = [
      await engine.rows(original, { signal: options.signal }),
      await engine.rows(sql, { signal: options.signal }),
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
    if (options.signal?.aborted) throw abortError();
    return { verdict: { equivalent: null, note: `not compared: ${message(error)}; ${needs}` } };
  }
}

/** Plan only (a server without ANALYZE): the plan, and index candidates by the planner's estimate. */
async function estimateOnly(
  engine: PlanEngine,
  statement: SqlStatement,
  text: string,
  catalog: Catalog,
  result: StatementAdviceLocal,
  options: AdvisorOptions,
): Promise<StatementAdviceLocal> {
  try {
    result.plan = await engine.explain(text, { analyze: false, signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw abortError();
    result.notes.push(`no plan: ${message(error)}`);
    return result;
  }
  result.notes.push("not executed (EXPLAIN without ANALYZE): costs are the planner's estimates, nothing is timed");
  const candidates = safe(() => indexCandidates(statement.node, catalog), [] as IndexCandidate[]);
  if (candidates.length > 0 && !engine.explainWithIndex)
    result.notes.push(
      `the ${engine.kind} engine cannot try indexes (no HypoPG): ${candidates.length} index candidate(s) not estimated`,
    );
  else result.suggestions.push(...(await estimatedIndexes(engine, text, candidates, result.plan, result, options)));
  return result;
}

async function estimatedIndexes(
  engine: PlanEngine,
  text: string,
  candidates: readonly IndexCandidate[],
  base: PlanSummary,
  result: StatementAdviceLocal,
  options: AdvisorOptions,
): Promise<StatementAdviceLocal['suggestions']> {
  const out: StatementAdviceLocal['suggestions'] = [];
  for (const candidate of candidates) {
    if (options.signal?.aborted) throw abortError();
    options.onProgress?.(`estimating index ${candidate.name}`);
    try {
      const plan = await engine.explainWithIndex!(candidate, text, { analyze: false, signal: options.signal });
      if (base.totalCost / Math.max(plan.totalCost, 0.001) < MIN_SPEEDUP) continue;
      out.push({
        kind: 'index',
        title: `Create index ${candidate.name} on ${candidate.table.replace(/^public\./, '')}`,
        sql: concurrentDdl(candidate),
        reason: `${candidate.reason} (planner cost ${round(base.totalCost)} → ${round(plan.totalCost)}, an estimate with a hypothetical index)`,
        costBefore: base.totalCost,
        costAfter: plan.totalCost,
        candidate,
      });
    } catch (error) {
      if (options.signal?.aborted) throw abortError();
      result.notes.push(`index ${candidate.name} not estimated: ${message(error)}`);
    }
  }
  return out.sort((a, b) => (a.costAfter ?? 0) - (b.costAfter ?? 0));
}

/** The DDL a user runs on a live database: concurrently, idempotent. */
export function concurrentDdl(candidate: IndexCandidate): string {
  return `${candidate.ddl.replace(/^CREATE (UNIQUE )?INDEX /i, (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX CONCURRENTLY IF NOT EXISTS `)};`;
}

/** Sum of the rows of the tables a statement reads (as loaded in the sandbox). */
async function rowsRead(engine: PlanEngine, statement: SqlStatement, catalog: Catalog): Promise<number | undefined> {
  const tables = new Set<string>();
  for (const level of safe(() => queryLevels(statement.node, catalog), [])) {
    for (const entry of level.scope.baseTables) if (entry.table) tables.add(entry.table.key);
  }
  let total = 0;
  let known = false;
  for (const table of tables) {
    const rows = await engine.tableRows(table).catch(() => undefined);
    if (rows !== undefined) {
      total += rows;
      known = true;
    }
  }
  return known ? total : undefined;
}

/** One line describing a measured speedup, as the quick fixes say it. */
export function measuredPhrase(measured: MeasuredTimes): string {
  const where =
    measured.engine === 'pglite'
      ? `${measured.rows.toLocaleString('en-US')} synthetic rows`
      : `the server (${measured.rows.toLocaleString('en-US')} rows by its statistics)`;
  if (measured.speedup < MIN_SPEEDUP) return `about as fast (${measured.speedup.toFixed(2)}×) on ${where} (measured)`;
  return `≈${formatSpeedup(measured.speedup)}× faster on ${where} (measured)`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function safe<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}
