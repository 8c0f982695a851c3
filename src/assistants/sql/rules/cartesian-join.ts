import type { Node } from '@pgsql/types';
import { asRef, columnParts, conjuncts, constValue, findAll, walk } from '../ast';
import { integerValue } from '../expressions';
import { tableLabel } from '../names';
import { asComparison, levelPredicates, localColumn } from '../predicates';
import type { QueryLevel, RangeEntry } from '../query';
import type { SqlRule } from '../rule';

/**
 * Tables in one FROM that no condition connects (`FROM a, b` without `a.x = b.y`, `JOIN … ON true`): every
 * row of one is paired with every row of the other. Explicit `CROSS JOIN`, functions, VALUES, CTEs and
 * single-row subqueries are left alone: those products are usually meant. So is a product of chosen rows: every
 * group of tables narrowed to values (`p.permission = 'read'`, `r.name IN ('admin', 'editor')`, also inside a
 * `CASE … THEN x = $1 ELSE false END` join condition), so the few rows picked on each side are paired.
 */
export const cartesianJoin: SqlRule = {
  id: 'cartesian-join',
  assistant: 'sql',
  title: 'Tables joined without a join condition produce a cartesian product',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Add the missing join conditions in {count} {query|queries}',
    baseHours: 0.5,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation: 'Compare the row counts before and after: a missing condition usually means wrong results too.',
    skills: ['SQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`FROM orders, users WHERE orders.status = 'paid'\` pairs every paid order with **every** user: 10,000 orders
and 100,000 users make a billion rows. Nothing in the query connects the two tables, so the result grows
with the product of their sizes — usually a forgotten join condition, and wrong results as well as slow
ones. \`JOIN … ON true\` (or any condition that mentions only one side) does the same.

## How to fix it

Add the condition that relates the tables (\`orders.user_id = users.id\`), preferably as an explicit
\`JOIN … ON\`. If the product is intended, write \`CROSS JOIN\`: it says so and is not reported. Nor is a product of chosen rows,
where every table is narrowed to values (\`JOIN permissions p ON p.name = 'read' WHERE r.name IN ('admin', 'editor')\`).

## When to ignore it

One side is known to have a single row (a settings table): then prefer a subquery or \`CROSS JOIN\` to make
that visible.
`,
  check(context) {
    for (const level of context.levels()) {
      const tables = level.scope.entries.filter((e) => e.kind === 'table');
      if (tables.length < 2) continue;
      const components = connect(level);
      if (!components) continue;
      // Chosen rows paired on purpose (`FROM roles r JOIN permissions p ON p.permission = 'read' WHERE r.name IN
      // (…)`): every group of tables is narrowed to values, so the result grows with none of the tables.
      const narrowed = narrowedEntries(level);
      const groups = new Set(tables.map((e) => components.get(e)));
      if ([...groups].every((g) => tables.some((e) => components.get(e) === g && narrowed.has(e)))) continue;
      // Report each table that ends up in a different group than the first table, at its FROM item.
      const first = components.get(tables[0]);
      for (const entry of tables.slice(1)) {
        if (components.get(entry) === first || entry.joinedBy === 'cross') continue;
        if (tables.slice(1, tables.indexOf(entry)).some((e) => components.get(e) === components.get(entry))) continue;
        const others = tables
          .filter((e) => components.get(e) !== components.get(entry))
          .map((e) => tableLabel(e.table, e.rangeVar));
        const label = tableLabel(entry.table, entry.rangeVar);
        context.report({
          range: context.rangeOf(entry.node)!,
          message:
            `Nothing connects ${label} with ${others.join(', ')}: every row of one is paired with every row of the other, so the result grows with the product of their sizes. ` +
            'Add the join condition (or write CROSS JOIN if the product is intended).',
        });
      }
    }
  },
};

/** Union-find over the level's entries, linked by every condition that mentions two of them; undefined when a column cannot be placed. */
function connect(level: QueryLevel): Map<RangeEntry, RangeEntry> | undefined {
  const entries = level.scope.entries;
  const parent = new Map<RangeEntry, RangeEntry>(entries.map((e) => [e, e]));
  const find = (e: RangeEntry): RangeEntry => {
    let root = e;
    while (parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  const union = (a: RangeEntry, b: RangeEntry) => parent.set(find(a), find(b));
  // Anything that is not a plain table joins everything: a CTE, a LATERAL function, a one-row subquery…
  for (const entry of entries) {
    if (entry.kind === 'table') continue;
    for (const other of entries) union(entry, other);
  }
  let unknown = false;
  const link = (expr: Node | undefined) => {
    if (!expr) return;
    const constant = constValue(asRef(expr));
    if (constant === true || integerValue(expr) !== undefined) return;
    const touched = new Set<RangeEntry>();
    walk(expr, (ref) => {
      if (ref.type !== 'ColumnRef') return;
      const parts = columnParts(ref.node);
      if (parts.includes('*')) return;
      const resolved = level.scope.resolveLocal(ref.node);
      if (resolved) touched.add(resolved.entry);
      else if (level.scope.isLocal(ref.node) !== false) unknown = true;
    });
    const list = [...touched];
    for (let i = 1; i < list.length; i++) union(list[0], list[i]);
  };
  const { where, quals } = levelPredicates(level);
  link(where);
  quals.forEach(link);
  // USING / NATURAL joins connect their two sides.
  const joins = (item: Node | undefined): RangeEntry[] => {
    const ref = asRef(item);
    if (!ref) return [];
    if (ref.type === 'JoinExpr') {
      const left = joins(ref.node.larg);
      const right = joins(ref.node.rarg);
      if ((ref.node.usingClause ?? []).length || ref.node.isNatural)
        for (const l of left) for (const r of right) union(l, r);
      return [...left, ...right];
    }
    const entry = entries.find((e) => e.node.node === ref.node);
    return entry ? [entry] : [];
  };
  for (const item of level.ref.node.fromClause ?? []) joins(item);
  if (unknown) return undefined;
  const out = new Map<RangeEntry, RangeEntry>();
  for (const e of entries) out.set(e, find(e));
  return out;
}

/**
 * Tables of the level that a condition narrows to values: `col = value` or `col IN (values)` as a conjunct of
 * the WHERE or a join's ON, or as every branch of a CASE conjunct that is not `false` (a CASE that only ever
 * matches on such an equality). A value mentions no column of the level.
 */
function narrowedEntries(level: QueryLevel): Set<RangeEntry> {
  const out = new Set<RangeEntry>();
  const valueOf = (node: unknown) =>
    !findAll(node as Node, 'ColumnRef').some((c) => level.scope.resolveLocal(c.node) || level.scope.isLocal(c.node));
  const narrowing = (condition: ReturnType<typeof asRef>): RangeEntry[] => {
    if (!condition) return [];
    if (condition.type === 'CaseExpr') {
      const branches = [
        ...(condition.node.args ?? []).map((w: Node) => asRef(w)?.node.result),
        condition.node.defresult,
      ].filter((b) => constValue(asRef(b)) !== false);
      const each = branches.map((b) => conjuncts(b).flatMap((c) => narrowing(c)));
      return each.length > 0 && each.every((found) => found.length > 0) ? each.flat() : [];
    }
    const comparison = asComparison(condition);
    if (!comparison || (comparison.kind === 'op' && comparison.operator !== '=')) return [];
    if (comparison.kind !== 'op' && comparison.kind !== 'in') return [];
    const column = localColumn(level.scope, comparison.left);
    return column && valueOf(comparison.right) ? [column.entry] : [];
  };
  const { where, quals } = levelPredicates(level);
  for (const expr of [where, ...quals]) for (const c of conjuncts(expr)) for (const e of narrowing(c)) out.add(e);
  return out;
}
