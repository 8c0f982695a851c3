import type * as TS from 'typescript';
import type { SqlFragment } from './fragment';
import { SourceMap } from './source-map';

/**
 * Migrations written with a schema builder instead of SQL: knex (`knex.schema.createTable('t', (t) => {
 * t.integer('x').references('id').inTable('y'); t.index(['x']) })`, `alterTable`), node-pg-migrate
 * (`pgm.createTable`, `pgm.addColumns`, `pgm.createIndex`, `pgm.addConstraint`) and Sequelize
 * (`queryInterface.createTable`, `addColumn`, `addIndex`, `addConstraint`). Each call is read as the DDL it runs,
 * so the schema as of each migration holds the tables, columns, indexes and foreign keys it builds.
 *
 * The DDL is the engine's text, not the user's: every statement maps onto the whole builder call that runs it
 * (a finding lands there, and no edit is ever offered inside it). Only what the builder can express differently is
 * judged: an index built without its `concurrently` option on a table that already exists (node-pg-migrate and
 * Sequelize have one; knex has none, so its indexes feed the schema only). The other lock-safety rules would ask
 * for SQL the builder cannot write (`NOT VALID`, a lock timeout); the migration's raw SQL is judged as before.
 */

export interface BuilderInfo {
  /** The library, for messages: `knex`, `node-pg-migrate`, `Sequelize`. */
  library: string;
  /** The option that builds an index without blocking writes, when the builder has one (`{ concurrently: true }`). */
  concurrentOption?: string;
}

/** Cheap test before the walk: a builder method called somewhere in the text. */
const BUILDER_CALL =
  /\.\s*(?:createTable|createTableIfNotExists|alterTable|addColumns?|createIndex|addIndex|addConstraint)\s*\(|\bschema\s*\.\s*table\s*\(/;

export function mightBuildSchema(text: string): boolean {
  return BUILDER_CALL.test(text);
}

interface Statement {
  sql: string;
  start: number;
  end: number;
}

/** The builder calls of a script, each a fragment of the DDL it runs. */
export function builderFragments(tsm: typeof TS, source: TS.SourceFile, text: string): SqlFragment[] {
  if (!mightBuildSchema(text)) return [];
  const reader = new BuilderReader(tsm, source, text);
  const fragments: SqlFragment[] = [];
  const stack: TS.Node[] = [source];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (tsm.isCallExpression(node)) {
      const found = reader.read(node);
      if (found && found.statements.length > 0) fragments.push(fragmentOf(found.statements, found.info, node, source));
    }
    const kids: TS.Node[] = [];
    tsm.forEachChild(node, (child) => void kids.push(child));
    stack.push(...kids.reverse());
  }
  return fragments;
}

function fragmentOf(statements: Statement[], builder: BuilderInfo, call: TS.CallExpression, source: TS.SourceFile) {
  const map = new SourceMap();
  for (const s of statements) {
    map.replaced(s.start, s.end, s.sql);
    map.replaced(s.end, s.end, ';\n');
  }
  const callee = call.expression;
  const start = callee.getStart(source);
  const fragment: SqlFragment = {
    sql: statements.map((s) => `${s.sql};\n`).join(''),
    map,
    origin: 'call',
    placeholders: [],
    interpolated: false,
    caller: { start, end: callee.end, name: source.text.slice(start, callee.end) },
    builder,
  };
  return fragment;
}

/** knex's name for an index, unique or foreign key it builds: `<table>_<columns>_<kind>`, lower case. */
function knexName(table: string, columns: readonly string[], kind: string): string {
  return `${table}_${columns.join('_')}_${kind}`.replace(/[.-]/g, '_').toLowerCase();
}

/** node-pg-migrate's name for an index: `<table>_<columns>_[unique_]index`. */
function pgmIndexName(table: string, columns: readonly string[], unique: boolean | undefined): string {
  return `${table}_${columns.join('_')}_${unique ? 'unique_' : ''}index`;
}

/** Sequelize's name for an index on fields: `<table>_<fields>`, lower case. */
function sequelizeIndexName(table: string, fields: readonly string[]): string {
  return `${table}_${fields.join('_')}`.replace(/[^\w]+/g, '_').toLowerCase();
}

/** `"name"`, or `"schema"."name"`. */
function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function qualified(name: string, schema?: string): string {
  return schema ? `${quoted(schema)}.${quoted(name)}` : quoted(name);
}

/**
 * The DDL a drop or rename call of any of the builders stands for (`table` already quoted), written once: knex,
 * node-pg-migrate and Sequelize name these changes differently but mean the same statement.
 */
const ddl = {
  dropTable: (table: string) => `DROP TABLE IF EXISTS ${table}`,
  renameTable: (table: string, to: string) => `ALTER TABLE ${table} RENAME TO ${quoted(to)}`,
  dropColumn: (table: string, column: string) => `ALTER TABLE ${table} DROP COLUMN IF EXISTS ${quoted(column)}`,
  renameColumn: (table: string, from: string, to: string) =>
    `ALTER TABLE ${table} RENAME COLUMN ${quoted(from)} TO ${quoted(to)}`,
  dropConstraint: (table: string, name: string) => `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${quoted(name)}`,
  dropIndex: (name: string, schemaPrefix = '') => `DROP INDEX IF EXISTS ${schemaPrefix}${quoted(name)}`,
};

const KNEX_TABLE_METHODS = new Set(['createTable', 'createTableIfNotExists', 'alterTable', 'table']);
const KNEX_DROPS = new Set(['dropTable', 'dropTableIfExists', 'renameTable']);
const PGM_METHODS = new Set([
  'createTable',
  'addColumns',
  'addColumn',
  'createIndex',
  'addIndex',
  'addConstraint',
  'createConstraint',
  'dropTable',
  'renameTable',
  'dropColumns',
  'dropColumn',
  'renameColumn',
  'dropIndex',
  'dropConstraint',
]);
const SEQUELIZE_METHODS = new Set([
  'createTable',
  'addColumn',
  'addIndex',
  'addConstraint',
  'dropTable',
  'renameTable',
  'removeColumn',
  'renameColumn',
  'removeIndex',
  'removeConstraint',
]);

/** knex's column methods and the PostgreSQL type each makes. */
const KNEX_TYPES: Readonly<Record<string, string>> = {
  increments: 'serial',
  bigIncrements: 'bigserial',
  integer: 'integer',
  bigInteger: 'bigint',
  bigint: 'bigint',
  tinyint: 'smallint',
  smallint: 'smallint',
  mediumint: 'integer',
  text: 'text',
  string: 'varchar',
  float: 'real',
  double: 'double precision',
  decimal: 'numeric',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
  timestamp: 'timestamptz',
  time: 'time',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  enu: 'text',
  enum: 'text',
  binary: 'bytea',
  specificType: '',
  geometry: 'text',
  geography: 'text',
  point: 'point',
};

/** Sequelize's data types and the PostgreSQL type each makes. */
const SEQUELIZE_TYPES: Readonly<Record<string, string>> = {
  STRING: 'varchar',
  CHAR: 'char',
  TEXT: 'text',
  CITEXT: 'citext',
  INTEGER: 'integer',
  BIGINT: 'bigint',
  SMALLINT: 'smallint',
  TINYINT: 'smallint',
  MEDIUMINT: 'integer',
  FLOAT: 'double precision',
  DOUBLE: 'double precision',
  REAL: 'real',
  DECIMAL: 'numeric',
  NUMBER: 'numeric',
  BOOLEAN: 'boolean',
  DATE: 'timestamptz',
  DATEONLY: 'date',
  TIME: 'time',
  NOW: 'timestamptz',
  UUID: 'uuid',
  UUIDV4: 'uuid',
  JSON: 'json',
  JSONB: 'jsonb',
  ENUM: 'text',
  BLOB: 'bytea',
  INET: 'inet',
  CIDR: 'cidr',
  MACADDR: 'macaddr',
  TSVECTOR: 'tsvector',
  GEOMETRY: 'text',
  GEOGRAPHY: 'text',
  RANGE: 'text',
  HSTORE: 'hstore',
};

interface ColumnSpec {
  name: string;
  type: string;
  notNull?: boolean;
  primaryKey?: boolean;
  unique?: boolean;
  /** The referenced table as SQL (quoted), and its column. */
  references?: { table: string; column?: string };
  /** Host span of the column's definition. */
  start: number;
  end: number;
}

class BuilderReader {
  private readonly sequelize: boolean;
  private readonly pgm: boolean;

  constructor(
    private readonly tsm: typeof TS,
    private readonly source: TS.SourceFile,
    text: string,
  ) {
    this.sequelize = /\b(?:sequelize|queryInterface|DataTypes)\b/i.test(text);
    this.pgm = /node-pg-migrate|\bpgm\b/.test(text);
  }

  read(call: TS.CallExpression): { statements: Statement[]; info: BuilderInfo } | undefined {
    const ts = this.tsm;
    if (!ts.isPropertyAccessExpression(call.expression)) return undefined;
    const method = call.expression.name.text;
    const receiver = call.expression.expression;
    if (KNEX_DROPS.has(method) && this.knexSchema(receiver)) {
      const statements = this.knexDrop(method, call, receiver);
      return statements && { statements, info: { library: 'knex' } };
    }
    if (KNEX_TABLE_METHODS.has(method) && this.knexSchema(receiver)) {
      const statements = this.knexTable(method, call, receiver);
      return statements && { statements, info: { library: 'knex' } };
    }
    const receiverName = ts.isIdentifier(receiver) ? receiver.text : undefined;
    if (PGM_METHODS.has(method) && this.pgm && receiverName === 'pgm') {
      const statements = this.pgmCall(method, call);
      return (
        statements && { statements, info: { library: 'node-pg-migrate', concurrentOption: '{ concurrently: true }' } }
      );
    }
    if (SEQUELIZE_METHODS.has(method) && this.sequelize && receiverName && receiverName !== 'pgm') {
      const statements = this.sequelizeCall(method, call);
      return statements && { statements, info: { library: 'Sequelize', concurrentOption: '{ concurrently: true }' } };
    }
    return undefined;
  }

  // ---- values written in the call -------------------------------------------------------------------------

  /** `const attributes = { … }` of the file, by name: the columns a createTable call is given by name. */
  private objects?: Map<string, TS.ObjectLiteralExpression>;

  /** The node itself, or the object literal a name given to the call was declared with in this file. */
  private resolved(node: TS.Node | undefined): TS.Node | undefined {
    const ts = this.tsm;
    if (!node || !ts.isIdentifier(node)) return node;
    if (!this.objects) {
      const objects = new Map<string, TS.ObjectLiteralExpression>();
      const visit = (n: TS.Node) => {
        if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
          const init = n.initializer;
          if (ts.isObjectLiteralExpression(init)) {
            // A name declared twice is not one object: neither is taken.
            if (objects.has(n.name.text)) objects.set(n.name.text, undefined as never);
            else objects.set(n.name.text, init);
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(this.source);
      this.objects = objects;
    }
    return this.objects.get(node.text) ?? node;
  }

  private string(node: TS.Node | undefined): string | undefined {
    const ts = this.tsm;
    if (!node) return undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isAsExpression(node) || ts.isParenthesizedExpression(node)) return this.string(node.expression);
    return undefined;
  }

  private strings(node: TS.Node | undefined): string[] | undefined {
    const ts = this.tsm;
    if (!node) return undefined;
    const one = this.string(node);
    if (one !== undefined) return [one];
    if (!ts.isArrayLiteralExpression(node)) return undefined;
    const out: string[] = [];
    for (const e of node.elements) {
      const s = this.string(e);
      if (s !== undefined) out.push(s);
      else if (ts.isObjectLiteralExpression(e)) {
        // Sequelize `{ name: 'x', order: 'DESC' }`, node-pg-migrate `{ name: 'x', sort: 'DESC' }`.
        const name = this.string(this.property(e, 'name')) ?? this.string(this.property(e, 'attribute'));
        if (name === undefined) return undefined;
        out.push(name);
      } else return undefined;
    }
    return out;
  }

  private bool(node: TS.Node | undefined): boolean | undefined {
    if (!node) return undefined;
    if (node.kind === this.tsm.SyntaxKind.TrueKeyword) return true;
    if (node.kind === this.tsm.SyntaxKind.FalseKeyword) return false;
    return undefined;
  }

  private property(object: TS.Node | undefined, name: string): TS.Expression | undefined {
    const ts = this.tsm;
    if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
    for (const p of object.properties) {
      if (ts.isPropertyAssignment(p) && this.propertyName(p.name) === name) return p.initializer;
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
    }
    return undefined;
  }

  private propertyName(name: TS.PropertyName): string | undefined {
    const ts = this.tsm;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
    return undefined;
  }

  private span(node: TS.Node): { start: number; end: number } {
    return { start: node.getStart(this.source), end: node.end };
  }

  // ---- knex --------------------------------------------------------------------------------------------------

  /** A receiver reached through `.schema` (`knex.schema`, `this.knex.schema.withSchema('x')`, a chained call). */
  private knexSchema(receiver: TS.Expression): boolean {
    const ts = this.tsm;
    let node: TS.Expression = receiver;
    for (let i = 0; i < 20; i++) {
      if (ts.isPropertyAccessExpression(node)) {
        if (node.name.text === 'schema') return true;
        node = node.expression;
      } else if (ts.isCallExpression(node)) node = node.expression;
      else return false;
    }
    return false;
  }

  /** The `withSchema('x')` of the chain, if any. */
  private knexWithSchema(receiver: TS.Expression): string | undefined {
    const ts = this.tsm;
    let node: TS.Expression = receiver;
    for (let i = 0; i < 20; i++) {
      if (ts.isCallExpression(node)) {
        if (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'withSchema')
          return this.string(node.arguments[0]);
        node = node.expression;
      } else if (ts.isPropertyAccessExpression(node)) {
        if (node.name.text === 'schema') return undefined;
        node = node.expression;
      } else return undefined;
    }
    return undefined;
  }

  private knexTable(method: string, call: TS.CallExpression, receiver: TS.Expression): Statement[] | undefined {
    const ts = this.tsm;
    const rawName = this.string(call.arguments[0]);
    const callback = call.arguments[1];
    if (rawName === undefined || !callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)))
      return undefined;
    const param = callback.parameters[0];
    if (!param || !ts.isIdentifier(param.name)) return undefined;
    const t = param.name.text;
    const dot = rawName.indexOf('.');
    const schema = this.knexWithSchema(receiver) ?? (dot > 0 ? rawName.slice(0, dot) : undefined);
    const table = qualified(dot > 0 ? rawName.slice(dot + 1) : rawName, schema);
    const creating = method.startsWith('createTable');
    const columns: ColumnSpec[] = [];
    const after: Statement[] = [];
    const tableConstraints: string[] = [];
    for (const chain of this.chainsOn(callback.body, t)) {
      const [head, ...rest] = chain.calls;
      const modifiers = new Map(rest.map((c) => [c.name, c.args] as const));
      const where = { start: chain.start, end: chain.end };
      if (head.name in KNEX_TYPES) {
        const name =
          head.name === 'increments' || head.name === 'bigIncrements'
            ? (this.string(head.args[0]) ?? 'id')
            : this.string(head.args[0]);
        if (name === undefined) continue;
        let type = KNEX_TYPES[head.name];
        if (head.name === 'specificType') type = this.string(head.args[1]) ?? '';
        if (head.name === 'string') type = `varchar(${this.number(head.args[1]) ?? 255})`;
        if (!type) continue;
        if (modifiers.has('alter')) {
          // `.alter()` changes an existing column: its type, and its nullability when the chain says so.
          const column = `ALTER TABLE ${table} ALTER COLUMN ${quoted(name)}`;
          after.push({ sql: `${column} TYPE ${type.replace(/serial$/, 'int')}`, ...where });
          if (modifiers.has('notNullable')) after.push({ sql: `${column} SET NOT NULL`, ...where });
          else if (modifiers.has('nullable')) after.push({ sql: `${column} DROP NOT NULL`, ...where });
          continue;
        }
        const refArgs = modifiers.get('references');
        let references: ColumnSpec['references'];
        if (refArgs) {
          const ref = this.string(refArgs[0]);
          const inTable = this.string(modifiers.get('inTable')?.[0]);
          if (ref !== undefined) {
            const split = ref.lastIndexOf('.');
            references =
              inTable !== undefined
                ? { table: this.tableRef(inTable), column: ref }
                : split > 0
                  ? { table: this.tableRef(ref.slice(0, split)), column: ref.slice(split + 1) }
                  : undefined;
          }
        }
        columns.push({
          name,
          type,
          notNull: modifiers.has('notNullable') || undefined,
          primaryKey: head.name === 'increments' || head.name === 'bigIncrements' || modifiers.has('primary'),
          unique: modifiers.has('unique'),
          references,
          ...where,
        });
        if (modifiers.has('index')) {
          const indexName = this.string(modifiers.get('index')?.[0]);
          after.push({
            sql: `CREATE INDEX ${indexName ? quoted(indexName) + ' ' : ''}ON ${table} (${quoted(name)})`,
            ...where,
          });
        }
      } else if (head.name === 'timestamps') {
        for (const name of ['created_at', 'updated_at']) columns.push({ name, type: 'timestamptz', ...where });
      } else if (head.name === 'index' || head.name === 'unique' || head.name === 'primary') {
        const cols = this.strings(head.args[0]);
        if (!cols || cols.length === 0) continue;
        const second = head.args[1];
        const indexName = this.string(second) ?? this.string(this.property(second, 'indexName'));
        const list = cols.map(quoted).join(', ');
        // knex names what it builds `<table>_<columns>_index` (or `_unique`), the name a later drop goes by.
        const named = quoted(indexName ?? knexName(rawName, cols, head.name));
        if (head.name === 'primary') tableConstraints.push(`PRIMARY KEY (${list})`);
        else if (creating && head.name === 'unique') tableConstraints.push(`CONSTRAINT ${named} UNIQUE (${list})`);
        else
          after.push({
            sql: `CREATE ${head.name === 'unique' ? 'UNIQUE ' : ''}INDEX ${named} ON ${table} (${list})`,
            ...where,
          });
      } else if (head.name === 'dropIndex' || head.name === 'dropUnique') {
        const cols = this.strings(head.args[0]);
        const indexName = this.string(head.args[1]);
        if (!cols && indexName === undefined) continue;
        const name = indexName ?? knexName(rawName, cols!, head.name === 'dropUnique' ? 'unique' : 'index');
        const schemaPrefix = schema ? `${quoted(schema)}.` : '';
        after.push({ sql: ddl.dropIndex(name, schemaPrefix), ...where });
        if (head.name === 'dropUnique') after.push({ sql: ddl.dropConstraint(table, name), ...where });
      } else if (head.name === 'dropForeign') {
        const cols = this.strings(head.args[0]);
        const name = this.string(head.args[1]) ?? (cols ? knexName(rawName, cols, 'foreign') : undefined);
        if (name !== undefined) after.push({ sql: ddl.dropConstraint(table, name), ...where });
      } else if (head.name === 'foreign') {
        const cols = this.strings(head.args[0]);
        const ref = this.string(modifiers.get('references')?.[0]);
        if (!cols || ref === undefined) continue;
        const inTable = this.string(modifiers.get('inTable')?.[0]);
        const split = ref.lastIndexOf('.');
        const refTable = inTable ?? (split > 0 ? ref.slice(0, split) : undefined);
        const refCols = (inTable !== undefined ? ref : ref.slice(split + 1)).split(',').map((c) => c.trim());
        if (!refTable) continue;
        const fkName = this.string(modifiers.get('withKeyName')?.[0]) ?? knexName(rawName, cols, 'foreign');
        const fk = `CONSTRAINT ${quoted(fkName)} FOREIGN KEY (${cols.map(quoted).join(', ')}) REFERENCES ${this.tableRef(refTable)} (${refCols.map(quoted).join(', ')})`;
        if (creating) tableConstraints.push(fk);
        else after.push({ sql: `ALTER TABLE ${table} ADD ${fk}`, ...where });
      } else if (head.name === 'dropColumn' || head.name === 'dropColumns') {
        for (const c of head.args.flatMap((a) => this.strings(a) ?? []))
          after.push({ sql: ddl.dropColumn(table, c), ...where });
      } else if (head.name === 'renameColumn') {
        const from = this.string(head.args[0]);
        const to = this.string(head.args[1]);
        if (from !== undefined && to !== undefined) after.push({ sql: ddl.renameColumn(table, from, to), ...where });
      }
    }
    const statements: Statement[] = [];
    const whole = this.span(call);
    if (creating) {
      const defs = [...columns.map((c) => this.columnSql(c)), ...tableConstraints];
      if (defs.length === 0) return [{ sql: `CREATE TABLE ${table} AS SELECT`, ...whole }];
      statements.push({ sql: `CREATE TABLE ${table} (${defs.join(', ')})`, ...whole });
    } else {
      for (const c of columns)
        statements.push({ sql: `ALTER TABLE ${table} ADD COLUMN ${this.columnSql(c)}`, start: c.start, end: c.end });
      for (const c of tableConstraints) statements.push({ sql: `ALTER TABLE ${table} ADD ${c}`, ...whole });
    }
    return [...statements, ...after];
  }

  /** `knex.schema.dropTable('t')`, `dropTableIfExists`, `renameTable('a', 'b')`. */
  private knexDrop(method: string, call: TS.CallExpression, receiver: TS.Expression): Statement[] | undefined {
    const schema = this.knexWithSchema(receiver);
    const name = this.string(call.arguments[0]);
    if (name === undefined) return undefined;
    const table = schema ? qualified(name, schema) : this.tableRef(name);
    const whole = this.span(call);
    if (method !== 'renameTable') return [{ sql: ddl.dropTable(table), ...whole }];
    const to = this.string(call.arguments[1]);
    return to === undefined ? undefined : [{ sql: ddl.renameTable(table, to), ...whole }];
  }

  private number(node: TS.Node | undefined): number | undefined {
    return node && this.tsm.isNumericLiteral(node) ? Number(node.text) : undefined;
  }

  /** `schema.table` written as one string, split where knex and Sequelize split it. */
  private tableRef(name: string): string {
    const dot = name.indexOf('.');
    return dot > 0 ? qualified(name.slice(dot + 1), name.slice(0, dot)) : quoted(name);
  }

  /** The calls chained on the callback's parameter, statement by statement (`t.integer('x').notNullable()`). */
  private chainsOn(
    body: TS.Node,
    t: string,
  ): { calls: { name: string; args: TS.NodeArray<TS.Expression> }[]; start: number; end: number }[] {
    const ts = this.tsm;
    const out: { calls: { name: string; args: TS.NodeArray<TS.Expression> }[]; start: number; end: number }[] = [];
    const visit = (node: TS.Node) => {
      if (ts.isCallExpression(node)) {
        const calls: { name: string; args: TS.NodeArray<TS.Expression> }[] = [];
        let n: TS.Expression = node;
        while (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
          calls.unshift({ name: n.expression.name.text, args: n.arguments });
          n = n.expression.expression;
        }
        if (ts.isIdentifier(n) && n.text === t && calls.length > 0) {
          out.push({ calls, ...this.span(node) });
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    return out;
  }

  private columnSql(c: ColumnSpec): string {
    let sql = `${quoted(c.name)} ${c.type}`;
    if (c.notNull) sql += ' NOT NULL';
    if (c.primaryKey) sql += ' PRIMARY KEY';
    if (c.unique) sql += ' UNIQUE';
    if (c.references) {
      sql += ` REFERENCES ${c.references.table}`;
      if (c.references.column) sql += ` (${quoted(c.references.column)})`;
    }
    return sql;
  }

  // ---- node-pg-migrate ---------------------------------------------------------------------------------------

  /** `'users'`, or `{ schema: 'app', name: 'users' }`. */
  private pgmName(node: TS.Node | undefined): string | undefined {
    const plain = this.string(node);
    if (plain !== undefined) return quoted(plain);
    const name = this.string(this.property(node, 'name'));
    if (name === undefined) return undefined;
    return qualified(name, this.string(this.property(node, 'schema')));
  }

  private pgmCall(method: string, call: TS.CallExpression): Statement[] | undefined {
    const [first, second, third] = call.arguments;
    const table = this.pgmName(first);
    if (!table) return undefined;
    const whole = this.span(call);
    if (method === 'createTable') {
      const columns = this.pgmColumns(this.resolved(second));
      // Columns the engine cannot read still make a table: one whose columns are not known.
      if (!columns) return [{ sql: `CREATE TABLE ${table} AS SELECT`, ...whole }];
      const defs = columns.map((c) => this.columnSql(c));
      const constraints = this.property(third, 'constraints');
      const pk = this.strings(this.property(constraints, 'primaryKey'));
      if (pk) defs.push(`PRIMARY KEY (${pk.map(quoted).join(', ')})`);
      const unique = this.property(constraints, 'unique');
      for (const set of this.uniqueSets(unique)) defs.push(`UNIQUE (${set.map(quoted).join(', ')})`);
      if (defs.length === 0) return [{ sql: `CREATE TABLE ${table} AS SELECT`, ...whole }];
      return [{ sql: `CREATE TABLE ${table} (${defs.join(', ')})`, ...whole }];
    }
    if (method === 'addColumns' || method === 'addColumn') {
      const columns = this.pgmColumns(this.resolved(second));
      return columns?.map((c) => ({
        sql: `ALTER TABLE ${table} ADD COLUMN ${this.columnSql(c)}`,
        start: c.start,
        end: c.end,
      }));
    }
    if (method === 'dropTable') return [{ sql: ddl.dropTable(table), ...whole }];
    if (method === 'renameTable') {
      const to = this.string(second);
      return to === undefined ? undefined : [{ sql: ddl.renameTable(table, to), ...whole }];
    }
    if (method === 'dropColumns' || method === 'dropColumn') {
      const cols = this.strings(second) ?? this.objectKeys(second);
      return cols?.map((c) => ({ sql: ddl.dropColumn(table, c), ...whole }));
    }
    if (method === 'renameColumn') {
      const from = this.string(second);
      const to = this.string(third);
      if (from === undefined || to === undefined) return undefined;
      return [{ sql: ddl.renameColumn(table, from, to), ...whole }];
    }
    if (method === 'dropConstraint') {
      const name = this.string(second);
      return name === undefined ? undefined : [{ sql: ddl.dropConstraint(table, name), ...whole }];
    }
    if (method === 'dropIndex') {
      const cols = this.strings(second);
      const name =
        this.string(this.property(third, 'name')) ??
        (cols ? pgmIndexName(this.string(first) ?? '', cols, this.bool(this.property(third, 'unique'))) : undefined);
      return name === undefined ? undefined : [{ sql: ddl.dropIndex(name), ...whole }];
    }
    if (method === 'createIndex' || method === 'addIndex') {
      const cols = this.strings(second);
      if (!cols || cols.length === 0) return undefined;
      const unique = this.bool(this.property(third, 'unique'));
      const concurrent = this.bool(this.property(third, 'concurrently'));
      // node-pg-migrate names an index `<table>_<columns>_[unique_]index`, the name its dropIndex goes by.
      const name = this.string(this.property(third, 'name')) ?? pgmIndexName(this.string(first) ?? '', cols, unique);
      const using = this.string(this.property(third, 'method'));
      const where = this.string(this.property(third, 'where'));
      const keys = cols.map((c) => (/^[A-Za-z_][\w$]*$/.test(c) ? quoted(c) : `(${c})`)).join(', ');
      return [
        {
          sql:
            `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${concurrent ? 'CONCURRENTLY ' : ''}${name ? quoted(name) + ' ' : ''}ON ${table}` +
            `${using ? ` USING ${using}` : ''} (${keys})${where ? ` WHERE ${where}` : ''}`,
          ...whole,
        },
      ];
    }
    // addConstraint(table, name, 'FOREIGN KEY (…) REFERENCES …' | { foreignKeys, unique, primaryKey })
    const name = this.string(second);
    const named = name ? `CONSTRAINT ${quoted(name)} ` : '';
    const expression = this.string(third);
    if (expression !== undefined) return [{ sql: `ALTER TABLE ${table} ADD ${named}${expression}`, ...whole }];
    const out: Statement[] = [];
    const fks = this.property(third, 'foreignKeys');
    for (const fk of fks && this.tsm.isArrayLiteralExpression(fks) ? fks.elements : fks ? [fks] : []) {
      const columns = this.strings(this.property(fk, 'columns'));
      const references = this.pgmReference(this.property(fk, 'references'));
      if (!columns || !references) continue;
      out.push({
        sql: `ALTER TABLE ${table} ADD ${named}FOREIGN KEY (${columns.map(quoted).join(', ')}) REFERENCES ${references}`,
        ...whole,
      });
    }
    for (const set of this.uniqueSets(this.property(third, 'unique')))
      out.push({ sql: `ALTER TABLE ${table} ADD ${named}UNIQUE (${set.map(quoted).join(', ')})`, ...whole });
    const pk = this.strings(this.property(third, 'primaryKey'));
    if (pk) out.push({ sql: `ALTER TABLE ${table} ADD ${named}PRIMARY KEY (${pk.map(quoted).join(', ')})`, ...whole });
    return out;
  }

  private objectKeys(node: TS.Node | undefined): string[] | undefined {
    const ts = this.tsm;
    if (!node || !ts.isObjectLiteralExpression(node)) return undefined;
    return node.properties.map((p) => (p.name ? this.propertyName(p.name) : undefined)).filter((n): n is string => !!n);
  }

  /** `['a', 'b']` is one set; `[['a', 'b'], ['c']]` several. */
  private uniqueSets(node: TS.Node | undefined): string[][] {
    const ts = this.tsm;
    if (!node) return [];
    if (ts.isArrayLiteralExpression(node) && node.elements.some((e) => ts.isArrayLiteralExpression(e)))
      return node.elements.map((e) => this.strings(e)).filter((s): s is string[] => !!s && s.length > 0);
    const one = this.strings(node);
    return one && one.length > 0 ? [one] : [];
  }

  /** `'users'`, `'"users"'`, `'users(id)'`, `{ schema, name }`: the REFERENCES target as SQL. */
  private pgmReference(node: TS.Node | undefined): string | undefined {
    const plain = this.string(node);
    if (plain !== undefined) {
      const m = /^\s*((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)\s*(\([^)]*\))?\s*$/.exec(plain);
      if (!m) return undefined;
      const parts = m[1].split(/\s*\.\s*/).map((p) => (p.startsWith('"') ? p : quoted(p)));
      return `${parts.join('.')}${m[2] ? ` ${m[2]}` : ''}`;
    }
    return this.pgmName(node);
  }

  private pgmColumns(node: TS.Node | undefined): ColumnSpec[] | undefined {
    const ts = this.tsm;
    if (!node || !ts.isObjectLiteralExpression(node)) return undefined;
    const out: ColumnSpec[] = [];
    for (const p of node.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const name = this.propertyName(p.name);
      if (name === undefined) continue;
      const where = this.span(p);
      const shorthand = this.string(p.initializer);
      if (shorthand !== undefined) {
        out.push(
          shorthand === 'id'
            ? { name, type: 'serial', primaryKey: true, ...where }
            : { name, type: shorthand, ...where },
        );
        continue;
      }
      const typeNode = this.property(p.initializer, 'type');
      let type = this.string(typeNode);
      if (type === undefined) continue;
      const primaryKey = this.bool(this.property(p.initializer, 'primaryKey'));
      if (type === 'id') type = 'serial';
      const ref = this.property(p.initializer, 'references');
      const target = ref && this.pgmReference(ref);
      out.push({
        name,
        type,
        notNull: this.bool(this.property(p.initializer, 'notNull')),
        primaryKey: primaryKey || this.string(typeNode) === 'id',
        unique: this.bool(this.property(p.initializer, 'unique')),
        ...(target ? { references: { table: target, column: undefined } } : {}),
        ...where,
      });
    }
    return out;
  }

  // ---- Sequelize ---------------------------------------------------------------------------------------------

  /** `'users'`, or `{ tableName: 'users', schema: 'app' }`. */
  private sequelizeName(node: TS.Node | undefined): string | undefined {
    const plain = this.string(node);
    if (plain !== undefined) return quoted(plain);
    const name = this.string(this.property(node, 'tableName'));
    if (name === undefined) return undefined;
    return qualified(name, this.string(this.property(node, 'schema')));
  }

  /** `Sequelize.STRING(50)`, `DataTypes.UUID`, `Sequelize.ARRAY(Sequelize.TEXT)`, `'TEXT'`. */
  private sequelizeType(node: TS.Node | undefined): string | undefined {
    const ts = this.tsm;
    if (!node) return undefined;
    const written = this.string(node);
    if (written !== undefined) return written;
    let args: TS.NodeArray<TS.Expression> | undefined;
    let n: TS.Node = node;
    if (ts.isCallExpression(n)) {
      args = n.arguments;
      n = n.expression;
    }
    if (!ts.isPropertyAccessExpression(n)) return undefined;
    const key = n.name.text;
    if (key === 'ARRAY') {
      const inner = this.sequelizeType(args?.[0]);
      return inner ? `${inner}[]` : undefined;
    }
    const base = SEQUELIZE_TYPES[key];
    if (!base) return undefined;
    if (base === 'varchar' || base === 'char') return `${base}(${this.number(args?.[0]) ?? 255})`;
    return base;
  }

  private sequelizeColumn(name: string, node: TS.Node, where: { start: number; end: number }): ColumnSpec | undefined {
    const ts = this.tsm;
    if (!ts.isObjectLiteralExpression(node)) {
      const type = this.sequelizeType(node);
      return type ? { name, type, ...where } : undefined;
    }
    const type = this.sequelizeType(this.property(node, 'type'));
    if (!type) return undefined;
    const autoIncrement = this.bool(this.property(node, 'autoIncrement'));
    const references = this.property(node, 'references');
    const model = this.property(references, 'model');
    const refTable = this.sequelizeName(model);
    const key = this.string(this.property(references, 'key'));
    return {
      name,
      type: autoIncrement ? (type === 'bigint' ? 'bigserial' : 'serial') : type,
      notNull: this.bool(this.property(node, 'allowNull')) === false || undefined,
      primaryKey: this.bool(this.property(node, 'primaryKey')),
      unique: this.bool(this.property(node, 'unique')),
      ...(refTable ? { references: { table: refTable, column: key } } : {}),
      ...where,
    };
  }

  /** A partial index's `where`: `{ col: null }`, `{ col: { [Op.ne]: null } }`, `{ col: 'x' }`, AND-ed. */
  private sequelizeWhere(node: TS.Node): string | undefined {
    const ts = this.tsm;
    if (!ts.isObjectLiteralExpression(node) || node.properties.length === 0) return undefined;
    const parts: string[] = [];
    for (const p of node.properties) {
      if (!ts.isPropertyAssignment(p)) return undefined;
      const column = this.propertyName(p.name);
      if (column === undefined) return undefined;
      const value = p.initializer;
      const literal = this.sqlLiteral(value);
      if (value.kind === ts.SyntaxKind.NullKeyword) parts.push(`${quoted(column)} IS NULL`);
      else if (literal !== undefined) parts.push(`${quoted(column)} = ${literal}`);
      else if (
        ts.isObjectLiteralExpression(value) &&
        value.properties.length === 1 &&
        ts.isPropertyAssignment(value.properties[0]) &&
        ts.isComputedPropertyName(value.properties[0].name) &&
        /\.ne$/.test(value.properties[0].name.expression.getText(this.source)) &&
        value.properties[0].initializer.kind === ts.SyntaxKind.NullKeyword
      )
        parts.push(`${quoted(column)} IS NOT NULL`);
      else return undefined;
    }
    return parts.join(' AND ');
  }

  private sqlLiteral(node: TS.Node): string | undefined {
    const text = this.string(node);
    if (text !== undefined) return `'${text.replace(/'/g, "''")}'`;
    const n = this.number(node);
    if (n !== undefined) return String(n);
    const b = this.bool(node);
    return b === undefined ? undefined : String(b);
  }

  private sequelizeCall(method: string, call: TS.CallExpression): Statement[] | undefined {
    const ts = this.tsm;
    const [first, second, third] = call.arguments;
    const table = this.sequelizeName(first);
    if (!table) return undefined;
    const whole = this.span(call);
    if (method === 'dropTable') return [{ sql: ddl.dropTable(table), ...whole }];
    if (method === 'renameTable') {
      const to = this.string(second);
      return to === undefined ? undefined : [{ sql: ddl.renameTable(table, to), ...whole }];
    }
    if (method === 'removeColumn') {
      const column = this.string(second);
      return column === undefined ? undefined : [{ sql: ddl.dropColumn(table, column), ...whole }];
    }
    if (method === 'renameColumn') {
      const from = this.string(second);
      const to = this.string(third);
      if (from === undefined || to === undefined) return undefined;
      return [{ sql: ddl.renameColumn(table, from, to), ...whole }];
    }
    if (method === 'removeConstraint') {
      const name = this.string(second);
      return name === undefined ? undefined : [{ sql: ddl.dropConstraint(table, name), ...whole }];
    }
    if (method === 'removeIndex') {
      // By its name, or by its fields (Sequelize's name for them: `<table>_<fields>`, lower case).
      const named = this.string(second);
      const fields = this.strings(second);
      const name = named ?? (fields ? sequelizeIndexName(this.string(first) ?? '', fields) : undefined);
      return name === undefined ? undefined : [{ sql: ddl.dropIndex(name), ...whole }];
    }
    if (method === 'createTable') {
      const attributes = this.resolved(second);
      // Attributes the engine cannot read still make a table: one whose columns are not known.
      if (!attributes || !ts.isObjectLiteralExpression(attributes))
        return [{ sql: `CREATE TABLE ${table} AS SELECT`, ...whole }];
      const defs: string[] = [];
      for (const p of attributes.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const name = this.propertyName(p.name);
        const column = name !== undefined ? this.sequelizeColumn(name, p.initializer, this.span(p)) : undefined;
        if (column) defs.push(this.columnSql(column));
      }
      if (defs.length === 0) return [{ sql: `CREATE TABLE ${table} AS SELECT`, ...whole }];
      return [{ sql: `CREATE TABLE ${table} (${defs.join(', ')})`, ...whole }];
    }
    if (method === 'addColumn') {
      const name = this.string(second);
      const column = name !== undefined && third ? this.sequelizeColumn(name, third, whole) : undefined;
      return column ? [{ sql: `ALTER TABLE ${table} ADD COLUMN ${this.columnSql(column)}`, ...whole }] : undefined;
    }
    if (method === 'addIndex') {
      // addIndex(table, ['a', 'b'], options) or addIndex(table, { fields: [...], ...options })
      const options = second && ts.isObjectLiteralExpression(second) ? second : third;
      const cols = this.strings(
        second && ts.isArrayLiteralExpression(second) ? second : this.property(options, 'fields'),
      );
      if (!cols || cols.length === 0) return undefined;
      const unique =
        this.bool(this.property(options, 'unique')) ||
        (
          this.string(this.property(options, 'type')) ?? this.string(this.property(options, 'indicesType'))
        )?.toUpperCase() === 'UNIQUE';
      const concurrent = this.bool(this.property(options, 'concurrently'));
      const name =
        this.string(this.property(options, 'name')) ??
        this.string(this.property(options, 'indexName')) ??
        sequelizeIndexName(this.string(first) ?? '', cols);
      const using = this.string(this.property(options, 'using'));
      const whereNode = this.property(options, 'where');
      const where = whereNode && this.sequelizeWhere(whereNode);
      // A partial index whose condition cannot be read is left out rather than taken for a whole one.
      if (whereNode && !where) return undefined;
      return [
        {
          sql:
            `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${concurrent ? 'CONCURRENTLY ' : ''}${name ? quoted(name) + ' ' : ''}ON ${table}` +
            `${using ? ` USING ${using}` : ''} (${cols.map(quoted).join(', ')})${where ? ` WHERE ${where}` : ''}`,
          ...whole,
        },
      ];
    }
    // addConstraint(table, { fields, type, name, references: { table, field } }), or the older
    // addConstraint(table, ['a'], { type, name, references }).
    const options = second && ts.isObjectLiteralExpression(second) ? second : third;
    const cols = this.strings(
      second && ts.isArrayLiteralExpression(second) ? second : this.property(options, 'fields'),
    );
    const kind = this.string(this.property(options, 'type'))?.toLowerCase();
    if (!cols || cols.length === 0 || !kind) return undefined;
    const name = this.string(this.property(options, 'name'));
    const named = name ? `CONSTRAINT ${quoted(name)} ` : '';
    const list = cols.map(quoted).join(', ');
    if (kind === 'unique' || kind === 'primary key')
      return [{ sql: `ALTER TABLE ${table} ADD ${named}${kind.toUpperCase()} (${list})`, ...whole }];
    if (kind !== 'foreign key') return undefined;
    const references = this.property(options, 'references');
    const refTable = this.sequelizeName(this.property(references, 'table'));
    const field = this.string(this.property(references, 'field'));
    if (!refTable) return undefined;
    return [
      {
        sql: `ALTER TABLE ${table} ADD ${named}FOREIGN KEY (${list}) REFERENCES ${refTable}${field ? ` (${quoted(field)})` : ''}`,
        ...whole,
      },
    ];
  }
}
