import type { Node } from '@pgsql/types';
import type { NodeRef, Payload, Span } from '../ast';
import {
  asRef,
  columnParts,
  conjuncts,
  containsAggregate,
  funcName,
  isAggregateCall,
  names,
  previousToken,
  spanOf,
  tokenIndexAt,
  walk,
} from '../ast';
import { integerValue } from '../expressions';
import { ident } from '../names';
import { asComparison, levelPredicates, localColumn } from '../predicates';
import type { SqlStatement, Token } from '../parser';
import type { QueryLevel, RangeEntry } from '../query';
import { columnRefs, containsSubquery, queryLevels } from '../query';
import type { Catalog } from '../schema';
import { Catalog as CatalogClass, isVolatileCall } from '../schema';
import type { RewriteCandidate } from './types';

/**
 * Rewrite candidates for one statement, made by splicing the statement's own text at AST spans (so
 * comments, layout and the user's names survive): NOT IN (subquery) → NOT EXISTS, `(SELECT count(*) …) > 0`
 * → EXISTS, aggregate-after-join → aggregate in a CTE first, HAVING without aggregates → WHERE. Each is a
 * hypothesis until `checkEquivalence` has compared its rows with the original's.
 */

/** A replacement of `[start, end)` of the fragment's SQL. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

export interface SplicedRewrite extends RewriteCandidate {
  /** The edits to the fragment's SQL that make `sql` out of the statement. */
  splices: Splice[];
  /** The table whose reads the rewrite moves (the aggregated child): its indexes matter most afterwards. */
  table?: string;
  /**
   * Keyset pagination: a query for the key values the new parameters take to fetch the same page as the
   * original OFFSET (the last key of the previous page), and the rewrite with those values as literals.
   */
  keyset?: { probe: string; withValues(values: readonly unknown[]): string };
  /**
   * The rewrite is only sensible with an index the schema lacks (a LATERAL aggregate probing the child's
   * key per row): without it every probe scans the child table, so it is neither run on the measurement
   * rows nor timed without that index.
   */
  needsIndex?: boolean;
}

export function rewriteCandidates(statement: SqlStatement, sql: string, catalog: Catalog): SplicedRewrite[] {
  if (statement.type !== 'SelectStmt') return [];
  const levels = queryLevels(statement.node, catalog);
  const out: SplicedRewrite[] = [];
  const context: RewriteContext = { statement, sql, catalog, levels };
  for (const make of [notExists, existsForCount, preAggregate, havingToWhere, keyset]) {
    try {
      out.push(...make(context));
    } catch {
      // A shape this rewrite does not model: no candidate from it, the others still run.
    }
  }
  return out;
}

interface RewriteContext {
  statement: SqlStatement;
  sql: string;
  catalog: Catalog;
  levels: QueryLevel[];
}

function span(context: RewriteContext, node: Node | NodeRef | undefined): Span | undefined {
  return nodeSpan(node, context.statement.tokens);
}

/**
 * `spanOf`, completed where it stops short: a qualified name ends at its last part (`u.id`, not `u`), and a
 * SELECT starts at its keyword.
 */
export function nodeSpan(node: Node | NodeRef | undefined, tokens: readonly Token[]): Span | undefined {
  const s = spanOf(node, tokens);
  if (!s) return undefined;
  let last = tokenIndexAt(tokens, s.end - 1);
  if (last < 0) return s;
  while (tokens[last + 1]?.text === '.' && tokens[last + 2]) last += 2;
  if (asRef(node)?.type === 'SortBy')
    while (/^(ASC|DESC|NULLS|FIRST|LAST)$/.test(tokens[last + 1]?.keyword ?? '')) last++;
  let start = s.start;
  if (asRef(node)?.type === 'SelectStmt') {
    const select = previousToken(tokens, start, (t) => t.keyword === 'SELECT', 2);
    if (select) start = select.start;
  }
  return { start, end: Math.max(s.end, tokens[last].end) };
}

function text(context: RewriteContext, node: Node | NodeRef | undefined): string {
  const s = span(context, node);
  if (!s) throw new Error('node without a span');
  return context.sql.slice(s.start, s.end);
}

/** The statement's text with the splices applied. */
export function applySplices(sql: string, start: number, end: number, splices: readonly Splice[]): string {
  let out = '';
  let at = start;
  for (const splice of [...splices].sort((a, b) => a.start - b.start)) {
    if (splice.start < at) throw new Error('overlapping splices');
    out += sql.slice(at, splice.start) + splice.text;
    at = splice.end;
  }
  return out + sql.slice(at, end);
}

function candidate(
  context: RewriteContext,
  rewrite: string,
  title: string,
  reason: string,
  splices: Splice[],
  newParameters?: string[],
): SplicedRewrite {
  const { statement, sql } = context;
  return {
    kind: 'rewrite',
    rewrite,
    title,
    reason,
    splices,
    sql: applySplices(sql, statement.start, statement.end, splices),
    newParameters,
  };
}

function parenthesise(ref: NodeRef | undefined, value: string): string {
  return ref?.type === 'BoolExpr' && ref.node.boolop === 'OR_EXPR' ? `(${value})` : value;
}

/** The level a node of the statement belongs to (the innermost level containing its location). */
function levelOf(context: RewriteContext, node: Payload): QueryLevel | undefined {
  let found: QueryLevel | undefined;
  for (const level of context.levels) {
    walk(level.ref, (ref) => {
      if (ref.node === node) found = level;
      if (ref.type === 'SelectStmt' && ref.node !== level.ref.node) return 'skip';
    });
  }
  return found;
}

/** The text of an outer expression with bare column names qualified, so a subquery cannot capture them. */
function qualifiedText(context: RewriteContext, level: QueryLevel, node: NodeRef): string | undefined {
  const s = span(context, node);
  if (!s) return undefined;
  const cuts: Splice[] = [];
  for (const ref of columnRefs(node)) {
    const parts = columnParts(ref.node);
    if (parts.length >= 2) continue;
    const resolved = level.scope.resolveLocal(ref.node);
    if (!resolved) return undefined;
    const at = span(context, ref)!;
    cuts.push({ start: at.start, end: at.end, text: `${ident(resolved.entry.alias)}.${ident(resolved.column)}` });
  }
  return applySplices(context.sql, s.start, s.end, cuts);
}

/** A subquery simple enough to become an EXISTS: one FROM list, no grouping, limits, set operations or CTEs. */
function simpleSubselect(ref: NodeRef | undefined): boolean {
  if (ref?.type !== 'SelectStmt') return false;
  const n = ref.node;
  return (
    (n.fromClause ?? []).length > 0 &&
    !(n.groupClause ?? []).length &&
    !n.havingClause &&
    !n.limitCount &&
    !n.limitOffset &&
    !(n.distinctClause ?? []).length &&
    !n.withClause &&
    (!n.op || n.op === 'SETOP_NONE')
  );
}

function fromText(context: RewriteContext, select: Payload): string {
  const items: Node[] = select.fromClause;
  const first = span(context, items[0]);
  const last = span(context, items[items.length - 1]);
  if (!first || !last) throw new Error('FROM without a span');
  return context.sql.slice(first.start, last.end);
}

/** `x NOT IN (SELECT y FROM t WHERE w)` → `NOT EXISTS (SELECT 1 FROM t WHERE (w) AND y = x)`. */
function notExists(context: RewriteContext): SplicedRewrite[] {
  const out: SplicedRewrite[] = [];
  walk(context.statement.node, (ref) => {
    if (ref.type !== 'BoolExpr' || ref.node.boolop !== 'NOT_EXPR') return;
    const sublink = asRef(ref.node.args?.[0]);
    if (sublink?.type !== 'SubLink' || sublink.node.subLinkType !== 'ANY_SUBLINK') return;
    const op = names(sublink.node.operName).pop();
    if (op !== undefined && op !== '=') return;
    const subselect = asRef(sublink.node.subselect);
    const test = asRef(sublink.node.testexpr);
    if (!subselect || !simpleSubselect(subselect) || !test || test.type === 'RowExpr') return;
    const targets = subselect.node.targetList ?? [];
    if (targets.length !== 1) return;
    const level = levelOf(context, sublink.node);
    if (!level) return;
    const outer = qualifiedText(context, level, test);
    const inner = asRef(asRef(targets[0])?.node.val);
    const whole = span(context, ref);
    if (!outer || !inner || !whole) return;
    const where = subselect.node.whereClause
      ? `${parenthesise(asRef(subselect.node.whereClause), text(context, subselect.node.whereClause))} AND `
      : '';
    const replacement = `NOT EXISTS (SELECT 1 FROM ${fromText(context, subselect.node)} WHERE ${where}${text(context, inner)} = ${outer})`;
    out.push(
      candidate(
        context,
        'not-exists',
        'Rewrite NOT IN (subquery) as NOT EXISTS',
        'NOT EXISTS runs as an anti-join and does not turn into "no rows at all" when the subquery yields a NULL',
        [{ start: whole.start, end: whole.end, text: replacement }],
      ),
    );
    return 'skip';
  });
  return out;
}

/** `(SELECT count(*) FROM t WHERE w) > 0` → `EXISTS (SELECT 1 FROM t WHERE w)`; `= 0` → NOT EXISTS. */
function existsForCount(context: RewriteContext): SplicedRewrite[] {
  const out: SplicedRewrite[] = [];
  walk(context.statement.node, (ref) => {
    const comparison = asComparison(ref);
    if (!comparison || comparison.kind !== 'op') return;
    const left = comparison.left;
    const right = asRef(comparison.right as Node);
    let sub: NodeRef | undefined;
    let bound: number | undefined;
    let operator = comparison.operator;
    if (left?.type === 'SubLink') {
      sub = left;
      bound = integerValue(right as never);
    } else if (right?.type === 'SubLink') {
      sub = right;
      bound = integerValue(left as never);
      operator = ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[operator] ?? operator;
    }
    if (!sub || sub.node.subLinkType !== 'EXPR_SUBLINK' || bound === undefined) return;
    const negate =
      (operator === '=' && bound === 0) || (operator === '<' && bound === 1) || (operator === '<=' && bound === 0);
    const positive =
      (operator === '>' && bound === 0) || (operator === '>=' && bound === 1) || (operator === '<>' && bound === 0);
    if (!negate && !positive) return;
    const subselect = asRef(sub.node.subselect);
    if (!subselect || !simpleSubselect(subselect)) return;
    const targets = subselect.node.targetList ?? [];
    const count = asRef(asRef(targets[0])?.node.val);
    if (
      targets.length !== 1 ||
      count?.type !== 'FuncCall' ||
      funcName(count.node) !== 'count' ||
      !count.node.agg_star ||
      count.node.agg_filter
    )
      return;
    const whole = span(context, ref);
    const target = span(context, count);
    const linkSpan = span(context, sub);
    if (!whole || !target || !linkSpan || context.sql[linkSpan.start] !== '(') return;
    const inner = applySplices(context.sql, linkSpan.start + 1, linkSpan.end - 1, [{ ...target, text: '1' }]);
    out.push(
      candidate(
        context,
        'exists',
        negate ? 'Rewrite count(*) = 0 as NOT EXISTS' : 'Rewrite count(*) > 0 as EXISTS',
        'EXISTS stops at the first matching row; count(*) reads them all',
        [{ start: whole.start, end: whole.end, text: `${negate ? 'NOT ' : ''}EXISTS (${inner})` }],
      ),
    );
    return 'skip';
  });
  return out;
}

/** HAVING conditions without aggregates filter rows, not groups: in WHERE they run before the grouping. */
function havingToWhere(context: RewriteContext): SplicedRewrite[] {
  const out: SplicedRewrite[] = [];
  for (const level of context.levels) {
    const node = level.ref.node;
    if (level.ref.type !== 'SelectStmt' || !node.havingClause || !(node.groupClause ?? []).length) continue;
    const all = conjuncts(node.havingClause);
    const movable = all.filter(
      (c) => !containsAggregate(c) && !containsSubquery(c) && !hasVolatile(c) && columnRefs(c).length > 0,
    );
    if (movable.length === 0) continue;
    const moved = movable.map((c) => parenthesise(c, text(context, c))).join(' AND ');
    const splices: Splice[] = [];
    if (node.whereClause) {
      const where = span(context, node.whereClause)!;
      splices.push({
        ...where,
        text: `${parenthesise(asRef(node.whereClause), context.sql.slice(where.start, where.end))} AND ${moved}`,
      });
    } else {
      const firstGroup = span(context, node.groupClause[0]);
      const group =
        firstGroup && previousToken(context.statement.tokens, firstGroup.start, (t) => t.keyword === 'GROUP', 4);
      if (!group) continue;
      splices.push({ start: group.start, end: group.start, text: `WHERE ${moved} ` });
    }
    const having = span(context, node.havingClause)!;
    const keyword = previousToken(context.statement.tokens, having.start, (t) => t.keyword === 'HAVING', 2);
    if (!keyword) continue;
    const rest = all.filter((c) => !movable.includes(c));
    if (rest.length === 0) {
      // Take the whitespace before HAVING with it.
      let start = keyword.start;
      while (start > 0 && /\s/.test(context.sql[start - 1])) start--;
      splices.push({ start, end: having.end, text: '' });
    } else {
      splices.push({ ...having, text: rest.map((c) => parenthesise(c, text(context, c))).join(' AND ') });
    }
    out.push(
      candidate(
        context,
        'predicate-move',
        'Move HAVING conditions without aggregates to WHERE',
        'rows are filtered before they are grouped instead of after',
        splices,
      ),
    );
  }
  return out;
}

function hasVolatile(ref: NodeRef): boolean {
  let found = false;
  walk(ref, (r) => {
    if (isVolatileCall(r)) found = true;
  });
  return found;
}

/**
 * The workshop pattern: `FROM parent … LEFT JOIN child c ON parent.id = c.parent_id … GROUP BY parent… `
 * with aggregates over the child only. The child is aggregated once per join key in a CTE, and the CTE
 * (one row per key) joined instead, so the GROUP BY over the joined rows goes away. Offered only when the
 * GROUP BY keeps one row per row of every other table (their keys are grouped, or they join on their key).
 */
function preAggregate(context: RewriteContext): SplicedRewrite[] {
  const out: SplicedRewrite[] = [];
  const top = context.levels[0];
  if (!top || top.ref.type !== 'SelectStmt') return out;
  const node = top.ref.node;
  if (!(node.groupClause ?? []).length || node.havingClause || (node.distinctClause ?? []).length || node.groupDistinct)
    return out;
  if (node.withClause?.recursive) return out;

  // Aggregates in the select list and ORDER BY.
  const aggregates: NodeRef[] = [];
  const visit = (expr: Node | undefined) =>
    walk(expr, (ref) => {
      if (ref.type === 'SubLink') return 'skip';
      if (isAggregateCall(ref)) {
        aggregates.push(ref);
        return 'skip';
      }
    });
  for (const t of node.targetList ?? []) visit(asRef(t)?.node.val);
  for (const s of node.sortClause ?? []) visit(asRef(s)?.node.node);
  if (aggregates.length === 0) return out;

  // Every aggregate reads exactly one table entry, the same for all.
  const owners = new Set<RangeEntry>();
  for (const a of aggregates) {
    if (a.node.agg_order?.length || a.node.agg_within_group) return out;
    const refs = columnRefs(a);
    for (const c of refs) {
      const resolved = localColumn(top.scope, c);
      if (!resolved) return out;
      owners.add(resolved.entry);
    }
    if (refs.length === 0 && !(funcName(a.node) === 'count' && a.node.agg_star)) return out;
  }
  if (owners.size !== 1) return out;
  const child = [...owners][0];
  if (!child.rangeVar || !child.table) return out;

  // The child is joined by equality of its columns to other tables' columns in its own ON clause, and used nowhere else.
  const join = joinOf(top, child);
  if (!join?.quals) return out;
  const keys: string[] = [];
  for (const conjunct of conjuncts(join.quals)) {
    const comparison = asComparison(conjunct);
    if (!comparison || comparison.kind !== 'op' || comparison.operator !== '=') return out;
    const a = localColumn(top.scope, comparison.left);
    const b = localColumn(top.scope, asRef(comparison.right as Node));
    const mine = a?.entry === child ? a : b?.entry === child ? b : undefined;
    const other = mine === a ? b : a;
    if (!mine || !other || other.entry === child) return out;
    if (!keys.includes(mine.column)) keys.push(mine.column);
  }
  if (keys.length === 0) return out;
  const aggregateNodes = new Set(aggregates.map((a) => a.node));
  let usedElsewhere = false;
  walk(top.ref, (ref, parents) => {
    if (ref.type === 'SubLink') return 'skip';
    if (ref.type !== 'ColumnRef') return;
    if (localColumn(top.scope, ref)?.entry !== child) return;
    if (parents.some((p) => aggregateNodes.has(p.node) || p.node === join)) return;
    usedElsewhere = true;
  });
  if (usedElsewhere) return out;
  const outerJoin = child.nullable;
  if (outerJoin && aggregates.some((a) => a.node.agg_star)) return out;

  // Every other table keeps one row per group: its primary key is grouped (through a column of it), or it
  // joins on its own unique key.
  const grouped = new Set<string>();
  for (const g of node.groupClause) {
    const column = localColumn(top.scope, asRef(g));
    if (column) grouped.add(`${column.entry.alias}.${column.column}`);
  }
  const groupedTables = top.scope.baseTables.filter(
    (e) =>
      e !== child &&
      e.table &&
      CatalogClass.isUniqueSet(
        e.table,
        new Set([...grouped].filter((k) => k.startsWith(`${e.alias}.`)).map((k) => k.slice(e.alias.length + 1))),
      ),
  );
  for (const entry of top.scope.entries) {
    if (entry === child) continue;
    if (entry.kind !== 'table' || !entry.table) return out;
    if (groupedTables.includes(entry)) continue;
    if (!joinsOnUniqueKey(top, entry)) return out;
  }
  if (groupedTables.length === 0) return out;

  // Build the CTE and the splices.
  const relname = String(child.rangeVar.relname);
  const existing = new Set<string>();
  walk(context.statement.node, (ref) => {
    if (ref.type === 'CommonTableExpr') existing.add(String(ref.node.ctename));
  });
  let cte = `${relname}_agg`;
  for (let i = 2; existing.has(cte) || context.catalog.resolve(cte); i++) cte = `${relname}_agg${i}`;
  const childTable = child.rangeVar.schemaname
    ? `${ident(String(child.rangeVar.schemaname))}.${ident(relname)}`
    : ident(relname);
  const childAlias = child.alias;
  const columns: string[] = [];
  const splices: Splice[] = [];
  const named = new Map<string, string>();
  aggregates.forEach((a, i) => {
    const s = span(context, a)!;
    const aggregateText = context.sql.slice(s.start, s.end);
    let column = named.get(aggregateText);
    if (!column) {
      column = `agg_${i + 1}`;
      named.set(aggregateText, column);
      columns.push(`${aggregateText} AS ${column}`);
    }
    const counts = funcName(a.node) === 'count';
    const reference = `${ident(childAlias)}.${column}`;
    splices.push({ ...s, text: outerJoin && counts ? `COALESCE(${reference}, 0)` : reference });
  });
  const keyList = keys.map((k) => `${ident(childAlias)}.${ident(k)}`).join(', ');
  const body = `SELECT ${keyList}, ${columns.join(', ')} FROM ${childTable}${childAlias !== relname ? ` ${ident(childAlias)}` : ''} GROUP BY ${keyList}`;
  // The child's FROM item becomes the CTE, under the same alias: the ON clause stays as written.
  const relation = rangeVarNameSpan(context, child.rangeVar);
  if (!relation) return out;
  splices.push({
    ...relation,
    text: childAlias === relname && !child.rangeVar.alias ? `${cte} AS ${ident(relname)}` : cte,
  });
  // GROUP BY goes: every group is one row already.
  const groupSpan = groupBySpan(context, node);
  if (!groupSpan) return out;
  splices.push({ ...groupSpan, text: '' });
  // The CTE goes in front (or joins an existing WITH).
  if (node.withClause) {
    const firstCte = span(context, node.withClause.ctes?.[0]);
    if (!firstCte) return out;
    const nameToken = previousToken(
      context.statement.tokens,
      firstCte.start + 1,
      (t) => t.kind === 'ident' || t.kind === 'keyword',
      1,
    );
    const at = nameToken?.start ?? firstCte.start;
    splices.push({ start: at, end: at, text: `${cte} AS (${body}), ` });
  } else {
    splices.push({ start: context.statement.start, end: context.statement.start, text: `WITH ${cte} AS (${body})\n` });
  }
  // Per outer row through LATERAL (an index on the join key serves it; only the rows that survive the
  // other filters are aggregated). For an outer join only: an aggregate without GROUP BY always yields a row.
  const quals = span(context, join.quals);
  if (outerJoin && quals && relation) {
    const lateralSplices = splices.filter(
      (sp) =>
        sp.start !== relation.start &&
        sp.start !== context.statement.start &&
        !(node.withClause && sp.text.startsWith(`${cte} AS (`)),
    );
    const lateral = `LATERAL (SELECT ${columns.join(', ')} FROM ${childTable}${childAlias !== relname || child.rangeVar.alias ? ` ${ident(childAlias)}` : ''} WHERE ${context.sql.slice(quals.start, quals.end)}) ${ident(childAlias)} ON true`;
    lateralSplices.push({ start: relation.start, end: quals.end, text: lateral });
    out.push(
      candidate(
        context,
        'pre-aggregate-lateral',
        `Aggregate ${relname} per row through a LATERAL subquery, then drop the GROUP BY`,
        `each row that passes the other filters aggregates only its own ${relname} rows (an index on ${keys.join(', ')} serves it) instead of grouping every joined row`,
        lateralSplices,
      ),
    );
    out[out.length - 1].table = child.table.key;
    out[out.length - 1].needsIndex = !child.table.indexes.some(
      (index) => index.method === 'btree' && !index.partial && keys.every((k, i) => index.keys[i]?.column === k),
    );
  }
  out.push(
    candidate(
      context,
      'pre-aggregate',
      `Aggregate ${relname} per ${keys.join(', ')} first, then join (CTE ${cte})`,
      `the aggregate reads ${relname} once per key instead of grouping every joined row; the GROUP BY over the join goes away`,
      splices,
    ),
  );
  out[out.length - 1].table = child.table.key;
  return out;
}

/** The JoinExpr that brings `entry` in (its right side, or left of a RIGHT JOIN). */
function joinOf(level: QueryLevel, entry: RangeEntry): Payload | undefined {
  let found: Payload | undefined;
  walk(level.ref, (ref) => {
    if (ref.type === 'SubLink' || (ref.type === 'SelectStmt' && ref.node !== level.ref.node)) return 'skip';
    if (ref.type !== 'JoinExpr') return;
    for (const side of [ref.node.rarg, ref.node.larg]) {
      const s = asRef(side);
      if (s?.type === 'RangeVar' && s.node === entry.rangeVar) found = ref.node;
    }
  });
  return found;
}

/** Does the entry join (in its own ON clause) on columns that are unique in its table? */
function joinsOnUniqueKey(level: QueryLevel, entry: RangeEntry): boolean {
  const join = joinOf(level, entry);
  const predicates = join?.quals ? conjuncts(join.quals) : conjuncts(levelPredicates(level).where);
  const columns = new Set<string>();
  for (const conjunct of predicates) {
    const comparison = asComparison(conjunct);
    if (!comparison || comparison.kind !== 'op' || comparison.operator !== '=') continue;
    const a = localColumn(level.scope, comparison.left);
    const b = localColumn(level.scope, asRef(comparison.right as Node));
    if (a?.entry === entry && b && b.entry !== entry) columns.add(a.column);
    if (b?.entry === entry && a && a.entry !== entry) columns.add(b.column);
  }
  return !!entry.table && CatalogClass.isUniqueSet(entry.table, columns);
}

/** Span of a FROM item's relation name (`reviews`, `public.reviews`), alias excluded. */
function rangeVarNameSpan(context: RewriteContext, rangeVar: Payload): Span | undefined {
  const tokens = context.statement.tokens;
  const at = tokens.findIndex((t) => t.start === rangeVar.location);
  if (at < 0) return undefined;
  let last = at;
  while (tokens[last + 1]?.text === '.' && tokens[last + 2]) last += 2;
  return { start: tokens[at].start, end: tokens[last].end };
}

/** From `GROUP` to the end of the last grouping item, with the whitespace before it. */
function groupBySpan(context: RewriteContext, node: Payload): Span | undefined {
  const items: Node[] = node.groupClause;
  const first = span(context, items[0]);
  const last = span(context, items[items.length - 1]);
  if (!first || !last) return undefined;
  const group = previousToken(context.statement.tokens, first.start, (t) => t.keyword === 'GROUP', 4);
  if (!group) return undefined;
  let start = group.start;
  while (start > 0 && /\s/.test(context.sql[start - 1])) start--;
  return { start, end: last.end };
}

/**
 * `ORDER BY <unique key> … OFFSET n` → `WHERE (<key>) > ($k) ORDER BY … ` without the OFFSET: the page after
 * the last key the caller saw, read through the index instead of skipping n rows. It needs a new parameter,
 * so it is advice (it changes the API), never a silent fix.
 */
function keyset(context: RewriteContext): SplicedRewrite[] {
  const top = context.levels[0];
  const node = top?.ref.node;
  if (
    !top ||
    top.ref.type !== 'SelectStmt' ||
    !node.limitOffset ||
    (node.groupClause ?? []).length ||
    (node.distinctClause ?? []).length
  )
    return [];
  if (node.op && node.op !== 'SETOP_NONE') return [];
  const offset = integerValue(node.limitOffset);
  if (offset === undefined || offset < 1) return [];
  const sorts: Payload[] = (node.sortClause ?? []).map((x: Node) => asRef(x)!.node);
  if (sorts.length === 0) return [];
  const keys = sorts.map((sort) => ({ sort, column: localColumn(top.scope, asRef(sort.node)) }));
  const entry = keys[0].column?.entry;
  const direction = sorts[0].sortby_dir;
  if (
    !entry?.table ||
    keys.some(
      (k) =>
        k.column?.entry !== entry ||
        k.sort.sortby_dir !== direction ||
        (k.sort.sortby_nulls ?? 'SORTBY_NULLS_DEFAULT') !== 'SORTBY_NULLS_DEFAULT',
    )
  )
    return [];
  const columns = keys.map((k) => k.column!.column);
  if (
    !CatalogClass.isUniqueSet(entry.table, new Set(columns)) ||
    columns.some((c) => !entry.table!.columns.get(c)?.notNull)
  )
    return [];
  let maxParam = 0;
  walk(context.statement.node, (ref) => {
    if (ref.type === 'ParamRef') maxParam = Math.max(maxParam, Number(ref.node.number ?? 0));
  });
  const keyTexts = keys.map((k) => text(context, asRef(k.sort.node)));
  const op = direction === 'SORTBY_DESC' ? '<' : '>';
  const condition = (values: readonly string[]) =>
    keyTexts.length === 1
      ? `${keyTexts[0]} ${op} ${values[0]}`
      : `(${keyTexts.join(', ')}) ${op} (${values.join(', ')})`;
  const params = keyTexts.map((_, i) => `$${maxParam + i + 1}`);

  const tokens = context.statement.tokens;
  const offsetSpan = span(context, node.limitOffset);
  const offsetKeyword = offsetSpan && previousToken(tokens, offsetSpan.start, (t) => t.keyword === 'OFFSET', 1);
  const firstSort = span(context, node.sortClause[0]);
  const order = firstSort && previousToken(tokens, firstSort.start, (t) => t.keyword === 'ORDER', 3);
  if (!offsetSpan || !offsetKeyword || !order) return [];
  let offsetEnd = offsetSpan.end;
  const after = tokens.find((t) => t.start >= offsetEnd);
  if (after && (after.keyword === 'ROWS' || after.keyword === 'ROW')) offsetEnd = after.end;
  let offsetStart = offsetKeyword.start;
  while (offsetStart > 0 && /\s/.test(context.sql[offsetStart - 1])) offsetStart--;
  const splicesWith = (values: readonly string[]): Splice[] => {
    const out: Splice[] = [{ start: offsetStart, end: offsetEnd, text: '' }];
    if (node.whereClause) {
      const where = span(context, node.whereClause)!;
      out.push({
        ...where,
        text: `${parenthesise(asRef(node.whereClause), context.sql.slice(where.start, where.end))} AND ${condition(values)}`,
      });
    } else out.push({ start: order.start, end: order.start, text: `WHERE ${condition(values)} ` });
    return out;
  };
  const where = node.whereClause ? ` WHERE ${text(context, node.whereClause)}` : '';
  const orderText = context.sql.slice(order.start, span(context, node.sortClause[node.sortClause.length - 1])!.end);
  const probe = `SELECT ${keyTexts.join(', ')} FROM ${fromText(context, node)}${where} ${orderText} OFFSET ${offset - 1} LIMIT 1`;
  const rewrite = candidate(
    context,
    'keyset',
    `Paginate by key (${keyTexts.join(', ')}) instead of OFFSET ${offset}`,
    `OFFSET ${offset} reads and discards ${offset} rows on every page; keyset pagination starts at the last key the caller saw, through the index on ${columns.join(', ')}`,
    splicesWith(params),
    keyTexts.map((k, i) => `${params[i]}: ${k} of the last row of the previous page`),
  );
  rewrite.table = entry.table.key;
  rewrite.keyset = {
    probe,
    withValues: (values) =>
      applySplices(context.sql, context.statement.start, context.statement.end, splicesWith(values.map(sqlLiteral))),
  };
  return [rewrite];
}

function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `'${text.replace(/'/g, "''")}'`;
}
