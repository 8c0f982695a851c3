/**
 * The contract between the advisor and the plan engines (the embedded PGlite sandbox, a real server): what
 * an engine offers and the plans it returns. Engine-free and advisor-free: no PGlite, no `pg`, no vscode and
 * nothing from advice/ here, so the engines depend on this folder only and the advisor reaches them through
 * it (advice/engines.ts loads them).
 */

/** Where a plan came from. `pglite`: the embedded sandbox on synthetic rows; `postgresql`: a real server. */
export type EngineKind = 'pglite' | 'postgresql';

/** One node of an EXPLAIN (FORMAT JSON) plan, reduced to what advice and mapping need. */
export interface PlanNode {
  nodeType: string;
  relation?: string;
  alias?: string;
  indexName?: string;
  /** Planner estimates. */
  startupCost: number;
  totalCost: number;
  planRows: number;
  /** Present with ANALYZE. */
  actualRows?: number;
  actualLoops?: number;
  /** Per loop, as PostgreSQL reports it (rows too): the node's total is `actualTotalMs × actualLoops`. */
  actualTotalMs?: number;
  /** `Filter`, `Index Cond`, `Hash Cond`, `Join Filter`, `Recheck Cond` as PostgreSQL prints them. */
  filter?: string;
  indexCond?: string;
  joinCond?: string;
  rowsRemovedByFilter?: number;
  sortKey?: string[];
  /** `external merge` / `Disk` sort or hash batches > 1: spilled to disk. */
  sortSpilled?: boolean;
  sortSpaceKb?: number;
  hashBatches?: number;
  subplanName?: string;
  parentRelationship?: string;
  /** Added by the sandbox (plan.ts): the JSON's variants the text format folds into the node name. */
  /** `Inner`, `Left`, `Anti`, `Semi`, … on joins. */
  joinType?: string;
  /** `Plain`, `Sorted`, `Hashed`, `Mixed` on Aggregate / SetOp. */
  strategy?: string;
  /** Schema of `relation`, when PostgreSQL printed it (VERBOSE). */
  schema?: string;
  actualStartupMs?: number;
  /** `quicksort`, `top-N heapsort`, `external merge`, … */
  sortMethod?: string;
  rowsRemovedByRecheck?: number;
  /** Hash node's peak memory, kB. */
  peakMemoryKb?: number;
  /** With BUFFERS. */
  sharedHitBlocks?: number;
  sharedReadBlocks?: number;
  /** Blocks written to temporary files (spills), when non-zero. */
  tempWrittenBlocks?: number;
  children: PlanNode[];
}

export interface PlanSummary {
  engine: EngineKind;
  /** True when the statement was executed (EXPLAIN ANALYZE); false for plain EXPLAIN (estimates only). */
  analyzed: boolean;
  totalCost: number;
  planningMs?: number;
  /** Measured execution time (ANALYZE only). */
  executionMs?: number;
  /** Rows the top node returned (actual with ANALYZE, estimated otherwise). */
  rows: number;
  root: PlanNode;
  /** Why the plan is less than asked for, e.g. `$n` parameters without values: a generic plan, not executed. */
  notes?: string[];
}

/** A hypothetical or real index to try: the DDL the fix would write, without CONCURRENTLY. */
export interface IndexCandidate {
  kind: 'index';
  /** `CREATE INDEX name ON table USING method (keys) [INCLUDE (...)] [WHERE ...]`. */
  ddl: string;
  table: string;
  name: string;
  method: 'btree' | 'gin' | 'gist' | 'hash';
  /** Why: which predicates or sort it serves, in words. */
  reason: string;
  /** Extensions it needs (`pg_trgm`). */
  extensions?: string[];
}

/**
 * A constant a query compares a column with (`price > 100`, `status IN ('a', 'b')`, `name LIKE 'ab%'`):
 * the equivalence check seeds rows around it so a changed threshold or pattern shows up in the results.
 */
export interface ColumnSeed {
  /** The table the reference resolves to (`orders` or `sales.orders`); absent: every checked table with that column. */
  table?: string;
  column: string;
  /** Constants as SQL literal text (`100`, `'2024-03-01'`); empty for `IS NULL` (NULLs are always seeded). */
  values: string[];
  /** Use the values as they are (text derived from a LIKE pattern) instead of also just below and above them. */
  exact?: boolean;
}

/**
 * What the per-check dataset (`rows(…, { dataset: 'check' })`) is built from: the tables both queries
 * read and the constants they compare columns with. The sandbox rebuilds it when the seeds change.
 */
export interface CheckSeeds {
  /** Tables the queries read (names or schema-qualified); their parents come along. Empty: every table. */
  tables: string[];
  columns: ColumnSeed[];
  /**
   * The simple predicates of the queries (`"price" BETWEEN 10 AND 100`, `"parent_id" = 5`) over bare
   * column names, by table as `ColumnSeed.table`: children point at the parents that satisfy them first,
   * so a join through a filtered parent has rows.
   */
  filters?: { table?: string; sql: string }[];
}

/** How a statement is planned: executed (`analyze`) or estimated, with `$n` values, cancellable. */
export interface ExplainOptions {
  analyze: boolean;
  signal?: AbortSignal;
  params?: readonly unknown[];
}

/** Which rows a comparison query runs on; `seeds` build the `check` dataset. */
export interface RowsOptions {
  signal?: AbortSignal;
  params?: readonly unknown[];
  dataset?: 'main' | 'edge' | 'check';
  seeds?: CheckSeeds;
}

/**
 * A server role whose rights reach beyond any transaction (superuser, members of pg_signal_backend and of
 * the server file and program roles): EXPLAIN ANALYZE waits for the user's confirmation for that database.
 * Reported by the server engine (server/role.ts), carried by the advice report for the editor's prompt.
 */
export interface PrivilegedRole {
  /** The key a confirmation is stored under: the connection label, `user@host:port/database`. */
  database: string;
  role: string;
  superuser: boolean;
  /** Predefined roles it is a member of, directly or through other roles. */
  memberOf: string[];
  /** The user confirmed EXPLAIN ANALYZE with this role on this database. */
  confirmed: boolean;
  /** ANALYZE was asked for and is held back until the user confirms: the editor's cue to ask. */
  needsConfirmation: boolean;
  /** The warning for the user, naming the risk. */
  warning: string;
}

/**
 * A database that can plan statements. The sandbox executes freely on its own synthetic data; a server
 * engine never writes (read-only transaction, HypoPG for what-if indexes).
 */
export interface PlanEngine {
  readonly kind: EngineKind;
  /** Plan a statement, executing it only when `analyze` is true and the engine allows it. */
  explain(sql: string, options: ExplainOptions): Promise<PlanSummary>;
  /**
   * Plan `sql` as if `index` existed: the sandbox builds it for real and drops it after; a server uses
   * HypoPG (estimates only). Undefined when the engine cannot try indexes.
   */
  explainWithIndex?(index: IndexCandidate, sql: string, options: ExplainOptions): Promise<PlanSummary>;
  /**
   * As `explainWithIndex` with several indexes at once (the best combination across the tables a join
   * reads). Optional: without it the advisor measures single indexes only.
   */
  explainWithIndexes?(indexes: readonly IndexCandidate[], sql: string, options: ExplainOptions): Promise<PlanSummary>;
  /**
   * Run a read query and return its rows (sandbox only: equivalence checks on synthetic data). `edge`
   * runs it on the small adversarial dataset (NULLs in every nullable column, duplicates, ties on sort
   * keys, parents without children) instead of the measurement rows; `check` on a small dataset seeded
   * around `seeds` (built per check, reused while the seeds are the same).
   */
  rows?(sql: string, options?: RowsOptions): Promise<unknown[][]>;
  /** Rows per table as loaded (sandbox) or as the server's statistics estimate. */
  tableRows(table: string): Promise<number | undefined>;
  /** A server engine whose role has rights beyond any transaction. */
  readonly privilegedRole?: PrivilegedRole;
  /** Server engines: read the role's rights again before a reused connection serves another run. */
  refreshRole?(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
