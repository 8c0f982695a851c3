import type { Node } from '@pgsql/types';
import type { NodeRef, Payload, Span } from './ast';
import { asRef, columnParts, names, nextToken, operatorName, tokenIndexAt, unwrap, walk } from './ast';
import type { Token } from './parser';
import type { QueryLevel, QueryScope, ResolvedColumn } from './query';
import type { SqlRuleContext } from './rule';
import type { TableInfo } from './schema';

/** Shared pieces of the SQL rules: lock-safety targets, comparisons, names and suggestions. */

/** `public.orders` → `orders`; other schemas stay qualified. */
export function tableLabel(table: TableInfo | undefined, rangeVar?: Payload): string {
  if (table) return table.schema === 'public' ? table.name : `${table.schema}.${table.name}`;
  if (rangeVar?.relname)
    return rangeVar.schemaname ? `${rangeVar.schemaname}.${rangeVar.relname}` : String(rangeVar.relname);
  return 'the table';
}

/** Quotes an identifier when PostgreSQL would fold or reject it bare. */
export function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) &&
    !/^(user|order|group|select|table|from|where|limit|offset|check|primary|references|default)$/.test(name)
    ? name
    : `"${name.replace(/"/g, '""')}"`;
}

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

/** The first keyword token of the statement matching `keyword`, within `limit` tokens. */
export function keywordToken(
  context: SqlRuleContext,
  keyword: string,
  from = context.statement.start,
  limit = 12,
): Token | undefined {
  return nextToken(context.statement.tokens, from, (t) => t.keyword === keyword, limit);
}

/** Span of the statement's first few words (`ALTER TABLE payments`), where statement-level findings go. */
export function statementHead(context: SqlRuleContext, words = 3): Span {
  const tokens = context.statement.tokens;
  const last = tokens[Math.min(words, tokens.length) - 1];
  return { start: context.statement.start, end: last?.end ?? context.statement.end };
}

export const COMPARISON_OPERATORS = new Set(['=', '<', '>', '<=', '>=']);

export interface Comparison {
  node: NodeRef;
  /** The operand sides (for IN and BETWEEN, the right is the list). */
  left: NodeRef | undefined;
  right: Node | Node[] | undefined;
  kind: 'op' | 'in' | 'between' | 'like';
  operator: string;
}

/** A comparison an index could serve, when written with the bare column: `=`, `<`…, IN (list), BETWEEN, LIKE. */
export function asComparison(ref: NodeRef): Comparison | undefined {
  if (ref.type !== 'A_Expr') return undefined;
  const kind = String(ref.node.kind);
  const left = asRef(ref.node.lexpr);
  if (kind === 'AEXPR_OP') {
    const op = operatorName(ref.node);
    return COMPARISON_OPERATORS.has(op)
      ? { node: ref, left, right: ref.node.rexpr, kind: 'op', operator: op }
      : undefined;
  }
  if (kind === 'AEXPR_IN' && operatorName(ref.node) === '=')
    return { node: ref, left, right: ref.node.rexpr, kind: 'in', operator: 'IN' };
  if (kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_BETWEEN_SYM')
    return { node: ref, left, right: ref.node.rexpr, kind: 'between', operator: 'BETWEEN' };
  if (kind === 'AEXPR_LIKE' || kind === 'AEXPR_ILIKE')
    return { node: ref, left, right: ref.node.rexpr, kind: 'like', operator: operatorName(ref.node) };
  return undefined;
}

/** Predicates of a query level: WHERE and the JOIN … ON conditions, subqueries not entered. */
export function levelPredicates(level: QueryLevel): { where: Node | undefined; quals: Node[] } {
  const quals: Node[] = [];
  const from: Node[] = level.ref.node.fromClause ?? level.ref.node.usingClause ?? [];
  const visit = (item: Node | undefined) => {
    const ref = asRef(item);
    if (ref?.type !== 'JoinExpr') return;
    visit(ref.node.larg);
    visit(ref.node.rarg);
    if (ref.node.quals) quals.push(ref.node.quals);
  };
  from.forEach(visit);
  return { where: level.ref.node.whereClause, quals };
}

/** Every node of a predicate at this level (subqueries skipped), with the comparison visitor's convenience. */
export function eachComparison(expr: Node | undefined, visit: (c: Comparison) => void): void {
  walk(expr, (ref) => {
    if (ref.type === 'SubLink' || ref.type === 'SelectStmt') return 'skip';
    const comparison = asComparison(ref);
    if (comparison) visit(comparison);
  });
}

/** The local table column a bare ColumnRef names. */
export function localColumn(scope: QueryScope, node: Node | NodeRef | undefined): ResolvedColumn | undefined {
  const ref = asRef(node);
  if (ref?.type !== 'ColumnRef' || columnParts(ref.node).includes('*')) return undefined;
  const resolved = scope.resolveLocal(ref.node);
  return resolved?.entry.kind === 'table' ? resolved : undefined;
}

/** Text of a span of the fragment's SQL with `alias.` qualifiers of column references removed. */
export function unqualifiedText(context: SqlRuleContext, node: NodeRef): string {
  const span = context.spanOf(node);
  if (!span) return '';
  const sql = context.fragment.sql;
  const cuts: Span[] = [];
  walk(node, (ref) => {
    if (ref.type !== 'ColumnRef') return;
    const parts = columnParts(ref.node);
    if (parts.length < 2) return;
    const tokens = context.statement.tokens;
    const at = tokenIndexAt(tokens, ref.node.location);
    // qualifier, '.', [schema…]: cut through the last '.' before the column name.
    let i = at;
    for (let k = 0; k < parts.length - 1 && i + 1 < tokens.length; k++) i += 2;
    if (tokens[i - 1]?.text === '.') cuts.push({ start: tokens[at].start, end: tokens[i - 1].end });
  });
  let out = '';
  let position = span.start;
  for (const cut of cuts.sort((a, b) => a.start - b.start)) {
    if (cut.start < position) continue;
    out += sql.slice(position, cut.start);
    position = cut.end;
  }
  out += sql.slice(position, span.end);
  return out.replace(/\s+/g, ' ').trim();
}

/** `CREATE INDEX CONCURRENTLY ON table (…)` text for a suggestion. */
export function createIndexSql(
  table: string,
  keys: string,
  options: { concurrently?: boolean; using?: string; name?: string } = {},
): string {
  const concurrently = options.concurrently === false ? '' : ' CONCURRENTLY';
  const name = options.name ? ` ${options.name}` : '';
  const using = options.using ? ` USING ${options.using}` : '';
  return `CREATE INDEX${concurrently}${name} ON ${table}${using} (${keys})`;
}

/** Index name PostgreSQL would pick, shortened to 63 bytes. */
export function indexName(table: string, columns: readonly string[], suffix = 'idx'): string {
  const name = `${table}_${columns.join('_')}_${suffix}`.replace(/[^a-zA-Z0-9_]+/g, '_');
  return name.length > 63 ? name.slice(0, 63) : name;
}

/** Names of a qualified name list (`[{String}, …]`) joined with dots. */
export function dotted(list: unknown): string {
  return names(list).join('.');
}

/** Is the node a `$n` parameter or a constant (a bound value, not a column)? */
export function isValue(node: Node | NodeRef | undefined): boolean {
  const ref = asRef(node);
  if (!ref) return false;
  if (ref.type === 'ParamRef' || ref.type === 'A_Const') return true;
  if (ref.type === 'TypeCast') return isValue(ref.node.arg);
  return false;
}

/** Is this FuncCall `random()`? */
export function isRandomCall(ref: NodeRef | undefined): boolean {
  return (
    ref?.type === 'FuncCall' &&
    names(ref.node.funcname).pop()?.toLowerCase() === 'random' &&
    !(ref.node.args ?? []).length
  );
}

/** The constant integer of a node (`10000`, `'10000'::int`), if it is one. */
export function integerValue(node: Node | undefined): number | undefined {
  const ref = asRef(node);
  if (ref?.type === 'TypeCast') return integerValue(ref.node.arg);
  if (ref?.type !== 'A_Const') return undefined;
  if (ref.node.ival !== undefined) return Number(ref.node.ival.ival ?? 0);
  if (ref.node.fval !== undefined) return Number(ref.node.fval.fval);
  if (ref.node.sval !== undefined && /^\d+$/.test(String(ref.node.sval.sval))) return Number(ref.node.sval.sval);
  return undefined;
}

export { unwrap };

/**
 * Spans of an ALTER TABLE's sub-commands, in the order of `cmds` (libpg_query gives them no location):
 * the text after the table name, split at top-level commas.
 */
export function alterCommandSpans(context: SqlRuleContext): Span[] {
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

/** Each ALTER TABLE sub-command with its span. */
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
  const target = migrationTarget(context, context.ast.node.relation);
  if (!target?.existing) return [];
  const label = tableLabel(target.table, target.rangeVar);
  return alterCommands(context)
    .filter(({ cmd }) => cmd.subtype === subtype)
    .map(({ cmd, span }) => ({ cmd, span, target, label }));
}

export function alterCommands(context: SqlRuleContext): { cmd: Payload; span: Span }[] {
  if (
    context.ast.type !== 'AlterTableStmt' ||
    (context.ast.node.objtype && context.ast.node.objtype !== 'OBJECT_TABLE')
  )
    return [];
  const spans = alterCommandSpans(context);
  const cmds: Payload[] = (context.ast.node.cmds ?? []).map((c: Node) => unwrap(c)?.node).filter(Boolean);
  const fallback = statementHead(context);
  return cmds.map((cmd, i) => ({ cmd, span: spans.length === cmds.length ? spans[i] : fallback }));
}

/** Is there a `SET [LOCAL] lock_timeout` before the current statement in this fragment? */
export function lockTimeoutSetBefore(context: SqlRuleContext): boolean {
  return context.parsed.statements.some((s) => {
    if (s.start >= context.statement.start) return false;
    const ref = unwrap(s.node);
    return ref?.type === 'VariableSetStmt' && String(ref.node.name ?? '').toLowerCase() === 'lock_timeout';
  });
}

/** Insert lines after the current statement (after its `;`), each on its own line. */
export function insertAfterStatement(
  context: SqlRuleContext,
  lines: readonly string[],
): ReturnType<SqlRuleContext['edit']> {
  const at = context.statement.terminatorEnd;
  const eol = context.document.eol;
  return context.edit({ start: at, end: at }, lines.map((l) => `${eol}${l}`).join(''));
}
