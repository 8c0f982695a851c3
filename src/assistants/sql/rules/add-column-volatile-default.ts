import { asRef, funcName, unwrap, walk } from '../ast';
import { alterationsOfExistingTable } from '../migrations';
import type { SqlRule } from '../rule';
import { isVolatileCall } from '../schema';

/**
 * `ADD COLUMN` on an existing table whose value must be computed per row: a volatile DEFAULT
 * (`gen_random_uuid()`, `random()`, `clock_timestamp()`, `nextval()`), a serial or identity column, or a
 * stored generated column. PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock. Constant
 * and stable defaults (`'web'`, `now()`) are metadata-only since PostgreSQL 11 and are not reported.
 */
export const addColumnVolatileDefault: SqlRule = {
  id: 'add-column-volatile-default',
  assistant: 'sql',
  title: 'ADD COLUMN with a per-row default rewrites the whole table under an exclusive lock',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'medium',
  roadmap: {
    task: 'Add {count} computed column(s) without a table rewrite',
    baseHours: 2,
    hoursPerPlace: 1,
    risk: 'medium',
    mitigation: 'Add the column without the default, SET DEFAULT for new rows, backfill existing rows in batches.',
    skills: ['PostgreSQL', 'migrations'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

Since PostgreSQL 11, \`ADD COLUMN … DEFAULT <constant or stable expression>\` (\`'web'\`, \`0\`, \`now()\`) only
records the default in the catalog: it is instant. A **volatile** default — \`gen_random_uuid()\`,
\`random()\`, \`clock_timestamp()\`, \`nextval()\` behind \`serial\` / \`bigserial\` / identity columns — must be
computed for every existing row, so PostgreSQL rewrites the whole table (and rebuilds its indexes) under an
ACCESS EXCLUSIVE lock. Nothing reads or writes the table until it is done; the time grows with its size.
Stored generated columns are rewritten the same way.

## How to fix it

Add the column without the default (instant), \`ALTER COLUMN … SET DEFAULT …\` so new rows get it, then fill
existing rows in batches (\`UPDATE … WHERE id BETWEEN …\`), each its own short transaction.

## When to ignore it

The table is empty or tiny, or the application is stopped while the migration runs.
`,
  when: { statements: ['AlterTableStmt'] },
  check(context) {
    for (const { cmd, span, label } of alterationsOfExistingTable(context, 'AT_AddColumn')) {
      const def = unwrap(cmd.def)?.node;
      if (!def) continue;
      const column = String(def.colname ?? '');
      const type = (def.typeName?.names ?? []).map((n: { String?: { sval?: string } }) => n.String?.sval).pop() ?? '';
      let why: string | undefined;
      if (/^(small|big)?serial[248]?$/.test(type))
        why = `${type} fills it from a sequence (nextval(), volatile) for every existing row`;
      for (const c of def.constraints ?? []) {
        const constraint = unwrap(c)?.node;
        if (!constraint || why) continue;
        if (constraint.contype === 'CONSTR_IDENTITY')
          why = 'an identity column is filled from a sequence for every existing row';
        else if (constraint.contype === 'CONSTR_GENERATED')
          why = 'a stored generated column is computed for every existing row';
        else if (constraint.contype === 'CONSTR_DEFAULT') {
          let volatile: string | undefined;
          walk(asRef(constraint.raw_expr), (ref) => {
            if (!volatile && isVolatileCall(ref)) volatile = `${funcName(ref.node)}()`;
          });
          if (volatile) why = `DEFAULT ${volatile} is volatile, so it is computed for every existing row`;
        }
      }
      if (!why) continue;
      context.report({
        range: context.rangeOf(span)!,
        message:
          `Adding ${column} to ${label}: ${why}, which rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock — reads and writes wait, for a time that grows with the table. ` +
          'Add the column without it, SET DEFAULT for new rows, and backfill existing rows in batches. (A constant or stable default such as now() would be instant.)',
      });
    }
  },
};
