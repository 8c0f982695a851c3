import type { NodeRef } from '../ast';
import { walk } from '../ast';
import { parseSql } from '../parser';
import { ServerEngineError } from './connection';

/**
 * What may be sent to a real server, decided with PostgreSQL's own grammar before anything is sent:
 * exactly one statement, and only statements EXPLAIN can plan. Whether it may also be executed (EXPLAIN
 * ANALYZE) starts here, with what the text shows (only pure reads), and is settled by the server's own
 * resolution of what the statement calls (execution-check.ts); the read-only transaction the engine wraps
 * everything in stops a write either of them missed.
 */

export interface CheckedStatement {
  /** The statement without a trailing `;` or surrounding space, as it is sent after `EXPLAIN (…)`. */
  sql: string;
  type: string;
  /** Highest `$n` the statement uses (0: none). */
  parameterCount: number;
  /** Why the text alone rules out executing it (it writes or locks rows); undefined for a pure read. */
  notExecuted?: string;
}

/** Statements EXPLAIN plans without executing them; only `SelectStmt` (SELECT, VALUES, WITH) may be executed. */
const PLANNABLE = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const MODIFYING = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const KIND_WORDS: Record<string, string> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
};

/** Requires `loadSqlParser()` to have resolved. Throws a `refused` error saying why a statement cannot be sent. */
export function checkStatement(text: string): CheckedStatement {
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
  if ((statement.node as { SelectStmt?: { intoClause?: unknown } }).SelectStmt?.intoClause) {
    throw new ServerEngineError(
      'refused',
      'Not sent to the server: SELECT … INTO creates a table; plan the SELECT without INTO.',
    );
  }
  const parameterCount = statement.tokens
    .filter((t) => t.kind === 'param')
    .reduce((max, t) => Math.max(max, Number(t.text.slice(1)) || 0), 0);
  const checked: CheckedStatement = {
    sql: text.slice(statement.start, statement.end),
    type: statement.type,
    parameterCount,
  };
  const notExecuted = textRefusal(statement.type, statement.node);
  if (notExecuted) checked.notExecuted = notExecuted;
  return checked;
}

/** Why the text shows the statement is not a pure read (EXPLAIN ANALYZE would execute the write), if it does. */
function textRefusal(type: string, node: unknown): string | undefined {
  if (type !== 'SelectStmt')
    return `it is ${type === 'InsertStmt' ? 'an' : 'a'} ${KIND_WORDS[type] ?? type}, and only reads (SELECT, VALUES, WITH) are executed on a server`;
  const select = (node as { SelectStmt?: { lockingClause?: unknown } }).SelectStmt;
  let found: NodeRef | undefined;
  let locking = false;
  walk(node as never, (ref) => {
    if (found || locking) return 'skip';
    if (MODIFYING.has(ref.type)) found = ref;
    else if (ref.type === 'LockingClause') locking = true;
    return undefined;
  });
  if (found) return `it holds a data-modifying ${KIND_WORDS[found.type] ?? found.type}`;
  if (locking || select?.lockingClause) return 'FOR UPDATE/SHARE locks rows';
  return undefined;
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
