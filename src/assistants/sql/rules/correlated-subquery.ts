import type { Node } from '@pgsql/types';
import type { NodeRef, Payload } from '../ast';
import { asRef, conjuncts, expressionKey, findAll, walk } from '../ast';
import { tableLabel } from '../names';
import { asComparison, eachComparison, levelPredicates, localColumn } from '../predicates';
import type { QueryLevel } from '../query';
import { refersToOuter } from '../query';
import type { SqlRule } from '../rule';
import type { TableInfo } from '../schema';
import { Catalog } from '../schema';

/**
 * A scalar subquery in the select list that refers to the outer row (`(SELECT avg(r.rating) FROM reviews r
 * WHERE r.product_id = p.id)`): PostgreSQL runs it once per output row. Warning when the correlated column
 * has no index (each execution scans the table), informational otherwise.
 */
export const correlatedSubquery: SqlRule = {
  id: 'correlated-subquery',
  assistant: 'sql',
  title: 'Correlated subquery in the select list runs once per row',
  defaultSeverity: 'info',
  impact: 'medium',
  effort: 'medium',
  roadmap: {
    task: 'Turn {count} per-row {subquery|subqueries} into joins',
    baseHours: 1,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation: 'A LEFT JOIN to a pre-aggregated subquery returns the same values; check NULL vs 0 for counts.',
    skills: ['SQL'],
  },
  docs: `
## Why it matters

\`SELECT p.id, (SELECT avg(r.rating) FROM reviews r WHERE r.product_id = p.id) FROM products p\` runs the
subquery once for every row of the result (a SubPlan): 2,000 products, 2,000 executions. With an index on
the correlated column each is a quick lookup; without one, each is a scan of the inner table and the query
grows with the product of both sizes. Two such subqueries over the same table double it.

## How to fix it

Join a pre-aggregated result instead, computed once:

\`\`\`sql
SELECT p.id, rs.avg_rating, coalesce(rs.review_count, 0) AS review_count
FROM products p
LEFT JOIN (SELECT product_id, avg(rating) AS avg_rating, count(*) AS review_count
           FROM reviews GROUP BY product_id) rs ON rs.product_id = p.id;
\`\`\`

or a \`LEFT JOIN LATERAL\` when only a few outer rows are returned; and index the correlated column.

Not reported where the outer query returns one row at most (\`WHERE o.id = $1\`, and each joined table reached by
its own key): the subquery then runs once per execution.

## When to ignore it

The outer query returns a handful of rows (a LIMIT 10 page) and the correlated column is indexed.
`,
  check(context) {
    const levels = context.levels();
    // Every SELECT comes here and few have a subquery in their output: the level index is made at the first.
    let byNode: Map<Payload, QueryLevel> | undefined;
    for (const level of levels) {
      if (level.ref.type !== 'SelectStmt') continue;
      let perTable: Map<string, number> | undefined;
      // The level's expression subqueries (their kinds checked below): a visitor of the module collects them, so a
      // SELECT without one (most) costs no closure and no list.
      for (const t of level.ref.node.targetList ?? []) walk(asRef(t)?.node.val, collectSubLink);
      if (SUBLINKS.length === 0) continue;
      const sublinks = SUBLINKS.splice(0);
      const found: {
        sublink: NodeRef;
        inner: QueryLevel;
        indexed: boolean | undefined;
        table?: string;
        column?: string;
      }[] = [];
      for (const ref of sublinks) {
        if (ref.node.subLinkType !== 'EXPR_SUBLINK' && ref.node.subLinkType !== 'ARRAY_SUBLINK') continue;
        const sub = asRef(ref.node.subselect);
        byNode ??= new Map(levels.map((l) => [l.ref.node, l]));
        const inner = sub && byNode.get(sub.node);
        if (!inner) continue;
        const correlation = correlated(inner, level);
        if (!correlation) continue;
        found.push({ sublink: ref, inner, ...correlation });
        if (correlation.table) {
          perTable ??= new Map();
          perTable.set(correlation.table, (perTable.get(correlation.table) ?? 0) + 1);
        }
      }
      // Asked only where a correlated subquery was found: most SELECTs have none, and the one-row test reads every
      // predicate and unique key of the level.
      if (found.length === 0 || atMostOneRow(level)) continue;
      const limit = level.ref.node.limitCount
        ? 'each row returned'
        : 'every row of the result (this query has no LIMIT)';
      for (const item of found) {
        const others = item.table ? (perTable?.get(item.table) ?? 1) - 1 : 0;
        const unindexed = item.indexed === false;
        const scan = unindexed
          ? ` ${item.table}.${item.column} has no index, so each execution scans ${item.table}: the cost grows with both tables (small tables are fine).`
          : item.indexed
            ? ` Each execution is an index lookup on ${item.table}.${item.column}.`
            : '';
        context.report({
          range: context.rangeOf(item.sublink)!,
          severity: unindexed ? 'warning' : undefined,
          message:
            `This subquery refers to the outer row, so it runs once for ${limit}.${scan}` +
            `${others > 0 ? ` ${others + 1} subqueries here read ${item.table} per row.` : ''} Join a pre-aggregated ${item.table ?? 'subquery'} (GROUP BY its key) or use LEFT JOIN LATERAL instead.`,
        });
      }
    }
  },
};

/** The SubLinks collectSubLink found, outermost only (a walk does not enter them), in walk order. */
const SUBLINKS: NodeRef[] = [];

function collectSubLink(ref: NodeRef): void | 'skip' {
  if (ref.type !== 'SubLink') return;
  SUBLINKS.push(ref);
  return 'skip';
}

/**
 * The level returns one row at most: each of its tables is pinned by an equality on a unique key (`WHERE
 * campaigns.id = $1`, `LEFT JOIN templates ON templates.id = campaigns.template_id`) to a value or to a
 * column of another table, so a subquery in its select list runs once per execution, not per row.
 */
function atMostOneRow(level: QueryLevel): boolean {
  const entries = level.scope.entries;
  if (entries.length === 0 || entries.some((e) => e.kind !== 'table' || !e.table)) return false;
  const pinned = new Map(entries.map((e) => [e, new Set<string>()]));
  const { where, quals } = levelPredicates(level);
  for (const expr of [where, ...quals])
    for (const condition of conjuncts(expr)) {
      const comparison = asComparison(condition);
      if (comparison?.kind !== 'op' || comparison.operator !== '=') continue;
      const sides = [comparison.left, asRef(comparison.right as Node)];
      for (const [i, side] of sides.entries()) {
        const column = localColumn(level.scope, side);
        if (!column) continue;
        // Pinned by something other than its own row: a value, a parameter, another table's column.
        const own = findAll(sides[1 - i], 'ColumnRef').some(
          (c) => level.scope.resolveLocal(c.node)?.entry === column.entry,
        );
        if (!own) pinned.get(column.entry)?.add(column.column);
      }
    }
  return entries.every((e) => Catalog.isUniqueSet(e.table!, pinned.get(e)!));
}

/** Does the inner level compare one of its columns with a column of the outer level? With the inner column's index status. */
function correlated(
  inner: QueryLevel,
  outer: QueryLevel,
): { indexed: boolean | undefined; table?: string; column?: string } | undefined {
  // A subquery that reads no table (`SELECT jsonb_object_agg(f, true) FROM unnest(outer.flags) f`) works on the
  // outer row's own values: per-row arithmetic, nothing to join or pre-aggregate instead.
  const from: Node[] = inner.ref.node.fromClause ?? [];
  if (!from.some((item) => findAll(item, 'RangeVar').length > 0)) return undefined;
  let result: { indexed: boolean | undefined; table?: string; column?: string } | undefined;
  if (!refersToOuter(inner, outer)) return undefined;
  const { where, quals } = levelPredicates(inner);
  for (const expr of [where, ...quals]) {
    eachComparison(expr as Node | undefined, (comparison) => {
      if (result || comparison.operator !== '=') return;
      const sides = [comparison.left, asRef(comparison.right as Node)];
      for (let i = 0; i < 2; i++) {
        const mine = localColumn(inner.scope, sides[i]);
        const other = asRef(sides[1 - i]);
        if (!mine || other?.type !== 'ColumnRef' || inner.scope.isLocal(other.node) !== false) continue;
        const table = mine.entry.table;
        result = {
          indexed: table
            ? !!Catalog.leadingIndexFor(table, [mine.column]) ||
              partialIndexServes(table, mine.column, [where, ...quals])
            : undefined,
          table: tableLabel(table, mine.entry.rangeVar),
          column: mine.column,
        };
        return;
      }
    });
  }
  return result ?? { indexed: undefined };
}

/**
 * A partial index that leads with the column and whose every WHERE condition the subquery repeats, or implies
 * (its `=` on the column implies the index's `column IS NOT NULL`).
 */
function partialIndexServes(table: TableInfo, column: string, predicates: readonly (Node | undefined)[]): boolean {
  const conditions = new Set(predicates.flatMap((p) => conjuncts(p)).map((c) => expressionKey(c)));
  return table.indexes.some(
    (index) =>
      index.partial &&
      index.keys[0]?.column === column &&
      (index.predicateKeys ?? []).length > 0 &&
      index.predicateKeys!.every((k, i) => conditions.has(k) || index.predicateNotNull?.[i] === column),
  );
}
