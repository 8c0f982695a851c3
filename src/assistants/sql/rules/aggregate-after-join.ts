import type { Node } from '@pgsql/types';
import type { NodeRef } from '../ast';
import { asRef, columnParts, containsAggregate, funcName, isAggregateCall, walk } from '../ast';
import { ident, tableLabel } from '../names';
import { asComparison, levelPredicates, localColumn } from '../predicates';
import { unqualifiedText } from '../statement-text';
import type { QueryLevel, RangeEntry } from '../query';
import type { SqlRule, SqlRuleContext } from '../rule';
import { Catalog } from '../schema';

/**
 * The workshop's slow catalogue query: join the many side of a one-to-many relation (every review of every
 * product), GROUP BY the one side, ORDER BY an aggregate of the many side. Every matching child row is
 * joined and aggregated before the LIMIT can apply, and no index can deliver that order. Pre-aggregating
 * the child table per key in a CTE joins one row per parent instead.
 */
export const aggregateAfterJoin: SqlRule = {
  id: 'aggregate-after-join',
  assistant: 'sql',
  title: 'Aggregate over a joined one-to-many table, sorted by the aggregate: pre-aggregate before joining',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'medium',
  roadmap: {
    task: 'Pre-aggregate {count} one-to-many join(s) before sorting by their aggregates',
    baseHours: 2,
    hoursPerPlace: 2,
    risk: 'medium',
    mitigation:
      'Compare results before and after on real data (NULL ordering, ties under LIMIT); measure with EXPLAIN ANALYZE.',
    skills: ['SQL', 'PostgreSQL'],
    after: ['unindexed-foreign-key'],
  },
  docs: `
## Why it matters

\`FROM products p LEFT JOIN reviews r ON p.id = r.product_id … GROUP BY p.id, … ORDER BY AVG(r.rating) DESC
LIMIT 20\` joins **every review of every matching product** — one row per review — then groups them back
into one row per product, computes the averages, sorts all groups and keeps 20. The work grows with the
number of child rows, not with the 20 rows shown, and the \`GROUP BY\` has to carry every selected column of
the parent. This is the workshop's category-page query (3.2 s in production).

There is often a correctness detail too: with a \`LEFT JOIN\`, parents without children get a NULL
average, and \`ORDER BY … DESC\` puts NULLs **first** — unreviewed products top the "best rated" list.

## How to fix it

Aggregate the child table once per key, then join the small result:

\`\`\`sql
WITH review_stats AS (
  SELECT product_id, avg(rating) AS avg_rating, count(*) AS review_count
  FROM reviews GROUP BY product_id
)
SELECT p.id, p.name, …, rs.avg_rating, coalesce(rs.review_count, 0) AS review_count
FROM products p
LEFT JOIN review_stats rs ON rs.product_id = p.id
…
ORDER BY rs.avg_rating DESC NULLS LAST, p.created_at DESC
LIMIT 20;
\`\`\`

An index on the child's key and aggregated column (\`reviews (product_id, rating)\`) lets the CTE read only
the index. The sandbox measures the rewrite on synthetic data before it is offered as a fix.

## When to ignore it

Each parent has only a handful of children and the query filters to a few parents first.
`,
  check(context) {
    for (const level of context.levels()) {
      if (level.ref.type !== 'SelectStmt' || !(level.ref.node.groupClause ?? []).length) continue;
      const sortByAggregate = aggregateSort(level);
      if (!sortByAggregate) continue;
      const aggregates = aggregateCalls(level);
      const many = manySide(level, aggregates);
      if (!many) continue;
      report(context, level, many, aggregates, sortByAggregate);
    }
  },
};

/** The first ORDER BY item that is an aggregate, or the alias of an aggregate output column. */
function aggregateSort(level: QueryLevel): { sort: NodeRef; aggregate: NodeRef } | undefined {
  const targets = (level.ref.node.targetList ?? []).map((t: Node) => asRef(t)!).filter(Boolean);
  for (const s of level.ref.node.sortClause ?? []) {
    const sort = asRef(s)!;
    let expr = asRef(sort.node.node);
    if (expr?.type === 'ColumnRef') {
      const parts = columnParts(expr.node);
      const alias = targets.find((t: NodeRef) => parts.length === 1 && t.node.name === parts[0]);
      if (alias) expr = asRef(alias.node.val);
    }
    if (expr && containsAggregate(expr)) {
      let aggregate: NodeRef | undefined;
      walk(expr, (ref) => {
        if (!aggregate && isAggregateCall(ref)) aggregate = ref;
      });
      if (aggregate) return { sort, aggregate };
    }
  }
  return undefined;
}

interface AggregateUse {
  call: NodeRef;
  /** Output alias, if the select list names it. */
  alias?: string;
}

function aggregateCalls(level: QueryLevel): AggregateUse[] {
  const out: AggregateUse[] = [];
  for (const t of level.ref.node.targetList ?? []) {
    const target = asRef(t);
    walk(target?.node.val, (ref) => {
      if (ref.type === 'SubLink') return 'skip';
      if (isAggregateCall(ref)) out.push({ call: ref, alias: target?.node.name });
    });
  }
  return out;
}

interface ManySide {
  entry: RangeEntry;
  /** Child key column (reviews.product_id) and the parent side's column (products.id). */
  childKey: string;
  parent: RangeEntry;
  parentKey: string;
  join: NodeRef;
}

/** The entry every aggregate reads, joined one-to-many to another entry of the query. */
function manySide(level: QueryLevel, aggregates: AggregateUse[]): ManySide | undefined {
  const owners = new Set<RangeEntry>();
  for (const a of aggregates) {
    walk(a.call, (ref) => {
      if (ref.type !== 'ColumnRef') return;
      const resolved = level.scope.resolveLocal(ref.node);
      if (resolved) owners.add(resolved.entry);
    });
  }
  if (owners.size !== 1) return undefined;
  const entry = [...owners][0];
  if (entry.kind !== 'table') return undefined;
  const { where, quals } = levelPredicates(level);
  for (const expr of [...quals, where]) {
    let found: ManySide | undefined;
    walk(expr, (ref) => {
      if (found || ref.type === 'SubLink') return 'skip';
      const comparison = asComparison(ref);
      if (!comparison || comparison.operator !== '=') return;
      const a = localColumn(level.scope, comparison.left);
      const b = localColumn(level.scope, asRef(comparison.right as Node));
      if (!a || !b || a.entry === b.entry) return;
      const [child, parent] = a.entry === entry ? [a, b] : b.entry === entry ? [b, a] : [undefined, undefined];
      if (!child || !parent) return;
      if (!isOneToMany(child.entry, child.column, parent.entry, parent.column)) return;
      found = { entry, childKey: child.column, parent: parent.entry, parentKey: parent.column, join: ref };
    });
    if (found) return found;
  }
  return undefined;
}

/** The child column is not unique and the parent column is (by schema; by naming when the schema is unknown). */
function isOneToMany(child: RangeEntry, childColumn: string, parent: RangeEntry, parentColumn: string): boolean {
  if (child.table && parent.table) {
    return (
      !Catalog.isUniqueSet(child.table, new Set([childColumn])) &&
      Catalog.isUniqueSet(parent.table, new Set([parentColumn]))
    );
  }
  return parentColumn === 'id' && childColumn !== 'id' && childColumn.endsWith('_id');
}

function report(
  context: SqlRuleContext,
  level: QueryLevel,
  many: ManySide,
  aggregates: AggregateUse[],
  sorted: { sort: NodeRef; aggregate: NodeRef },
): void {
  const child = tableLabel(many.entry.table, many.entry.rangeVar);
  const parent = tableLabel(many.parent.table, many.parent.rangeVar);
  const cte = `${many.entry.rangeVar?.relname ?? 'child'}_stats`;
  const columns = aggregates
    .filter((a) => {
      let mine = true;
      walk(a.call, (ref) => {
        if (ref.type === 'ColumnRef' && level.scope.resolveLocal(ref.node)?.entry !== many.entry) mine = false;
      });
      return mine;
    })
    .map((a) => `${unqualifiedText(context, a.call)}${a.alias ? ` AS ${ident(a.alias)}` : ''}`);
  const sketch = `WITH ${cte} AS (SELECT ${ident(many.childKey)}, ${columns.join(', ')} FROM ${child} GROUP BY ${ident(many.childKey)}) … JOIN ${cte} ON ${cte}.${ident(many.childKey)} = ${many.parent.alias}.${ident(many.parentKey)}`;
  const limit = level.ref.node.limitCount ? ' before the LIMIT can apply' : '';
  const fn = funcName(sorted.aggregate.node);
  const sortText = context.spanOf(sorted.sort);
  const nullsFirst =
    many.entry.nullable &&
    sorted.sort.node.sortby_dir === 'SORTBY_DESC' &&
    sorted.sort.node.sortby_nulls !== 'SORTBY_NULLS_LAST' &&
    fn !== 'count';
  const nullNote = nullsFirst
    ? ` Also: ${parent} rows without ${child} get a NULL ${fn}(), and ORDER BY … DESC puts NULLs first, so they top the list — add NULLS LAST.`
    : '';
  context.report({
    range: context.rangeOf(many.entry.node)!,
    message:
      `Joining ${child} makes one row per ${child} row for every ${parent} row; the query then groups them back and sorts by ${fn}(), so every matching ${child} row is joined and aggregated${limit} — ` +
      `work that grows with ${child}, not with the rows returned. Aggregate ${child} once per ${many.childKey} and join the result: ${sketch}.${nullNote}`,
    related: sortText
      ? [
          {
            file: context.document.file,
            range: context.rangeOf(sortText)!,
            message: `sorted by ${fn}() of ${child} here`,
          },
        ]
      : undefined,
  });
}
