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

export interface MeasuredTimes {
  beforeMs: number;
  afterMs: number;
  speedup: number;
  /** Rows in the tables the statement reads (synthetic in the sandbox). */
  rows: number;
  engine: EngineKind;
}

export interface Suggestion {
  kind: 'index' | 'rewrite';
  title: string;
  sql: string;
  reason: string;
  costBefore?: number;
  costAfter?: number;
  /** Measured with EXPLAIN ANALYZE before and after (sandbox, or a server with ANALYZE opted in). */
  measured?: MeasuredTimes;
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
