import type { Node } from '@pgsql/types';
import type { NodeRef, Span } from '../ast';
import { asRef, conjuncts, names, previousToken, walk } from '../ast';
import type { SqlStatement } from '../parser';
import { levelPredicates, localColumn } from '../predicates';
import type { QueryLevel, RangeEntry } from '../query';
import { columnRefs } from '../query';
import { planNodes } from '../plan-engine/plan';
import type { PlanNode } from '../plan-engine/types';
import { nodeSpan } from './rewrites';
import type { PlanFinding } from './types';

/**
 * Where a plan node's problem sits in the SQL, for the plan rules (plan-rules/): the predicates of the table a
 * scan filtered, the ORDER BY or GROUP BY a sort served, the ON clause of a join, the NOT IN of a subplan. Spans
 * are offsets into the parsed text (the fragment), like every AST span.
 */
/** A scan "removes most rows" from this many removed rows and at least 90% of what it read. */
export const MIN_REMOVED_ROWS = 1000;
export const MIN_REMOVED_SHARE = 0.9;
/** Actual vs estimated rows off by this factor (either way) is a misestimate worth a look. */
export const MISESTIMATE_FACTOR = 10;
export const MIN_MISESTIMATE_ROWS = 100;
/** A subplan re-run this many times is a per-row subquery. */
export const MIN_SUBPLAN_LOOPS = 100;

/** Rows a node handed up over all its loops. */
export function rowsOut(node: PlanNode): number {
  return (node.actualRows ?? 0) * (node.actualLoops ?? 1);
}

export function dedupe(findings: PlanFinding[]): PlanFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.kind}:${f.start}:${f.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The range entry a plan node scans: by alias, else by table name. */
function entryOf(levels: readonly QueryLevel[], node: PlanNode): { level: QueryLevel; entry: RangeEntry } | undefined {
  for (const level of levels) {
    const entry =
      level.scope.entries.find((e) => e.kind === 'table' && node.alias !== undefined && e.alias === node.alias) ??
      level.scope.entries.find((e) => e.kind === 'table' && e.rangeVar?.relname === node.relation && !node.alias);
    if (entry) return { level, entry };
  }
  for (const level of levels) {
    const entry = level.scope.entries.find((e) => e.kind === 'table' && e.rangeVar?.relname === node.relation);
    if (entry) return { level, entry };
  }
  return undefined;
}

/** The WHERE / ON conjuncts that test only this table's columns (and name a column the plan's Filter names). */
export function predicateSpan(
  statement: SqlStatement,
  levels: readonly QueryLevel[],
  node: PlanNode,
): Span | undefined {
  const found = entryOf(levels, node);
  if (!found) return undefined;
  const { level, entry } = found;
  const { where, quals } = levelPredicates(level);
  const filter = (node.filter ?? '').toLowerCase();
  const spans: Span[] = [];
  for (const conjunct of [where, ...quals].flatMap((p) => conjuncts(p))) {
    const refs = columnRefs(conjunct);
    if (refs.length === 0) continue;
    const columns = refs.map((r) => localColumn(level.scope, r));
    if (!columns.every((c) => c?.entry === entry)) continue;
    if (filter && !columns.some((c) => new RegExp(`\\b${escape(c!.column.toLowerCase())}\\b`).test(filter))) continue;
    const span = nodeSpan(conjunct, statement.tokens);
    if (span) spans.push(span);
  }
  return union(spans);
}

function union(spans: readonly Span[]): Span | undefined {
  if (spans.length === 0) return undefined;
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}

function topSelect(statement: SqlStatement): NodeRef | undefined {
  const ref = asRef(statement.node);
  return ref?.type === 'SelectStmt' ? ref : undefined;
}

function clauseSpan(statement: SqlStatement, items: Node[] | undefined, keyword: string): Span | undefined {
  if (!items?.length) return undefined;
  const spans = items.map((i) => nodeSpan(i, statement.tokens)).filter((s): s is Span => !!s);
  const all = union(spans);
  if (!all) return undefined;
  const head = previousToken(statement.tokens, all.start, (t) => t.keyword === keyword, 4);
  return { start: head?.start ?? all.start, end: all.end };
}

export function orderBySpan(statement: SqlStatement): Span | undefined {
  return clauseSpan(statement, topSelect(statement)?.node.sortClause, 'ORDER');
}

export function groupBySpan(statement: SqlStatement): Span | undefined {
  return clauseSpan(statement, topSelect(statement)?.node.groupClause, 'GROUP');
}

/** Aliases of the tables scanned below a plan node. */
function scannedAliases(node: PlanNode): Set<string> {
  const out = new Set<string>();
  for (const n of planNodes(node)) {
    if (n.parentRelationship === 'SubPlan' || n.parentRelationship === 'InitPlan') continue;
    if (n.alias) out.add(n.alias);
    else if (n.relation) out.add(n.relation);
  }
  return out;
}

/**
 * The join a plan node performs: the JOIN … ON whose right side is scanned below the node (and whose
 * left side is too), innermost first; for comma joins, the WHERE conjuncts that relate two scanned tables.
 */
export function joinSpan(statement: SqlStatement, levels: readonly QueryLevel[], node: PlanNode): Span | undefined {
  const aliases = scannedAliases(node);
  if (aliases.size < 2 && node.nodeType !== 'Hash') return undefined;
  // A Hash node sits under its join: use the join's aliases (the parent) when there is one.
  let best: { span: Span; size: number } | undefined;
  for (const level of levels) {
    walk(level.ref, (ref) => {
      if (ref.type === 'SubLink' || (ref.type === 'SelectStmt' && ref.node !== level.ref.node)) return 'skip';
      if (ref.type !== 'JoinExpr' || !ref.node.quals) return;
      const right = entryAliases(level, ref.node.rarg);
      const left = entryAliases(level, ref.node.larg);
      const inside =
        [...right].some((a) => aliases.has(a)) && (node.nodeType === 'Hash' || [...left].some((a) => aliases.has(a)));
      if (!inside) return;
      const span = nodeSpan(asRef(ref.node.quals), statement.tokens);
      if (!span) return;
      const head = previousToken(statement.tokens, span.start, (t) => t.keyword === 'ON', 2);
      const size = right.size + left.size;
      if (!best || size < best.size) best = { span: { start: head?.start ?? span.start, end: span.end }, size };
    });
    if (best) return best.span;
    // Comma joins: the WHERE conjuncts that relate two of the scanned tables.
    const spans: Span[] = [];
    for (const conjunct of conjuncts(level.ref.node.whereClause)) {
      const owners = new Set(
        columnRefs(conjunct)
          .map((c) => localColumn(level.scope, c)?.entry.alias)
          .filter((a): a is string => !!a),
      );
      if (owners.size >= 2 && [...owners].every((a) => aliases.has(a))) {
        const span = nodeSpan(conjunct, statement.tokens);
        if (span) spans.push(span);
      }
    }
    if (spans.length > 0) return union(spans);
  }
  return undefined;
}

function entryAliases(level: QueryLevel, item: Node | undefined): Set<string> {
  const out = new Set<string>();
  walk(item, (ref) => {
    if (ref.type === 'RangeSubselect') {
      if (ref.node.alias?.aliasname) out.add(String(ref.node.alias.aliasname));
      return 'skip';
    }
    if (ref.type === 'RangeVar') {
      const entry = level.scope.entries.find((e) => e.rangeVar === ref.node);
      out.add(entry?.alias ?? String(ref.node.relname));
    }
  });
  return out;
}

/** The first `NOT IN (SELECT …)` of the statement. */
export function notInSpan(statement: SqlStatement): Span | undefined {
  let found: Span | undefined;
  walk(statement.node, (ref) => {
    if (found) return 'skip';
    if (ref.type !== 'BoolExpr' || ref.node.boolop !== 'NOT_EXPR') return;
    const arg = asRef(ref.node.args?.[0]);
    if (
      arg?.type === 'SubLink' &&
      arg.node.subLinkType === 'ANY_SUBLINK' &&
      (names(arg.node.operName).pop() ?? '=') === '='
    )
      found = nodeSpan(ref, statement.tokens);
  });
  return found;
}
