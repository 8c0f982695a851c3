import type { Node } from '@pgsql/types';
import type { NodeLike, NodeRef } from '../ast';
import { asRef, columnParts, conjuncts, findAll, hasStar, names, walk } from '../ast';
import { tableLabel } from '../names';
import { queryLevels } from '../query';
import type { SqlRule } from '../rule';

/**
 * `x NOT IN (SELECT y …)` (and `x <> ALL (SELECT …)`): if the subquery yields a single NULL, the condition
 * is never true and the query silently returns nothing; and a subquery too large to hash is re-scanned per
 * row. `NOT EXISTS` has neither problem.
 */
export const notInSubquery: SqlRule = {
  id: 'not-in-subquery',
  assistant: 'sql',
  title: 'NOT IN (subquery) returns no rows once the subquery yields a NULL, and can run per row',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Rewrite {count} NOT IN (subquery) condition(s) as NOT EXISTS',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation: 'NOT EXISTS differs exactly where NOT IN is wrong (NULLs): check the callers expect rows there.',
    skills: ['SQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`x NOT IN (SELECT y …)\` means "x differs from every y". If any \`y\` is NULL, "differs" is unknown for every
row, so the condition is never true and the query returns **nothing** — silently, from the day the first
NULL appears (a deleted product referenced with \`ON DELETE SET NULL\`, an optional column). It is also a
performance trap: PostgreSQL runs it as a hashed subplan while the subquery fits in \`work_mem\`, and
otherwise re-scans the subquery for every outer row.

Reported always; when the schema proves the subquery's column NOT NULL (also through a CTE it reads from, the columns a
\`DELETE\`, \`UPDATE\` or \`INSERT … RETURNING\` CTE returns included), or the subquery's own \`WHERE\` keeps
only rows where it \`IS NOT NULL\`, the finding is informational.

## How to fix it

Use \`NOT EXISTS\`, which has the intended meaning and becomes an anti-join:

\`\`\`sql
WHERE NOT EXISTS (SELECT 1 FROM order_items oi JOIN orders o ON o.id = oi.order_id
                  WHERE o.user_id = $1 AND oi.product_id = p.id)
\`\`\`

## When to ignore it

The subquery's column is NOT NULL by schema and the subquery is small (a list of ids).
`,
  // NOT IN and NOT (… = ANY (…)) are written with NOT, `<> ALL (…)` with ALL.
  when: { text: /not|all/i },
  check(context) {
    walk(context.statement.node, (ref) => {
      const sublink = notInSubLink(ref);
      if (!sublink) return;
      const subselect = asRef(sublink.node.subselect);
      const nullability = subselect
        ? subqueryNullability(subselect, context.schema, context.statement.node)
        : undefined;
      const proven = nullability?.notNull === true;
      const columnText = nullability?.label ?? 'the subquery column';
      const because = proven
        ? `${columnText} ${nullability?.why ?? 'is NOT NULL in the schema'}, so today it only risks the per-row re-scan when the subquery outgrows work_mem; `
        : nullability?.notNull === false
          ? `${columnText} is nullable${nullability.why ? ` (${nullability.why})` : ''}: as soon as one NULL appears, NOT IN is never true and the query returns no rows at all. It can also re-scan the subquery per row once it outgrows work_mem. `
          : (subselect?.node.targetList?.length ?? 0) > 1
            ? // A row comparison: a NULL in one column of a subquery row hides only the outer rows equal to it in the others.
              'if a column of a subquery row is NULL, NOT IN is not true for the outer rows that match that row in its other columns, and they are dropped silently; it can also re-scan the subquery per row once it outgrows work_mem. '
            : 'if the subquery ever yields a NULL, NOT IN is never true and the query returns no rows at all; it can also re-scan the subquery per row once it outgrows work_mem. ';
      context.report({
        range: context.rangeOf(ref)!,
        severity: proven ? 'info' : undefined,
        message: `NOT IN (subquery): ${because}Rewrite it as NOT EXISTS (SELECT 1 … WHERE <subquery condition> AND <column> = <outer value>), which means what NOT IN seems to say and runs as an anti-join.`,
      });
      return 'skip';
    });
  },
};

/** `NOT (x IN (SELECT …))` or `x <> ALL (SELECT …)`: the SubLink. */
function notInSubLink(ref: NodeRef): NodeRef | undefined {
  if (ref.type === 'BoolExpr' && ref.node.boolop === 'NOT_EXPR') {
    const arg = asRef(ref.node.args?.[0]);
    if (arg?.type === 'SubLink' && arg.node.subLinkType === 'ANY_SUBLINK') {
      const op = names(arg.node.operName).pop();
      if (op === undefined || op === '=') return arg;
    }
  }
  if (ref.type === 'SubLink' && ref.node.subLinkType === 'ALL_SUBLINK' && names(ref.node.operName).pop() === '<>')
    return ref;
  return undefined;
}

/** Is the subquery's single output column known NOT NULL (a NOT NULL column of a table not outer-joined)? */
function subqueryNullability(
  subselect: NodeRef,
  schema: Parameters<typeof queryLevels>[1],
  statement: NodeLike,
  depth = 0,
): { notNull?: boolean; label?: string; why?: string } | undefined {
  if (subselect.type !== 'SelectStmt') return undefined;
  const targets = subselect.node.targetList ?? [];
  if (targets.length !== 1) return undefined;
  return columnNullability(subselect, asRef(asRef(targets[0])?.node.val), schema, statement, depth);
}

/** What is known of one output value of a SELECT: a column of its table, or of a CTE it reads from. */
function columnNullability(
  subselect: NodeRef,
  value: NodeRef | undefined,
  schema: Parameters<typeof queryLevels>[1],
  statement: NodeLike,
  depth: number,
): { notNull?: boolean; label?: string; why?: string } {
  if (value?.type !== 'ColumnRef') return {};
  // The subquery's own WHERE may already drop its NULLs: then no NULL can reach the NOT IN, whatever the schema says.
  const filtered = filtersOutNulls(subselect.node.whereClause, columnParts(value.node));
  const level = queryLevels({ SelectStmt: subselect.node } as never, schema)[0];
  const resolved = level?.scope.resolveLocal(value.node);
  // `NOT IN (SELECT id FROM picked)` with `picked AS (SELECT id FROM lists …)`: the CTE's column is the table's.
  const throughCte = (name: string) => {
    const cte = findAll(statement, 'CommonTableExpr').find((c) => c.node.ctename === name);
    const query = asRef(cte?.node.ctequery);
    const column = columnParts(value.node).pop();
    const target = (query?.node.targetList ?? [])
      .map((t: Node) => asRef(t))
      .find((t: NodeRef | undefined) => {
        const val = asRef(t?.node.val);
        return (t?.node.name ?? (val?.type === 'ColumnRef' ? columnParts(val.node).pop() : undefined)) === column;
      });
    // Columns renamed by the CTE's own list (`deleted(x) AS (…)`) are not followed.
    if (query && query.type !== 'SelectStmt')
      return cte?.node.aliascolnames ? {} : returnedNullability(query, column, schema);
    if (!query || !target) return {};
    return columnNullability(query, asRef(target.node.val), schema, statement, depth + 1);
  };
  if (filtered) {
    const label = resolved?.info
      ? `${tableLabel(resolved.entry.table, resolved.entry.rangeVar)}.${resolved.column}`
      : columnParts(value.node).join('.');
    return { notNull: true, label, why: 'is kept IS NOT NULL by the subquery' };
  }
  if (!resolved?.info) {
    const from: Node[] = subselect.node.fromClause ?? [];
    const only = from.length === 1 ? asRef(from[0]) : undefined;
    return only?.type === 'RangeVar' && !only.node.schemaname && depth < 4 ? throughCte(String(only.node.relname)) : {};
  }
  const label = `${tableLabel(resolved.entry.table, resolved.entry.rangeVar)}.${resolved.column}`;
  if (resolved.entry.nullable) return { notNull: false, label, why: 'outer-joined' };
  if (resolved.info.notNull) return { notNull: true, label };
  const fk = resolved.entry.table?.foreignKeys.find(
    (f) => f.columns.length === 1 && f.columns[0] === resolved.column && f.onDelete === 'n',
  );
  return { notNull: false, label, why: fk ? 'ON DELETE SET NULL in the schema' : undefined };
}

/**
 * `deleted AS (DELETE FROM jobs … RETURNING id)`: a column a data-modifying CTE returns is a column of the table it
 * changed (or one of the tables its USING or FROM joins: then only a name the changed table has, which PostgreSQL
 * would otherwise reject as ambiguous or read from it). An expression returned is not judged.
 */
function returnedNullability(
  query: NodeRef,
  column: string | undefined,
  schema: Parameters<typeof queryLevels>[1],
): { notNull?: boolean; label?: string; why?: string } {
  if (query.type !== 'DeleteStmt' && query.type !== 'UpdateStmt' && query.type !== 'InsertStmt') return {};
  const table = schema.resolveRangeVar(query.node.relation);
  const alias = query.node.relation?.alias?.aliasname ?? query.node.relation?.relname;
  if (!table || !column) return {};
  // The parser's AST names the list returningClause.exprs; older ones named it returningList.
  const returning: Node[] = query.node.returningClause?.exprs ?? query.node.returningList ?? [];
  for (const item of returning) {
    const target = asRef(item as Node);
    const val = asRef(target?.node.val);
    if (val?.type !== 'ColumnRef') continue;
    const star = hasStar(val.node);
    const parts = columnParts(val.node).filter((p) => p !== '*');
    const qualifier = star ? parts[parts.length - 1] : parts.length > 1 ? parts[parts.length - 2] : undefined;
    if (qualifier !== undefined && qualifier !== alias) continue;
    const name: string | undefined = star ? column : parts[parts.length - 1];
    if (!star && (target?.node.name ?? name) !== column) continue;
    const info = name === undefined ? undefined : table.columns.get(name);
    if (!info) continue;
    return { notNull: !!info.notNull, label: `${tableLabel(table)}.${name}` };
  }
  return {};
}

/** Does a top-level conjunct of this WHERE say `<column> IS NOT NULL` of the column with these name parts? */
function filtersOutNulls(where: NodeLike, column: readonly string[]): boolean {
  if (!where) return false;
  return conjuncts(where).some((ref) => {
    if (ref.type !== 'NullTest' || ref.node.nulltesttype !== 'IS_NOT_NULL') return false;
    const arg = asRef(ref.node.arg);
    if (arg?.type !== 'ColumnRef') return false;
    const parts = columnParts(arg.node);
    // `jobs.task_id IS NOT NULL` filters `task_id` and the other way round: compare what both name.
    const n = Math.min(parts.length, column.length);
    return n > 0 && parts.slice(-n).join('.') === column.slice(-n).join('.');
  });
}
