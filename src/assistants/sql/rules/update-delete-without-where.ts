import { tableLabel } from '../names';
import { statementHead } from '../statement-text';
import type { SqlRule } from '../rule';
import type { TableInfo } from '../schema';

/** `UPDATE` or `DELETE` without `WHERE`: every row of the table, in one transaction. */
export const updateDeleteWithoutWhere: SqlRule = {
  id: 'update-delete-without-where',
  assistant: 'sql',
  title: 'UPDATE or DELETE without WHERE touches every row in one transaction',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Bound or batch {count} whole-table UPDATE/DELETE statement(s)',
    baseHours: 1,
    hoursPerPlace: 1,
    risk: 'medium',
    mitigation: 'Batch by key range in short transactions; TRUNCATE for emptying a table.',
    skills: ['SQL', 'PostgreSQL'],
  },
  docs: `
## Why it matters

An \`UPDATE\` or \`DELETE\` without \`WHERE\` changes every row of the table in one transaction: it locks every
row (other writers wait), writes a new row version for each (the table and its indexes bloat until vacuum
catches up), and produces WAL for all of it (replicas fall behind). In application code it is usually a
bug; in a migration it is a backfill whose run time grows with the table.

## How to fix it

- Application code: add the missing condition.
- Backfills: update in batches by key range (\`WHERE id BETWEEN $1 AND $2\`), each in its own short
  transaction, with a pause between batches.
- Emptying a table: \`TRUNCATE\` (takes an ACCESS EXCLUSIVE lock, but is instant).

## When to ignore it

The table is small by design (a settings table with a handful of rows).

Not reported on a table that holds one row at most: a one-column primary key that a \`CHECK\` pins to one value
(\`id boolean PRIMARY KEY CHECK (id)\`, \`CHECK (id = 1)\`), the usual way to keep a single row of state such as a
chain tip or a lock.
`,
  when: { statements: ['UpdateStmt', 'DeleteStmt'] },
  check(context) {
    const { ast, document } = context;
    if (ast.type !== 'UpdateStmt' && ast.type !== 'DeleteStmt') return;
    if (ast.node.whereClause) return;
    const table = context.schema.resolveRangeVar(ast.node.relation);
    if (oneRowTable(table)) return;
    const label = tableLabel(table, ast.node.relation);
    const verb = ast.type === 'UpdateStmt' ? 'UPDATE' : 'DELETE';
    const advice = document.isMigration
      ? 'For a backfill, update in batches by key range, each in its own short transaction.'
      : verb === 'DELETE'
        ? 'Add the missing WHERE condition (or use TRUNCATE to empty the table on purpose).'
        : 'Add the missing WHERE condition, or batch it by key range if every row must change.';
    context.report({
      range: context.rangeOf(statementHead(context, verb === 'DELETE' ? 3 : 2))!,
      message:
        `${verb} without WHERE changes every row of ${label} in one transaction: all rows locked, a new version written for each (bloat), ` +
        `and WAL for all of it — growing with the table. ${advice}`,
    });
  },
};

/**
 * A table that holds one row at most: its one-column primary key is pinned to one value by a CHECK (`CHECK (id)` on
 * a boolean, `CHECK (id IS TRUE)`, `CHECK (id = 1)`), so a statement without WHERE changes that row and no other.
 */
function oneRowTable(table: TableInfo | undefined): boolean {
  const key = table?.primaryKey;
  if (!key || key.length !== 1) return false;
  const column = key[0];
  const isKey = (node: unknown) =>
    !!node && typeof node === 'object' && (node as Record<string, unknown>).ColumnRef === column;
  const isConst = (node: unknown) => !!node && typeof node === 'object' && 'A_Const' in node;
  return table.checks.some((check) => {
    let expr: Record<string, Record<string, unknown>>;
    try {
      expr = JSON.parse(check.expression) as typeof expr;
    } catch {
      return false;
    }
    if (isKey(expr)) return true;
    if (expr.BooleanTest) return isKey(expr.BooleanTest.arg) && expr.BooleanTest.booltesttype === 'is_true';
    const op = expr.A_Expr;
    if (!op || op.kind !== 'aexpr_op' || JSON.stringify(op.name) !== '[{"String":{"sval":"="}}]') return false;
    return (isKey(op.lexpr) && isConst(op.rexpr)) || (isKey(op.rexpr) && isConst(op.lexpr));
  });
}
