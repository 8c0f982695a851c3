import { alterationsOfExistingTable, commandEnd } from '../migrations';
import { ident } from '../names';
import { insertAfterStatement } from '../statement-text';
import type { SqlRule } from '../rule';

/**
 * `ALTER TABLE … ADD CONSTRAINT … CHECK (…)` without `NOT VALID` on an existing table (every row is checked
 * under an ACCESS EXCLUSIVE lock), and `ADD UNIQUE` / `ADD PRIMARY KEY` without `USING INDEX` (the index is
 * built under that lock).
 */
export const addConstraintWithoutNotValid: SqlRule = {
  id: 'add-constraint-without-not-valid',
  assistant: 'sql',
  title: 'CHECK, UNIQUE or PRIMARY KEY added to an existing table locks it while every row is checked',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Add {count} constraint(s) without long table locks',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'CHECK … NOT VALID then VALIDATE in its own transaction; UNIQUE via CREATE UNIQUE INDEX CONCURRENTLY and ADD CONSTRAINT … USING INDEX.',
    skills: ['PostgreSQL', 'migrations'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`ALTER TABLE … ADD CONSTRAINT … CHECK (…)\` scans every row of the table to prove the condition, and it
holds an ACCESS EXCLUSIVE lock meanwhile: not only writes but also plain \`SELECT\`s on the table wait.
\`ADD UNIQUE\` and \`ADD PRIMARY KEY\` build their index under the same lock. The time grows with the
table: seconds to minutes of a table nobody can read.

## How to fix it

- CHECK: add it \`NOT VALID\` (instant; new rows are checked), then \`VALIDATE CONSTRAINT\` in a separate
  transaction — validation takes a SHARE UPDATE EXCLUSIVE lock that lets reads and writes go on. The quick
  fix does both.
- UNIQUE / PRIMARY KEY: \`CREATE UNIQUE INDEX CONCURRENTLY …\` first, then
  \`ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX …\`, which only takes the lock briefly.

## When to ignore it

The table is empty or tiny, or the application is stopped while the migration runs.
`,
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
      } else if (
        (constraint.contype === 'CONSTR_UNIQUE' || constraint.contype === 'CONSTR_PRIMARY') &&
        !constraint.indexname
      ) {
        const kind = constraint.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'PRIMARY KEY';
        context.report({
          range,
          message:
            `ADD ${kind} builds its index on ${label} under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole build, which grows with the table. ` +
            `Build it first with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … ${kind} USING INDEX.`,
        });
      }
    }
  },
};
