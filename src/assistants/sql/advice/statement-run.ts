import type { SqlStatement } from '../parser';
import { abortError } from '../plan-engine/abort';
import type { IndexCandidate, PlanEngine, PlanSummary } from '../plan-engine/types';
import type { Catalog } from '../schema';
import type { Measurement } from './measure';
import type { SplicedParameters } from './parameters';
import type { SplicedRewrite } from './rewrites';
import type { MeasuredTimes, ParameterCase, Suggestion } from './types';

/**
 * One statement's advice in the making: what every step of the advisor reads (the engine, the statement,
 * the caller's options) and the result it adds to. Steps run in order and append; the advisor sorts at the end.
 */

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
  /** The values of its `$n` parameters, one set per case (see parameters.ts). */
  parameters?: ParameterCase[];
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
  /** `$n` that stand for host code spliced into the text rather than a bound value (parameters.ts). */
  spliced?: SplicedParameters;
}

export interface StatementRun {
  engine: PlanEngine;
  statement: SqlStatement;
  /** The statement's own SQL. */
  sql: string;
  /** The whole fragment it sits in (rewrites splice into it). */
  fragmentSql: string;
  catalog: Catalog;
  options: AdvisorOptions;
  result: StatementAdviceLocal;
  /** A parameterised statement's cases, typical first: every measurement runs on each. */
  cases?: ParameterCase[];
  /** Indexes fast enough by ratio but saving less than MIN_SAVED_MS (each with its own note). */
  smallGains?: number;
}

/** A combination must beat its best member by this much to be offered instead. */
export const COMBINATION_GAIN = 1.1;

export function startRun(
  engine: PlanEngine,
  statement: SqlStatement,
  fragmentSql: string,
  catalog: Catalog,
  options: AdvisorOptions,
): StatementRun {
  const sql = fragmentSql.slice(statement.start, statement.end);
  return {
    engine,
    statement,
    sql,
    fragmentSql,
    catalog,
    options,
    result: { start: statement.start, end: statement.end, sql, suggestions: [], notes: [] },
  };
}

/** After a failed engine call: a cancellation ends the advice, any other failure becomes a note. */
export function throwIfCancelled(run: StatementRun): void {
  if (run.options.signal?.aborted) throw abortError();
}

export function progress(run: StatementRun, message: string): void {
  run.options.onProgress?.(message);
}

/** A candidate's times against the original's. */
export function measuredTimes(run: StatementRun, base: Measurement, after: Measurement): MeasuredTimes {
  return {
    beforeMs: round(base.ms),
    afterMs: round(after.ms),
    speedup: round(base.ms / Math.max(after.ms, 0.001)),
    rows: run.result.rows ?? 0,
    engine: run.engine.kind,
  };
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An analysis of the statement (candidates, query levels) that throws on SQL it does not handle yields the fallback, not a failed advice. */
export function safe<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}
