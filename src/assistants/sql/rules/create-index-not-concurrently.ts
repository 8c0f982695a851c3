import { migrationTarget } from '../migrations';
import { tableLabel } from '../names';
import { keywordToken } from '../statement-text';
import type { SqlRule } from '../rule';

/**
 * `CREATE INDEX` without `CONCURRENTLY` on a table that already exists (created by an earlier migration,
 * or not created in this file): the build holds a SHARE lock, so every write to the table waits for it.
 */
export const createIndexNotConcurrently: SqlRule = {
  id: 'create-index-not-concurrently',
  assistant: 'sql',
  title: 'CREATE INDEX without CONCURRENTLY on an existing table blocks writes while it builds',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Build {count} {index|indexes} concurrently in migrations',
    baseHours: 1,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'Run the migration outside a transaction block; if a concurrent build fails, drop the INVALID index and retry.',
    skills: ['PostgreSQL', 'migrations'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

A plain \`CREATE INDEX\` takes a SHARE lock on the table for the whole build: reads go on, but every
\`INSERT\`, \`UPDATE\` and \`DELETE\` waits until the index is finished. On a table with millions of rows the
build takes minutes, so a deploy that adds an index to \`orders\` stops checkouts for that long. The cost
grows with the table; on a small table it is milliseconds.

Reported when the table existed before this file: it was created by an earlier migration, or it is not
created in this file at all (the statement needs it to exist). Indexes on tables created in the same
file are fine and not reported.

## How to fix it

Use \`CREATE INDEX CONCURRENTLY\` (the quick fix inserts the keyword); through a schema builder that has the option,
\`{ concurrently: true }\` (node-pg-migrate's \`pgm.createIndex\`, Sequelize's \`queryInterface.addIndex\`). It builds the index without
blocking writes, at the cost of two table scans. It cannot run inside a transaction block, so the
migration must run without one (most tools have a per-migration switch); if it fails it leaves an
\`INVALID\` index behind that you drop and build again.

## When to ignore it

The table is known to be tiny, or the migration runs in a maintenance window with the application
stopped.
`,
  when: { statements: ['IndexStmt'] },
  check(context) {
    const { ast } = context;
    if (ast.type !== 'IndexStmt' || ast.node.concurrent) return;
    // A schema builder without a concurrent option (knex) cannot be asked for one: its index feeds the schema only.
    const builder = context.fragment.builder;
    if (builder && !builder.concurrentOption) return;
    const target = migrationTarget(context, ast.node.relation);
    if (!target?.existing) return;
    const index = keywordToken(context, 'INDEX');
    const label = tableLabel(target.table, target.rangeVar);
    const edit = index && context.edit({ start: index.end, end: index.end }, ' CONCURRENTLY');
    const head = index
      ? { start: context.statement.start, end: index.end }
      : { start: context.statement.start, end: context.statement.end };
    const known = target.table
      ? `${label}, created by an earlier migration,`
      : `${label} (it already exists: this file does not create it)`;
    context.report({
      range: context.rangeOf(head)!,
      message:
        `CREATE INDEX on ${known} holds a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on ${label} waits until it is done — ` +
        'minutes on a large table. ' +
        (builder
          ? `Pass ${builder.concurrentOption} to this ${builder.library} call (the migration must run outside a transaction block).`
          : 'Use CREATE INDEX CONCURRENTLY (outside a transaction block).'),
      related: target.table ? context.relatedAt(target.table.origin, `${label} is created here`) : undefined,
      fixes: edit
        ? [
            {
              title: 'Build the index CONCURRENTLY',
              isPreferred: true,
              detail:
                'CREATE INDEX CONCURRENTLY cannot run inside a transaction block: run this migration without one. If the build fails, drop the INVALID index it leaves and retry.',
              edits: [edit],
            },
          ]
        : undefined,
    });
  },
};
