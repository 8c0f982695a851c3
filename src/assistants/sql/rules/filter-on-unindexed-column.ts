import type { Node } from '@pgsql/types';
import type { NodeRef } from '../ast';
import { asRef, columnParts, conjuncts, operatorName } from '../ast';
import { integerValue, isRandomCall, isValue } from '../expressions';
import { ident, tableLabel } from '../names';
import type { Comparison } from '../predicates';
import { asComparison, levelPredicates, localColumn } from '../predicates';
import { createIndexSql } from '../statement-text';
import type { QueryLevel, RangeEntry } from '../query';
import { columnRefs, isIndependentOf, refersToOuter } from '../query';
import type { SqlRule, SqlRuleContext } from '../rule';
import type { TableInfo } from '../schema';
import { Catalog } from '../schema';

/**
 * Filters (and top-N sorts) that no index of the table can serve, given the workspace schema: the
 * table is read in full on every execution. Informational: it matters once the table is large, and only
 * the data (selectivity) decides whether an index pays for itself. Foreign-key columns are left to
 * `unindexed-foreign-key`, wrapped columns to `function-on-indexed-column`, wildcards to
 * `leading-wildcard-like`.
 */
export const filterOnUnindexedColumn: SqlRule = {
  id: 'filter-on-unindexed-column',
  assistant: 'sql',
  title: 'Filter or top-N sort on columns that no index serves',
  defaultSeverity: 'info',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Index the filters of {count} hot {query|queries}',
    baseHours: 2,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Measure with EXPLAIN ANALYZE on production-sized data; build indexes CONCURRENTLY; each index costs write throughput.',
    skills: ['PostgreSQL'],
    after: ['unindexed-foreign-key'],
  },
  docs: `
## Why it matters

When no index of a table starts with any column the query filters on (\`WHERE price BETWEEN 10 AND 100\`),
PostgreSQL reads the whole table on every execution and throws away the rows that do not match. The same
goes for \`ORDER BY … LIMIT n\` without an index on the sort key: every candidate row is read and sorted to
keep n. With a few thousand rows nobody notices; the cost grows linearly with the table.

An equality an index serves narrows the table first, and the other filters run on the rows it finds: also
\`col = ANY($1)\` (the index is probed per element) and \`col = (SELECT …)\` with a subquery that does not
read the outer row (it runs once, before the scan).
A table joined through an index to a table the schema does not know, which the query
picks by a list of keys (\`o.tier_id IN (?)\`, \`= ANY($1)\`, a loader's batch), is not reported either: its rows are
reached from those few.

This is informational because only the data can tell whether an index pays off: a filter that keeps
most rows (\`active = true\`) is better served by a scan. Boolean columns alone are not reported, nor
columns that already lead an index (a partial one included).

## How to fix it

If the filter is selective and the query hot, index it — equality columns first, then the range or sort
column: \`CREATE INDEX CONCURRENTLY ON products (category_id, price);\`. For a filter that is always the same
(\`active = true\`) a partial index keeps it small: \`… ON products (created_at) WHERE active\`.

## When to ignore it

The table stays small, the filter keeps most rows, or the query runs rarely (a nightly report).
`,
  check(context) {
    if (!context.schema.complete) return;
    const levels = context.levels();
    for (const level of levels) {
      // Made at the first table a condition narrows: many levels have none.
      let byEntry: Map<RangeEntry, Facts> | undefined;
      const { where, quals } = levelPredicates(level);
      const conditions = conjuncts(where);
      for (const qual of quals) for (const condition of conjuncts(qual)) conditions.push(condition);
      for (const condition of conditions) {
        const comparison = asComparison(condition) ?? anyOfArray(condition);
        if (!comparison || comparison.kind === 'like') {
          // Anything else narrowing a table (LIKE, NOT IN, a function…) makes its top-N sort a different question.
          for (const ref of columnRefs(condition)) {
            const owner = level.scope.resolveLocal(ref.node)?.entry;
            if (owner && !isBooleanTest(condition, level)) factsOf((byEntry ??= new Map()), owner).other++;
          }
          continue;
        }
        const column = localColumn(level.scope, comparison.left);
        const table = column?.entry.table;
        if (!column) continue;
        const rights = Array.isArray(comparison.right) ? comparison.right : [comparison.right];
        if (comparison.kind === 'op' && comparison.operator === '=') {
          // A join on this column: where an index leads with it, the rows are reached through that index. Kept when
          // one side is a table the schema does not know: the planner may start from that side.
          const other = localColumn(level.scope, asRef(rights[0] as Node));
          if (other && other.entry !== column.entry) {
            factsOf((byEntry ??= new Map()), column.entry).joined.push({ column: column.column, other: other.entry });
            factsOf((byEntry ??= new Map()), other.entry).joined.push({ column: other.column, other: column.entry });
            continue;
          }
        }
        if (!table?.columnsKnown || !column.info) {
          // A table the schema does not know, picked by a list of values (`o.tier_id IN (?)`, `= ANY($1)`, a loader's
          // batch): not judged, but remembered, for a table joined to it is reached from its few rows. A single
          // `= value` is left out: on a table whose indexes are unknown it may keep most rows (`type = 'HOST'`).
          if (
            comparison.kind === 'in' &&
            rights.every((r) => isValue(r as Node) || isIndependentOf(r as Node, level.scope))
          )
            factsOf((byEntry ??= new Map()), column.entry).picked = true;
          continue;
        }
        if (
          !rights.every(
            (r) =>
              isValue(r as Node) ||
              isIndependentOf(r as Node, level.scope) ||
              uncorrelatedScalar(asRef(r as Node), level, levels),
          )
        )
          continue;
        const facts = factsOf((byEntry ??= new Map()), column.entry);
        facts.first ??= comparison.node;
        const list =
          column.info.type === 'boolean'
            ? facts.booleans
            : comparison.operator === '=' || comparison.kind === 'in'
              ? facts.equality
              : facts.range;
        if (!list.includes(column.column)) list.push(column.column);
      }
      const narrowed = byEntry;
      for (const [entry, facts] of narrowed ?? []) {
        const table = entry.table;
        if (!table?.columnsKnown) continue;
        const columns = [...facts.equality, ...facts.range];
        if (columns.length === 0) continue;
        if (servedByIndex(table, [...columns, ...facts.booleans])) continue;
        // Joined through an index to a table an index already narrows (`JOIN session_data d ON d.session_id =
        // e.session_id WHERE e.website_id = $1`): the filter runs on the rows each probe finds, not on the whole table.
        // The same when that table is one the schema does not know, picked by a list of values: the rule cannot tell
        // that no index of it narrows it, and a loader's batch (`WHERE o.tier_id IN (?)`) is what such joins start from.
        if (
          facts.joined.some(
            (j) =>
              Catalog.leadingIndexFor(table, [j.column]) &&
              (narrowedByIndex(j.other, narrowed?.get(j.other)) ||
                (!j.other.table?.columnsKnown && !!narrowed?.get(j.other)?.picked)),
          )
        )
          continue;
        // An unindexed foreign key among them is unindexed-foreign-key's finding, with the better index.
        const isForeignKey = (c: string) =>
          table.foreignKeys.some((fk) => fk.columns.length === 1 && fk.columns[0] === c);
        if (columns.some(isForeignKey)) continue;
        const candidates = columns;
        if (candidates.length === 0) continue;
        const keys = [
          ...facts.equality.filter((c) => candidates.includes(c)),
          ...facts.range.filter((c) => candidates.includes(c)).slice(0, 1),
        ];
        const label = tableLabel(table);
        context.report({
          range: context.rangeOf(facts.first)!,
          message:
            `No index of ${label} starts with ${candidates.join(' or ')}, so this filter reads every row of ${label} on each execution — fine while the table is small, ` +
            `a full scan per query once it is large. If the filter is selective, index it: ${createIndexSql(label, keys.map(ident).join(', '))}.`,
        });
      }
      topN(context, level, narrowed);
    }
  },
};

/** `col = ANY($1)`, `status = ANY('{running,paused}')`: an index probes each element, as for an IN list. */
function anyOfArray(ref: NodeRef): Comparison | undefined {
  if (ref.type !== 'A_Expr' || String(ref.node.kind) !== 'AEXPR_OP_ANY' || operatorName(ref.node) !== '=')
    return undefined;
  return { node: ref, left: asRef(ref.node.lexpr), right: ref.node.rexpr, kind: 'in', operator: 'IN' };
}

/**
 * `subscriber_id = (SELECT id FROM sub)`: a scalar subquery that does not refer to the level's rows runs
 * once, before the scan, and the index is probed with its value.
 */
function uncorrelatedScalar(ref: NodeRef | undefined, level: QueryLevel, levels: readonly QueryLevel[]): boolean {
  if (ref?.type !== 'SubLink' || ref.node.subLinkType !== 'EXPR_SUBLINK') return false;
  const inner = levels.find((l) => l.ref.node === asRef(ref.node.subselect)?.node);
  if (!inner) return false;
  return !refersToOuter(inner, level);
}

/** The facts gathered on a table of the level (a function of the module: a closure per level cost its making). */
function factsOf(byEntry: Map<RangeEntry, Facts>, entry: RangeEntry): Facts {
  let facts = byEntry.get(entry);
  if (!facts) {
    facts = { equality: [], range: [], booleans: [], joined: [], other: 0 };
    byEntry.set(entry, facts);
  }
  return facts;
}

/** What a level's conditions say of one of its tables. */
interface Facts {
  equality: string[];
  range: string[];
  booleans: string[];
  joined: Join[];
  other: number;
  first?: NodeRef;
  /** A table the schema does not know, picked by a list of values (`IN`, `= ANY`). */
  picked?: boolean;
}

/** A join of this level: the column of one table and the table it is compared with. */
interface Join {
  column: string;
  other: RangeEntry;
}

/** A table of the level whose own filters an index serves. */
function narrowedByIndex(entry: RangeEntry, facts: { equality: string[]; range: string[] } | undefined): boolean {
  return !!entry.table && !!facts && servedByIndex(entry.table, [...facts.equality, ...facts.range]);
}

/** Does an index of the table start with one of these columns (so the planner can use it for the filter)? */
function servedByIndex(table: TableInfo, columns: readonly string[]): boolean {
  return table.indexes.some(
    (i) => i.keys[0]?.column !== undefined && columns.includes(i.keys[0].column) && i.method !== 'gin',
  );
}

/**
 * `ORDER BY col LIMIT n` over one table whose filters (if any) are boolean flags: no index has the sort
 * column after the equality columns, so every candidate row is read and sorted to keep n.
 */
function topN(
  context: SqlRuleContext,
  level: QueryLevel,
  byEntry: Map<RangeEntry, { equality: string[]; range: string[]; booleans: string[]; other: number }> | undefined,
): void {
  if (level.ref.type !== 'SelectStmt' || !level.ref.node.limitCount) return;
  const entries = level.scope.entries;
  if (entries.length !== 1 || !entries[0].table?.columnsKnown) return;
  const entry = entries[0];
  const table = entry.table!;
  const facts = byEntry?.get(entry);
  if (facts && (facts.equality.length > 0 || facts.range.length > 0 || facts.other > 0)) return;
  if ((level.ref.node.groupClause ?? []).length || level.ref.node.distinctClause) return;
  const sorts = level.ref.node.sortClause ?? [];
  const first = asRef(sorts[0]);
  const key = asRef(first?.node.node);
  if (!first || !key || isRandomCall(key) || key.type !== 'ColumnRef') return;
  const column = level.scope.resolveLocal(key.node)?.column ?? columnParts(key.node).pop();
  if (!column || !table.columns.has(column)) return;
  const served = table.indexes.some((i) => {
    const lead = i.keys.map((k) => k.column);
    const at = lead.indexOf(column);
    return at >= 0 && lead.slice(0, at).every((c) => c !== undefined && (facts?.booleans ?? []).includes(c));
  });
  if (served) return;
  const limit = integerValue(level.ref.node.limitCount);
  const label = tableLabel(table);
  const flags = facts?.booleans ?? [];
  const suggestion = createIndexSql(label, ident(column)) + (flags.length ? ` WHERE ${flags.join(' AND ')}` : '');
  context.report({
    range: context.rangeOf(first)!,
    message:
      `No index of ${label} is ordered by ${column}, so ORDER BY ${column}${limit !== undefined ? ` LIMIT ${limit}` : ' … LIMIT'} reads and sorts every ${flags.length ? `${flags.join(' and ')} ` : ''}row of ${label} to return the first ones — ` +
      `fine while the table is small, a full scan and sort per query once it is large. An index lets PostgreSQL read them in order and stop: ${suggestion}.`,
  });
}

/** `active`, `NOT deleted`, `flag IS TRUE`: a test of a boolean column alone. */
function isBooleanTest(condition: NodeRef, level: QueryLevel): boolean {
  let ref: NodeRef | undefined = condition;
  if (ref.type === 'BoolExpr' && ref.node.boolop === 'NOT_EXPR') ref = asRef(ref.node.args?.[0]);
  if (ref?.type === 'BooleanTest') ref = asRef(ref.node.arg);
  return ref?.type === 'ColumnRef' && level.scope.resolveLocal(ref.node)?.info?.type === 'boolean';
}
