import type { Node } from '@pgsql/types';
import type { Range } from '../../../core/finding';
import type { RuleMeta } from '../../../core/rule';
import type { RuleResults } from '../../../core/run-rules';
import { runRules } from '../../../core/run-rules';
import type { NodeRef, Span } from '../ast';
import { asRef, conjuncts, names, previousToken, walk } from '../ast';
import { levelPredicates, localColumn } from '../helpers';
import type { SqlStatement } from '../parser';
import type { QueryLevel, RangeEntry } from '../query';
import { columnRefs, queryLevels } from '../query';
import type { Catalog } from '../schema';
import { planNodes } from './plan';
import { nodeSpan } from './rewrites';
import { planHashSpill, planRowMisestimate, planSeqScanFilter, planSortSpill, planSubplanPerRow } from './rules';
import type { PlanFinding, PlanNode, PlanSummary } from './types';

/**
 * Problems an executed plan shows, put back on the SQL they come from: a sequential scan whose filter
 * throws away most rows → that table's predicates; a sort or hash that spilled to disk → the ORDER BY or
 * the join; a join whose row estimate is off by 10× or more → its ON clause; a NOT IN subquery re-run per
 * row → the NOT IN. Spans are offsets into the parsed text (the fragment), like every AST span. Each plan
 * rule checks every node of the plan; a rule that fails leaves an error naming it and the others still report.
 */

/** A scan "removes most rows" from this many removed rows and at least 90% of what it read. */
const MIN_REMOVED_ROWS = 1000;
const MIN_REMOVED_SHARE = 0.9;
/** Actual vs estimated rows off by this factor (either way) is a misestimate worth a look. */
const MISESTIMATE_FACTOR = 10;
const MIN_MISESTIMATE_ROWS = 100;
/** A subplan re-run this many times is a per-row subquery. */
const MIN_SUBPLAN_LOOPS = 100;

export interface PlanRuleContext {
  /** The plan node being checked; every node of the plan is, parents before children. */
  node: PlanNode;
  statement: SqlStatement;
  levels: readonly QueryLevel[];
  report(finding: PlanFinding): void;
}

export interface PlanRule extends RuleMeta {
  check(context: PlanRuleContext): void;
}

function seqScanFilter({ node, statement, levels, report }: PlanRuleContext): void {
  if (node.nodeType !== 'Seq Scan' || !node.filter) return;
  const kept = rowsOut(node);
  const removed = (node.rowsRemovedByFilter ?? 0) * (node.actualLoops ?? 1);
  if (removed < MIN_REMOVED_ROWS || removed < MIN_REMOVED_SHARE * (removed + kept)) return;
  const span = predicateSpan(statement, levels, node);
  if (!span) return;
  const share = Math.round((100 * removed) / (removed + kept));
  report({
    kind: 'seq-scan-filter',
    message: `Sequential scan on ${node.relation ?? 'a table'}: its filter removed ${count(removed)} of the ${count(removed + kept)} rows it read (${share}%) to keep ${count(kept)} — an index on these columns would read only the rows kept (measured plan, EXPLAIN ANALYZE).`,
    ...span,
    node,
  });
}

function sortSpill({ node, statement, report }: PlanRuleContext): void {
  if (node.nodeType !== 'Sort' || !node.sortSpilled) return;
  const span = orderBySpan(statement) ?? groupBySpan(statement);
  if (!span) return;
  report({
    kind: 'sort-spill',
    message: `The sort spilled to disk (${node.sortMethod ?? 'external sort'}${node.sortSpaceKb ? `, ${count(node.sortSpaceKb)} kB` : ''}): it sorts more rows than work_mem holds. An index that returns the rows in this order, or fewer rows before the sort, avoids it (measured plan).`,
    ...span,
    node,
  });
}

function hashSpill({ node, statement, levels, report }: PlanRuleContext): void {
  if (node.nodeType !== 'Hash' || (node.hashBatches ?? 1) <= 1) return;
  const span = joinSpan(statement, levels, node);
  if (!span) return;
  report({
    kind: 'hash-spill',
    message: `The hash table for this join spilled to disk in ${node.hashBatches} batches: the side it hashes is larger than work_mem. Filter that side first, or join it through an index (measured plan).`,
    ...span,
    node,
  });
}

function rowMisestimate({ node, statement, levels, report }: PlanRuleContext): void {
  if (!/Join$|^Nested Loop$/.test(node.nodeType) || node.actualRows === undefined) return;
  const kept = rowsOut(node);
  const estimated = node.planRows * (node.actualLoops ?? 1);
  const high = Math.max(kept, estimated);
  const low = Math.max(1, Math.min(kept, estimated));
  if (high < MIN_MISESTIMATE_ROWS || high / low < MISESTIMATE_FACTOR) return;
  const span = joinSpan(statement, levels, node);
  if (!span) return;
  report({
    kind: 'row-misestimate',
    message: `The planner expected ${count(estimated)} rows from this join and got ${count(kept)} (${Math.round(high / low)}× ${kept > estimated ? 'more' : 'fewer'}): plans built on that estimate (join order, nested loops) can be far off. Check the statistics of these columns (ANALYZE, extended statistics for correlated columns) (measured plan).`,
    ...span,
    node,
  });
}

function subplanPerRow({ node, statement, report }: PlanRuleContext): void {
  for (const child of node.children) {
    if (child.parentRelationship !== 'SubPlan' || !child.subplanName) continue;
    const childLoops = child.actualLoops ?? 0;
    const hashed = new RegExp(`hashed ${escape(child.subplanName)}\\b`).test(
      `${node.filter ?? ''} ${node.joinCond ?? ''}`,
    );
    if (hashed || childLoops < MIN_SUBPLAN_LOOPS) continue;
    const span = notInSpan(statement);
    if (span) {
      report({
        kind: 'subplan-per-row',
        message: `The NOT IN subquery ran once per outer row (${count(childLoops)} times): it was too large to hash in work_mem. NOT EXISTS runs as an anti-join instead (measured plan).`,
        ...span,
        node: child,
      });
    }
  }
}

/** The plan rules that read a measured plan, in the order they run on each node (`measured-advice` is not one). */
export const PLAN_RULES: readonly PlanRule[] = [
  { ...planSeqScanFilter, check: seqScanFilter },
  { ...planSortSpill, check: sortSpill },
  { ...planHashSpill, check: hashSpill },
  { ...planRowMisestimate, check: rowMisestimate },
  { ...planSubplanPerRow, check: subplanPerRow },
];

export function planFindings(
  plan: PlanSummary,
  statement: SqlStatement,
  catalog: Catalog,
  run: { file: string; errorRange?: () => Range | undefined; rules?: readonly PlanRule[] },
): RuleResults<PlanFinding> {
  const out: RuleResults<PlanFinding> = { findings: [], errors: [] };
  if (!plan.analyzed) return out;
  let levels: QueryLevel[];
  try {
    levels = queryLevels(statement.node, catalog);
  } catch {
    return out;
  }
  for (const node of planNodes(plan.root)) {
    const ran = runRules({
      rules: run.rules ?? PLAN_RULES,
      file: run.file,
      errorRange: run.errorRange,
      check: (rule, report) => rule.check({ node, statement, levels, report }),
      complete: (_rule: PlanRule, finding: PlanFinding) => finding,
    });
    out.findings.push(...ran.findings);
    // A rule that fails on one node likely fails on every node: one error per rule.
    for (const error of ran.errors) if (!out.errors.some((e) => e.message === error.message)) out.errors.push(error);
  }
  return { findings: dedupe(out.findings), errors: out.errors };
}

/** Rows a node handed up over all its loops. */
function rowsOut(node: PlanNode): number {
  return (node.actualRows ?? 0) * (node.actualLoops ?? 1);
}

function dedupe(findings: PlanFinding[]): PlanFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.kind}:${f.start}:${f.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
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
function predicateSpan(statement: SqlStatement, levels: readonly QueryLevel[], node: PlanNode): Span | undefined {
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

function orderBySpan(statement: SqlStatement): Span | undefined {
  return clauseSpan(statement, topSelect(statement)?.node.sortClause, 'ORDER');
}

function groupBySpan(statement: SqlStatement): Span | undefined {
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
function joinSpan(statement: SqlStatement, levels: readonly QueryLevel[], node: PlanNode): Span | undefined {
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
function notInSpan(statement: SqlStatement): Span | undefined {
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
