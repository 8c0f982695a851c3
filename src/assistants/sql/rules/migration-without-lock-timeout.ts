import { unwrap } from '../ast';
import { lockTimeoutSetBefore, migrationTarget } from '../migrations';
import { tableLabel } from '../names';
import { statementHead } from '../statement-text';
import type { SqlRule, SqlRuleContext } from '../rule';

/**
 * A migration that takes strong locks on existing tables with no `SET lock_timeout` before it: a DDL
 * statement that waits for its lock behind one long query makes every later query on the table queue
 * behind it. Reported once per file, on the first such statement.
 */
export const migrationWithoutLockTimeout: SqlRule = {
  id: 'migration-without-lock-timeout',
  assistant: 'sql',
  title: 'Migration locks existing tables without a lock_timeout',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Set a lock_timeout in {count} migration(s)',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'A migration that times out waiting for its lock fails fast and is retried, instead of queueing every query behind it.',
    skills: ['PostgreSQL', 'migrations'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`ALTER TABLE\`, \`CREATE INDEX\` (without CONCURRENTLY), \`DROP\` and \`RENAME\` need strong locks on the table.
If a long-running query or an idle transaction holds a weaker lock, the DDL waits — and while it waits,
every new query on the table queues **behind the DDL**, even plain \`SELECT\`s. A migration that would take
milliseconds takes the table offline for as long as that one long query runs.

Reported in migration files (a \`migrations\` folder or a numbered file), on the first statement that
takes such a lock on a table that existed before, when no \`SET lock_timeout\` comes before it.

## How to fix it

Start the migration with \`SET lock_timeout = '5s';\` (the quick fix inserts it). A statement that cannot get
its lock in time fails instead of blocking everyone; retry the migration later. Many teams also set a
\`statement_timeout\`.

## When to ignore it

Your migration tool already sets \`lock_timeout\` for every migration (then configure it there and disable
this rule).
`,
  check(context) {
    const { document } = context;
    if (!document.isMigration || document.embedded) return;
    if (!takesStrongLock(context)) return;
    if (lockTimeoutSetBefore(context)) return;
    // Once per file: only the first statement that needs it.
    const first = context.parsed.statements.find(
      (s) => s.start < context.statement.start && takesStrongLock({ ...context, statement: s, ast: unwrap(s.node)! }),
    );
    if (first) return;
    const relation = relationOf(context);
    const target = migrationTarget(context, relation);
    const indent =
      /[ \t]*$/.exec(document.text.slice(0, context.fragment.map.toHost(context.statement.start)))?.[0] ?? '';
    const edit = context.edit(
      { start: context.statement.start, end: context.statement.start },
      `SET lock_timeout = '5s';${document.eol}${indent}`,
    );
    context.report({
      range: context.rangeOf(statementHead(context))!,
      message:
        `This migration locks ${tableLabel(target?.table, relation)} with no lock_timeout set: if a long query holds the table, this statement waits for it, ` +
        'and every later query on the table queues behind this statement — an outage lasting as long as that query. ' +
        "Start with SET lock_timeout = '5s' so it fails fast and can be retried.",
      fixes: edit
        ? [{ title: "Set lock_timeout = '5s' before the first locking statement", isPreferred: true, edits: [edit] }]
        : undefined,
    });
  },
};

function relationOf(context: Pick<SqlRuleContext, 'ast'>): { relname?: string; schemaname?: string } | undefined {
  const { ast } = context;
  if (ast.type === 'AlterTableStmt' || ast.type === 'IndexStmt' || ast.type === 'RenameStmt') return ast.node.relation;
  return undefined;
}

/** A statement that needs an ACCESS EXCLUSIVE / SHARE (ROW EXCLUSIVE) lock on a table that already exists. */
function takesStrongLock(context: SqlRuleContext): boolean {
  const { ast } = context;
  if (ast.type === 'IndexStmt' && ast.node.concurrent) return false;
  if (ast.type === 'AlterTableStmt' && ast.node.objtype && ast.node.objtype !== 'OBJECT_TABLE') return false;
  if (
    ast.type === 'RenameStmt' &&
    !['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT'].includes(String(ast.node.renameType))
  )
    return false;
  const relation = relationOf(context);
  if (!relation) return false;
  return migrationTarget(context, relation)?.existing === true;
}
