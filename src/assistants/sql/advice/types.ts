/**
 * The report of measured advice: what the advisor hands the CLI (`advise`) and the editor. The engine side
 * of the contract (plans, index candidates, the PlanEngine) is plan-engine/types.ts; the report's shapes
 * carry some of its types, re-exported here for readers of the report.
 */
import type { EngineKind, IndexCandidate, PlanNode, PlanSummary } from '../plan-engine/types';

export type { EngineKind, IndexCandidate, PlanNode, PlanSummary };

export interface RewriteCandidate {
  kind: 'rewrite';
  /** `not-exists`, `exists`, `keyset`, `pre-aggregate`, `predicate-move`, … */
  rewrite: string;
  title: string;
  sql: string;
  reason: string;
  /** Parameters the rewrite needs that the original did not have (keyset's last seen key), if any. */
  newParameters?: string[];
}

export type Candidate = IndexCandidate | RewriteCandidate;

/**
 * Below this measured speed-up a candidate is not worth an index's write cost: the advisor offers none, and a
 * measurement below it reads "about as fast".
 */
export const MIN_SPEEDUP = 1.2;

/**
 * And at least this much quicker per run on the typical values: a statement already served by an index runs in
 * hundredths of a millisecond, where 1.6× is 0.03 ms, less than a busy machine's timings vary (ente's `trash`
 * lookups by key, docs/sql-peer-comparison.md), and no index an engineer would add.
 */
export const MIN_SAVED_MS = 0.1;

export interface MeasuredTimes {
  beforeMs: number;
  afterMs: number;
  speedup: number;
  /** Rows in the tables the statement reads (synthetic in the sandbox). */
  rows: number;
  engine: EngineKind;
}

/** One value given to a `$n` parameter, drawn from the sandbox's rows for what the parameter is compared with. */
export interface ParameterValue {
  number: number;
  /** The value as text, as it was bound. */
  value: string;
  /** Where it was drawn from: `orders.status`, `lower(u.email)`, `LIMIT`. */
  source: string;
  /** Rows of the table holding this value (equality comparisons). */
  rows?: number;
}

/**
 * One set of values for a parameterised statement: the most frequent value of each compared column (for a
 * range bound, the one letting most rows through), the typical one, or the rarest. Custom plans differ by
 * exactly this, so the statement and every candidate are measured on each.
 */
export interface ParameterCase {
  case: 'frequent' | 'typical' | 'rare';
  values: ParameterValue[];
}

/** A suggestion measured on one parameter case, against the original on the same values. */
export interface MeasuredCase {
  case: ParameterCase['case'];
  beforeMs: number;
  afterMs: number;
  speedup: number;
}

export interface Suggestion {
  kind: 'index' | 'rewrite';
  title: string;
  sql: string;
  reason: string;
  costBefore?: number;
  costAfter?: number;
  /**
   * Measured with EXPLAIN ANALYZE before and after (sandbox, or a server with ANALYZE opted in); for a
   * parameterised statement, on the typical values.
   */
  measured?: MeasuredTimes;
  /** A parameterised statement: the times on each parameter case (typical first); the worst is the slowest after. */
  cases?: MeasuredCase[];
  /** Rewrites: true = same rows on the synthetic data incl. edge cases; false = differ; null = not proven. */
  equivalent?: boolean | null;
  /** Why equivalence could not be proven, or how the results differed. */
  equivalenceNote?: string;
  candidate: Candidate;
  /**
   * Every index the measured configuration needs: an index suggestion of several indexes (the best
   * combination across tables), or a rewrite measured together with an index. Absent for one index alone.
   */
  indexes?: IndexCandidate[];
}

/** A statement's offsets in the document text (host file), plus its line/character range. */
export interface StatementAdvice {
  /** 0-based offsets into the document (host file for embedded SQL). */
  start: number;
  end: number;
  sql: string;
  plan?: PlanSummary;
  /** Plan problems mapped onto spans of the statement (document offsets). */
  planFindings: PlanFinding[];
  suggestions: Suggestion[];
  /** Why no plan or no measurement (unknown table, parameters without types, engine failure). */
  notes: string[];
  /** The values its `$n` parameters were measured with, one set per case (the plan is the typical case's). */
  parameters?: ParameterCase[];
}

export interface PlanFinding {
  kind: 'seq-scan-filter' | 'sort-spill' | 'row-misestimate' | 'nested-loop-many' | 'hash-spill' | 'subplan-per-row';
  message: string;
  /** Document offsets of the SQL the problem belongs to (the predicate, the ORDER BY, the join). */
  start: number;
  end: number;
  node: PlanNode;
}

/** Settings the advisor reads; defaults in `advice/settings.ts`. */
export interface AdviceOptions {
  /** Synthetic rows per table (default 100,000), overridable per table. */
  rows: number;
  rowsPerTable?: Readonly<Record<string, number>>;
  /** EXPLAIN ANALYZE on a real server executes the statement: only when the user opts in. */
  analyzeOnServer?: boolean;
  /** Statement timeout on servers and per sandbox EXPLAIN, ms. */
  statementTimeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}
