import { alterationsOfExistingTable } from '../migrations';
import type { SqlRule } from '../rule';

/**
 * `ALTER COLUMN … SET NOT NULL` on an existing table: a full scan under an ACCESS EXCLUSIVE lock, unless a
 * validated `CHECK (col IS NOT NULL)` already proves it (PostgreSQL 12+ then skips the scan).
 */
export const setNotNull: SqlRule = {
  id: 'set-not-null',
  assistant: 'sql',
  title: 'SET NOT NULL on an existing table scans it under an ACCESS EXCLUSIVE lock',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'medium',
  roadmap: {
    task: 'Make {count} column(s) NOT NULL through a validated CHECK constraint',
    baseHours: 1,
    hoursPerPlace: 0.75,
    risk: 'low',
    mitigation:
      'ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID; VALIDATE it in its own transaction; then SET NOT NULL and drop the CHECK.',
    skills: ['PostgreSQL', 'migrations'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`ALTER TABLE … ALTER COLUMN … SET NOT NULL\` reads every row to prove there is no NULL, holding an ACCESS
EXCLUSIVE lock: nothing can read or write the table meanwhile, for as long as the scan takes on a table
of that size.

## How to fix it

On PostgreSQL 12 and later, let a validated CHECK constraint carry the proof:

\`\`\`sql
ALTER TABLE t ADD CONSTRAINT t_col_not_null CHECK (col IS NOT NULL) NOT VALID;
-- separate transaction:
ALTER TABLE t VALIDATE CONSTRAINT t_col_not_null;   -- scans without blocking reads or writes
ALTER TABLE t ALTER COLUMN col SET NOT NULL;          -- no scan: the constraint proves it
ALTER TABLE t DROP CONSTRAINT t_col_not_null;
\`\`\`

Not reported when such a validated constraint exists before the statement.

## When to ignore it

The table is empty or tiny, or the application is stopped while the migration runs.
`,
  when: { statements: ['AlterTableStmt'] },
  check(context) {
    for (const { cmd, span, target, label } of alterationsOfExistingTable(context, 'AT_SetNotNull')) {
      if (!cmd.name) continue;
      const column = String(cmd.name);
      const proven = target.table?.checks.some(
        (c) => c.notNullOf === column && c.valid && c.origin.order <= context.document.order,
      );
      if (proven) continue;
      const constraint = `${target.rangeVar.relname}_${column}_not_null`;
      context.report({
        range: context.rangeOf(span)!,
        message:
          `SET NOT NULL on ${label}.${column} reads every row of ${label} under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole scan, which grows with the table. ` +
          `On PostgreSQL 12+, first ADD CONSTRAINT ${constraint} CHECK (${column} IS NOT NULL) NOT VALID and VALIDATE it in a separate transaction; SET NOT NULL then skips the scan.`,
      });
    }
  },
};
