import type { Node } from '@pgsql/types';
import type { Fix } from '../../../core/finding';
import type { NodeRef } from '../ast';
import { asRef, conjuncts, constValue, expressionKey, funcName, operatorName, walk } from '../ast';
import { isValue } from '../expressions';
import { indexName, tableLabel } from '../names';
import type { Comparison } from '../predicates';
import { asComparison, comparisonsOf, levelPredicates, localColumn } from '../predicates';
import { createIndexSql, unqualifiedText } from '../statement-text';
import type { QueryScope, ResolvedColumn } from '../query';
import { isIndependentOf } from '../query';
import type { SqlRule, SqlRuleContext } from '../rule';
import { Catalog, typeText } from '../schema';

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

The quick fix rewrites \`date_trunc('day', col) = X\`, \`col::date = X\` and \`date(col) = X\` on a timestamp column
into the range. Checked in PGlite (PostgreSQL 18) on a \`timestamptz\` column with \`TimeZone = 'Europe/Berlin'\`,
DST day included: the same rows, and an Index Cond on the column. \`date_trunc\` equals only values that start
a unit, so the fix is preferred when X is such a literal (\`'2024-03-01'\` for a month) or \`date_trunc\` of the
same unit; for a parameter it is offered with the assumption in its title; for a literal in the middle of a
unit (which the original never matches) none is offered.

Not reported when an expression index with the same expression exists in the schema, nor for casts that
do not change the type. When the column has no index at all, the function defeats nothing: the finding is
informational, and it is not reported when another condition of the query compares an indexed column of
the same table (the expression is then computed only for the rows that index finds); so too when the column's
indexes all lead with another column, which this predicate alone could not use either. Implicit casts of the
column (\`int_col = 1.0\`) are [implicit-cast](implicit-cast.md)'s findings.

## When to ignore it

The table stays small, or another, selective predicate of the same query is indexed and narrows the rows
first.
`,
  check(context) {
    for (const level of context.levels()) {
      const { where, quals } = levelPredicates(level);
      // Every statement comes here: lists rather than sets, and the level's conditions made only for a comparison
      // that wraps a column (most compare a bare one).
      const predicates = new Predicates(where, quals);
      const seen: NodeRef['node'][] = [];
      for (let i = -1; i < quals.length; i++) {
        for (const comparison of comparisonsOf(i < 0 ? where : quals[i])) {
          if (seen.includes(comparison.node.node)) continue;
          seen.push(comparison.node.node);
          check(context, level.scope, comparison, predicates);
        }
      }
    }
  },
};

/** A level's predicates, and their conjuncts made when first asked: an object per level, not a closure. */
class Predicates {
  private list?: NodeRef[];

  constructor(
    private readonly where: Node | undefined,
    private readonly quals: readonly Node[],
  ) {}

  get conditions(): NodeRef[] {
    return (this.list ??= [this.where, ...this.quals].flatMap((e) => conjuncts(e)));
  }
}

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

function check(context: SqlRuleContext, scope: QueryScope, comparison: Comparison, predicates: Predicates): void {
  const left = comparison.left;
  const rights = Array.isArray(comparison.right) ? comparison.right.map((r) => asRef(r)) : [asRef(comparison.right)];
  let wrapped = wrappedColumn(scope, left);
  let other: (NodeRef | undefined)[] = rights;
  if (!wrapped && comparison.kind === 'op') {
    wrapped = wrappedColumn(scope, rights[0]);
    other = [left];
  }
  if (!wrapped || harmlessCast(wrapped)) return;
  // A join to a bare column that leads an index of its own table (`e.key = 'doc_' || d.id` with e.key indexed):
  // the planner probes that index with the computed value, or hashes both sides; nothing here forces a scan.
  if (comparison.kind === 'op' && other.length === 1 && indexedColumnOfOtherEntry(scope, other[0], wrapped.column))
    return;
  // The other side must not depend on the same row (that would be a join or a row filter no index serves anyway).
  if (
    !other.every(
      (o) => o && (isValue(o) || isIndependentOf(o, scope) || columnsOfOtherEntries(scope, o, wrapped!.column)),
    )
  )
    return;
  const table = wrapped.column.entry.table;
  const key = expressionKey(wrapped.expr);
  if (table?.indexes.some((i) => i.keys[0]?.expression === key)) return;
  const label = tableLabel(table, wrapped.column.entry.rangeVar);
  const column = wrapped.column.column;
  const exprText = unqualifiedText(context, wrapped.expr);
  const leading = table?.indexes.find((i) => i.keys[0]?.column === column && !i.partial);
  const plain = leading ?? table?.indexes.find((i) => i.keys.some((k) => k.column === column));
  // No index leads with the column (none at all, or only ones led by another column): the function defeats no
  // index this predicate could use alone. Quiet when another indexed condition of the query narrows the same table
  // first (the expression then runs only on those rows); otherwise a note.
  if (!leading && table && narrowedByIndex(scope, wrapped.column, comparison.node, predicates.conditions)) return;
  const defeated = plain
    ? ` It cannot use ${plain.name} on ${label} (${plain.keys.map((k) => k.column ?? 'expr').join(', ')}): the index stores ${column}, not ${exprText}.`
    : '';
  const isDateish =
    (wrapped.kind === 'function' && (wrapped.name === 'date' || wrapped.name === 'date_trunc')) ||
    (wrapped.kind === 'cast' && wrapped.name === 'date');
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
  const what =
    wrapped.kind === 'cast'
      ? `the cast ${exprText}`
      : wrapped.kind === 'arithmetic'
        ? `the expression ${exprText}`
        : exprText;
  context.report({
    range: context.rangeOf(comparison.node)!,
    severity: plain || !table ? undefined : 'info',
    message:
      `${what} is computed for every row of ${label}, so no index on ${column} can serve this predicate: on a large table, a sequential scan on every execution ` +
      `(small tables are fine).${defeated}${!plain && table ? ` ${label} has no index on ${column} today either.` : ''} ${suggestion}`,
    related: plain ? context.relatedAt(plain.origin, `index ${plain.name} on ${label}`) : undefined,
    fixes:
      isDateish && comparison.kind === 'op' && comparison.operator === '='
        ? rangeFix(
            context,
            wrapped,
            comparison.node,
            other[0],
            predicates.conditions.some((r) => r.node === comparison.node.node),
          )
        : undefined,
  });
}

const TRUNC_UNITS: Readonly<Record<string, string>> = {
  second: '1 second',
  minute: '1 minute',
  hour: '1 hour',
  day: '1 day',
  week: '1 week',
  month: '1 month',
  quarter: '3 months',
  year: '1 year',
};

/** Literal timestamps that are the start of their unit (so the range is exactly the truncated bucket). */
const ALIGNED: Readonly<Record<string, RegExp>> = {
  second: /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/,
  minute: /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:00)?)?$/,
  hour: /^\d{4}-\d{2}-\d{2}([ T]\d{2}(:00(:00)?)?)?$/,
  day: /^\d{4}-\d{2}-\d{2}([ T]00(:00(:00)?)?)?$/,
  month: /^\d{4}-\d{2}-01([ T]00(:00(:00)?)?)?$/,
  quarter: /^\d{4}-(01|04|07|10)-01([ T]00(:00(:00)?)?)?$/,
  year: /^\d{4}-01-01([ T]00(:00(:00)?)?)?$/,
};

/**
 * `date_trunc('day', col) = X` → `col >= X AND col < X + interval '1 day'`, and `col::date = X` /
 * `date(col) = X` → `col >= X::date AND col < X::date + 1`. Checked in PGlite (also on a DST day with a
 * timestamptz column): the same rows, and an Index Cond on the column. For date_trunc the rewrite is exact
 * only when X is itself the start of a unit: a literal that is, or date_trunc of the same unit. For a
 * parameter the fix is offered but not preferred, and its title says what it assumes.
 */
function rangeFix(
  context: SqlRuleContext,
  wrapped: Wrapped,
  comparisonNode: NodeRef,
  value: NodeRef | undefined,
  topLevel: boolean,
): Fix[] | undefined {
  if (!value) return undefined;
  const columnType = wrapped.column.info?.type ?? '';
  const sqlType = /^timestamp with time zone/.test(columnType)
    ? 'timestamptz'
    : /^timestamp/.test(columnType)
      ? 'timestamp'
      : undefined;
  const args =
    wrapped.expr.type === 'FuncCall'
      ? ((wrapped.expr.node.args ?? []) as Node[]).map((a) => asRef(a))
      : [asRef(wrapped.expr.node.arg)];
  const columnArg = args[args.length - 1];
  if (columnArg?.type !== 'ColumnRef' || !sqlType) return undefined;
  const columnText = context.fragment.sql.slice(
    context.spanOf(columnArg)?.start ?? 0,
    context.spanOf(columnArg)?.end ?? 0,
  );
  const valueSpan = context.spanOf(value);
  const commentOrBreak = (text: string) => /--|\/\*/.test(text);
  if (!valueSpan || !columnText) return undefined;
  const valueText = context.fragment.sql.slice(valueSpan.start, valueSpan.end);
  if (commentOrBreak(valueText)) return undefined;
  const simple =
    value.type === 'A_Const' ||
    value.type === 'ParamRef' ||
    value.type === 'TypeCast' ||
    value.type === 'FuncCall' ||
    value.type === 'SQLValueFunction';
  const operand = simple ? valueText : `(${valueText})`;
  let lower: string;
  let upper: string;
  let exact: boolean;
  let assumption = '';
  if (wrapped.kind === 'function' && wrapped.name === 'date_trunc') {
    if (args.length !== 2) return undefined;
    const unit = constValue(args[0]);
    const step = typeof unit === 'string' ? TRUNC_UNITS[unit.toLowerCase()] : undefined;
    if (!step || typeof unit !== 'string') return undefined;
    const literal =
      value.type === 'A_Const' && typeof constValue(value) === 'string' ? String(constValue(value)) : undefined;
    const sameTrunc =
      value.type === 'FuncCall' &&
      funcName(value.node) === 'date_trunc' &&
      constValue(asRef(value.node.args?.[0])) === unit;
    exact = literal !== undefined ? ALIGNED[unit.toLowerCase()].test(literal.trim()) : sameTrunc;
    if (literal !== undefined && !exact) return undefined;
    if (!exact && value.type !== 'ParamRef') return undefined;
    assumption = exact ? '' : ` (assuming ${valueText} is the start of a ${unit.toLowerCase()})`;
    lower = operand;
    upper = `${literal !== undefined ? `${operand}::${sqlType}` : operand} + interval '${step}'`;
  } else {
    exact = true;
    const alreadyDate =
      (value.type === 'TypeCast' && typeText(value.node.typeName) === 'date') || /^current_date$/i.test(valueText);
    const day = alreadyDate ? valueText : `${operand}::date`;
    lower = day;
    upper = `${day} + 1`;
  }
  const range = `${columnText} >= ${lower} AND ${columnText} < ${upper}`;
  const comparisonSpan = context.spanOf(comparisonNode);
  const edit = comparisonSpan && context.edit(comparisonSpan, topLevel ? range : `(${range})`);
  if (!edit) return undefined;
  return [
    { title: `Compare ${columnText} with a range an index can serve${assumption}`, isPreferred: exact, edits: [edit] },
  ];
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

/** A bare column of another table of the query, which an index of that table leads with. */
function indexedColumnOfOtherEntry(scope: QueryScope, node: NodeRef | undefined, column: ResolvedColumn): boolean {
  const resolved = localColumn(scope, node);
  const table = resolved?.entry.table;
  if (!resolved || !table || resolved.entry === column.entry) return false;
  return !!Catalog.leadingIndexFor(table, [resolved.column]);
}

/** Another condition of the level compares a column that leads an index of the same table with a value. */
function narrowedByIndex(
  scope: QueryScope,
  column: ResolvedColumn,
  self: NodeRef,
  conditions: readonly NodeRef[],
): boolean {
  const table = column.entry.table;
  if (!table) return false;
  return conditions.some((condition) => {
    if (condition.node === self.node) return false;
    const other = asComparison(condition);
    if (!other || other.kind === 'like') return false;
    const local = localColumn(scope, other.left);
    if (!local || local.entry !== column.entry || local.info?.type === 'boolean') return false;
    const rights = Array.isArray(other.right) ? other.right : [other.right];
    if (!rights.every((r) => isValue(r as Node) || isIndependentOf(r as Node, scope))) return false;
    return table.indexes.some((i) => i.keys[0]?.column === local.column && !i.partial);
  });
}
