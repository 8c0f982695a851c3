import { alterationsOfExistingTable } from '../migrations';
import type { SqlRule } from '../rule';

/**
 * `ALTER COLUMN … TYPE` on an existing table rewrites it and rebuilds its indexes under an ACCESS EXCLUSIVE
 * lock, unless the change is binary coercible (`varchar(n)` → `varchar(m ≥ n)` or `text`, a wider
 * `numeric` precision with the same scale…), which the schema lets us recognise and leave alone.
 */
export const alterColumnType: SqlRule = {
  id: 'alter-column-type',
  assistant: 'sql',
  title: 'ALTER COLUMN TYPE on an existing table rewrites it under an exclusive lock',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'large',
  roadmap: {
    task: 'Change {count} column type(s) without a table rewrite',
    baseHours: 4,
    hoursPerPlace: 2,
    risk: 'medium',
    mitigation: 'New column, dual writes or a trigger, batched backfill, then swap names in a short transaction.',
    skills: ['PostgreSQL', 'migrations'],
  },
  docs: `
## Why it matters

Changing a column's type makes PostgreSQL rewrite every row and rebuild every index of the table, holding
an ACCESS EXCLUSIVE lock for all of it: nothing reads or writes the table meanwhile. The time grows with
the table and its indexes (\`integer\` → \`bigint\` on a large table is the classic outage).

\`timestamp\` to \`timestamptz\` skips the rewrite when the session's TimeZone is UTC (PostgreSQL 12+), but still
rebuilds every index on the column under the same lock.

Changes that keep the stored bytes are instant and are not reported when the schema shows the old type:
\`varchar(n)\` to a longer \`varchar\` or to \`text\`, \`text\` to unconstrained \`varchar\`, \`numeric(p,s)\` to a
larger precision with the same scale or to unconstrained \`numeric\`. A \`USING\` clause always rewrites.

## How to fix it

Add a new column of the new type, keep it in sync (application dual writes or a trigger), backfill it in
batches, then swap the names in one short transaction. For a length limit, a \`CHECK\` constraint added
\`NOT VALID\` is cheaper to change than a \`varchar(n)\`.

## When to ignore it

The table is empty or tiny, or the application is stopped while the migration runs.
`,
  when: { statements: ['AlterTableStmt'] },
  check(context) {
    for (const { cmd, span, label } of alterationsOfExistingTable(context, 'AT_AlterColumnType')) {
      if (!cmd.name) continue;
      const column = String(cmd.name);
      const hasUsing = !!cmd.def?.ColumnDef?.raw_default;
      const change = context.schema.typeChanges.find(
        (c) => c.file === context.document.file && c.start === context.statement.start && c.column === column,
      );
      if (change && !hasUsing && binaryCoercible(change.from, change.to)) continue;
      const what = change ? `from ${change.from} to ${change.to}` : 'its type';
      // PostgreSQL 12+ skips the rewrite of timestamp → timestamptz when the session's TimeZone is UTC, but
      // still rebuilds every index on the column under the same lock.
      const rewrite =
        !hasUsing && change?.from.startsWith('timestamp without') && change.to.startsWith('timestamp with time')
          ? `rebuilds every index on ${column} (and rewrites every row of ${label} unless the session's TimeZone is UTC)`
          : `rewrites every row of ${label} and rebuilds its indexes`;
      context.report({
        range: context.rangeOf(span)!,
        message:
          `Changing ${label}.${column} ${what} ${rewrite} under an ACCESS EXCLUSIVE lock: reads and writes wait for a time that grows with the table. ` +
          'Add a new column, backfill it in batches and swap names, unless the table is small.',
      });
    }
  },
};

/** Type changes PostgreSQL makes without touching the rows. */
export function binaryCoercible(from: string, to: string): boolean {
  const varchar = /^character varying(?:\((\d+)\))?$/;
  const numeric = /^numeric(?:\((\d+)(?:,(\d+))?\))?$/;
  const f = from.trim();
  const t = to.trim();
  if (f === t) return true;
  const vf = varchar.exec(f);
  const vt = varchar.exec(t);
  if (vf && (t === 'text' || (vt && (!vt[1] || (vf[1] && Number(vt[1]) >= Number(vf[1])))))) return true;
  if (f === 'text' && vt && !vt[1]) return true;
  const nf = numeric.exec(f);
  const nt = numeric.exec(t);
  if (nf && nt) {
    if (!nt[1]) return true;
    if (nf[1] && Number(nt[1]) >= Number(nf[1]) && (nf[2] ?? '0') === (nt[2] ?? '0')) return true;
  }
  if (f === 'cidr' && t === 'inet') return true;
  return false;
}
