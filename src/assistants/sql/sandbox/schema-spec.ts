/**
 * What the sandbox builds, as plain data: the catalog's tables reduced to what DDL and synthetic data
 * need. Serializable (structured clone), so the caller builds it next to the parser and the worker, which
 * has neither the parser nor the catalog, loads it.
 */

export interface SpecColumn {
  name: string;
  /** Type as declared (display form from the catalog), e.g. `numeric(10,2)`, `text[]`, `mood`. */
  type: string;
  notNull: boolean;
  /** Integer key column the schema filled by default (identity, serial): recreated as identity so INSERTs without it work. */
  identity: boolean;
  /**
   * DEFAULT expression as the schema writes it (`now()`, `extract(epoch from now())`, `nextval('seq')`), so a
   * statement's INSERT that leaves the column out gets a value; set after the synthetic rows are loaded.
   */
  default?: string;
  /** Values a CHECK allows (`col IN (…)`, `col = ANY (ARRAY[…])`), as SQL literals' values. */
  allowed?: (string | number)[];
  /** An enum array's labels (`s3region[]`): what its elements are drawn from. */
  elementAllowed?: string[];
  /** Bounds a CHECK sets (`col >= 0`, `BETWEEN 1 AND 5`), inclusive. */
  min?: number;
  max?: number;
}

export interface SpecForeignKey {
  name: string;
  columns: string[];
  /** Table key (`schema.name`) of the parent. */
  refTable: string;
  refColumns: string[];
}

export interface SpecTable {
  /** `schema.name`, as the catalog keys it. */
  key: string;
  schema: string;
  name: string;
  columns: SpecColumn[];
  primaryKey?: string[];
  /** UNIQUE constraints and full unique indexes on plain columns (primary key excluded). */
  uniques: string[][];
  foreignKeys: SpecForeignKey[];
  /** CHECK expressions as written in the schema. */
  checks: { name: string; sql: string }[];
  /** CREATE INDEX statements the workspace has (implicit PK/UNIQUE indexes excluded). */
  indexes: { name: string; sql: string }[];
}

/** An enum type the schema creates, for a column of the tables loaded: created before them, so casts to it work. */
export interface SpecEnum {
  schema: string;
  name: string;
  labels: string[];
}

export interface SandboxSchema {
  /** Tables in load order: every parent before its children (cycles broken, see `deferred`). */
  tables: SpecTable[];
  /** Enum types the tables' columns are declared with. */
  enums?: SpecEnum[];
  /** The schema's SQL and PL/pgSQL functions, as written, in the order the schema creates them. */
  functions?: { name: string; sql: string }[];
  /** Schema parts that could not be carried over and why (feeds loadReport.skipped). */
  skipped: { object: string; reason: string }[];
}

export interface RowSettings {
  /** Default synthetic rows per table. */
  rows: number;
  /** Per table key (`public.orders`) or bare name (`orders`). */
  rowsPerTable?: Readonly<Record<string, number>>;
  /** Rows per table in the adversarial `sa_edge` copy. */
  edgeRows?: number;
}

export interface LoadReport {
  /** ms: PGlite start, schema DDL, data generation, ANALYZE. */
  startMs: number;
  /** ms from spawning the worker thread to it running (off-thread sandbox only). */
  workerMs?: number;
  schemaMs: number;
  dataMs: number;
  analyzeMs: number;
  /** Rows actually loaded per table key, main and edge datasets. */
  rows: Record<string, number>;
  edgeRows: Record<string, number>;
  /** DDL or data that could not be applied as written, with the reason (fallbacks included). */
  skipped: { object: string; reason: string }[];
  /** Extensions available to candidates (`pg_trgm`, `btree_gin`). */
  extensions: string[];
  /** Directory PGlite was loaded from (`…/dist/pglite` in a build, the package in node_modules from source). */
  pglite: string;
  /** worker_threads id of the thread that owns PGlite (0 = the main thread). */
  thread: number;
  /** True when this handle reused an already-loaded database (same schema and row settings). */
  reused: boolean;
}

export const EDGE_SCHEMA = 'sa_edge';

/** Rows wanted for a table. */
export function rowsFor(table: Pick<SpecTable, 'key' | 'name'>, settings: RowSettings): number {
  const own = settings.rowsPerTable?.[table.key] ?? settings.rowsPerTable?.[table.name];
  const rows = own ?? settings.rows;
  return Math.max(0, Math.min(Math.floor(Number.isFinite(rows) ? rows : 0), 50_000_000));
}

/** Double-quoted identifier, always quoted so case and reserved words survive. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
