import { names, unwrap } from '../ast';
import type { Payload } from '../ast';
import { alterationsOfExistingTable, commandEnd } from '../migrations';
import { ident, indexName } from '../names';
import type { SqlRule, SqlRuleContext } from '../rule';
import type { TableInfo } from '../schema';

/**
 * `ALTER TABLE … ADD UNIQUE / PRIMARY KEY / EXCLUDE`, or `ADD COLUMN … UNIQUE / PRIMARY KEY`, on a table that
 * existed before the migration: PostgreSQL builds the constraint's index inside the ALTER, under the ACCESS
 * EXCLUSIVE lock, so nothing reads or writes the table while it is built. `USING INDEX` (an index built
 * CONCURRENTLY beforehand) is the way around it.
 */
export const constraintBuildsIndex: SqlRule = {
  id: 'constraint-builds-index',
  assistant: 'sql',
  title: 'UNIQUE or PRIMARY KEY added to an existing table builds its index under an exclusive lock',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Build {count} constraint {index|indexes} concurrently before adding the constraint',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'CREATE UNIQUE INDEX CONCURRENTLY outside a transaction, then ADD CONSTRAINT … USING INDEX (instant); drop an INVALID index left by a failed build and retry.',
    skills: ['PostgreSQL', 'migrations'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (number)\` — and \`ADD PRIMARY KEY\`,
\`ADD … EXCLUDE\`, or a new column declared \`UNIQUE\` or \`PRIMARY KEY\` — makes PostgreSQL build the
constraint's index as part of the ALTER, holding an ACCESS EXCLUSIVE lock: every read and write of the
table waits until the whole table has been scanned and sorted. That is seconds to minutes on a large table,
growing with it; \`CREATE INDEX\` without CONCURRENTLY would at least let reads through.

Reported on tables that existed before the migration (an earlier migration created them, or this file does
not); on a table created in the same migration nobody is waiting. \`USING INDEX\` is fine.

## How to fix it

Build the index first, without blocking anyone, then attach it:

\`\`\`sql
CREATE UNIQUE INDEX CONCURRENTLY orders_number_key ON orders (number);
ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_key;
\`\`\`

The quick fix does this for \`ADD [CONSTRAINT …] UNIQUE (…)\` and \`PRIMARY KEY (…)\`. \`CREATE INDEX
CONCURRENTLY\` cannot run in a transaction block, so the migration must run without one. For a primary key the
columns must already be \`NOT NULL\` (else the ALTER scans the table to set it). For a new column, add it
without the constraint first, then do the same. An exclusion constraint has no \`USING INDEX\`: add it in a
maintenance window.

## When to ignore it

The table is empty or tiny, or the application is stopped while the migration runs.
`,
  when: { statements: ['AlterTableStmt'] },
  check(context) {
    for (const { cmd, span, target, label } of alterationsOfExistingTable(context, 'AT_AddConstraint')) {
      const constraint = unwrap(cmd.def)?.node;
      const kind = kindOf(constraint);
      if (!constraint || !kind || constraint.indexname) continue;
      const end = commandEnd(context.statement.tokens, span.start, context.statement.end);
      const columns = names(constraint.keys);
      context.report({
        range: context.rangeOf({ start: span.start, end })!,
        message:
          `Adding ${kind} builds its index while the ALTER holds an ACCESS EXCLUSIVE lock on ${label}: every read and write of ${label} waits for the whole build, which grows with the table. ` +
          (kind === 'an EXCLUDE constraint'
            ? 'An exclusion constraint cannot take a prebuilt index: add it while the application is stopped, or enforce it another way.'
            : 'Build the index with CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … USING INDEX.'),
        fixes: usingIndexFix(context, { constraint, columns, kind, span: { start: span.start, end }, target, label }),
      });
    }
    for (const { cmd, span, label } of alterationsOfExistingTable(context, 'AT_AddColumn')) {
      const def = unwrap(cmd.def)?.node;
      for (const c of def?.constraints ?? []) {
        const kind = kindOf(unwrap(c)?.node);
        if (!kind) continue;
        const column = String(def?.colname ?? '');
        const end = commandEnd(context.statement.tokens, span.start, context.statement.end);
        context.report({
          range: context.rangeOf({ start: span.start, end })!,
          message:
            `Adding column ${column} as ${kind === 'a PRIMARY KEY' ? 'PRIMARY KEY' : 'UNIQUE'} builds its index while the ALTER holds an ACCESS EXCLUSIVE lock on ${label}: every read and write waits for the whole build. ` +
            `Add the column without the constraint, fill it, then CREATE UNIQUE INDEX CONCURRENTLY and ADD CONSTRAINT … USING INDEX.`,
        });
        break;
      }
    }
  },
};

type Kind = 'a UNIQUE constraint' | 'a PRIMARY KEY' | 'an EXCLUDE constraint';

function kindOf(constraint: Payload | undefined): Kind | undefined {
  switch (constraint?.contype) {
    case 'CONSTR_UNIQUE':
      return 'a UNIQUE constraint';
    case 'CONSTR_PRIMARY':
      return 'a PRIMARY KEY';
    case 'CONSTR_EXCLUSION':
      return 'an EXCLUDE constraint';
    default:
      return undefined;
  }
}

/**
 * `CREATE UNIQUE INDEX CONCURRENTLY` before the statement and the command rewritten to `… USING INDEX`: for a
 * plain UNIQUE or PRIMARY KEY on columns, the statement's only command (a constraint with options, INCLUDE, NULLS
 * NOT DISTINCT or a deferral is left to the user).
 */
function usingIndexFix(
  context: SqlRuleContext,
  {
    constraint,
    columns,
    kind,
    span,
    target,
    label,
  }: {
    constraint: Payload;
    columns: string[];
    kind: Kind;
    span: { start: number; end: number };
    target: { table?: TableInfo; rangeVar: Payload };
    label: string;
  },
) {
  if (kind === 'an EXCLUDE constraint' || columns.length === 0) return undefined;
  if ((context.ast.node.cmds ?? []).length !== 1) return undefined;
  if (
    (constraint.including ?? []).length ||
    (constraint.options ?? []).length ||
    constraint.nulls_not_distinct ||
    constraint.deferrable ||
    constraint.indexspace
  )
    return undefined;
  const table = String(target.rangeVar.relname);
  const name = String(
    constraint.conname ?? (kind === 'a PRIMARY KEY' ? `${table}_pkey` : indexName(table, columns, 'key')),
  );
  const indent =
    /[ \t]*$/.exec(context.document.text.slice(0, context.fragment.map.toHost(context.statement.start)))?.[0] ?? '';
  const eol = context.document.eol;
  const create = context.edit(
    { start: context.statement.start, end: context.statement.start },
    `CREATE UNIQUE INDEX CONCURRENTLY ${ident(name)} ON ${label} (${columns.map(ident).join(', ')});${eol}${indent}`,
  );
  const attach = context.edit(
    span,
    `ADD CONSTRAINT ${ident(name)} ${kind === 'a PRIMARY KEY' ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX ${ident(name)}`,
  );
  if (!create || !attach) return undefined;
  const nullable =
    kind === 'a PRIMARY KEY' ? columns.filter((c) => target.table?.columns.get(c)?.notNull !== true) : [];
  return [
    {
      title: 'Build the index CONCURRENTLY, then add the constraint USING INDEX',
      isPreferred: true,
      detail:
        'CREATE INDEX CONCURRENTLY cannot run inside a transaction block: run this migration without one. If the build fails, drop the INVALID index it leaves and retry.' +
        (nullable.length
          ? ` ${nullable.join(', ')} may hold NULLs: the primary key sets NOT NULL, which scans the table under the lock; make ${nullable.length === 1 ? 'it' : 'them'} NOT NULL first (a CHECK … NOT VALID, validated).`
          : ''),
      edits: [create, attach],
    },
  ];
}
