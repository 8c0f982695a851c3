import type { NodeRef, Payload } from '../ast';
import { asRef, columnParts } from '../ast';
import { tableLabel } from '../names';
import type { RangeEntry } from '../query';
import type { SqlRule } from '../rule';

/**
 * `SELECT *` (or `t.*`) in application code: every column crosses the wire, including large ones the code
 * never reads, and index-only scans become impossible. Only queries embedded in application code are
 * reported, and only the outermost select list: `EXISTS (SELECT * …)` and ad-hoc SQL files are fine.
 */
export const selectStar: SqlRule = {
  id: 'select-star',
  assistant: 'sql',
  title: 'SELECT * in application code fetches every column',
  defaultSeverity: 'info',
  impact: 'low',
  effort: 'small',
  roadmap: {
    task: 'Name the columns in {count} application {query|queries}',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation: 'Check every field the code reads is in the new list (a type for the row helps).',
    skills: ['SQL', 'TypeScript'],
  },
  docs: `
## Why it matters

\`SELECT *\` from application code sends every column to the application — long descriptions, JSON
payloads, password hashes — whether the code reads them or not, on every call. It rules out index-only
scans (an index can never cover "every column"), and a column added later silently changes what each
query returns. The cost grows with row width times call rate.

Reported only for SQL embedded in TypeScript/JavaScript, on the outermost select list; \`EXISTS (SELECT *
…)\` and \`count(*)\` are fine, and SQL files (ad-hoc queries, views) are left alone.

## How to fix it

List the columns the code uses.

## When to ignore it

The code really passes whole rows on (a generic export), or the table is narrow and stable.
`,
  check(context) {
    if (!context.document.embedded) return;
    const levels = context.levels();
    const top = levels[0];
    if (!top || top.ref.type !== 'SelectStmt' || top.parents.length > 0) return;
    for (const target of top.ref.node.targetList ?? []) {
      const value = asRef(asRef(target)?.node.val);
      if (value?.type !== 'ColumnRef') continue;
      const parts = columnParts(value.node);
      if (parts[parts.length - 1] !== '*') continue;
      const qualifier = parts.length > 1 ? parts[parts.length - 2] : undefined;
      const entries = qualifier ? top.scope.entries.filter((e) => e.alias === qualifier) : top.scope.entries;
      // `SELECT * FROM (SELECT id, name …) t`, `FROM (VALUES …)`, or a CTE of the statement that names its
      // columns: the statement already lists what comes back.
      if (entries.length > 0 && entries.every((e) => listsItsColumns(e, top.ref.node.withClause))) continue;
      const described = entries
        .map((e) =>
          e.table?.columnsKnown
            ? `all ${e.table.columns.size} columns of ${tableLabel(e.table)}`
            : e.kind === 'table'
              ? `every column of ${tableLabel(e.table, e.rangeVar)}`
              : undefined,
        )
        .filter(Boolean);
      context.report({
        range: context.rangeOf(value)!,
        message:
          `${parts.join('.')} fetches ${described.length ? described.join(' and ') : 'every column'} on every call, used or not: more bytes per row, no index-only scans, ` +
          'and a column added later changes what the code receives. List the columns the code reads.',
      });
    }
  },
};

/** A subquery, VALUES, or a CTE whose query names its columns (no star in its select list or RETURNING, on every side of a UNION). */
function listsItsColumns(entry: RangeEntry, withClause: Payload | undefined): boolean {
  if (entry.kind === 'subquery' || entry.kind === 'values') return true;
  if (entry.kind !== 'cte') return false;
  const name = entry.rangeVar?.relname;
  const cte = (withClause?.ctes ?? [])
    .map((c: unknown) => asRef(c))
    .find((c: NodeRef | undefined) => c?.node.ctename === name);
  return namesItsColumns(asRef(cte?.node.ctequery));
}

/** A query whose select list (or RETURNING) has no star; for `UNION`/`INTERSECT`/`EXCEPT`, each of its sides. */
function namesItsColumns(query: NodeRef | undefined): boolean {
  if (!query) return false;
  if (query.type === 'SelectStmt' && query.node.op && query.node.op !== 'SETOP_NONE')
    // The sides are SelectStmt payloads themselves, not nodes wrapped in their type.
    return [query.node.larg, query.node.rarg].every(
      (side) => !!side && namesItsColumns({ type: 'SelectStmt', node: side } as NodeRef),
    );
  // The parser's AST names a RETURNING list returningClause.exprs; older ones named it returningList.
  const list: unknown[] | undefined =
    query.type === 'SelectStmt'
      ? query.node.targetList
      : (query.node.returningClause?.exprs ?? query.node.returningList);
  if (!list || list.length === 0) return false;
  return list.every((target) => {
    const value = asRef(asRef(target)?.node.val);
    return value?.type !== 'ColumnRef' || !columnParts(value.node).includes('*');
  });
}
