import type { Node } from '@pgsql/types';
import type { NodeRef } from '../ast';
import { asRef, conjuncts, expressionKey, names, unwrap } from '../ast';
import { isValue } from '../expressions';
import { migrationTarget } from '../migrations';
import { ident, indexName, tableLabel } from '../names';
import type { Comparison } from '../predicates';
import { eachComparison, levelPredicates, localColumn } from '../predicates';
import { createIndexSql, insertAfterStatement } from '../statement-text';
import type { QueryLevel, RangeEntry, ResolvedColumn } from '../query';
import { isIndependentOf } from '../query';
import type { SqlRule, SqlRuleContext } from '../rule';
import type { ForeignKeyInfo, TableInfo } from '../schema';
import { Catalog } from '../schema';

/**
 * A foreign key whose columns lead no index. PostgreSQL indexes the referenced key, never the referencing
 * columns: joining from the parent, looking up a parent's children, and every DELETE/UPDATE of a parent row
 * (with ON DELETE CASCADE / SET NULL above all) scan the child table. Reported on the constraint in DDL
 * (judged against the whole schema, so an index added by a later migration counts) and on joins and
 * equality filters that use such a column.
 */
export const unindexedForeignKey: SqlRule = {
  id: 'unindexed-foreign-key',
  assistant: 'sql',
  title: 'Foreign key column without an index',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Index {count} foreign key(s)',
    baseHours: 1,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'CREATE INDEX CONCURRENTLY in a migration without a transaction; each index adds a little write overhead.',
    skills: ['PostgreSQL'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

A foreign key makes PostgreSQL index the **referenced** key (it must be unique), never the referencing
columns. Without an index on \`reviews.product_id\`:

- "the reviews of product 42" and every join from \`products\` to \`reviews\` read the whole \`reviews\` table;
- every \`DELETE\` (or key \`UPDATE\`) of a \`products\` row scans \`reviews\` to enforce the key — with
  \`ON DELETE CASCADE\` or \`SET NULL\` that is the delete path of the application.

The cost grows with the child table: fine at a few thousand rows, a sequential scan per lookup at
millions. (Measured in the PGlite sandbox on 100k+ rows: ~900× on an unindexed foreign-key join.)

Reported on the constraint (\`REFERENCES …\` / \`FOREIGN KEY …\`) when no index of the table, anywhere in the
schema (a later migration's included), starts with the key's columns; and in queries, on a join condition or equality filter that uses
such a column.

## How to fix it

\`CREATE INDEX CONCURRENTLY reviews_product_id_idx ON reviews (product_id);\` — a multi-column index whose
leading columns are the key's columns serves too. The quick fix adds the statement after the table's
definition (plain \`CREATE INDEX\` when the table is created in the same file, \`CONCURRENTLY\` otherwise).

## When to ignore it

The child table stays small, and parents are never deleted and never looked up from the child side.
`,
  check(context) {
    if (!context.schema.complete) return;
    if (context.ast.type === 'CreateStmt' || context.ast.type === 'AlterTableStmt') checkDefinition(context);
    else checkQueries(context);
  },
};

function describe(table: TableInfo, fk: ForeignKeyInfo, context: SqlRuleContext): string {
  const referenced = context.schema.tables.get(fk.refTable);
  const parent = referenced ? tableLabel(referenced) : fk.refTable.replace(/^public\./, '');
  const cascade = fk.onDelete === 'c' ? ' (ON DELETE CASCADE)' : fk.onDelete === 'n' ? ' (ON DELETE SET NULL)' : '';
  const child = tableLabel(table);
  const partial = table.indexes.find((i) => i.partial && i.keys[0]?.column === fk.columns[0]);
  if (partial) {
    return (
      `${child}.${fk.columns.join(', ')} references ${parent}, and only the partial index ${partial.name} starts with ${fk.columns.join(', ')}: it serves queries that repeat its WHERE ` +
      `condition, but not the lookup of every DELETE from ${parent}${cascade}, which scans all of ${child} — on a large table a sequential scan per deleted ${parent} row; small tables are fine.`
    );
  }
  return (
    `${child}.${fk.columns.join(', ')} references ${parent}, but no index of ${child} starts with ${fk.columns.join(', ')}: finding the ${child} rows of a ${parent} row — ` +
    `in joins, lookups and every DELETE from ${parent}${cascade} — scans all of ${child}: on a large table a sequential scan each time; small tables are fine.`
  );
}

function checkDefinition(context: SqlRuleContext): void {
  const relation = context.ast.node.relation;
  const table = context.schema.resolveRangeVar(relation);
  if (!table) return;
  // Each FOREIGN KEY / REFERENCES constraint with its columns (a column constraint's column is its ColumnDef's).
  const constraints: { constraint: NodeRef; columns: string[] }[] = [];
  const collect = (c: Node | undefined, column?: string) => {
    const ref = asRef(c);
    if (ref?.type === 'Constraint' && ref.node.contype === 'CONSTR_FOREIGN') {
      constraints.push({ constraint: ref, columns: column ? [column] : names(ref.node.fk_attrs) });
    }
  };
  const collectColumn = (def: NodeRef['node'] | undefined) => {
    for (const c of def?.constraints ?? []) collect(c, String(def?.colname ?? ''));
  };
  if (context.ast.type === 'CreateStmt') {
    for (const element of context.ast.node.tableElts ?? []) {
      const el = unwrap(element);
      if (el?.type === 'ColumnDef') collectColumn(el.node);
      else collect(element);
    }
  } else {
    for (const c of context.ast.node.cmds ?? []) {
      const cmd = unwrap(c)?.node;
      if (cmd?.subtype === 'AT_AddConstraint') collect(cmd.def);
      if (cmd?.subtype === 'AT_AddColumn') collectColumn(unwrap(cmd.def)?.node);
    }
  }
  const fresh = !migrationTarget(context, relation)?.existing;
  for (const { constraint, columns } of constraints) {
    const fk = table.foreignKeys.find(
      (f) =>
        f.origin.file === context.document.file &&
        f.origin.start === context.statement.start &&
        f.columns.join(',') === columns.join(','),
    );
    if (!fk || Catalog.leadingIndexFor(table, fk.columns) || solvedLater(context, table, fk)) continue;
    const name = indexName(table.name, fk.columns);
    const sql = `${createIndexSql(tableLabel(table), fk.columns.map(ident).join(', '), { concurrently: !fresh, name })};`;
    const edit = context.document.embedded ? undefined : insertAfterStatement(context, ['', sql]);
    context.report({
      range: context.rangeOf(constraint)!,
      message: `${describe(table, fk, context)} Add ${sql}`,
      fixes: edit
        ? [
            {
              title: `Add ${fresh ? 'CREATE INDEX' : 'CREATE INDEX CONCURRENTLY'} ${name}`,
              isPreferred: true,
              detail: fresh
                ? undefined
                : 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block: run it in a migration without one.',
              edits: [edit],
            },
          ]
        : undefined,
    });
  }
}

/**
 * A later migration indexed the key, dropped it, or dropped the table: the schema as it is now has no such
 * problem. The table is found by the statement that created it, whatever it has been renamed to since.
 */
function solvedLater(context: SqlRuleContext, table: TableInfo, fk: ForeignKeyInfo): boolean {
  if (context.finalSchema === context.schema) return false;
  const now = context.finalSchema.sameTable(table);
  // One statement may define several keys: the name tells them apart.
  const key = now?.foreignKeys.find(
    (f) => f.origin.file === fk.origin.file && f.origin.start === fk.origin.start && f.name === fk.name,
  );
  return !now || !key || !!Catalog.leadingIndexFor(now, key.columns);
}

function checkQueries(context: SqlRuleContext): void {
  const reported = new Set<string>();
  for (const level of context.levels()) {
    const { where, quals } = levelPredicates(level);
    const equalities = collectEqualities(level, [...quals, where]);
    for (const { comparison, column, other, otherColumn } of equalities) {
      const table = column.entry.table!;
      const fk = table.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === column.column);
      if (!fk || Catalog.leadingIndexFor(table, fk.columns)) continue;
      if (partialIndexServes(table, fk.columns, [...quals, where])) continue;
      const isJoin = !!otherColumn && otherColumn.entry !== column.entry;
      if (!isJoin && !isValue(other)) continue;
      // The child's rows are reached another way (its primary key, another indexed column, joined to a table picked
      // by values or by a list of keys): the planner
      // starts there and this column is only checked on the rows it found.
      const selective = (entry: RangeEntry) =>
        equalities.some((e) => e.column.entry === entry && isValue(e.other) && e.column.info?.type !== 'boolean') ||
        listedByIndex(level, entry, [...quals, where]);
      const reachedOtherwise = equalities.some(
        (e) =>
          e.column.entry === column.entry &&
          e.column.column !== column.column &&
          !!Catalog.leadingIndexFor(table, [e.column.column]) &&
          (isValue(e.other) ||
            (!!e.otherColumn && e.otherColumn.entry !== column.entry && selective(e.otherColumn.entry))),
      );
      if (reachedOtherwise) continue;
      // A join only needs the index when the query starts from the parent side: the parent is filtered.
      if (
        isJoin &&
        !equalities.some((e) => e.column.entry === otherColumn!.entry && isValue(e.other)) &&
        !hasValueFilter(level, otherColumn!.entry, [...quals, where])
      )
        continue;
      const key = `${table.key}.${column.column}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const sql = createIndexSql(tableLabel(table), ident(column.column), { name: indexName(table.name, fk.columns) });
      context.report({
        range: context.rangeOf(comparison.node)!,
        message:
          `${isJoin ? 'This join' : 'This filter'} looks up ${tableLabel(table)} rows by ${column.column}, a foreign key with no index: ` +
          `each execution reads all of ${tableLabel(table)} to find them — fine while it is small, a sequential scan per execution on a large table. Add ${sql}.`,
        related: context.relatedAt(fk.origin, `foreign key ${fk.name} is defined here, without an index`),
      });
    }
  }
}

interface Equality {
  comparison: Comparison;
  column: ResolvedColumn;
  other: NodeRef | undefined;
  otherColumn?: ResolvedColumn;
}

/** `col = value` and `a.col = b.col` comparisons of the level, each side of a column comparison listed once per side. */
function collectEqualities(level: QueryLevel, exprs: (Node | undefined)[]): Equality[] {
  const out: Equality[] = [];
  for (const expr of exprs) {
    eachComparison(expr, (comparison) => {
      if (comparison.kind !== 'op' || comparison.operator !== '=') return;
      const sides = [comparison.left, asRef(comparison.right as Node)];
      for (let i = 0; i < 2; i++) {
        const column = localColumn(level.scope, sides[i]);
        if (!column?.entry.table) continue;
        out.push({ comparison, column, other: sides[1 - i], otherColumn: localColumn(level.scope, sides[1 - i]) });
      }
    });
  }
  return out;
}

/**
 * The entry's rows are picked from a list of values by a column an index leads with (`c.id IN (:ids)`, a
 * DataLoader's batch): a few rows, found by the index, as selective as `=` a value.
 */
function listedByIndex(level: QueryLevel, entry: RangeEntry, exprs: (Node | undefined)[]): boolean {
  let found = false;
  for (const expr of exprs) {
    eachComparison(expr, (comparison) => {
      if (found || comparison.kind !== 'in') return;
      const right = comparison.right;
      const list = asRef(Array.isArray(right) ? undefined : right);
      const items: Node[] | undefined = Array.isArray(right)
        ? right
        : list?.type === 'List'
          ? list.node.items
          : undefined;
      const column = localColumn(level.scope, comparison.left);
      if (!items || column?.entry !== entry || !column.entry.table) return;
      if (!items.every((r) => isValue(r))) return;
      found = !!Catalog.leadingIndexFor(column.entry.table, [column.column]);
    });
  }
  return found;
}

/** Does the entry have a filter against a value (any comparison: `parent_id = 5`, `price BETWEEN …`)? */
function hasValueFilter(level: QueryLevel, entry: RangeEntry, exprs: (Node | undefined)[]): boolean {
  let found = false;
  for (const expr of exprs) {
    eachComparison(expr, (comparison) => {
      const column = localColumn(level.scope, comparison.left);
      if (column?.entry !== entry) return;
      const rights = Array.isArray(comparison.right) ? comparison.right : [comparison.right];
      if (rights.every((r) => isValue(r as Node) || isIndependentOf(r as Node, level.scope))) found = true;
    });
  }
  return found;
}

/**
 * A partial index that leads with the columns and whose every WHERE condition the query repeats, or implies:
 * the query compares the columns with `=`, so an index `WHERE col IS NOT NULL` on them serves it.
 */
function partialIndexServes(
  table: TableInfo,
  columns: readonly string[],
  predicates: readonly (Node | undefined)[],
): boolean {
  const conditions = new Set(predicates.flatMap((p) => conjuncts(p)).map((c) => expressionKey(c)));
  return table.indexes.some(
    (index) =>
      index.partial &&
      columns.every((c, i) => index.keys[i]?.column === c) &&
      (index.predicateKeys ?? []).length > 0 &&
      index.predicateKeys!.every((k, i) => conditions.has(k) || columns.includes(index.predicateNotNull?.[i] ?? '\0')),
  );
}
