import type { Node } from '@pgsql/types';
import type { NodeRef } from '../ast';
import { asRef, conjuncts, constValue, funcName, operatorName, walk } from '../ast';
import { ident, indexName, tableLabel } from '../names';
import { asComparison, levelPredicates, localColumn } from '../predicates';
import type { QueryLevel, RangeEntry } from '../query';
import { columnRefs, queryLevels } from '../query';
import type { Catalog, IndexInfo, TableInfo } from '../schema';
import type { IndexCandidate } from '../plan-engine/types';

/**
 * Index candidates for one statement, read from its AST and the schema catalog (never from the text):
 * per table, the columns it is filtered on by equality, by range, by a function of a column, by a
 * wildcard pattern, the columns it is joined on, and the columns it is sorted by. Each candidate is a
 * hypothesis; the advisor measures it and keeps only those that help.
 */

/** What the statement asks of one table. */
interface TableUse {
  entry: RangeEntry;
  table: TableInfo;
  /** Columns compared with `=` / IN to a value of no other table (constant, parameter, outer column). */
  equality: string[];
  /** Constant equalities on a low-cardinality column (`active = true`, `status = 'paid'`): partial index predicates. */
  lowCardinality: { column: string; predicate: string }[];
  /** Columns compared by range (`<`, `>`, BETWEEN, `LIKE 'abc%'`). */
  range: string[];
  /** Columns joined to another table by equality. */
  join: string[];
  /** Function-wrapped columns compared to a value: `lower(email)`, with the expression text. */
  expressions: { text: string; column: string }[];
  /** Columns searched with `LIKE`/`ILIKE '%…'`. */
  wildcard: string[];
  /** ORDER BY columns of this table with their direction, when the whole ORDER BY is this table's. */
  sort: { column: string; descending: boolean }[];
  /** Every column of the table the level references (covering indexes). */
  referenced: Set<string>;
  /** Columns only read inside aggregate calls (`avg(r.rating)`): worth an INCLUDE on the join key. */
  aggregated: Set<string>;
}

const LOW_CARDINALITY_NAME =
  /^(?:is_|has_)|(?:^|_)(?:active|enabled|deleted|archived|visible|published|status|state|kind|type|role|flag)$/i;
/** At most this many candidates per statement: each one costs an index build and timed runs. */
export const MAX_CANDIDATES = 10;

export function indexCandidates(statement: Node, catalog: Catalog): IndexCandidate[] {
  const out: IndexCandidate[] = [];
  const seen = new Set<string>();
  const add = (candidate: IndexCandidate | undefined) => {
    if (!candidate) return;
    const key = candidate.ddl.replace(/ \S+ ON /, ' ON ');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(candidate);
  };
  for (const level of queryLevels(statement, catalog)) {
    for (const use of tableUses(level)) {
      for (const candidate of candidatesFor(use)) add(candidate);
    }
  }
  return out.slice(0, MAX_CANDIDATES);
}

function tableUses(level: QueryLevel): TableUse[] {
  const uses = new Map<RangeEntry, TableUse>();
  const useOf = (entry: RangeEntry): TableUse | undefined => {
    if (entry.kind !== 'table' || !entry.table || entry.table.kind !== 'table') return undefined;
    let use = uses.get(entry);
    if (!use) {
      use = {
        entry,
        table: entry.table,
        equality: [],
        lowCardinality: [],
        range: [],
        join: [],
        expressions: [],
        wildcard: [],
        sort: [],
        referenced: new Set(),
        aggregated: new Set(),
      };
      uses.set(entry, use);
    }
    return use;
  };
  for (const entry of level.scope.baseTables) useOf(entry);
  const pushNew = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };

  const { where, quals } = levelPredicates(level);
  for (const predicate of [where, ...quals]) {
    for (const conjunct of conjuncts(predicate)) {
      // `active` alone, or `active IS TRUE`: an equality with a constant.
      const boolColumn = booleanColumn(level, conjunct);
      if (boolColumn) {
        const use = useOf(boolColumn.entry);
        if (use) {
          pushNew(use.equality, boolColumn.column);
          use.lowCardinality.push({
            column: boolColumn.column,
            predicate: `${ident(boolColumn.column)} = ${boolColumn.value}`,
          });
        }
        continue;
      }
      const comparison = asComparison(conjunct);
      if (!comparison) continue;
      const sides: [NodeRef | undefined, NodeRef | undefined][] = [[comparison.left, asRef(comparison.right as Node)]];
      if (comparison.kind === 'op') sides.push([asRef(comparison.right as Node), comparison.left]);
      for (const [mine, other] of sides) {
        const column = localColumn(level.scope, mine);
        if (column) {
          const use = useOf(column.entry);
          if (!use) continue;
          const otherColumns =
            comparison.kind === 'op' ? columnRefs(other).map((c) => localColumn(level.scope, c)) : [];
          const joinedTo = otherColumns.find((c) => c && c.entry !== column.entry);
          if (comparison.kind === 'op' && comparison.operator === '=' && joinedTo) {
            pushNew(use.join, column.column);
            continue;
          }
          if (otherColumns.some((c) => c)) continue;
          if (comparison.kind === 'like') {
            const pattern = constValue(asRef(comparison.right as Node));
            if (typeof pattern === 'string' && /^[%_]/.test(pattern)) pushNew(use.wildcard, column.column);
            else if (typeof pattern === 'string' && comparison.operator === '~~') pushNew(use.range, column.column);
            continue;
          }
          if (comparison.operator === '=' || comparison.kind === 'in') {
            pushNew(use.equality, column.column);
            const value = asRef(comparison.right as Node);
            if (
              comparison.operator === '=' &&
              value?.type === 'A_Const' &&
              isLowCardinality(use.table, column.column)
            ) {
              use.lowCardinality.push({
                column: column.column,
                predicate: `${ident(column.column)} = ${literal(value)}`,
              });
            }
          } else pushNew(use.range, column.column);
          continue;
        }
        const expression = wrappedColumn(level, mine);
        if (expression && comparison.kind !== 'like' && !columnRefs(other).some((c) => localColumn(level.scope, c))) {
          const use = useOf(expression.entry);
          if (use && !use.expressions.some((e) => e.text === expression.text))
            use.expressions.push({ text: expression.text, column: expression.column });
        } else if (expression && comparison.kind === 'like') {
          const pattern = constValue(asRef(comparison.right as Node));
          const use = useOf(expression.entry);
          if (use && typeof pattern === 'string' && /^[%_]/.test(pattern) && funcName(asRef(mine)!.node) === 'lower')
            pushNew(use.wildcard, expression.column);
        }
      }
    }
  }

  // ORDER BY: only when every key is a plain column of one table (an index can then return rows in order).
  const sortItems: NodeRef[] = (level.ref.node.sortClause ?? []).map((s: Node) => asRef(s)!).filter(Boolean);
  if (sortItems.length > 0) {
    const keys = sortItems.map((s) => ({
      column: localColumn(level.scope, asRef(s.node.node)),
      descending: s.node.sortby_dir === 'SORTBY_DESC',
    }));
    const entry = keys[0].column?.entry;
    if (entry && keys.every((k) => k.column?.entry === entry)) {
      const use = useOf(entry);
      if (use) use.sort = keys.map((k) => ({ column: k.column!.column, descending: k.descending }));
    }
  }

  // Referenced and aggregated columns.
  const aggregateArgs = new Set<unknown>();
  walk(level.ref, (ref) => {
    if (ref.type === 'SubLink' || (ref.type === 'SelectStmt' && ref.node !== level.ref.node)) return 'skip';
    if (ref.type === 'FuncCall' && ref.node.agg_star !== true && /^(avg|sum|min|max|count)$/.test(funcName(ref.node))) {
      for (const c of columnRefs(ref)) aggregateArgs.add(c.node);
    }
    if (ref.type !== 'ColumnRef') return;
    const column = localColumn(level.scope, ref);
    const use = column && uses.get(column.entry);
    if (!use) return;
    use.referenced.add(column.column);
  });
  walk(level.ref, (ref) => {
    if (ref.type === 'SubLink' || (ref.type === 'SelectStmt' && ref.node !== level.ref.node)) return 'skip';
    if (ref.type !== 'ColumnRef' || !aggregateArgs.has(ref.node)) return;
    const column = localColumn(level.scope, ref);
    const use = column && uses.get(column.entry);
    if (use) use.aggregated.add(column.column);
  });
  return [...uses.values()];
}

function candidatesFor(use: TableUse): IndexCandidate[] {
  const out: (IndexCandidate | undefined)[] = [];
  const label = tableLabel(use.table);
  const tableName = use.table.name;
  const partial = use.lowCardinality[0];
  const equality = use.equality;
  const second = use.range.length > 0 ? use.range.slice(0, 1).map((c) => ({ column: c, descending: false })) : use.sort;
  const whyRange =
    use.range.length > 0
      ? `range on ${use.range[0]}`
      : use.sort.length > 0
        ? `ORDER BY ${use.sort.map((s) => s.column).join(', ')}`
        : '';

  // Filters: equality columns first, then one range column or the ORDER BY columns.
  if (equality.length > 0 || second.length > 0) {
    const keys = [
      ...equality.map((column) => ({ column, descending: false })),
      ...second.filter((s) => !equality.includes(s.column)),
    ];
    const full = btree(use, keys, `serves ${describe(equality, whyRange)} on ${label}`);
    out.push(full);
    // Only aggregated beyond the filter (a LATERAL or correlated aggregate): read it from the index alone.
    const covered = [...use.aggregated].filter((c) => !keys.some((k) => k.column === c));
    if (
      full &&
      covered.length > 0 &&
      covered.length <= 3 &&
      [...use.referenced].every((c) => keys.some((k) => k.column === c) || covered.includes(c))
    ) {
      out.push(
        btree(
          use,
          [...keys, ...covered.map((c) => ({ column: c, descending: false }))],
          `serves ${describe(equality, whyRange)} on ${label} and reads ${covered.join(', ')} from the index alone (index-only scan)`,
        ),
      );
    }
    if (partial && full) {
      const rest = keys.filter((k) => k.column !== partial.column);
      if (rest.length > 0)
        out.push(
          btree(
            use,
            rest,
            `serves ${describe(
              equality.filter((c) => c !== partial.column),
              whyRange,
            )} on the rows of ${label} where ${partial.predicate}`,
            partial.predicate,
          ),
        );
    }
  }
  // Joins: the join key first (a nested loop probes it per outer row), then the table's own filters; and,
  // when the table is only aggregated, a covering variant so the aggregate reads the index alone.
  for (const column of use.join) {
    // A key the table is already indexed by (its primary key, an indexed foreign key): the probe is cheap.
    if (
      use.table.indexes.some((index) => index.method === 'btree' && !index.partial && index.keys[0]?.column === column)
    )
      continue;
    const keys = [column, ...equality.filter((c) => c !== column && c !== partial?.column)].map((c) => ({
      column: c,
      descending: false,
    }));
    if (use.range[0] && !keys.some((k) => k.column === use.range[0]))
      keys.push({ column: use.range[0], descending: false });
    const predicate = partial && partial.column !== column ? partial.predicate : undefined;
    out.push(
      btree(
        use,
        keys,
        `serves the join on ${label}.${column}${
          keys.length > 1
            ? ` and the filters on ${keys
                .slice(1)
                .map((k) => k.column)
                .join(', ')}`
            : ''
        }`,
        predicate,
      ),
    );
    const covered = [...use.aggregated].filter((c) => !keys.some((k) => k.column === c));
    if (covered.length > 0 && covered.length <= 3) {
      out.push(
        btree(
          use,
          [...keys, ...covered.map((c) => ({ column: c, descending: false }))],
          `joins ${label} on ${column} and reads ${covered.join(', ')} from the index alone (index-only scan for the aggregate)`,
          predicate,
        ),
      );
    }
  }
  for (const expression of use.expressions) {
    out.push(
      create(
        use,
        `${tableName}_${expression.text.replace(/\(.*$/, '')}_${expression.column}_idx`,
        'btree',
        `(${expression.text})`,
        `serves the comparison on ${expression.text}, which a plain index on ${expression.column} cannot`,
      ),
    );
  }
  for (const column of use.wildcard) {
    out.push({
      ...create(
        use,
        indexName(tableName, [column], 'trgm_idx'),
        'gin',
        `(${ident(column)} gin_trgm_ops)`,
        `pg_trgm GIN index: serves LIKE/ILIKE '%…%' on ${label}.${column}`,
      ),
      extensions: ['pg_trgm'],
    });
  }
  return out.filter((c): c is IndexCandidate => c !== undefined);
}

function describe(equality: readonly string[], second: string): string {
  const parts = [];
  if (equality.length > 0) parts.push(`equality on ${equality.join(', ')}`);
  if (second) parts.push(second);
  return parts.join(' then ') || 'the query';
}

function btree(
  use: TableUse,
  keys: { column: string; descending: boolean }[],
  reason: string,
  predicate?: string,
): IndexCandidate | undefined {
  if (keys.length === 0) return undefined;
  const columns = keys.map((k) => k.column);
  if (servedBy(use.table.indexes, columns, predicate)) return undefined;
  const keyText = keys.map((k) => `${ident(k.column)}${k.descending ? ' DESC' : ''}`).join(', ');
  const name = indexName(use.table.name, columns, predicate ? 'partial_idx' : 'idx');
  return create(use, name, 'btree', `(${keyText})`, reason, predicate);
}

function create(
  use: TableUse,
  name: string,
  method: IndexCandidate['method'],
  keys: string,
  reason: string,
  predicate?: string,
): IndexCandidate {
  const cleanName = name.replace(/[^a-zA-Z0-9_]+/g, '_').slice(0, 63);
  const using = method === 'btree' ? '' : ` USING ${method}`;
  const where = predicate ? ` WHERE ${predicate}` : '';
  return {
    kind: 'index',
    ddl: `CREATE INDEX ${cleanName} ON ${tableLabel(use.table)}${using} ${keys}${where}`,
    table: use.table.key,
    name: cleanName,
    method,
    reason,
  };
}

/** Does an existing full B-tree index start with exactly these columns (in this order)? */
function servedBy(indexes: readonly IndexInfo[], columns: readonly string[], predicate: string | undefined): boolean {
  return indexes.some((index) => {
    if (index.method !== 'btree' || (index.partial && !predicate)) return false;
    if (index.partial) return false;
    return (
      columns.every((c, i) => index.keys[i]?.column === c) ||
      (columns.length === 1 && index.keys.length === 1 && index.keys[0].column === columns[0])
    );
  });
}

function isLowCardinality(table: TableInfo, column: string): boolean {
  const info = table.columns.get(column);
  if (info?.type === 'boolean') return true;
  return LOW_CARDINALITY_NAME.test(column);
}

function literal(ref: NodeRef): string {
  const value = constValue(ref);
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

/** `p.active`, `active IS TRUE`, `NOT deleted` on a boolean column: the column and its constant. */
function booleanColumn(
  level: QueryLevel,
  conjunct: NodeRef,
): { entry: RangeEntry; column: string; value: 'true' | 'false' } | undefined {
  let target: NodeRef | undefined = conjunct;
  let value: 'true' | 'false' = 'true';
  if (conjunct.type === 'BoolExpr' && conjunct.node.boolop === 'NOT_EXPR') {
    target = asRef(conjunct.node.args?.[0]);
    value = 'false';
  } else if (conjunct.type === 'BooleanTest') {
    if (conjunct.node.booltesttype === 'IS_TRUE') value = 'true';
    else if (conjunct.node.booltesttype === 'IS_FALSE') value = 'false';
    else return undefined;
    target = asRef(conjunct.node.arg);
  } else if (conjunct.type === 'A_Expr' && conjunct.node.kind === 'AEXPR_OP') {
    const right = constValue(asRef(conjunct.node.rexpr));
    if (typeof right !== 'boolean' || operatorName(conjunct.node) !== '=') return undefined;
    target = asRef(conjunct.node.lexpr);
    value = right ? 'true' : 'false';
  }
  const column = localColumn(level.scope, target);
  if (!column || column.info?.type !== 'boolean') return undefined;
  return { entry: column.entry, column: column.column, value };
}

/** `lower(u.email)`, `date_trunc('day', o.created_at)`: a call over exactly one local column, as index text. */
function wrappedColumn(
  level: QueryLevel,
  node: NodeRef | undefined,
): { entry: RangeEntry; column: string; text: string } | undefined {
  if (node?.type !== 'FuncCall') return undefined;
  const refs = columnRefs(node);
  if (refs.length !== 1) return undefined;
  const column = localColumn(level.scope, refs[0]);
  if (!column) return undefined;
  const args: string[] = [];
  for (const arg of node.node.args ?? []) {
    const ref = asRef(arg);
    if (ref?.type === 'ColumnRef') args.push(ident(column.column));
    else if (ref?.type === 'A_Const') args.push(literal(ref));
    else return undefined;
  }
  return { entry: column.entry, column: column.column, text: `${funcName(node.node)}(${args.join(', ')})` };
}
