import type { CheckSeeds } from '../plan-engine/types';
import type { Pglite } from './pglite-loader';
import type { SpecColumn, SpecTable } from './schema-spec';
import { qualified, quoteIdent, quoteLiteral } from './schema-spec';
import { family, isOneToOne, uniqueColumns, valueExpr, withNulls } from './synth';

/**
 * The per-check dataset (`sa_check`): a couple of hundred rows per table the compared queries read,
 * seeded around the constants they compare columns with. Each seeded column takes values just below, at
 * and just above every constant of either query (integers ±1, numerics ±0.01 and ±1, timestamps ±1 s and
 * ±1 day, dates ±1 day, text equal / cut short / extended), so a threshold or pattern the rewrite changed
 * selects different rows. Rows come in identical pairs (duplicates, ties on every sort key), nullable
 * columns are NULL in some rows, children point at the parents that match the constants first, and the
 * last two parents of every table have no children. Deterministic (hashes of the row number, no random()).
 */

export const CHECK_SCHEMA = 'sa_check';
const KEYS_SCHEMA = 'sa_check_keys';
/** Rows per table: enough for every seeded value in several combinations, small enough to build in tens of ms. */
export const CHECK_ROWS = 200;
/** Parents a third of the children are spread over: a few, so each has several children. */
const MAX_PREFERRED = 12;

type Db = Pick<Pglite, 'query' | 'exec'>;

export interface CheckBuild {
  rows: Record<string, number>;
  ms: number;
  /** What could not be built as planned, and why (the comparison still runs on the rest). */
  skipped: string[];
}

/** Drops and rebuilds `sa_check` for these seeds. */
export async function buildCheckDataset(db: Db, all: readonly SpecTable[], seeds: CheckSeeds): Promise<CheckBuild> {
  const started = performance.now();
  await db.exec(
    `DROP SCHEMA IF EXISTS ${CHECK_SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${KEYS_SCHEMA} CASCADE; CREATE SCHEMA ${CHECK_SCHEMA}; CREATE SCHEMA ${KEYS_SCHEMA}`,
  );
  const tables = selectTables(all, seeds.tables);
  const values = await seededValues(db, tables, seeds);
  const rows: Record<string, number> = {};
  const skipped: string[] = [];
  const deferred: { table: SpecTable; fk: number }[] = [];
  const built = new Set<string>();
  let keysCounter = 0;
  const keysOf = async (table: SpecTable, fkIndex: number, self: boolean) => {
    const fk = table.foreignKeys[fkIndex];
    const parent = all.find((t) => t.key === fk.refTable)!;
    const name = `${KEYS_SCHEMA}.k${++keysCounter}`;
    const cols = fk.refColumns.map((c, i) => `${quoteIdent(c)} AS k${i}`).join(', ');
    const notNull = fk.refColumns.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
    // Parents that satisfy the queries' own predicates on them (all of them, else any one) are preferred,
    // so joins through filtered parents have rows; failing that, parents whose key is compared with a constant.
    const own = (seeds.filters ?? []).filter((f) => !f.table || sameTable(parent, f.table)).map((f) => `(${f.sql})`);
    const source = qualified(CHECK_SCHEMA, parent.name);
    let preferred = 'false';
    for (const candidate of own.length ? [own.join(' AND '), own.join(' OR ')] : []) {
      try {
        const matching = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${source} WHERE ${candidate}`);
        if ((matching.rows[0]?.n ?? 0) > 0) {
          preferred = candidate;
          break;
        }
      } catch {
        // A predicate over a column another table of that name has (an unqualified reference): try the next.
      }
    }
    const wanted = [
      ...(values.get(table.key)?.get(fk.columns[0]) ?? []),
      ...(values.get(parent.key)?.get(fk.refColumns[0]) ?? []),
    ].filter((v) => v !== null) as string[];
    const keyedExpr = `${quoteIdent(fk.refColumns[0])}::text = ANY(ARRAY[${wanted.map(quoteLiteral).join(', ')}]::text[])`;
    // A self-reference numbers rows in insertion order so each row can point at an earlier one (a forest, no
    // cycles); other parents come preferred first (a 1:1 child takes them in this order), then shuffled.
    const order = self
      ? 'ctid'
      : `coalesce(${preferred}, false) DESC, ${keyedExpr} DESC, hashtext(${fk.refColumns.map(quoteIdent).join(" || '|' || ")}::text)`;
    await db.exec(
      `CREATE TABLE ${name} AS SELECT (row_number() OVER (ORDER BY ${order}))::int AS rn, ${cols}, coalesce(${preferred}, false) AS preferred, ${keyedExpr} AS keyed FROM ${source} WHERE ${notNull}`,
    );
    const counted = await db.query<{ n: number; seeded: number[] | null; keyed: number[] | null }>(
      `SELECT count(*)::int AS n, array_agg(rn ORDER BY rn) FILTER (WHERE preferred) AS seeded, array_agg(rn ORDER BY rn) FILTER (WHERE keyed) AS keyed FROM ${name}`,
    );
    const row = counted.rows[0];
    const keyed = row?.keyed ?? [];
    // Preferred parents that also match a compared key first (`c.parent_id = 5` joined to a filtered parent).
    const both = (row?.seeded ?? []).filter((rn) => keyed.includes(rn));
    const seeded = both.length ? both : row?.seeded?.length ? row.seeded : keyed;
    // A self-reference may only point back (rn < g): the earliest preferred rows serve the most children.
    return { name, rows: row?.n ?? 0, seeded: self ? seeded.slice(0, MAX_PREFERRED) : spread(seeded, MAX_PREFERRED) };
  };

  /** A reference to a table built after this one (a cycle), or to itself: an UPDATE once the parent has rows. */
  const fillLater = async (table: SpecTable, fkIndex: number) => {
    const fk = table.foreignKeys[fkIndex];
    if (!built.has(fk.refTable)) return;
    const self = fk.refTable === table.key;
    const keys = await keysOf(table, fkIndex, self);
    if (keys.rows === 0) return;
    const nullable = fk.columns.every((c) => !table.columns.find((col) => col.name === c)?.notNull);
    const target = qualified(CHECK_SCHEMA, table.name);
    const set = fk.columns.map((c, i) => `${quoteIdent(c)} = k.k${i}`).join(', ');
    try {
      await db.exec(
        `UPDATE ${target} AS t SET ${set} FROM (SELECT tid, g, (g - 1) % ${CHECK_ROWS / 2} + 1 AS h FROM (SELECT ctid AS tid, row_number() OVER (ORDER BY ctid) AS g FROM ${target}) AS n) AS s ` +
          `JOIN ${keys.name} AS k ON k.rn = ${rankExpr(keys.rows, keys.seeded, nullable, self, fk.name)} WHERE t.ctid = s.tid`,
      );
    } catch (error) {
      // References left NULL / placeholder: the comparison still runs, on less connected data.
      skipped.push(`${table.key} ${fk.name}: references not filled (${message(error)})`);
    }
  };

  for (const table of tables) {
    const target = qualified(CHECK_SCHEMA, table.name);
    await db.exec(
      `CREATE TABLE ${target} (LIKE ${qualified(table.schema, table.name)} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)`,
    );
    const unique = uniqueColumns(table);
    /** Rows that carry seeded key values: inserted first, so another unique set (owner_id, kind) never drops them. */
    let seededKeys = 0;
    const seeded = values.get(table.key) ?? new Map<string, (string | null)[]>();
    const fkOf = new Map<string, { fk: number; position: number }>();
    table.foreignKeys.forEach((fk, i) => fk.columns.forEach((c, position) => fkOf.set(c, { fk: i, position })));
    const joins: string[] = [];
    /** A NOT NULL reference that found no parent drops its row rather than the whole INSERT. */
    const required: string[] = [];
    const fkAlias = new Map<number, string>();
    for (let i = 0; i < table.foreignKeys.length; i++) {
      const fk = table.foreignKeys[i];
      if (fk.refTable === table.key || !built.has(fk.refTable)) {
        deferred.push({ table, fk: i });
        continue;
      }
      const keys = await keysOf(table, i, false);
      if (keys.rows === 0) continue;
      const nullable = fk.columns.every((c) => !table.columns.find((col) => col.name === c)?.notNull);
      fkAlias.set(i, `k${i}`);
      // 1:1 (the key is unique on its own): each parent once, in the keys' order (preferred first), the last two without.
      const rank = isOneToOne(table, fk.columns)
        ? `CASE WHEN g <= ${Math.max(1, keys.rows - 2)} THEN g END`
        : rankExpr(keys.rows, keys.seeded, nullable, false, fk.name);
      joins.push(`LEFT JOIN ${keys.name} AS k${i} ON k${i}.rn = ${rank}`);
      if (!nullable) required.push(`k${i}.rn IS NOT NULL`);
    }
    const columns: string[] = [];
    const exprs: string[] = [];
    for (const column of table.columns) {
      const fkRef = fkOf.get(column.name);
      let expr: string | undefined;
      if (fkRef) {
        const alias = fkAlias.get(fkRef.fk);
        // Deferred (self or later parent): NULL, or a placeholder the UPDATE pass overwrites.
        expr = alias
          ? `${alias}.k${fkRef.position}`
          : column.notNull
            ? valueExpr({ ...column, allowed: undefined, min: undefined, max: undefined }, 'main', true)
            : 'NULL';
      } else if (unique.has(column.name)) {
        const base = valueExpr(column, 'main', true, table.name);
        const own = (seeded.get(column.name) ?? []).filter((v): v is string => v !== null);
        expr =
          own.length && base
            ? `CASE WHEN g <= ${own.length} THEN ${typedArray(own, column)}[g] ELSE ${base} END`
            : base;
        if (own.length && base) seededKeys = Math.max(seededKeys, own.length);
      } else if (seeded.has(column.name)) {
        const list = seeded.get(column.name)!.filter((v) => v !== null || !column.notNull);
        expr = list.length
          ? `${typedArray(list, column)}[1 + abs(hashtext(h::text || ${quoteLiteral(column.name)})::bigint) % ${list.length}]`
          : undefined;
      } else {
        const edge = valueExpr(column, 'edge', false, table.name);
        expr = edge === undefined ? undefined : withNulls(edge, column, 'edge').replace(/\bg\b/g, 'h');
      }
      if (expr === undefined) continue;
      columns.push(quoteIdent(column.name));
      exprs.push(`${expr} AS ${quoteIdent(column.name)}`);
    }
    built.add(table.key);
    if (columns.length === 0) continue;
    const overriding = table.columns.some((c) => c.identity && columns.includes(quoteIdent(c.name)))
      ? ' OVERRIDING SYSTEM VALUE'
      : '';
    const half = CHECK_ROWS / 2;
    rows[table.key] = 0;
    try {
      for (const [from, to] of seededKeys
        ? [
            [1, seededKeys],
            [seededKeys + 1, CHECK_ROWS],
          ]
        : [[1, CHECK_ROWS]]) {
        const result = await db.query(
          `INSERT INTO ${target} (${columns.join(', ')})${overriding}\n` +
            `SELECT ${exprs.join(',\n       ')}\n` +
            `FROM (SELECT g, (g - 1) % ${half} + 1 AS h FROM generate_series(${from}, ${to}) AS g) AS s\n${joins.join('\n')}\n` +
            (required.length ? `WHERE ${required.join(' AND ')}\n` : '') +
            'ON CONFLICT DO NOTHING',
        );
        rows[table.key] += result.affectedRows ?? 0;
      }
    } catch (error) {
      // A value the column does not take (a domain, a cast the seeds cannot satisfy): the table stays empty.
      rows[table.key] = 0;
      skipped.push(`${table.key}: rows not generated (${message(error)})`);
    }
    for (const check of table.checks) {
      try {
        const removed = await db.query(`DELETE FROM ${target} WHERE NOT (${check.sql})`);
        rows[table.key] -= removed.affectedRows ?? 0;
      } catch {
        // Not evaluable here: the rows stay.
      }
    }
    // Self-references now, before children read this table's filtered rows (`c.parent_id = 5` through products).
    for (const { table: owner, fk } of deferred)
      if (owner === table && table.foreignKeys[fk].refTable === table.key) await fillLater(table, fk);
  }
  for (const { table, fk } of deferred) if (table.foreignKeys[fk].refTable !== table.key) await fillLater(table, fk);
  await db.exec(`DROP SCHEMA IF EXISTS ${KEYS_SCHEMA} CASCADE`);
  return { rows, ms: performance.now() - started, skipped };
}

function sameTable(table: SpecTable, name: string): boolean {
  const lower = name.toLowerCase();
  return table.key.toLowerCase() === lower || table.name.toLowerCase() === lower;
}

/** Up to `max` items spread evenly over the list. */
function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]);
}

/** The tables the queries name (by key or bare name) and every ancestor through foreign keys; all when none match. */
function selectTables(all: readonly SpecTable[], names: readonly string[]): SpecTable[] {
  const wanted = new Set<string>();
  const byKey = new Map(all.map((t) => [t.key, t]));
  // A worklist, not recursion: a chain of thousands of foreign keys must not exhaust the call stack.
  const add = (start: SpecTable) => {
    const pending = [start];
    for (let table = pending.pop(); table; table = pending.pop()) {
      if (wanted.has(table.key)) continue;
      wanted.add(table.key);
      for (const fk of table.foreignKeys) {
        const parent = byKey.get(fk.refTable);
        if (parent && !wanted.has(parent.key)) pending.push(parent);
      }
    }
  };
  for (const name of names) {
    const lower = name.toLowerCase();
    for (const table of all) if (table.key.toLowerCase() === lower || table.name.toLowerCase() === lower) add(table);
  }
  const seenNames = new Set<string>();
  // Load order (parents first) as the schema gives it; one table per name, like the edge copy.
  return all.filter((t) => (wanted.size === 0 || wanted.has(t.key)) && !seenNames.has(t.name) && seenNames.add(t.name));
}

/** Per table key and column: the values to seed, as text in the column's type (null: a NULL). */
async function seededValues(
  db: Db,
  tables: readonly SpecTable[],
  seeds: CheckSeeds,
): Promise<Map<string, Map<string, (string | null)[]>>> {
  const out = new Map<string, Map<string, (string | null)[]>>();
  for (const seed of seeds.columns) {
    const targets = tables.filter((t) => {
      if (!t.columns.some((c) => c.name === seed.column && !c.type.endsWith('[]'))) return false;
      return !seed.table || sameTable(t, seed.table);
    });
    for (const table of targets) {
      const column = table.columns.find((c) => c.name === seed.column)!;
      const perTable = out.get(table.key) ?? new Map<string, (string | null)[]>();
      out.set(table.key, perTable);
      const list = perTable.get(column.name) ?? [];
      perTable.set(column.name, list);
      if (!column.notNull && !list.includes(null)) list.push(null);
      for (const value of seed.values) {
        for (const text of await variants(db, value, column, !!seed.exact))
          if (!list.includes(text) && allowedBy(column, text)) list.push(text);
      }
    }
  }
  // A reference compared with a constant (`shop_id = 42`) needs a parent with that key, or no child can hold it.
  // Children first, so a constant travels up references that are keys themselves (inventory.product_id → products.id).
  for (const table of [...tables].reverse()) {
    for (const fk of table.foreignKeys) {
      const own = fk.columns.length === 1 ? out.get(table.key)?.get(fk.columns[0]) : undefined;
      const parent = tables.find((t) => t.key === fk.refTable);
      if (!own?.length || !parent) continue;
      const perParent = out.get(parent.key) ?? new Map<string, (string | null)[]>();
      out.set(parent.key, perParent);
      const list = perParent.get(fk.refColumns[0]) ?? [];
      perParent.set(fk.refColumns[0], list);
      for (const text of own) if (text !== null && !list.includes(text)) list.push(text);
    }
  }
  return out;
}

/** The constant and its neighbours in the column's type, as text; a constant the type does not take gives none. */
async function variants(db: Db, literal: string, column: SpecColumn, exact: boolean): Promise<string[]> {
  const type = column.type;
  const c = `(${literal})::${type}`;
  let exprs: string[];
  switch (exact ? 'exact' : family(type)) {
    case 'int':
      exprs = [`${c} - 1`, c, `${c} + 1`];
      break;
    case 'decimal':
    case 'float':
      exprs = [`${c} - 1`, `${c} - 0.01`, c, `${c} + 0.01`, `${c} + 1`];
      break;
    case 'timestamp':
      exprs = [
        `${c} - interval '1 day'`,
        `${c} - interval '1 second'`,
        c,
        `${c} + interval '1 second'`,
        `${c} + interval '1 day'`,
      ];
      break;
    case 'date':
      exprs = [`${c} - 1`, c, `${c} + 1`];
      break;
    case 'time':
      exprs = [`${c} - interval '1 second'`, c, `${c} + interval '1 second'`];
      break;
    case 'text':
      exprs = [c, `left(${c}, -1)`, `${c} || 'x'`, `'~' || ${c}`];
      break;
    case 'bool':
      exprs = ['true', 'false'];
      break;
    default:
      exprs = [c];
  }
  try {
    const result = await db.query<{ v: (string | null)[] }>(
      `SELECT ARRAY[${exprs.map((e) => `(${e})::${type}::text`).join(', ')}] AS v`,
    );
    return (result.rows[0]?.v ?? []).filter((v): v is string => v !== null);
  } catch {
    // One neighbour out of range (integer overflow): the constant alone, if the type takes it.
    try {
      const result = await db.query<{ v: string | null }>(`SELECT (${c})::text AS v`);
      return result.rows[0]?.v == null ? [] : [result.rows[0].v];
    } catch {
      return [];
    }
  }
}

/** Does the column's CHECK (as the spec knows it: a value list, numeric bounds) take this value? Rows breaking it would only be deleted. */
function allowedBy(column: SpecColumn, text: string): boolean {
  if (column.allowed?.length && !column.allowed.some((v) => String(v) === text)) return false;
  const n = Number(text);
  if (Number.isNaN(n) || !['int', 'decimal', 'float'].includes(family(column.type))) return true;
  return (column.min === undefined || n >= column.min) && (column.max === undefined || n <= column.max);
}

function typedArray(values: readonly (string | null)[], column: SpecColumn): string {
  const type = column.type;
  return `(ARRAY[${values.map((v) => (v === null ? `NULL::${type}` : `${quoteLiteral(v)}::${type}`)).join(', ')}])`;
}

/**
 * The parent rank (1-based into the keys list) a child row takes, over `g` (row number) and `h` (its pair):
 * every third pair goes to a parent matching a constant; the others spread over all parents but the last
 * two (parents without children); a nullable reference is NULL in some pairs. A self-reference points at
 * an earlier row only (roots first), so recursive queries terminate.
 */
function rankExpr(parents: number, seeded: readonly number[], nullable: boolean, self: boolean, salt: string): string {
  const hash = `abs(hashtext(h::text || ${quoteLiteral(salt)})::bigint)`;
  let rank = self
    ? `CASE WHEN g = 1 THEN NULL ELSE 1 + ${hash} % least(g - 1, ${parents}) END`
    : parents > 2
      ? `1 + ${hash} % ${parents - 2}`
      : `1 + h % ${parents}`;
  if (seeded.length) {
    const pick = `(ARRAY[${seeded.join(', ')}])[1 + (h / 3) % ${seeded.length}]`;
    rank = self
      ? `CASE WHEN h % 3 = 0 AND ${pick} < g THEN ${pick} ELSE ${rank} END`
      : `CASE WHEN h % 3 = 0 THEN ${pick} ELSE ${rank} END`;
  }
  if (nullable) rank = `CASE WHEN h % ${self ? 5 : 7} = ${self ? 1 : 3} THEN NULL ELSE ${rank} END`;
  return rank;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
