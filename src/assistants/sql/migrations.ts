import type { Node } from '@pgsql/types';
import type { NodeRef, Payload, Span } from './ast';
import { constValue, funcName, tokenIndexAt, unwrap, walk } from './ast';
import { tableLabel } from './names';
import type { Token } from './parser';
import type { SqlDocumentInfo, SqlRuleContext } from './rule';
import { rollbackSpans } from './script-migrations';
import { statementHead } from './statement-text';
import type { TableInfo } from './schema';

/**
 * The migration lock-safety rules' view of a DDL statement: the table it changes and whether that table
 * already holds data, its ALTER TABLE sub-commands with their spans, a `SET lock_timeout` before it.
 */

export interface MigrationTarget {
  table?: TableInfo;
  rangeVar: Payload;
  /** The table holds data already: it was not created earlier in this file (nor later: the statement needs it). */
  existing: boolean;
}

/**
 * The table a DDL statement changes and whether it existed before this document: created by an earlier
 * migration, or unknown to the schema and not created in this file (the statement could not run otherwise).
 */
export function migrationTarget(context: SqlRuleContext, rangeVar: Payload | undefined): MigrationTarget | undefined {
  if (!rangeVar?.relname) return undefined;
  const table = context.schema.resolveRangeVar(rangeVar);
  if (context.createdEarlierHere(String(rangeVar.relname))) return { table, rangeVar, existing: false };
  if (table) return { table, rangeVar, existing: context.existedBefore(table) !== false };
  if (rangeVar.relpersistence === 't') return { rangeVar, existing: false };
  return { rangeVar, existing: true };
}

/**
 * The ALTER TABLE commands of one subtype (`AT_AddColumn`, `AT_SetNotNull`…) in this statement, when
 * the table existed before this migration: what every lock-safety rule starts from (on a table created in
 * the same migration nobody is waiting on the lock).
 */
export function alterationsOfExistingTable(
  context: SqlRuleContext,
  subtype: string,
): { cmd: Payload; span: Span; target: MigrationTarget; label: string }[] {
  if (context.ast.type !== 'AlterTableStmt') return [];
  // Seven rules ask, each for one subtype: most find none, and need neither the table nor the commands' spans.
  if (!(context.ast.node.cmds ?? []).some((c: Node) => unwrap(c)?.node.subtype === subtype)) return [];
  const target = migrationTarget(context, context.ast.node.relation);
  if (!target?.existing) return [];
  const label = tableLabel(target.table, target.rangeVar);
  return alterCommands(context)
    .filter(({ cmd }) => cmd.subtype === subtype)
    .map(({ cmd, span }) => ({ cmd, span, target, label }));
}

/**
 * Each statement's sub-commands with their spans, found once for all the rules that ask (they depend on the
 * statement alone; a statement parsed once may be checked again against another schema).
 */
const COMMANDS = new WeakMap<object, { cmd: Payload; span: Span }[]>();

/** Each ALTER TABLE sub-command with its span. */
function alterCommands(context: SqlRuleContext): { cmd: Payload; span: Span }[] {
  if (
    context.ast.type !== 'AlterTableStmt' ||
    (context.ast.node.objtype && context.ast.node.objtype !== 'OBJECT_TABLE')
  )
    return [];
  const known = COMMANDS.get(context.statement);
  if (known) return known;
  const spans = alterCommandSpans(context);
  const cmds: Payload[] = (context.ast.node.cmds ?? []).map((c: Node) => unwrap(c)?.node).filter(Boolean);
  const fallback = statementHead(context);
  const found = cmds.map((cmd, i) => ({ cmd, span: spans.length === cmds.length ? spans[i] : fallback }));
  COMMANDS.set(context.statement, found);
  return found;
}

/**
 * Spans of an ALTER TABLE's sub-commands, in the order of `cmds` (libpg_query gives them no location):
 * the text after the table name, split at top-level commas.
 */
function alterCommandSpans(context: SqlRuleContext): Span[] {
  const { statement, ast } = context;
  const tokens = statement.tokens;
  const relation = ast.node.relation as Payload | undefined;
  let i = relation && typeof relation.location === 'number' ? tokenIndexAt(tokens, relation.location) : -1;
  if (i < 0) return [];
  // name, or schema . name, then an optional *
  while (i + 2 < tokens.length && tokens[i + 1].text === '.') i += 2;
  i++;
  if (tokens[i]?.text === '*') i++;
  const spans: Span[] = [];
  let depth = 0;
  let start = i;
  for (; i <= tokens.length; i++) {
    const t = tokens[i];
    if (!t || (t.text === ',' && depth === 0)) {
      if (start < i) spans.push({ start: tokens[start].start, end: tokens[i - 1].end });
      start = i + 1;
      continue;
    }
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
  }
  return spans;
}

/** The end of one ALTER TABLE sub-command: the next top-level comma, or the statement's end. */
export function commandEnd(tokens: readonly Token[], from: number, statementEnd: number): number {
  let depth = 0;
  let end = from;
  for (let i = Math.max(0, tokenIndexAt(tokens, from)); i < tokens.length; i++) {
    const t = tokens[i];
    if (t.start >= statementEnd) break;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    else if (t.text === ',' && depth === 0) break;
    end = t.end;
  }
  return end;
}

/** Is there a `SET [LOCAL] lock_timeout` (or `set_config('lock_timeout', …)`) before the current statement in this fragment? */
export function lockTimeoutSetBefore(context: SqlRuleContext): boolean {
  return context.parsed.statements.some((s) => s.start < context.statement.start && setsLockTimeout(unwrap(s.node)));
}

/** `SET [LOCAL] lock_timeout …`, or a `SELECT set_config('lock_timeout', …)`. */
export function setsLockTimeout(ref: NodeRef | undefined): boolean {
  if (ref?.type === 'VariableSetStmt') return String(ref.node.name ?? '').toLowerCase() === 'lock_timeout';
  if (ref?.type !== 'SelectStmt') return false;
  let found = false;
  walk(ref, (node) => {
    if (found) return 'skip';
    if (node.type !== 'FuncCall' || funcName(node.node) !== 'set_config') return undefined;
    const name = constValue(unwrap(node.node.args?.[0]));
    found = typeof name === 'string' && name.toLowerCase() === 'lock_timeout';
    return undefined;
  });
  return found;
}

/**
 * Is the current statement in a migration script's rollback direction (`down`), which the schema leaves out
 * and the lock-safety rules do not judge (see script-migrations.ts)? Its spans are read once per document.
 */
export function inRollback(context: SqlRuleContext): boolean {
  const { document } = context;
  let spans = rollbacks.get(document);
  if (!spans) rollbacks.set(document, (spans = rollbackSpans(document.file, document.text)));
  const at = context.fragment.map.toHost(context.statement.start);
  return spans.some((span) => at >= span.start && at < span.end);
}

const rollbacks = new WeakMap<SqlDocumentInfo, Span[]>();
