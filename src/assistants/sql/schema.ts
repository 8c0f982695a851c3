import type { Node } from '@pgsql/types';
import type { NodeRef, Payload } from './ast';
import { asRef, columnParts, conjuncts, expressionKey, funcName, names, unwrap, walk } from './ast';
import type { AnalysisError } from '../../core/finding';
import type { LineIndex } from '../../core/text';
import type { ParsedSql, SqlStatement } from './parser';

/**
 * The workspace schema catalog, built by applying the DDL of the schema files in order (migration
 * numbering order): tables, columns, keys, foreign keys, checks and indexes, each with the file and
 * statement it came from, so a rule can tell whether a table already existed before the migration it is
 * checking.
 */

export interface Origin {
  file: string;
  /** Position of the file in the ordered schema files (a document outside them comes after them all). */
  order: number;
  /** Statement span in the file's text. */
  start: number;
  end: number;
}

export interface ColumnInfo {
  name: string;
  /** Display type, e.g. `bigint`, `numeric(10,2)`, `timestamp with time zone`. */
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  /** Statement that last set the column's DEFAULT expression (CREATE TABLE, ADD COLUMN or SET DEFAULT): where its text is. */
  defaultOrigin?: Origin;
  origin: Origin;
}

export interface IndexKey {
  /** Plain column key. */
  column?: string;
  /** Expression key (`expressionKey`), e.g. for `lower(email)`. */
  expression?: string;
  opclass?: string;
  descending: boolean;
}

export interface IndexInfo {
  name: string;
  table: string;
  keys: IndexKey[];
  include: string[];
  unique: boolean;
  method: string;
  partial: boolean;
  /** Columns the partial index's predicate mentions. */
  predicateColumns: string[];
  /** `expressionKey` of each AND-ed condition of a partial index's predicate, to match a query's conditions. */
  predicateKeys?: string[];
  /**
   * Per condition of `predicateKeys`, the column when it is `col IS NOT NULL`: a query's `col = value` (any strict
   * comparison) implies it, so the index serves that query without repeating the condition.
   */
  predicateNotNull?: (string | undefined)[];
  /** Created by a PRIMARY KEY or UNIQUE constraint rather than CREATE INDEX. */
  implicit?: 'primary key' | 'unique constraint';
  origin: Origin;
}

export interface ForeignKeyInfo {
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  valid: boolean;
  origin: Origin;
}

export interface CheckInfo {
  name: string;
  expression: string;
  /** Column of a `col IS NOT NULL` check. */
  notNullOf?: string;
  valid: boolean;
  origin: Origin;
}

export interface TableInfo {
  /** `schema.name`. */
  key: string;
  schema: string;
  name: string;
  kind: 'table' | 'view' | 'materialized view';
  columns: Map<string, ColumnInfo>;
  /** False when the columns are not all known (CREATE TABLE AS, views, partitions, LIKE). */
  columnsKnown: boolean;
  primaryKey?: string[];
  /** Column sets with a UNIQUE constraint or unique index (primary key excluded). */
  uniques: string[][];
  foreignKeys: ForeignKeyInfo[];
  indexes: IndexInfo[];
  checks: CheckInfo[];
  origin: Origin;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int8: 'bigint',
  int4: 'integer',
  int2: 'smallint',
  float8: 'double precision',
  float4: 'real',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
};

/** Display form of a TypeName. */
export function typeText(typeName: Payload | undefined): string {
  if (!typeName) return '';
  const parts = names(typeName.names).filter((n) => n !== 'pg_catalog');
  let base = parts.join('.');
  base = TYPE_NAMES[base] ?? base;
  const mods = (typeName.typmods ?? []).map((m: Node) => {
    const ref = unwrap(m);
    const value = ref?.node.ival?.ival ?? ref?.node.sval?.sval;
    return value === undefined ? (ref?.type === 'A_Const' && ref.node.ival ? '0' : '?') : String(value);
  });
  const array = Array.isArray(typeName.arrayBounds) && typeName.arrayBounds.length > 0 ? '[]' : '';
  return `${base}${mods.length ? `(${mods.join(',')})` : ''}${array}`;
}

export function tableKey(name: string, schema?: string): string {
  return `${schema ?? 'public'}.${name}`;
}

export class Catalog {
  readonly tables = new Map<string, TableInfo>();
  /** Schema files in the order they were applied. */
  readonly files: string[] = [];
  /** False while the workspace is still being read: checks that conclude from an absence hold back. */
  complete = true;
  /**
   * Enum types by key (`schema.name`, as tables are keyed) with their labels in order: CREATE TYPE … AS ENUM and
   * ALTER TYPE … ADD VALUE / RENAME VALUE. A change replaces the list, so a copy shares the lists it has not changed.
   */
  readonly enums = new Map<string, readonly string[]>();
  /**
   * Functions the schema creates in SQL or PL/pgSQL, in order, with the statement each came from: the sandbox
   * creates them, so a query that calls one (`now_utc_micro_seconds()`) runs there.
   */
  readonly functions: { name: string; origin: Origin }[] = [];
  /** Column type changes as applied (ALTER COLUMN … TYPE), with the type before: the final catalog has only the new one. */
  readonly typeChanges: { file: string; start: number; table: string; column: string; from: string; to: string }[] = [];
  /**
   * Line index of each schema file, for related locations pointing into it (set through `setLines`). A copy shares
   * its original's map until it sets one of its own: the original only adds the files applied after the copy was
   * taken, which no table of the copy comes from, so checking migrations in order copies no map of every file
   * for each migration.
   */
  get lines(): ReadonlyMap<string, LineIndex> {
    return this.lineIndexes;
  }
  private lineIndexes = new Map<string, LineIndex>();
  private ownsLines = true;
  /**
   * What the schema files could not contribute, each error for its file: statements that did not parse or
   * were not analysed (too large, nested too deeply), files whose parse failed.
   */
  readonly errors: AnalysisError[] = [];
  /**
   * The tables this catalog may change in place: those it created, or copied since it was last copied itself. Any
   * other table is shared with a copy of this catalog (or the catalog it copies), and is copied before its first
   * change, so a copy costs a map, not the whole schema, and neither side sees the other's changes. Kept as the owned
   * ones rather than the shared ones: a copy then empties two sets instead of filling them with every table, which
   * checking each of a few hundred migrations against its own past did once per migration.
   */
  private owned = new Set<TableInfo>();

  /** A table by name as a query would resolve it (search_path = public, then a unique name elsewhere). */
  resolve(name: string, schema?: string): TableInfo | undefined {
    if (schema) return this.tables.get(tableKey(name, schema));
    const inPublic = this.tables.get(tableKey(name));
    if (inPublic) return inPublic;
    let found: TableInfo | undefined;
    for (const table of this.tables.values()) {
      if (table.name !== name) continue;
      if (found) return undefined;
      found = table;
    }
    return found;
  }

  resolveRangeVar(rangeVar: Payload | undefined): TableInfo | undefined {
    if (!rangeVar?.relname) return undefined;
    return this.resolve(String(rangeVar.relname), rangeVar.schemaname ? String(rangeVar.schemaname) : undefined);
  }

  /** Order of a file among the schema files; files outside them come after them all. */
  orderOf(file: string): number {
    const index = this.files.indexOf(file);
    return index < 0 ? this.files.length : index;
  }

  isEmpty(): boolean {
    return this.tables.size === 0;
  }

  /** Applies one file's statements, in order, each at its span in the file (a SQL file's parse: its own spans). */
  applyFile(file: string, statements: ParsedSql | readonly SchemaStatement[], order: number): void {
    const list: readonly SchemaStatement[] =
      'statements' in statements
        ? statements.statements.map((statement) => ({ statement, start: statement.start, end: statement.end }))
        : statements;
    for (const { statement, start, end } of list) {
      try {
        this.apply(statement, { file, order, start, end });
      } catch {
        // A statement shape we do not model leaves the catalog as it was.
      }
    }
  }

  /**
   * A copy to apply more statements to, sharing nothing that applying changes: the schema as of one migration,
   * then that migration's own statements on top.
   */
  clone(): Catalog {
    const copy = new Catalog();
    for (const [key, table] of this.tables) copy.tables.set(key, table);
    for (const [key, labels] of this.enums) copy.enums.set(key, labels);
    copy.functions.push(...this.functions);
    // Every table is now shared: neither side owns one.
    if (this.owned.size > 0) this.owned = new Set();
    for (const file of this.files) copy.files.push(file);
    copy.complete = this.complete;
    copy.typeChanges.push(...this.typeChanges);
    copy.lineIndexes = this.lineIndexes;
    copy.ownsLines = false;
    copy.errors.push(...this.errors);
    return copy;
  }

  /** The line index of a schema file applied to this catalog. */
  setLines(file: string, lines: LineIndex): void {
    if (this.lineIndexes.get(file) === lines) return;
    if (!this.ownsLines) {
      this.lineIndexes = new Map(this.lineIndexes);
      this.ownsLines = true;
    }
    this.lineIndexes.set(file, lines);
  }

  /** The table, this catalog's own to change (copied first while it is shared with a copy). */
  private own(table: TableInfo): TableInfo {
    if (this.owned.has(table)) return table;
    const copy = cloneTable(table);
    this.owned.add(copy);
    this.tables.set(table.key, copy);
    return copy;
  }

  /** A table this catalog made, under its key: its own to change. */
  private add(key: string, table: TableInfo): void {
    this.owned.add(table);
    this.tables.set(key, table);
  }

  /** Every table, each this catalog's own to change. */
  private ownedTables(filter: (table: TableInfo) => boolean): TableInfo[] {
    return [...this.tables.values()].filter(filter).map((table) => this.own(table));
  }

  /**
   * This catalog's table that another catalog of the same workspace knows as `table`, matched by the statement
   * that created it: found under its new name after a rename.
   */
  sameTable(table: TableInfo): TableInfo | undefined {
    const byKey = this.tables.get(table.key);
    if (byKey && sameOrigin(byKey.origin, table.origin)) return byKey;
    for (const candidate of this.tables.values()) if (sameOrigin(candidate.origin, table.origin)) return candidate;
    return undefined;
  }

  apply(statement: SqlStatement, origin: Origin): void {
    const ref = unwrap(statement.node);
    if (!ref) return;
    switch (ref.type) {
      case 'CreateStmt':
        this.createTable(ref.node, origin);
        break;
      case 'CreateTableAsStmt':
        this.createOpaque(
          ref.node.into?.rel,
          ref.node.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table',
          origin,
          ref.node.if_not_exists,
        );
        break;
      case 'ViewStmt':
        this.createOpaque(ref.node.view, 'view', origin, false);
        break;
      case 'IndexStmt':
        this.createIndex(ref.node, origin);
        break;
      case 'AlterTableStmt':
        this.alterTable(ref.node, origin);
        break;
      case 'RenameStmt':
        this.rename(ref.node);
        break;
      case 'DropStmt':
        this.drop(ref.node);
        break;
      case 'CreateEnumStmt':
      case 'AlterEnumStmt':
        this.enumType(ref.type, ref.node);
        break;
      case 'CreateFunctionStmt': {
        const language = (ref.node.options ?? [])
          .map((option: Node) => unwrap(option)?.node)
          .find((option: Payload | undefined) => option?.defname === 'language');
        const name = names(ref.node.funcname).join('.');
        const text = String(unwrap(language?.arg)?.node.sval ?? '').toLowerCase();
        if (name && (text === 'sql' || text === 'plpgsql') && !ref.node.is_procedure)
          this.functions.push({ name, origin });
        break;
      }
    }
  }

  /** An enum type's labels: created, a value added (before or after a neighbour, else last) or renamed. */
  private enumType(kind: 'CreateEnumStmt' | 'AlterEnumStmt', stmt: Payload): void {
    const parts = names(stmt.typeName);
    const name = parts.pop();
    if (!name) return;
    const key = tableKey(name, parts.pop());
    if (kind === 'CreateEnumStmt') {
      this.enums.set(key, names(stmt.vals));
      return;
    }
    const labels = this.enums.get(key);
    const value = typeof stmt.newVal === 'string' ? stmt.newVal : undefined;
    if (!labels || value === undefined) return;
    if (typeof stmt.oldVal === 'string') {
      this.enums.set(
        key,
        labels.map((l) => (l === stmt.oldVal ? value : l)),
      );
      return;
    }
    if (labels.includes(value)) return;
    const at = typeof stmt.newValNeighbor === 'string' ? labels.indexOf(stmt.newValNeighbor) : -1;
    const next = [...labels];
    if (at < 0) next.push(value);
    else next.splice(stmt.newValIsAfter === false ? at : at + 1, 0, value);
    this.enums.set(key, next);
  }

  /** The enum type a column is declared with (`mood`, `app.mood`, `mood[]`), if the schema made it: its key and labels. */
  enumOf(type: string): { key: string; labels: readonly string[] } | undefined {
    const bare = type.replace(/\[\]$/, '');
    const dot = bare.lastIndexOf('.');
    const keys =
      dot >= 0
        ? [tableKey(bare.slice(dot + 1), bare.slice(0, dot))]
        : this.enums.has(tableKey(bare))
          ? [tableKey(bare)]
          : [...this.enums.keys()].filter((key) => key.endsWith(`.${bare}`));
    const labels = keys.length === 1 ? this.enums.get(keys[0]) : undefined;
    return labels ? { key: keys[0], labels } : undefined;
  }

  private createOpaque(
    rangeVar: Payload | undefined,
    kind: TableInfo['kind'],
    origin: Origin,
    ifNotExists: boolean,
  ): void {
    if (!rangeVar?.relname) return;
    const key = tableKey(rangeVar.relname, rangeVar.schemaname);
    if (this.tables.has(key) && ifNotExists) return;
    this.add(key, emptyTable(key, rangeVar, kind, origin, false));
  }

  private createTable(stmt: Payload, origin: Origin): void {
    const rangeVar = stmt.relation;
    if (!rangeVar?.relname) return;
    const key = tableKey(rangeVar.relname, rangeVar.schemaname);
    const existing = this.tables.get(key);
    if (existing && stmt.if_not_exists) return;
    const table = emptyTable(key, rangeVar, 'table', existing?.origin ?? origin, true);
    if (stmt.partbound || (stmt.inhRelations ?? []).length > 0 || stmt.ofTypename) {
      // PARTITION OF / INHERITS: columns come from the parent.
      const parent = this.resolveRangeVar(unwrap(stmt.inhRelations?.[0])?.node);
      if (parent) for (const [name, column] of parent.columns) table.columns.set(name, { ...column });
      table.columnsKnown = !!parent && parent.columnsKnown && !stmt.ofTypename;
    }
    this.add(key, table);
    for (const element of stmt.tableElts ?? []) {
      const el = unwrap(element);
      if (el?.type === 'ColumnDef') this.addColumn(table, el.node, origin);
      else if (el?.type === 'Constraint') this.addConstraint(table, el.node, origin);
      else if (el?.type === 'TableLikeClause') table.columnsKnown = false;
    }
  }

  private addColumn(table: TableInfo, def: Payload, origin: Origin): void {
    const name = String(def.colname ?? '');
    if (!name) return;
    const column: ColumnInfo = {
      name,
      type: typeText(def.typeName),
      notNull: false,
      hasDefault: !!def.raw_default,
      origin,
    };
    if (/^(big|small)?serial$|^serial[248]$/.test(column.type)) {
      column.hasDefault = true;
      column.notNull = true;
      column.type =
        column.type.startsWith('big') || column.type === 'serial8'
          ? 'bigint'
          : column.type.startsWith('small') || column.type === 'serial2'
            ? 'smallint'
            : 'integer';
    }
    table.columns.set(name, column);
    for (const c of def.constraints ?? []) {
      const constraint = unwrap(c)?.node;
      if (!constraint) continue;
      switch (constraint.contype) {
        case 'CONSTR_NOTNULL':
          column.notNull = true;
          break;
        case 'CONSTR_DEFAULT':
          column.hasDefault = true;
          column.defaultOrigin = origin;
          break;
        case 'CONSTR_IDENTITY':
        case 'CONSTR_GENERATED':
          column.hasDefault = true;
          if (constraint.contype === 'CONSTR_IDENTITY') column.notNull = true;
          break;
        default:
          this.addConstraint(table, constraint, origin, name);
      }
    }
  }

  /** Table constraint, or a column constraint when `column` is given. */
  addConstraint(table: TableInfo, constraint: Payload, origin: Origin, column?: string): void {
    const keys = column ? [column] : names(constraint.keys);
    switch (constraint.contype) {
      case 'CONSTR_PRIMARY': {
        const indexName = String(constraint.indexname ?? constraint.conname ?? `${table.name}_pkey`);
        const existingIndex = constraint.indexname ? this.takeIndex(table, String(constraint.indexname)) : undefined;
        const pk = existingIndex ? existingIndex.keys.map((k) => k.column ?? '') : keys;
        table.primaryKey = pk;
        for (const k of pk) {
          const col = table.columns.get(k);
          if (col) col.notNull = true;
        }
        table.indexes.push(implicitIndex(table, indexName, pk, 'primary key', origin));
        break;
      }
      case 'CONSTR_UNIQUE': {
        const indexName = String(constraint.conname ?? `${table.name}_${keys.join('_')}_key`);
        const existingIndex = constraint.indexname ? this.takeIndex(table, String(constraint.indexname)) : undefined;
        const cols = existingIndex ? existingIndex.keys.map((k) => k.column ?? '') : keys;
        table.uniques.push(cols);
        table.indexes.push(implicitIndex(table, indexName, cols, 'unique constraint', origin));
        break;
      }
      case 'CONSTR_FOREIGN': {
        const ref = constraint.pktable as Payload | undefined;
        if (!ref?.relname) break;
        const fkColumns = column ? [column] : names(constraint.fk_attrs);
        const refKey = this.resolveRangeVar(ref)?.key ?? tableKey(ref.relname, ref.schemaname);
        const refColumns = names(constraint.pk_attrs);
        table.foreignKeys.push({
          name: String(constraint.conname ?? `${table.name}_${fkColumns.join('_')}_fkey`),
          columns: fkColumns,
          refTable: refKey,
          refColumns: refColumns.length ? refColumns : (this.tables.get(refKey)?.primaryKey ?? []),
          onDelete: String(constraint.fk_del_action ?? 'a'),
          valid: !constraint.skip_validation,
          origin,
        });
        break;
      }
      case 'CONSTR_CHECK': {
        const expr = asRef(constraint.raw_expr);
        const name = String(constraint.conname ?? `${table.name}_${column ?? 'check'}_check`);
        table.checks.push({
          name,
          expression: expressionKey(expr),
          notNullOf: notNullColumn(expr),
          valid: !constraint.skip_validation,
          origin,
        });
        break;
      }
      case 'CONSTR_NOTNULL': {
        // PostgreSQL 18: ALTER TABLE … ADD CONSTRAINT … NOT NULL col
        for (const k of keys) {
          const col = table.columns.get(k);
          if (col) col.notNull = true;
        }
        break;
      }
    }
  }

  /** Removes and returns an index by name (ADD CONSTRAINT … USING INDEX takes it over). */
  private takeIndex(table: TableInfo, name: string): IndexInfo | undefined {
    const at = table.indexes.findIndex((i) => i.name === name);
    return at < 0 ? undefined : table.indexes.splice(at, 1)[0];
  }

  private createIndex(stmt: Payload, origin: Origin): void {
    const found = this.resolveRangeVar(stmt.relation);
    if (!found) return;
    const table = this.own(found);
    const keys: IndexKey[] = [];
    for (const param of stmt.indexParams ?? []) {
      const elem = unwrap(param)?.node;
      if (!elem) continue;
      const opclass = names(elem.opclass).pop();
      const descending = elem.ordering === 'SORTBY_DESC';
      if (elem.name) keys.push({ column: String(elem.name), opclass, descending });
      else {
        const expr = asRef(elem.expr);
        // `(email)` in parentheses is a plain column.
        if (expr?.type === 'ColumnRef') keys.push({ column: columnParts(expr.node).pop(), opclass, descending });
        else keys.push({ expression: expressionKey(expr), opclass, descending });
      }
    }
    const include = (stmt.indexIncludingParams ?? [])
      .map((p: Node) => String(unwrap(p)?.node.name ?? ''))
      .filter(Boolean);
    const predicateColumns: string[] = [];
    if (stmt.whereClause) collectColumns(stmt.whereClause, predicateColumns);
    const name = String(stmt.idxname ?? `${table.name}_${keys.map((k) => k.column ?? 'expr').join('_')}_idx`);
    if (stmt.if_not_exists && table.indexes.some((i) => i.name === name)) return;
    table.indexes = table.indexes.filter((i) => i.name !== name);
    table.indexes.push({
      name,
      table: table.key,
      keys,
      include,
      unique: !!stmt.unique,
      method: String(stmt.accessMethod ?? 'btree'),
      partial: !!stmt.whereClause,
      predicateColumns,
      predicateKeys: stmt.whereClause ? conjuncts(stmt.whereClause).map((c) => expressionKey(c)) : undefined,
      predicateNotNull: stmt.whereClause ? conjuncts(stmt.whereClause).map((c) => notNullColumn(c)) : undefined,
      origin,
    });
    if (stmt.unique && !stmt.whereClause && keys.every((k) => k.column)) table.uniques.push(keys.map((k) => k.column!));
  }

  private alterTable(stmt: Payload, origin: Origin): void {
    if (stmt.objtype && stmt.objtype !== 'OBJECT_TABLE') return;
    const found = this.resolveRangeVar(stmt.relation);
    if (!found) return;
    const table = this.own(found);
    for (const c of stmt.cmds ?? []) {
      const cmd = unwrap(c)?.node;
      if (!cmd) continue;
      const column = cmd.name ? table.columns.get(String(cmd.name)) : undefined;
      switch (cmd.subtype) {
        case 'AT_AddColumn': {
          const def = unwrap(cmd.def)?.node;
          if (def && !(cmd.missing_ok && table.columns.has(String(def.colname)))) this.addColumn(table, def, origin);
          break;
        }
        case 'AT_DropColumn':
          if (cmd.name) dropColumn(table, String(cmd.name));
          break;
        case 'AT_AddConstraint': {
          const constraint = unwrap(cmd.def)?.node;
          if (constraint) this.addConstraint(table, constraint, origin);
          break;
        }
        case 'AT_DropConstraint':
          if (cmd.name) dropConstraint(table, String(cmd.name));
          break;
        case 'AT_ValidateConstraint':
          for (const item of [...table.foreignKeys, ...table.checks]) if (item.name === cmd.name) item.valid = true;
          break;
        case 'AT_SetNotNull':
          if (column) column.notNull = true;
          break;
        case 'AT_DropNotNull':
          if (column) column.notNull = false;
          break;
        case 'AT_AlterColumnType': {
          const def = unwrap(cmd.def)?.node;
          if (column && def?.typeName) {
            const to = typeText(def.typeName);
            this.typeChanges.push({
              file: origin.file,
              start: origin.start,
              table: table.key,
              column: column.name,
              from: column.type,
              to,
            });
            column.type = to;
          }
          break;
        }
        case 'AT_ColumnDefault':
          if (column) {
            column.hasDefault = !!cmd.def;
            column.defaultOrigin = cmd.def ? origin : undefined;
          }
          break;
      }
    }
  }

  private rename(stmt: Payload): void {
    const newName = String(stmt.newname ?? '');
    if (!newName) return;
    if (
      stmt.renameType === 'OBJECT_TABLE' ||
      stmt.renameType === 'OBJECT_VIEW' ||
      stmt.renameType === 'OBJECT_MATVIEW'
    ) {
      const found = this.resolveRangeVar(stmt.relation);
      if (!found) return;
      const table = this.own(found);
      const key = tableKey(newName, table.schema);
      this.tables.delete(table.key);
      const oldKey = table.key;
      table.key = key;
      table.name = newName;
      for (const index of table.indexes) index.table = key;
      this.tables.set(key, table);
      for (const other of this.ownedTables((t) => t.foreignKeys.some((fk) => fk.refTable === oldKey)))
        for (const fk of other.foreignKeys) if (fk.refTable === oldKey) fk.refTable = key;
    } else if (stmt.renameType === 'OBJECT_COLUMN') {
      const found = this.resolveRangeVar(stmt.relation);
      const oldName = String(stmt.subname ?? '');
      if (!found?.columns.has(oldName)) return;
      const table = this.own(found);
      const column = table.columns.get(oldName)!;
      // Keep the column's position: a Map keeps insertion order, so rebuild it with the new key in place.
      const entries = [...table.columns.entries()].map(([name, c]): [string, ColumnInfo] =>
        name === oldName ? [newName, c] : [name, c],
      );
      table.columns.clear();
      for (const [name, c] of entries) table.columns.set(name, c);
      column.name = newName;
      const swap = (list: string[]) => list.map((c) => (c === oldName ? newName : c));
      if (table.primaryKey) table.primaryKey = swap(table.primaryKey);
      table.uniques = table.uniques.map(swap);
      for (const index of table.indexes) {
        for (const key of index.keys) if (key.column === oldName) key.column = newName;
        index.include = swap(index.include);
      }
      for (const fk of table.foreignKeys) fk.columns = swap(fk.columns);
      for (const other of this.ownedTables((t) => t.foreignKeys.some((fk) => fk.refTable === table.key)))
        for (const fk of other.foreignKeys) if (fk.refTable === table.key) fk.refColumns = swap(fk.refColumns);
    } else if (stmt.renameType === 'OBJECT_INDEX') {
      const oldName = String(stmt.relation?.relname ?? '');
      for (const table of this.ownedTables((t) => t.indexes.some((i) => i.name === oldName)))
        for (const index of table.indexes) if (index.name === oldName) index.name = newName;
    } else if (stmt.renameType === 'OBJECT_TABCONSTRAINT') {
      const found = this.resolveRangeVar(stmt.relation);
      const oldName = String(stmt.subname ?? '');
      if (!found) return;
      const table = this.own(found);
      for (const item of [...table.foreignKeys, ...table.checks, ...table.indexes])
        if (item.name === oldName) item.name = newName;
    }
  }

  private drop(stmt: Payload): void {
    const objects: string[][] = (stmt.objects ?? []).map((o: Node) => names(unwrap(o)?.node.items));
    if (
      stmt.removeType === 'OBJECT_TABLE' ||
      stmt.removeType === 'OBJECT_VIEW' ||
      stmt.removeType === 'OBJECT_MATVIEW'
    ) {
      for (const parts of objects) {
        const table =
          parts.length > 1 ? this.resolve(parts[parts.length - 1], parts[parts.length - 2]) : this.resolve(parts[0]);
        if (table) this.tables.delete(table.key);
      }
    } else if (stmt.removeType === 'OBJECT_INDEX') {
      for (const parts of objects) {
        const name = parts[parts.length - 1];
        for (const table of this.ownedTables((t) => t.indexes.some((i) => i.name === name)))
          table.indexes = table.indexes.filter((i) => i.name !== name);
      }
    }
  }

  /** The table's index whose leading key columns are exactly `columns` in some order (a foreign key's index). */
  static leadingIndexFor(table: TableInfo, columns: readonly string[]): IndexInfo | undefined {
    return table.indexes.find((index) => {
      if (index.method !== 'btree' && index.method !== 'hash' && index.method !== 'gist' && index.method !== 'gin')
        return false;
      const lead = index.keys.slice(0, columns.length).map((k) => k.column);
      return lead.length === columns.length && columns.every((c) => lead.includes(c)) && !index.partial;
    });
  }

  /** Is this set of columns known to be unique (primary key, unique constraint or index, all of them in `columns`)? */
  static isUniqueSet(table: TableInfo, columns: ReadonlySet<string>): boolean {
    const sets = [...(table.primaryKey ? [table.primaryKey] : []), ...table.uniques];
    return sets.some((set) => set.length > 0 && set.every((c) => columns.has(c)));
  }
}

/** A statement of a schema file with its span in that file (a script's SQL sits inside its host text). */
export interface SchemaStatement {
  statement: SqlStatement;
  start: number;
  end: number;
}

function sameOrigin(a: Origin, b: Origin): boolean {
  return a.file === b.file && a.start === b.start;
}

function cloneTable(table: TableInfo): TableInfo {
  const columns = new Map<string, ColumnInfo>();
  for (const [name, column] of table.columns) columns.set(name, { ...column });
  return {
    ...table,
    columns,
    primaryKey: table.primaryKey ? [...table.primaryKey] : undefined,
    uniques: table.uniques.map((u) => [...u]),
    foreignKeys: table.foreignKeys.map((fk) => ({ ...fk, columns: [...fk.columns], refColumns: [...fk.refColumns] })),
    indexes: table.indexes.map((index) => ({
      ...index,
      keys: index.keys.map((k) => ({ ...k })),
      include: [...index.include],
      predicateColumns: [...index.predicateColumns],
    })),
    checks: table.checks.map((c) => ({ ...c })),
  };
}

function emptyTable(
  key: string,
  rangeVar: Payload,
  kind: TableInfo['kind'],
  origin: Origin,
  columnsKnown: boolean,
): TableInfo {
  return {
    key,
    schema: String(rangeVar.schemaname ?? 'public'),
    name: String(rangeVar.relname),
    kind,
    columns: new Map(),
    columnsKnown,
    uniques: [],
    foreignKeys: [],
    indexes: [],
    checks: [],
    origin,
  };
}

function implicitIndex(
  table: TableInfo,
  name: string,
  columns: string[],
  implicit: IndexInfo['implicit'],
  origin: Origin,
): IndexInfo {
  return {
    name,
    table: table.key,
    keys: columns.map((column) => ({ column, descending: false })),
    include: [],
    unique: true,
    method: 'btree',
    partial: false,
    predicateColumns: [],
    implicit,
    origin,
  };
}

function dropColumn(table: TableInfo, name: string): void {
  table.columns.delete(name);
  table.indexes = table.indexes.filter((i) => !i.keys.some((k) => k.column === name) && !i.include.includes(name));
  table.uniques = table.uniques.filter((u) => !u.includes(name));
  table.foreignKeys = table.foreignKeys.filter((fk) => !fk.columns.includes(name));
  if (table.primaryKey?.includes(name)) table.primaryKey = undefined;
}

function dropConstraint(table: TableInfo, name: string): void {
  const index = table.indexes.find((i) => i.name === name && i.implicit);
  if (index) {
    const cols = index.keys.map((k) => k.column ?? '');
    if (index.implicit === 'primary key') table.primaryKey = undefined;
    else table.uniques = table.uniques.filter((u) => u.join(',') !== cols.join(','));
    table.indexes = table.indexes.filter((i) => i !== index);
  }
  table.foreignKeys = table.foreignKeys.filter((fk) => fk.name !== name);
  table.checks = table.checks.filter((c) => c.name !== name);
}

/** `col IS NOT NULL` → col. */
function notNullColumn(expr: NodeRef | undefined): string | undefined {
  if (expr?.type !== 'NullTest' || expr.node.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const arg = asRef(expr.node.arg);
  return arg?.type === 'ColumnRef' ? columnParts(arg.node).pop() : undefined;
}

function collectColumns(node: Node, out: string[]): void {
  walk(node, (ref) => {
    if (ref.type !== 'ColumnRef') return;
    const name = columnParts(ref.node).pop();
    if (name && !out.includes(name)) out.push(name);
    return 'skip';
  });
}

/** Functions whose result differs per row: a DEFAULT using one rewrites the table when the column is added. */
export const VOLATILE_FUNCTIONS = new Set([
  'random',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'uuidv4',
  'uuidv7',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'txid_current',
  'statement_timestamp_volatile',
  'random_normal',
  'setseed',
]);

export function isVolatileCall(ref: NodeRef): boolean {
  return ref.type === 'FuncCall' && VOLATILE_FUNCTIONS.has(funcName(ref.node));
}
