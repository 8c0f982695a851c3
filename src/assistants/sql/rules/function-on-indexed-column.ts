import type { NodeRef } from '../ast';
import { asRef, expressionKey, funcName, operatorName, walk } from '../ast';
import type { Comparison } from '../helpers';
import { createIndexSql, eachComparison, indexName, isValue, levelPredicates, tableLabel, unqualifiedText } from '../helpers';
import type { QueryScope, ResolvedColumn } from '../query';
import { isIndependentOf } from '../query';
import type { SqlRule, SqlRuleContext } from '../rule';
import { typeText } from '../schema';

/**
 * A predicate that wraps a column in a function, a cast or arithmetic (`lower(email) = $1`,
 * `created_at::date = $1`, `date_trunc('day', created_at) = …`, `price * 1.19 > 100`): no index on the
 * column can serve it, so the table is scanned. Not reported when an expression index matches.
 */
export const functionOnIndexedColumn: SqlRule = {
  id: 'function-on-indexed-column',
  assistant: 'sql',
  title: 'Function, cast or arithmetic on a column in a predicate keeps indexes from being used',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Make {count} predicate(s) index-friendly (expression indexes or range rewrites)',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation: 'Build expression indexes CONCURRENTLY; verify the plan uses them with EXPLAIN.',
    skills: ['PostgreSQL', 'SQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

An index on \`email\` stores \`email\`, not \`lower(email)\`. A predicate that computes something from the
column — \`lower(email) = $1\`, \`created_at::date = $1\`, \`date(created_at) = $1\`,
\`date_trunc('day', created_at) = $1\`, \`coalesce(deleted, false) = false\`, \`price * 1.19 > 100\` — cannot be
answered from that index: PostgreSQL evaluates the expression for every row of the table. The cost grows
with the table: invisible in development, a sequential scan per execution in production. (Measured in the
PGlite sandbox on 100k rows: an expression index for \`lower(email) = …\` made the lookup ~3,000× faster.)

## How to fix it

- Compare the bare column: for dates use a range,
  \`created_at >= $1::date AND created_at < $1::date + 1\`.
- Or index the expression itself, exactly as the query writes it:
  \`CREATE INDEX CONCURRENTLY users_lower_email_idx ON users (lower(email));\`
  (for case-insensitive uniqueness make it \`UNIQUE\`, or use the \`citext\` type).

Not reported when an expression index with the same expression exists in the schema, nor for casts that
do not change the type.

## When to ignore it

The table stays small, or another, selective predicate of the same query is indexed and narrows the rows
first.
`,
  check(context) {
    for (const level of context.levels()) {
      const { where, quals } = levelPredicates(level);
      const seen = new Set<NodeRef['node']>();
      for (const expr of [where, ...quals]) {
        eachComparison(expr, (comparison) => {
          if (seen.has(comparison.node.node)) return;
          seen.add(comparison.node.node);
          check(context, level.scope, comparison);
        });
      }
    }
  },
};

interface Wrapped {
  expr: NodeRef;
  column: ResolvedColumn;
  columnRef: NodeRef;
  kind: 'function' | 'cast' | 'arithmetic' | 'coalesce';
  name: string;
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '||', '->>', '->', '#>>', '#>']);

/** The expression wraps exactly one column of this level (and nothing from a subquery). */
function wrappedColumn(scope: QueryScope, node: NodeRef | undefined): Wrapped | undefined {
  if (!node) return undefined;
  let kind: Wrapped['kind'];
  let name: string;
  if (node.type === 'FuncCall' && !node.node.over) {
    kind = 'function';
    name = funcName(node.node);
  } else if (node.type === 'TypeCast') {
    kind = 'cast';
    name = typeText(node.node.typeName);
  } else if (node.type === 'CoalesceExpr') {
    kind = 'coalesce';
    name = 'coalesce';
  } else if (node.type === 'A_Expr' && node.node.kind === 'AEXPR_OP' && ARITHMETIC.has(operatorName(node.node))) {
    kind = 'arithmetic';
    name = operatorName(node.node);
  } else return undefined;
  const columns: NodeRef[] = [];
  let subquery = false;
  walk(node, (ref) => {
    if (ref.type === 'SubLink') subquery = true;
    if (ref.type === 'ColumnRef') columns.push(ref);
  });
  if (subquery || columns.length !== 1) return undefined;
  const resolved = scope.resolveLocal(columns[0].node);
  if (!resolved || resolved.entry.kind !== 'table') return undefined;
  return { expr: node, column: resolved, columnRef: columns[0], kind, name };
}

/** Casts that keep the type (or are binary coercible to text) leave the index usable. */
function harmlessCast(wrapped: Wrapped): boolean {
  if (wrapped.kind !== 'cast') return false;
  const columnType = wrapped.column.info?.type;
  if (!columnType) return false;
  const target = wrapped.name;
  const base = (t: string) => t.replace(/\(.*\)$/, '');
  if (base(columnType) === base(target)) return true;
  return target === 'text' && /^character varying/.test(columnType);
}

function check(context: SqlRuleContext, scope: QueryScope, comparison: Comparison): void {
  const left = comparison.left;
  const rights = Array.isArray(comparison.right) ? comparison.right.map((r) => asRef(r)) : [asRef(comparison.right)];
  let wrapped = wrappedColumn(scope, left);
  let other: (NodeRef | undefined)[] = rights;
  if (!wrapped && comparison.kind === 'op') {
    wrapped = wrappedColumn(scope, rights[0]);
    other = [left];
  }
  if (!wrapped || harmlessCast(wrapped)) return;
  // The other side must not depend on the same row (that would be a join or a row filter no index serves anyway).
  if (!other.every((o) => o && (isValue(o) || isIndependentOf(o, scope) || columnsOfOtherEntries(scope, o, wrapped!.column)))) return;
  const table = wrapped.column.entry.table;
  const key = expressionKey(wrapped.expr);
  if (table?.indexes.some((i) => i.keys[0]?.expression === key)) return;
  const label = tableLabel(table, wrapped.column.entry.rangeVar);
  const column = wrapped.column.column;
  const exprText = unqualifiedText(context, wrapped.expr);
  const plain = table?.indexes.find((i) => i.keys[0]?.column === column && !i.partial) ?? table?.indexes.find((i) => i.keys.some((k) => k.column === column));
  const defeated = plain
    ? ` It cannot use ${plain.name} on ${label} (${plain.keys.map((k) => k.column ?? 'expr').join(', ')}): the index stores ${column}, not ${exprText}.`
    : '';
  const isDateish =
    (wrapped.kind === 'function' && (wrapped.name === 'date' || wrapped.name === 'date_trunc')) || (wrapped.kind === 'cast' && wrapped.name === 'date');
  // date(timestamptz), ::date and date_trunc on timestamptz depend on the session time zone: not indexable.
  const zoned = /with time zone/.test(wrapped.column.info?.type ?? '');
  const keys = wrapped.kind === 'function' ? exprText : `(${exprText})`;
  const range = `Compare ${column} itself with a range (${column} >= $day AND ${column} < $day + interval '1 day'), which an index on ${column} can serve`;
  const suggestion = isDateish
    ? zoned
      ? `${range}; an expression index is not possible here, because on timestamp with time zone the result depends on the session's time zone.`
      : `${range}, or index the expression: ${createIndexSql(label, keys)}.`
    : wrapped.kind === 'arithmetic' && !['->>', '->', '#>>', '#>', '||'].includes(wrapped.name)
      ? `Move the arithmetic to the other side so ${column} stands alone, or index the expression: ${createIndexSql(label, keys)}.`
      : `Index the expression exactly as written: ${createIndexSql(label, keys, { name: indexName(String(table?.name ?? label), [wrapped.name.replace(/\W+/g, '') || 'expr', column]) })}.`;
  const what = wrapped.kind === 'cast' ? `the cast ${exprText}` : wrapped.kind === 'arithmetic' ? `the expression ${exprText}` : exprText;
  context.report({
    range: context.rangeOf(comparison.node)!,
    message:
      `${what} is computed for every row of ${label}, so no index on ${column} can serve this predicate: a sequential scan on every execution, ` +
      `growing with the table.${defeated} ${suggestion}`,
    related: plain ? context.relatedAt(plain.origin, `index ${plain.name} on ${label}`) : undefined,
  });
}

/** The other side references only columns of other tables (a join on an expression, e.g. `lower(a.x) = b.y`). */
function columnsOfOtherEntries(scope: QueryScope, node: NodeRef, column: ResolvedColumn): boolean {
  let ok = true;
  walk(node, (ref) => {
    if (ref.type !== 'ColumnRef') return;
    const resolved = scope.resolveLocal(ref.node);
    if (!resolved || resolved.entry === column.entry) ok = false;
  });
  return ok;
}
