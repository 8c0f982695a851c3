import { queryFunctionsSetting } from './query-functions';
import { connectionLabel } from './server/connection';

/**
 * Settings of the query optimizer (`scalingAssistant.sql.*` in the editor), validated here so every
 * caller gets the same defaults.
 */

/** The secret holding the database password (SecretStorage in the editor, PGPASSWORD in the CLI). */
export const DATABASE_PASSWORD_SECRET = 'databasePassword';

export interface SqlSettings {
  /**
   * Globs (relative to the workspace) of the files whose DDL makes the schema, applied in path order;
   * undefined means discovery: `**∕migrations/**∕*.sql`, `**∕schema*.sql`, `**∕*.ddl.sql`, `db/**∕*.sql` with DDL.
   */
  schemaPaths?: readonly string[];
  /** OFFSET constants at or above this are reported as deep pagination. */
  offsetThreshold: number;
  /**
   * The project's own functions and methods that run SQL (`scalingAssistant.sql.queryFunctions`), besides the
   * drivers' and ORMs': names (`rawQuery`) or dotted paths matched against a callee's last names (`db.run`).
   */
  queryFunctions: readonly string[];
  /** Measured advice (`scalingAssistant.sql.sandbox.rows`): synthetic rows per table in the sandbox. */
  rows: number;
  /** Per-table overrides of `rows` (`scalingAssistant.sql.sandbox.rowsPerTable`), by table name or `schema.name`. */
  rowsPerTable?: Readonly<Record<string, number>>;
  /** A real PostgreSQL server to plan on instead of the sandbox (`scalingAssistant.sql.databaseUrl`). */
  databaseUrl?: string;
  /** EXPLAIN ANALYZE executes the statement: on a server only when the user opts in (`analyzeOnServer`). */
  analyzeOnServer: boolean;
  /** Per-statement timeout in the sandbox and on servers, ms (`statementTimeoutMs`). */
  statementTimeoutMs: number;
  /**
   * Databases, as connection labels (`user@host:port/database`), where the user confirmed EXPLAIN ANALYZE
   * with a privileged role (`analyzeWithPrivilegedRole`; a postgres:// URL given here is turned into its label).
   */
  analyzeWithPrivilegedRole: readonly string[];
  /**
   * Longest time the sandbox may take to start and load the schema and synthetic rows, ms
   * (`sandbox.loadTimeoutMs`, in the payload `sandboxLoadTimeoutMs`): past it the worker is stopped.
   */
  sandboxLoadTimeoutMs: number;
  /** Longest time one advise run may take, ms (`runTimeoutMs`): statements not reached are reported as not measured. */
  runTimeoutMs: number;
}

export const DEFAULT_SQL_SETTINGS: SqlSettings = {
  offsetThreshold: 1000,
  queryFunctions: [],
  rows: 100_000,
  analyzeOnServer: false,
  statementTimeoutMs: 30_000,
  analyzeWithPrivilegedRole: [],
  sandboxLoadTimeoutMs: 120_000,
  runTimeoutMs: 300_000,
};
/** Bounds of the timeouts an advise run takes (ms): at least a second, at most an hour. */
export const MIN_RUN_TIMEOUT_MS = 1_000;
export const MAX_RUN_TIMEOUT_MS = 3_600_000;
/** More synthetic rows than this would take minutes to load and gigabytes of memory. */
export const MAX_SANDBOX_ROWS = 5_000_000;

export function sqlSettings(raw: Readonly<Record<string, unknown>> | undefined): SqlSettings {
  const paths = raw?.schemaPaths;
  const schemaPaths = Array.isArray(paths)
    ? paths.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim())
    : undefined;
  const threshold = raw?.offsetThreshold;
  const rowsPerTable: Record<string, number> = {};
  if (raw?.rowsPerTable && typeof raw.rowsPerTable === 'object' && !Array.isArray(raw.rowsPerTable)) {
    for (const [table, value] of Object.entries(raw.rowsPerTable as Record<string, unknown>)) {
      const n = wholeNumber(value, 0, MAX_SANDBOX_ROWS);
      if (n !== undefined && table.trim() !== '') rowsPerTable[table.trim()] = n;
    }
  }
  const url = typeof raw?.databaseUrl === 'string' ? raw.databaseUrl.trim() : '';
  return {
    schemaPaths: schemaPaths && schemaPaths.length > 0 ? schemaPaths : undefined,
    offsetThreshold:
      typeof threshold === 'number' && Number.isFinite(threshold) && threshold >= 1
        ? Math.floor(threshold)
        : DEFAULT_SQL_SETTINGS.offsetThreshold,
    queryFunctions: queryFunctionsSetting(raw?.queryFunctions),
    rows: wholeNumber(raw?.rows, 1, MAX_SANDBOX_ROWS) ?? DEFAULT_SQL_SETTINGS.rows,
    rowsPerTable: Object.keys(rowsPerTable).length > 0 ? rowsPerTable : undefined,
    databaseUrl: url !== '' ? url : undefined,
    analyzeOnServer: raw?.analyzeOnServer === true,
    statementTimeoutMs: wholeNumber(raw?.statementTimeoutMs, 100, 3_600_000) ?? DEFAULT_SQL_SETTINGS.statementTimeoutMs,
    analyzeWithPrivilegedRole: privilegedRoleDatabases(raw?.analyzeWithPrivilegedRole),
    sandboxLoadTimeoutMs:
      wholeNumber(raw?.sandboxLoadTimeoutMs, MIN_RUN_TIMEOUT_MS, MAX_RUN_TIMEOUT_MS) ??
      DEFAULT_SQL_SETTINGS.sandboxLoadTimeoutMs,
    runTimeoutMs:
      wholeNumber(raw?.runTimeoutMs, MIN_RUN_TIMEOUT_MS, MAX_RUN_TIMEOUT_MS) ?? DEFAULT_SQL_SETTINGS.runTimeoutMs,
  };
}

/** Confirmed databases as the server engine names them: labels, whether given as labels or as URLs. */
function privilegedRoleDatabases(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const labels = value
    .filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '')
    .map((entry) => (/^postgres(?:ql)?:\/\//i.test(entry.trim()) ? connectionLabel(entry.trim()) : entry.trim()));
  return [...new Set(labels)];
}

function wholeNumber(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
    ? Math.floor(value)
    : undefined;
}

/**
 * A glob as a RegExp over `/`-separated paths: `**` any folders, `*` and `?` within one name,
 * `{a,b}` alternatives. Relative to the workspace, so it matches at the start of a relative path or after
 * any `/` of an absolute one.
 */
export function globToRegExp(glob: string): RegExp {
  const source = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\//, '');
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '*' && source[i + 1] === '*') {
      const slash = source[i + 2] === '/';
      out += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      const close = source.indexOf('}', i);
      if (close < 0) out += '\\{';
      else {
        out += `(?:${source
          .slice(i + 1, close)
          .split(',')
          .map(escapeRegExp)
          .join('|')})`;
        i = close;
      }
    } else out += escapeRegExp(ch);
  }
  return new RegExp(`(?:^|/)${out}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
