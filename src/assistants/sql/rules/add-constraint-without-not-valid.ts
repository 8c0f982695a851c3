import { alterationsOfExistingTable, commandEnd } from '../migrations';
import { ident } from '../names';
import { insertAfterStatement } from '../statement-text';
import type { SqlRule } from '../rule';

/**
 * `ALTER TABLE … ADD CONSTRAINT … CHECK (…)` without `NOT VALID` on an existing table: every row is checked
 * under an ACCESS EXCLUSIVE lock. (Constraints that build an index are constraint-builds-index's.)
 */
export const addConstraintWithoutNotValid: SqlRule = {
  id: 'add-constraint-without-not-valid',
  assistant: 'sql',
  title: 'CHECK constraint added to an existing table without NOT VALID locks it while every row is checked',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Add {count} CHECK constraint(s) without long table locks',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation: 'CHECK … NOT VALID then VALIDATE in its own transaction (it lets reads and writes go on).',
    skills: ['PostgreSQL', 'migrations'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`ALTER TABLE … ADD CONSTRAINT … CHECK (…)\` scans every row of the table to prove the condition, and it
holds an ACCESS EXCLUSIVE lock meanwhile: not only writes but also plain \`SELECT\`s on the table wait. The
time grows with the table: seconds to minutes of a table nobody can read. (\`ADD UNIQUE\` and \`ADD PRIMARY
KEY\` build an index under the same lock: that is \`constraint-builds-index\`.)

## How to fix it

Add it \`NOT VALID\` (instant; new rows are checked), then \`VALIDATE CONSTRAINT\` in a separate transaction —
validation takes a SHARE UPDATE EXCLUSIVE lock that lets reads and writes go on. The quick fix does both.

## When to ignore it

The table is empty or tiny, or the application is stopped while the migration runs.
`,
  when: { statements: ['AlterTableStmt'] },
  check(context) {
    for (const { cmd, span, target, label } of alterationsOfExistingTable(context, 'AT_AddConstraint')) {
      const constraint = cmd.def?.Constraint as Record<string, unknown> | undefined;
      if (!constraint) continue;
      const end = commandEnd(context.statement.tokens, span.start, context.statement.end);
      const range = context.rangeOf({ start: span.start, end })!;
      if (constraint.contype === 'CONSTR_CHECK' && !constraint.skip_validation) {
        const name = String(constraint.conname ?? `${target.rangeVar.relname}_check`);
        const notValid = context.edit({ start: end, end }, ' NOT VALID');
        const validate = constraint.conname
          ? insertAfterStatement(context, [
              '-- Validate in a separate transaction: it scans without blocking reads or writes.',
              `ALTER TABLE ${label} VALIDATE CONSTRAINT ${ident(name)};`,
            ])
          : undefined;
        context.report({
          range,
          message:
            `Adding CHECK constraint ${name} scans every row of ${label} under an ACCESS EXCLUSIVE lock: reads and writes on ${label} wait for the whole scan, ` +
            'which grows with the table. Add it NOT VALID and VALIDATE CONSTRAINT in a separate transaction.',
          fixes:
            notValid && validate
              ? [
                  {
                    title: 'Add the CHECK constraint NOT VALID, then VALIDATE it',
                    isPreferred: true,
                    detail:
                      'Run the VALIDATE CONSTRAINT in its own transaction (a later migration): in the same transaction the ACCESS EXCLUSIVE lock is held until commit anyway.',
                    edits: [notValid, validate],
                  },
                ]
              : undefined,
        });
      }
    }
  },
};
