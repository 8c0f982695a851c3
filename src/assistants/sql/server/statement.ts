import type { NodeRef } from '../ast';
import { funcName, walk } from '../ast';
import { parseSql } from '../parser';
import { ServerEngineError } from './connection';

/**
 * What may be sent to a real server, decided with PostgreSQL's own grammar before anything is sent:
 * exactly one statement; plain EXPLAIN only for statements EXPLAIN can plan; EXPLAIN ANALYZE (which
 * executes) only for pure reads. The read-only transaction the engine wraps everything in is the second
 * guard: it stops what a parse cannot see, such as a function that writes.
 */

export interface CheckedStatement {
  /** The statement without a trailing `;` or surrounding space, as it is sent after `EXPLAIN (…)`. */
  sql: string;
  type: string;
  /** Highest `$n` the statement uses (0: none). */
  parameterCount: number;
}

/** Statements EXPLAIN plans without executing them; with ANALYZE only `SelectStmt` (SELECT, VALUES, WITH) is allowed. */
const PLANNABLE = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const MODIFYING = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
/**
 * Functions whose effect a read-only transaction neither stops nor rolls back: they end or signal other
 * sessions, take session-level locks, write server files or large objects, reach other databases, or
 * change server state. Called directly, they are refused under ANALYZE; a user function that calls them
 * cannot be seen from here (ANALYZE on a server is opt-in for that reason).
 */
const ESCAPING_FUNCTIONS =
  /^(?:pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile\w*|pg_switch_wal|pg_create_restore_point|pg_promote|pg_stat_reset\w*|pg_stat_statements_reset|pg_(?:try_)?advisory_lock\w*|pg_advisory_unlock\w*|lo_\w+|dblink\w*|pg_file_\w+|pg_log_backend_memory_contexts|pg_replication_origin_\w+|pg_\w*replication_slot\w*|pg_logical_emit_message|pg_notify|pg_import_system_collations|pg_wal_replay_\w+|pg_backup_\w+|pg_start_backup|pg_stop_backup)$/;

const KIND_WORDS: Record<string, string> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
};

/** Requires `loadSqlParser()` to have resolved. Throws a `refused` error saying why a statement cannot be sent. */
export function checkStatement(text: string, options: { analyze: boolean }): CheckedStatement {
  const parsed = parseSql(text);
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    throw new ServerEngineError('refused', `Not sent to the server: syntax error: ${first.message}.`);
  }
  if (parsed.statements.length === 0)
    throw new ServerEngineError('refused', 'Not sent to the server: there is no statement to plan.');
  if (parsed.statements.length > 1) {
    throw new ServerEngineError(
      'refused',
      `Not sent to the server: ${parsed.statements.length} statements; the plan is made for one statement at a time.`,
    );
  }
  const statement = parsed.statements[0];
  if (!PLANNABLE.has(statement.type)) {
    throw new ServerEngineError(
      'refused',
      `Not sent to the server: ${describeType(statement.type)} cannot be planned; only SELECT, VALUES, WITH, INSERT, UPDATE, DELETE and MERGE have plans.`,
    );
  }
  if (options.analyze) refuseExecution(statement.type, statement.node);
  const parameterCount = statement.tokens
    .filter((t) => t.kind === 'param')
    .reduce((max, t) => Math.max(max, Number(t.text.slice(1)) || 0), 0);
  return { sql: text.slice(statement.start, statement.end), type: statement.type, parameterCount };
}

/** EXPLAIN ANALYZE runs the statement: anything that could write is refused before it reaches the server. */
function refuseExecution(type: string, node: unknown): void {
  if (type !== 'SelectStmt') {
    throw new ServerEngineError(
      'refused',
      `EXPLAIN ANALYZE would execute this ${KIND_WORDS[type] ?? type}: only reads (SELECT, VALUES, WITH) are measured on a server.`,
    );
  }
  const select = (node as { SelectStmt?: { intoClause?: unknown; lockingClause?: unknown } }).SelectStmt;
  if (select?.intoClause)
    throw new ServerEngineError(
      'refused',
      'EXPLAIN ANALYZE would execute SELECT … INTO, which creates a table: not measured on a server.',
    );
  let found: NodeRef | undefined;
  let locking = false;
  let escaping: string | undefined;
  walk(node as never, (ref) => {
    if (found || locking || escaping) return 'skip';
    if (MODIFYING.has(ref.type)) found = ref;
    else if (ref.type === 'LockingClause') locking = true;
    else if (ref.type === 'FuncCall' && ESCAPING_FUNCTIONS.test(funcName(ref.node))) escaping = funcName(ref.node);
    return undefined;
  });
  if (escaping) {
    throw new ServerEngineError(
      'refused',
      `EXPLAIN ANALYZE would execute ${escaping}(), whose effect a read-only transaction does not undo: not measured on a server.`,
    );
  }
  if (found) {
    throw new ServerEngineError(
      'refused',
      `EXPLAIN ANALYZE would execute a data-modifying ${KIND_WORDS[found.type] ?? found.type} inside this statement: not measured on a server.`,
    );
  }
  if (locking || select?.lockingClause) {
    throw new ServerEngineError(
      'refused',
      'EXPLAIN ANALYZE would execute SELECT … FOR UPDATE/SHARE, which locks rows: not measured on a server.',
    );
  }
}

function describeType(type: string): string {
  const words = type
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
  return `a ${words} statement`;
}

/** A candidate's DDL for HypoPG: exactly one CREATE INDEX, or a `refused` error. */
export function checkIndexDdl(ddl: string): string {
  const parsed = parseSql(ddl);
  const statement = parsed.statements[0];
  if (parsed.errors.length > 0 || parsed.statements.length !== 1 || statement.type !== 'IndexStmt') {
    throw new ServerEngineError(
      'refused',
      `Not a single CREATE INDEX statement, so HypoPG cannot simulate it: ${ddl.slice(0, 200)}`,
    );
  }
  if ((statement.node as { IndexStmt?: { concurrent?: boolean } }).IndexStmt?.concurrent) {
    // HypoPG plans the index, it never builds one; CONCURRENTLY means nothing to it and it rejects the word.
    return ddl.slice(statement.start, statement.end).replace(/\bCONCURRENTLY\s+/i, '');
  }
  return ddl.slice(statement.start, statement.end);
}
