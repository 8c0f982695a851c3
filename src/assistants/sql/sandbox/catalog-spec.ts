import type { NodeRef } from '../ast';
import { asRef, columnParts, conjuncts, constValue, operatorName, spanOf, unwrap } from '../ast';
import type { Token } from '../parser';
import { parseSql } from '../parser';
import type { Catalog, IndexInfo, Origin, TableInfo } from '../schema';
import type { SandboxSchema, SpecColumn, SpecEnum, SpecTable } from './schema-spec';
import { qualified, quoteIdent } from './schema-spec';

/**
 * Catalog → SandboxSchema. Runs where the catalog and the parser are (the SQL engine's thread); the
 * worker only sees plain data. CHECK expressions and expression/partial indexes are taken from the schema
 * files' own text (the catalog keeps them only as normalised keys), located through the statement each
 * came from.
 */
export function buildSandboxSchema(catalog: Catalog, tableKeys?: readonly string[]): SandboxSchema {
  const skipped: SandboxSchema['skipped'] = [];
  const wanted = closure(catalog, tableKeys, skipped);
  const specs = new Map<string, SpecTable>();
  for (const table of wanted) {
    if (table.kind !== 'table') {
      skipped.push({
        object: table.key,
        reason: `${table.kind}: not created in the sandbox (its definition is not modelled)`,
      });
      continue;
    }
    if (!table.columnsKnown || table.columns.size === 0) {
      skipped.push({
        object: table.key,
        reason: 'columns not fully known (CREATE TABLE AS, LIKE or PARTITION OF): not created',
      });
      continue;
    }
    specs.set(table.key, toSpec(catalog, table, skipped));
  }
  for (const spec of specs.values()) {
    spec.foreignKeys = spec.foreignKeys.filter((fk) => {
      if (specs.has(fk.refTable)) return true;
      skipped.push({
        object: `${spec.key} ${fk.name}`,
        reason: `references ${fk.refTable}, which the schema does not define: values left unconstrained`,
      });
      return false;
    });
  }
  return {
    tables: loadOrder([...specs.values()]),
    enums: enumsOf(catalog, [...specs.values()]),
    functions: functionsOf(catalog, skipped),
    skipped,
  };
}

/** The schema's functions as written (a CREATE FUNCTION statement's own text), or why one is left out. */
function functionsOf(catalog: Catalog, skipped: SandboxSchema['skipped']): { name: string; sql: string }[] {
  const out: { name: string; sql: string }[] = [];
  for (const fn of catalog.functions) {
    const sql = statementText(catalog, fn.origin);
    if (sql && /^\s*create\b/i.test(sql)) out.push({ name: fn.name, sql });
    else
      skipped.push({
        object: `function ${fn.name}`,
        reason: 'its statement text could not be recovered from the schema files',
      });
  }
  return out;
}

/**
 * The enum types the tables' columns use, and each such column's values narrowed to the labels: the synthetic rows
 * then hold `'available'` and `'running'` where a query asks for them, not made-up text.
 */
function enumsOf(catalog: Catalog, tables: readonly SpecTable[]): SpecEnum[] {
  const out = new Map<string, SpecEnum>();
  for (const table of tables) {
    for (const column of table.columns) {
      const type = catalog.enumOf(column.type);
      if (!type?.labels.length) continue;
      const dot = type.key.indexOf('.');
      const labels = [...type.labels];
      out.set(type.key, { schema: type.key.slice(0, dot), name: type.key.slice(dot + 1), labels });
      if (column.type.endsWith('[]')) column.elementAllowed = [...labels];
      else if (!column.allowed) column.allowed = [...labels];
    }
  }
  return [...out.values()];
}

/** The tables asked for plus every table they reference, transitively (FK values need their parents). */
function closure(
  catalog: Catalog,
  tableKeys: readonly string[] | undefined,
  skipped: SandboxSchema['skipped'],
): TableInfo[] {
  if (!tableKeys) return [...catalog.tables.values()];
  const out = new Map<string, TableInfo>();
  const queue = [...tableKeys];
  while (queue.length) {
    const key = queue.shift()!;
    if (out.has(key)) continue;
    const table = catalog.tables.get(key) ?? catalog.resolve(key);
    if (!table) {
      skipped.push({ object: key, reason: 'not in the workspace schema' });
      continue;
    }
    out.set(table.key, table);
    for (const fk of table.foreignKeys) queue.push(fk.refTable);
  }
  return [...out.values()];
}

/**
 * Parents before children; a cycle is broken at an arbitrary edge, whose FK the loader fills afterwards. A
 * depth-first walk on an explicit stack: a chain of thousands of foreign keys must not exhaust the call stack.
 */
export function loadOrder(tables: SpecTable[]): SpecTable[] {
  const byKey = new Map(tables.map((t) => [t.key, t]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: SpecTable[] = [];
  for (const root of [...tables].sort((a, b) => a.key.localeCompare(b.key))) {
    if (state.get(root.key)) continue;
    state.set(root.key, 'visiting');
    const stack: { table: SpecTable; next: number }[] = [{ table: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const fk = top.table.foreignKeys[top.next++];
      if (fk) {
        const parent = byKey.get(fk.refTable);
        if (parent && parent !== top.table && !state.get(parent.key)) {
          state.set(parent.key, 'visiting');
          stack.push({ table: parent, next: 0 });
        }
        continue;
      }
      stack.pop();
      state.set(top.table.key, 'done');
      out.push(top.table);
    }
  }
  return out;
}

function toSpec(catalog: Catalog, table: TableInfo, skipped: SandboxSchema['skipped']): SpecTable {
  const checks = checkTexts(catalog, table);
  const columns: SpecColumn[] = [...table.columns.values()].map((c) => ({
    name: c.name,
    type: c.type || 'text',
    notNull: c.notNull,
    identity:
      c.hasDefault &&
      /^(bigint|integer|smallint)$/.test(c.type) &&
      (table.primaryKey ?? []).length === 1 &&
      table.primaryKey![0] === c.name,
  }));
  for (const column of columns) {
    const info = table.columns.get(column.name);
    if (column.identity || !info?.defaultOrigin) continue;
    const sql = defaultText(catalog, info.defaultOrigin, column.name);
    if (sql) column.default = sql;
  }
  for (const check of checks) for (const column of columns) applyCheckDomain(column, check.node);
  const indexes: SpecTable['indexes'] = [];
  for (const index of table.indexes) {
    if (index.implicit) continue;
    const sql = indexSql(catalog, table, index);
    if (sql) indexes.push({ name: index.name, sql });
    else
      skipped.push({
        object: `index ${index.name}`,
        reason: 'its statement text could not be recovered from the schema files',
      });
  }
  return {
    key: table.key,
    schema: table.schema,
    name: table.name,
    columns,
    primaryKey: table.primaryKey?.length ? [...table.primaryKey] : undefined,
    uniques: table.uniques.filter((u) => u.length > 0 && u.every((c) => table.columns.has(c))).map((u) => [...u]),
    foreignKeys: table.foreignKeys
      .filter((fk) => fk.columns.length > 0 && fk.columns.length === fk.refColumns.length)
      .map((fk) => ({
        name: fk.name,
        columns: [...fk.columns],
        refTable: fk.refTable,
        refColumns: [...fk.refColumns],
      })),
    checks: checks.map(({ name, sql }) => ({ name, sql })),
    indexes,
  };
}

/** Text of the statement an object came from, when its file's text is known. */
function statementText(catalog: Catalog, origin: Origin): string | undefined {
  const text = catalog.lines.get(origin.file)?.text;
  return text === undefined ? undefined : text.slice(origin.start, origin.end);
}

/** Words that end a column's DEFAULT expression at bracket depth 0 (the next column constraint or ALTER action). */
const AFTER_DEFAULT = new Set([
  'NOT',
  'NULL',
  'CONSTRAINT',
  'PRIMARY',
  'UNIQUE',
  'CHECK',
  'REFERENCES',
  'GENERATED',
  'COLLATE',
  'DEFAULT',
  'ALTER',
  'ADD',
  'DROP',
]);

/**
 * The DEFAULT expression of `column` in the statement that set it, as written: from the expression's first token
 * to the next column constraint, `,` or the closing bracket. Undefined when the statement no longer names the
 * column (renamed since) or its text is unknown.
 */
function defaultText(catalog: Catalog, origin: Origin, column: string): string | undefined {
  const text = statementText(catalog, origin);
  if (text === undefined) return undefined;
  const statement = parseSql(text).statements[0];
  if (!statement) return undefined;
  let expr: NodeRef | undefined;
  const visit = (value: unknown): void => {
    if (expr || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    const ref = unwrap(value);
    if (ref?.type === 'ColumnDef' && ref.node.colname === column) {
      for (const c of ref.node.constraints ?? []) {
        const constraint = unwrap(c)?.node;
        if (constraint?.contype === 'CONSTR_DEFAULT') expr = asRef(constraint.raw_expr);
      }
      return;
    }
    if (ref?.type === 'AlterTableCmd' && ref.node.subtype === 'AT_ColumnDefault' && ref.node.name === column) {
      expr = asRef(ref.node.def);
      return;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(statement.node);
  const span = expr && spanOf(expr, statement.tokens);
  if (!span) return undefined;
  const tokens = statement.tokens;
  let first = tokens.findIndex((t) => t.start >= span.start);
  if (first < 0) return undefined;
  // `DEFAULT (1.5 * 2)` or `DEFAULT ('{}')::jsonb`: the brackets before the first located token belong to it.
  while (first > 0 && tokens[first - 1].text === '(') first--;
  let depth = 0;
  let last = first;
  for (let i = first; i < tokens.length; i++) {
    const t = tokens[i];
    if (i > first && depth === 0 && (t.text === ',' || t.text === ';' || (t.keyword && AFTER_DEFAULT.has(t.keyword))))
      break;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') {
      if (--depth < 0) break;
    }
    last = i;
  }
  const sql = text.slice(tokens[first].start, tokens[last].end).trim();
  return sql || undefined;
}

interface CheckText {
  name: string;
  sql: string;
  node: NodeRef;
}

/**
 * CHECK constraints as written. Each catalog check is matched to the CHECK nodes of its origin statement
 * in order (unnamed checks of one table share a generated name, so order is the only reliable key).
 */
function checkTexts(catalog: Catalog, table: TableInfo): CheckText[] {
  const out: CheckText[] = [];
  const byStatement = new Map<string, { names: string[]; origin: Origin }>();
  for (const check of table.checks) {
    if (check.notNullOf) continue; // carried as NOT NULL already
    const key = `${check.origin.file}#${check.origin.start}`;
    const entry = byStatement.get(key) ?? { names: [], origin: check.origin };
    entry.names.push(check.name);
    byStatement.set(key, entry);
  }
  for (const { names: checkNames, origin } of byStatement.values()) {
    const text = statementText(catalog, origin);
    if (text === undefined) continue;
    const parsed = parseSql(text);
    const statement = parsed.statements[0];
    if (!statement) continue;
    const found: { conname?: string; expr: NodeRef; location: number }[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (value === null || typeof value !== 'object') return;
      const ref = unwrap(value);
      if (ref?.type === 'Constraint' && ref.node.contype === 'CONSTR_CHECK') {
        const expr = asRef(ref.node.raw_expr);
        if (expr) found.push({ conname: ref.node.conname, expr, location: Number(ref.node.location ?? 0) });
        return;
      }
      for (const child of Object.values(value)) visit(child);
    };
    visit(statement.node);
    const remaining = [...found];
    for (const name of checkNames) {
      const at = remaining.findIndex((f) => f.conname === name);
      const match = at >= 0 ? remaining.splice(at, 1)[0] : remaining.shift();
      if (!match) break;
      const sql = parenthesisedAfter(statement.tokens, text, match.location, 'CHECK');
      if (sql) out.push({ name, sql, node: match.expr });
    }
  }
  return out;
}

/** The text inside the parentheses that follow `keyword` at or after `from`: `CHECK ( … )` → `…`. */
function parenthesisedAfter(tokens: readonly Token[], text: string, from: number, keyword: string): string | undefined {
  const at = tokens.findIndex((t) => t.start >= from && t.keyword === keyword);
  if (at < 0 || tokens[at + 1]?.text !== '(') return undefined;
  let depth = 0;
  for (let i = at + 1; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return text.slice(tokens[at + 1].end, tokens[i].start).trim();
  }
  return undefined;
}

/** Narrows a column's values to what a CHECK allows, where the shape is a simple one. */
function applyCheckDomain(column: SpecColumn, expr: NodeRef): void {
  for (const part of conjuncts(expr)) {
    if (part.type !== 'A_Expr') continue;
    const e = part.node;
    const left = asRef(e.lexpr);
    if (left?.type !== 'ColumnRef' || columnParts(left.node).pop() !== column.name) continue;
    const right = asRef(e.rexpr);
    if (e.kind === 'AEXPR_IN' || (e.kind === 'AEXPR_OP_ANY' && operatorName(e) === '=')) {
      const list =
        right?.type === 'List' ? right.node.items : right?.type === 'A_ArrayExpr' ? right.node.elements : undefined;
      const values = (list ?? []).map((item: unknown) => constValue(stripCast(asRef(item))));
      if (values.length && values.every((v: unknown) => typeof v === 'string' || typeof v === 'number'))
        column.allowed = values as (string | number)[];
    } else if (e.kind === 'AEXPR_BETWEEN') {
      const [low, high] = (right?.type === 'List' ? right.node.items : []).map((item: unknown) =>
        constValue(stripCast(asRef(item))),
      );
      if (typeof low === 'number') column.min = Math.max(column.min ?? -Infinity, low);
      if (typeof high === 'number') column.max = Math.min(column.max ?? Infinity, high);
    } else if (e.kind === 'AEXPR_OP') {
      const value = constValue(stripCast(right));
      if (typeof value !== 'number') continue;
      const op = operatorName(e);
      // Strict bounds on integers move by one; on decimals by a cent, which every numeric scale here can hold.
      const step = /int|serial/.test(column.type) ? 1 : 0.01;
      if (op === '>=') column.min = Math.max(column.min ?? -Infinity, value);
      else if (op === '>') column.min = Math.max(column.min ?? -Infinity, value + step);
      else if (op === '<=') column.max = Math.min(column.max ?? Infinity, value);
      else if (op === '<') column.max = Math.min(column.max ?? Infinity, value - step);
    }
  }
}

function stripCast(ref: NodeRef | undefined): NodeRef | undefined {
  return ref?.type === 'TypeCast' ? asRef(ref.node.arg) : ref;
}

/**
 * CREATE INDEX for a workspace index. Plain-column indexes are rebuilt from the catalog (so renames
 * applied later hold); expression and partial ones replay their statement, CONCURRENTLY removed.
 */
function indexSql(catalog: Catalog, table: TableInfo, index: IndexInfo): string | undefined {
  const target = qualified(table.schema, table.name);
  if (index.partial || index.keys.some((k) => k.expression !== undefined)) {
    const text = statementText(catalog, index.origin);
    if (!text || !/^\s*create\b/i.test(text)) return undefined;
    const statement = parseSql(text).statements[0];
    const node = unwrap(statement?.node)?.node;
    if (!statement || !node?.relation) return undefined;
    // Re-point the statement at the (possibly renamed) table and index, keeping keys and predicate as written.
    const rel = spanOf({ type: 'RangeVar', node: node.relation }, statement.tokens);
    const keysStart = statement.tokens.find(
      (t) => t.start >= (rel?.end ?? 0) && (t.text === '(' || t.keyword === 'USING'),
    );
    if (!rel || !keysStart) return undefined;
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON ${target} ${text.slice(keysStart.start)}`;
  }
  const keys = index.keys.map(
    (k) => `${quoteIdent(k.column!)}${k.opclass ? ` ${k.opclass}` : ''}${k.descending ? ' DESC' : ''}`,
  );
  const include = index.include.length ? ` INCLUDE (${index.include.map(quoteIdent).join(', ')})` : '';
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON ${target} USING ${index.method} (${keys.join(', ')})${include}`;
}
