import { alterationsOfExistingTable, commandEnd } from '../migrations';
import { ident } from '../names';
import { insertAfterStatement } from '../statement-text';
import { names } from '../ast';
import type { SqlRule } from '../rule';

/**
 * `ALTER TABLE … ADD [CONSTRAINT …] FOREIGN KEY` without `NOT VALID` on an existing table: PostgreSQL checks
 * every row against the referenced table while holding SHARE ROW EXCLUSIVE locks on both.
 */
export const addForeignKeyWithoutNotValid: SqlRule = {
  id: 'add-foreign-key-without-not-valid',
  assistant: 'sql',
  title:
    'Foreign key added to an existing table without NOT VALID blocks writes on both tables while every row is checked',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Add {count} foreign key(s) as NOT VALID and validate {it|them} separately',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'ADD … NOT VALID is instant; run VALIDATE CONSTRAINT in its own transaction (it allows reads and writes).',
    skills: ['PostgreSQL', 'migrations'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

Adding a foreign key to a table that holds rows makes PostgreSQL check every existing row against the
referenced table, and it holds SHARE ROW EXCLUSIVE locks on **both** tables while it does: every insert,
update and delete on either table waits. On \`payments → orders\` that is every checkout, for as long as
the scan takes — which grows with both tables.

## How to fix it

Add the constraint \`NOT VALID\`: it is instant, and new and updated rows are checked from then on. Then
\`ALTER TABLE … VALIDATE CONSTRAINT …\` in a **separate transaction** (a later migration, or after a
\`COMMIT\`): validation takes a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on. The quick
fix does both; keep the VALIDATE out of the transaction that added the constraint, or it holds the
stronger lock until commit anyway.

## When to ignore it

The table is empty or tiny, or the application is stopped while the migration runs.
`,
  when: { statements: ['AlterTableStmt'] },
  check(context) {
    for (const { cmd, span, target, label } of alterationsOfExistingTable(context, 'AT_AddConstraint')) {
      const constraint = (cmd.def?.Constraint ?? undefined) as Record<string, unknown> | undefined;
      if (!constraint || constraint.contype !== 'CONSTR_FOREIGN' || constraint.skip_validation) continue;
      const referenced = (constraint.pktable as { relname?: string } | undefined)?.relname ?? 'the referenced table';
      const columns = names(constraint.fk_attrs);
      const name = String(constraint.conname ?? `${target.rangeVar.relname}_${columns.join('_')}_fkey`);
      const end = commandEnd(context.statement.tokens, span.start, context.statement.end);
      const notValid = context.edit({ start: end, end }, ' NOT VALID');
      const validate = insertAfterStatement(context, [
        '-- Validate in a separate transaction: it scans without blocking writes.',
        `ALTER TABLE ${label} VALIDATE CONSTRAINT ${ident(name)};`,
      ]);
      context.report({
        range: context.rangeOf({ start: span.start, end })!,
        message:
          `Adding foreign key ${name} checks every row of ${label} against ${referenced} while holding SHARE ROW EXCLUSIVE locks on both: ` +
          `writes to ${label} and ${referenced} wait for the whole scan, which grows with the tables. ` +
          'Add it NOT VALID and VALIDATE CONSTRAINT in a separate transaction.',
        fixes:
          notValid && validate
            ? [
                {
                  title: 'Add the foreign key NOT VALID, then VALIDATE it',
                  isPreferred: true,
                  detail:
                    'Run the VALIDATE CONSTRAINT in its own transaction (a later migration): in the same transaction the stronger lock is held until commit anyway.',
                  edits: [notValid, validate],
                },
              ]
            : undefined,
      });
    }
  },
};
