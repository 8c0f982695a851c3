import { unwrap } from '../ast';
import type { TextEdit } from '../../../core/finding';
import { inRollback, lockTimeoutSetBefore, migrationTarget, setsLockTimeout } from '../migrations';
import { tableLabel } from '../names';
import { statementHead } from '../statement-text';
import type { SqlDocumentInfo, SqlRule, SqlRuleContext } from '../rule';
import { escapeForHost } from '../sources';

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
takes such a lock on a table that existed before, when no \`SET lock_timeout\` (\`SET LOCAL\`, or
\`set_config('lock_timeout', …)\`) comes before it. Migration scripts (knex \`raw\`, TypeORM
\`queryRunner.query\`, MikroORM \`addSql\`) are judged the same way across their calls, in the \`up\` direction
only: a \`SET\` in an earlier call covers the later ones, which run on the same connection.

## How to fix it

Start the migration with \`SET lock_timeout = '5s';\` (the quick fix inserts it; in a script, as a call of the
same function on the line before the locking call, such as \`this.addSql("SET lock_timeout = '5s';");\`). A
statement that cannot get its lock in time fails instead of blocking everyone; retry the migration later. Many
teams also set a \`statement_timeout\`.

## When to ignore it

Your migration tool already sets \`lock_timeout\` for every migration (then configure it there and disable
this rule).
`,
  check(context) {
    const { document } = context;
    if (!document.isMigration) return;
    if (document.embedded) {
      checkScript(context);
      return;
    }
    if (!takesStrongLock(context)) return;
    if (lockTimeoutSetBefore(context)) return;
    // Once per file: only the first statement that needs it.
    const first = context.parsed.statements.find(
      (s) => s.start < context.statement.start && takesStrongLock({ ...context, statement: s, ast: unwrap(s.node)! }),
    );
    if (first) return;
    const indent =
      /[ \t]*$/.exec(document.text.slice(0, context.fragment.map.toHost(context.statement.start)))?.[0] ?? '';
    const edit = context.edit(
      { start: context.statement.start, end: context.statement.start },
      `${LOCK_TIMEOUT};${document.eol}${indent}`,
    );
    report(context, edit);
  },
};

const LOCK_TIMEOUT = "SET lock_timeout = '5s'";

/** What the rule has seen of a migration script's `up` direction so far, in the order its calls run. */
interface ScriptProgress {
  lockTimeoutSet: boolean;
  /** The first statement that takes a strong lock was judged: the rest of the file is not. */
  judged: boolean;
}

const scripts = new WeakMap<SqlDocumentInfo, ScriptProgress>();

/**
 * A migration script runs its calls one after the other on one connection, so a `SET lock_timeout` in an earlier
 * call covers the later ones. The engine checks a document's fragments in source order, statement by statement
 * (index.ts), so what this rule has seen of the document so far is what ran before the current statement. PL/pgSQL
 * bodies run when their function is called (or are a DO block's own business), and the rollback is not reported.
 */
function checkScript(context: SqlRuleContext): void {
  if (context.fragment.origin === 'body' || inRollback(context)) return;
  let progress = scripts.get(context.document);
  if (!progress) scripts.set(context.document, (progress = { lockTimeoutSet: false, judged: false }));
  if (setsLockTimeout(context.ast)) progress.lockTimeoutSet = true;
  if (progress.judged || !takesStrongLock(context)) return;
  progress.judged = true;
  if (!progress.lockTimeoutSet) report(context, scriptEdit(context));
}

/**
 * A call of the same callee setting the lock_timeout, on its own line before the statement's call with the call's
 * indentation and the literal's quote: `this.addSql('…')` gets `this.addSql('SET lock_timeout = \'5s\';');`.
 * Only where the call starts its line as a statement of its own (`await` allowed) and is handed the literal itself.
 */
function scriptEdit(context: SqlRuleContext): TextEdit | undefined {
  const { fragment, document } = context;
  const { caller, quote } = fragment;
  if (fragment.origin !== 'call' || !caller || !quote) return undefined;
  const text = document.text;
  const open = fragment.map.toHost(0) - 1;
  if (open <= caller.end || text[open] !== quote || !/^\s*\(\s*$/.test(text.slice(caller.end, open))) return undefined;
  const lineStart = text.lastIndexOf('\n', caller.start - 1) + 1;
  const lead = /^([ \t]*)((?:await\s+)?)$/.exec(text.slice(lineStart, caller.start));
  if (!lead) return undefined;
  const [, indent, awaited] = lead;
  const close = fragment.map.toHost(fragment.sql.length);
  const after = /^\s*\)(\s*;)?/.exec(text.slice(close + 1));
  // The file's own style: a statement ends with `;` unless this call's does not.
  const semicolon = !after || after[1] ? ';' : '';
  const sql = `${LOCK_TIMEOUT}${fragment.sql.trimEnd().endsWith(';') ? ';' : ''}`;
  const at = lineStart + indent.length;
  return {
    file: document.file,
    range: context.hostRange(at, at),
    newText: `${awaited}${caller.name}(${quote}${escapeForHost(sql, quote)}${quote})${semicolon}${document.eol}${indent}`,
  };
}

function report(context: SqlRuleContext, edit: TextEdit | undefined): void {
  const relation = relationOf(context);
  const target = migrationTarget(context, relation);
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
}

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
