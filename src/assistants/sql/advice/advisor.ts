import { walk } from '../ast';
import type { SqlStatement } from '../parser';
import type { PlanEngine, PlanSummary } from '../plan-engine/types';
import { tablesRead } from '../query';
import type { Catalog } from '../schema';
import { bestIndexSet, estimateIndexes, indexSuggestions, measureIndexes } from './advise-indexes';
import { measureRewrites } from './advise-rewrites';
import { indexCandidates } from './candidates';
import type { Measurement } from './measure';
import { measureCases, NotExecutedError } from './measure';
import { parameterCases, parameterTargets } from './parameters';
import { rewriteCandidates } from './rewrites';
import type { AdvisorOptions, StatementAdviceLocal, StatementRun } from './statement-run';
import { errorMessage, progress, safe, startRun, throwIfCancelled } from './statement-run';
import { MIN_SPEEDUP } from './types';

/**
 * Measured advice for one statement: its plan (EXPLAIN ANALYZE, warm, median of three), the plan's
 * problems on its SQL, then every index candidate and rewrite timed the same way against it. An index is
 * kept when it is at least `MIN_SPEEDUP` times faster; across tables the best pair is tried too. A rewrite
 * is compared with the original on the synthetic and the edge-case rows before its time means anything.
 * A statement with `$n` parameters is measured with values drawn from the sandbox's rows, once per case
 * (a frequent, a typical and a rare value: parameters.ts); where it cannot be given values, its generic plan
 * and the candidates' planner costs are the advice, labelled estimates.
 */

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
  const run = startRun(engine, statement, fragmentSql, catalog, options);
  if (hasParameters(statement)) {
    if (options.analyze === false) return planWithParameters(run, 'the engine does not execute statements here');
    const found = await parameterCases(
      engine,
      safe(() => parameterTargets(statement, fragmentSql, catalog), new Map()),
      options.signal,
      options.spliced,
      fragmentSql,
    ).catch((error: unknown) => {
      throwIfCancelled(run);
      return { reason: errorMessage(error) };
    });
    if ('reason' in found) return planWithParameters(run, found.reason, 'empty' in found && found.empty === true);
    run.cases = found.cases;
    run.result.parameters = found.cases;
  }
  run.result.rows = await rowsRead(engine, statement, catalog);
  if (options.analyze === false) return estimateOnly(run);
  const base = await measureOriginal(run);
  // The engine planned it without executing it (a server's allow-list, a privileged role): estimates.
  if (base instanceof NotExecutedError) return estimateOnly(run, base.plan);
  if (!base) return run.result;
  const candidates = safe(() => indexCandidates(statement.node, catalog), []);
  const trials = await measureIndexes(run, base, candidates);
  const best = await bestIndexSet(run, trials);
  run.result.suggestions.push(...indexSuggestions(run, base, best, trials.helpful));
  const rewrites =
    statement.type === 'SelectStmt' ? safe(() => rewriteCandidates(statement, fragmentSql, catalog), []) : [];
  await measureRewrites(run, base, rewrites, best?.indexes ?? []);
  return fastestFirst(run, candidates.length, rewrites.length);
}

/**
 * `$n` parameters that cannot be given values: nothing can execute, so the advice is the generic plan and the
 * candidates' planner costs with each index in place, all of it labelled estimates.
 */
async function planWithParameters(run: StatementRun, reason: string, empty?: boolean): Promise<StatementAdviceLocal> {
  run.result.rows = await rowsRead(run.engine, run.statement, run.catalog);
  if (empty) {
    // A column without values (its table left empty by the schema's CHECKs and keys, or all NULL): the planner's
    // costs there are guesses about a table it has never seen, and an index estimated on them is no advice.
    run.result.notes.push(
      `the statement's $n parameters get no values (${reason}): its plan is PostgreSQL's generic plan, and no index is estimated on a column the sandbox could not fill`,
    );
    await planOnly(run);
    if (run.result.plan?.notes?.length) run.result.notes.push(...run.result.plan.notes);
    return run.result;
  }
  run.result.notes.push(
    `the statement's $n parameters get no values (${reason}): its plan is PostgreSQL's generic plan, and candidate indexes are compared by the planner's estimate, not measured`,
  );
  return estimateOnly(run);
}

/**
 * Plan only (a server without ANALYZE, or a statement the engine would not execute): the plan, and index
 * candidates by the planner's estimate. `planned`: the engine's plan already made, with its notes.
 */
async function estimateOnly(run: StatementRun, planned?: PlanSummary): Promise<StatementAdviceLocal> {
  const { engine, result } = run;
  if (planned) result.plan = planned;
  const plan = planned ?? (await planOnly(run));
  if (!plan) return result;
  if (plan.notes?.length) result.notes.push(...plan.notes);
  else result.notes.push("not executed (EXPLAIN without ANALYZE): costs are the planner's estimates, nothing is timed");
  const candidates = safe(() => indexCandidates(run.statement.node, run.catalog), []);
  if (candidates.length > 0 && !engine.explainWithIndex)
    result.notes.push(
      `the ${engine.kind} engine cannot try indexes (no HypoPG): ${candidates.length} index candidate(s) not estimated`,
    );
  else result.suggestions.push(...(await estimateIndexes(run, candidates, plan)));
  return result;
}

/** The statement's plan without executing it, or a note why there is none. */
async function planOnly(run: StatementRun): Promise<StatementAdviceLocal['plan']> {
  try {
    run.result.plan = await run.engine.explain(run.sql, { analyze: false, signal: run.options.signal });
  } catch (error) {
    throwIfCancelled(run);
    run.result.notes.push(`no plan: ${errorMessage(error)}`);
  }
  return run.result.plan;
}

/** The original timed (warm-up, median of three), and its plan's problems mapped onto its SQL. */
async function measureOriginal(run: StatementRun): Promise<Measurement | NotExecutedError | undefined> {
  const { engine, result, options } = run;
  progress(run, `measuring: ${run.sql.replace(/\s+/g, ' ').slice(0, 60)}`);
  let base: Measurement;
  try {
    base = await measureCases(
      run.cases,
      (params) => engine.explain(run.sql, { analyze: true, signal: options.signal, params }),
      { signal: options.signal },
    );
  } catch (error) {
    throwIfCancelled(run);
    if (error instanceof NotExecutedError) return error;
    result.notes.push(`not measured: ${errorMessage(error)}`);
    return undefined;
  }
  result.plan = base.plan;
  return base;
}

/** Suggestions fastest first (then cheapest), and a note when nothing tried was worth offering. */
function fastestFirst(run: StatementRun, candidates: number, rewrites: number): StatementAdviceLocal {
  const { result } = run;
  result.suggestions.sort(
    (a, b) =>
      (b.measured?.speedup ?? 0) - (a.measured?.speedup ?? 0) || (a.costAfter ?? Infinity) - (b.costAfter ?? Infinity),
  );
  if (result.suggestions.length === 0 && candidates + rewrites > 0 && !run.smallGains) {
    result.notes.push(
      `${candidates} index candidate(s) and ${rewrites} rewrite(s) tried: none was at least ${MIN_SPEEDUP}× faster`,
    );
  }
  return result;
}

/** Sum of the rows of the tables a statement reads (as loaded in the sandbox). */
async function rowsRead(engine: PlanEngine, statement: SqlStatement, catalog: Catalog): Promise<number | undefined> {
  const tables = tablesRead(statement.node, catalog);
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
