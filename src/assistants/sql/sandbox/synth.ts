import type { SpecColumn, SpecTable } from './schema-spec';
import { quoteLiteral } from './schema-spec';

/**
 * Synthetic values as SQL expressions over `g`, the row number of `generate_series`, so a whole table is
 * one `INSERT … SELECT` inside the database (no rows cross the worker boundary).
 *
 * Distributions of the measurement dataset (`main`):
 * - Keys: a single-column key the loader makes unique takes `g` (or a text/uuid/timestamp derived from it);
 *   every PRIMARY KEY / UNIQUE set gets one such column unless its columns are all foreign keys, in which
 *   case `ON CONFLICT DO NOTHING` plus top-up passes keep it unique (and the table may end a little short).
 * - Foreign keys: drawn from the parent's existing keys, shuffled, with rank r = 1 + ⌊P·u^2.2⌋ (u uniform):
 *   Zipf-like, so the first parents have hundreds of children and about a quarter have none when a child
 *   table holds 3× its parent's rows. A foreign key that is itself unique (1:1) takes each parent once.
 * - NULLs: 15% in nullable columns; `deleted_at`-like columns 90%.
 * - CHECK (col IN (…)) / = ANY (…): only those values, skewed towards the first ones listed.
 *   CHECK bounds (>=, >, <=, <, BETWEEN) bound numbers; other CHECKs are enforced by deleting the rows
 *   that violate them after the insert (the load report counts them).
 * - Numbers by column name: prices/amounts 1–1,000 with a long tail (many cheap), quantities 1–20 skewed
 *   low, ratings 1–5 skewed high, generic integers 0–999; clamped to the numeric precision.
 * - Text by column name: unique e-mails, person names from 24×24 first/last names, status-like columns
 *   (status, state, kind, type, role, provider, …) 3–5 values with skew, currencies, countries, SKUs/slugs
 *   (unique), URLs, phone numbers, hashes, and prose for description/body/comment columns (with a hex
 *   word, so `LIKE '%…%'` has realistic selectivity); anything else `name-NNN` with 1,000 distinct values.
 * - Booleans: `active`/`enabled`/`visible`-like 90% true, `deleted`/`archived`/`banned`-like 5%, opt-ins 30%,
 *   others 50%.
 * - Time: timestamps over the last two years, denser towards now; dates likewise; times in office hours.
 * - uuid, json/jsonb, bytea, inet, tsvector, arrays: derived from `g`.
 *
 * The `edge` dataset (a dozen rows per table in `sa_edge`) is adversarial instead: every nullable column
 * NULL in every third row, every other column from two values (duplicates and ties on any sort key), all
 * children on the first two parents (the others childless), unique columns still unique.
 */

export type Dataset = 'main' | 'edge';

export interface ColumnPlan {
  column: SpecColumn;
  /** SQL over `g` (and the join aliases for foreign keys); undefined: leave the column to its default. */
  expr?: string;
}

export interface ForeignKeyPick {
  /** Index into the table's foreignKeys. */
  fk: number;
  /** Alias of the parent-keys table joined for it. */
  alias: string;
  /** Parent keys table (temp) name, with columns rn, k0, k1… */
  keysTable: string;
  /** Parent rows available. */
  parentRows: number;
  /** Subquery expression yielding the parent rank (or NULL). */
  rankExpr: string;
}

const NULL_FRACTION = 0.15;
/** Tables whose `name` column holds a person's name. */
const PERSON_TABLE =
  /user|customer|person|people|author|employee|member|contact|account|profile|staff|student|patient|owner/;
const MOSTLY_NULL =
  /^(deleted|archived|cancell?ed|removed|banned|suspended|closed|expired|revoked)_(at|on|by|date|time)$/;

const FIRST_NAMES = [
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'Lucas',
  'Mia',
  'Mateo',
  'Amelia',
  'Leo',
  'Hannah',
  'Jonas',
  'Chloe',
  'Hugo',
  'Sofia',
  'Ali',
  'Yuki',
  'Priya',
  'Lena',
  'Omar',
  'Zoe',
  'Ivan',
];
const LAST_NAMES = [
  'Smith',
  'Müller',
  'Garcia',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Jansen',
  'Silva',
  'Nguyen',
  'Kim',
  'Patel',
  'Novak',
  'Schmidt',
  'Brown',
  'Lopez',
  'Martin',
  'Wilson',
  'Costa',
  'Ivanova',
  'Sato',
  'Larsen',
  'Khan',
  'Moreau',
  'Weber',
];
const CATEGORICAL: readonly [RegExp, string[]][] = [
  [/status|state/, ['active', 'pending', 'inactive', 'archived', 'failed']],
  [/provider|gateway/, ['stripe', 'paypal', 'adyen']],
  [/currency/, ['EUR', 'USD', 'GBP']],
  [/country/, ['US', 'DE', 'FR', 'GB', 'NL', 'ES', 'IT', 'PL', 'SE', 'CA']],
  [/lang|locale/, ['en', 'de', 'fr', 'es']],
  [/role/, ['member', 'admin', 'owner']],
  [/priority|severity|level/, ['low', 'medium', 'high']],
  [
    /^(kind|type|category|channel|source|template|event|action|method|plan|tier|segment)$|_(kind|type|template|event|action|channel|source)$/,
    ['a', 'b', 'c', 'd'],
  ],
];

/** Base type without modifiers or array brackets, lower-case. */
export function baseType(type: string): string {
  return type
    .toLowerCase()
    .replace(/\[\]$/, '')
    .replace(/\(.*\)$/, '')
    .trim();
}

function typmods(type: string): number[] {
  const m = /\(([\d,\s]+)\)/.exec(type);
  return m ? m[1].split(',').map((s) => Number(s.trim())) : [];
}

type Family =
  | 'int'
  | 'decimal'
  | 'float'
  | 'text'
  | 'bool'
  | 'timestamp'
  | 'date'
  | 'time'
  | 'interval'
  | 'uuid'
  | 'json'
  | 'bytea'
  | 'inet'
  | 'tsvector'
  | 'other';

export function family(type: string): Family {
  const base = baseType(type);
  if (/^(bigint|integer|smallint|int|int2|int4|int8)$/.test(base)) return 'int';
  if (/^(numeric|decimal|money)$/.test(base)) return base === 'money' ? 'other' : 'decimal';
  if (/^(real|double precision|float4|float8|float)$/.test(base)) return 'float';
  if (/^(text|character varying|varchar|character|char|bpchar|name|citext)$/.test(base)) return 'text';
  if (base === 'boolean' || base === 'bool') return 'bool';
  if (/^timestamp/.test(base)) return 'timestamp';
  if (base === 'date') return 'date';
  if (/^time( |$)|^timetz$/.test(base)) return 'time';
  if (base === 'interval') return 'interval';
  if (base === 'uuid') return 'uuid';
  if (base === 'json' || base === 'jsonb') return 'json';
  if (base === 'bytea') return 'bytea';
  if (base === 'inet' || base === 'cidr') return 'inet';
  if (base === 'tsvector') return 'tsvector';
  return 'other';
}

/** Can a column hold one distinct value per row (so a unique set is satisfied through it)? */
export function canBeUnique(column: SpecColumn): boolean {
  if (column.allowed) return false;
  if (column.min !== undefined && column.max !== undefined) return false;
  const f = family(column.type);
  if (column.type.endsWith('[]')) return false;
  return (
    f === 'int' ||
    f === 'decimal' ||
    f === 'float' ||
    f === 'text' ||
    f === 'timestamp' ||
    f === 'uuid' ||
    f === 'bytea' ||
    f === 'inet' ||
    f === 'date'
  );
}

/** Skewed pick from a literal list: the first values most common. */
function pick(values: readonly (string | number)[], edge: boolean): string {
  const list = `ARRAY[${values.map((v) => (typeof v === 'number' ? String(v) : quoteLiteral(v))).join(', ')}]`;
  if (edge) return `(${list})[1 + (g % ${Math.min(2, values.length)})]`;
  return `(${list})[1 + floor(power(random(), 1.6) * ${values.length})::int]`;
}

function textLimit(type: string): number | undefined {
  const base = baseType(type);
  if (base === 'text' || base === 'citext' || base === 'name') return undefined;
  return typmods(type)[0];
}

function limitText(expr: string, type: string): string {
  const n = textLimit(type);
  return n ? `left(${expr}, ${n})` : expr;
}

/** Largest absolute value a numeric(p, s) column holds. */
function decimalMax(type: string): number {
  const [p, s = 0] = typmods(type);
  if (!p) return 1e9;
  return 10 ** (p - s) - 10 ** -s;
}

function intMax(type: string): number {
  const base = baseType(type);
  if (base === 'smallint' || base === 'int2') return 32_767;
  if (base === 'integer' || base === 'int' || base === 'int4') return 2_147_483_647;
  return 9_007_199_254_740_991;
}

/** Value expression for one column (foreign-key columns are handled by the caller). */
export function valueExpr(column: SpecColumn, dataset: Dataset, unique: boolean, tableName = ''): string | undefined {
  const edge = dataset === 'edge';
  const name = column.name.toLowerCase();
  const type = column.type;
  const isArray = type.endsWith('[]');
  const f = family(type);
  if (isArray) {
    // An enum array's elements are its labels; any other element type is generated as a column of it would be.
    const element = valueExpr(
      { ...column, type: type.slice(0, -2), allowed: column.elementAllowed, elementAllowed: undefined },
      dataset,
      false,
      tableName,
    );
    return element ? `ARRAY[${element}, ${element.replace(/\bg\b/g, '(g + 7)')}]::${type}` : undefined;
  }
  if (column.allowed?.length) {
    const expr = pick(column.allowed, edge);
    return f === 'text' ? expr : `(${expr})::${type}`;
  }
  switch (f) {
    case 'int':
    case 'decimal':
    case 'float':
      return numberExpr(column, name, f, edge, unique);
    case 'text':
      return limitText(textExpr(name, edge, unique, textLimit(type), PERSON_TABLE.test(tableName.toLowerCase())), type);
    case 'bool':
      if (edge) return '(g % 2 = 0)';
      if (/(^|_)(active|enabled|visible|published|verified|confirmed|available|valid|approved|in_stock)$/.test(name))
        return 'random() < 0.9';
      if (/(^|_)(deleted|archived|banned|blocked|disabled|suspended|spam|test|hidden|locked|flagged)$/.test(name))
        return 'random() < 0.05';
      if (/opt_?in|subscribed|newsletter|marketing/.test(name)) return 'random() < 0.3';
      return 'random() < 0.5';
    case 'timestamp':
      if (unique) return `(timestamp '2024-01-01' + g * interval '1 second')::${type}`;
      if (edge) return `(timestamp '2025-01-01' + (g % 2) * interval '1 day')::${type}`;
      return `(now() - power(random(), 1.3) * interval '730 days')::${type}`;
    case 'date':
      if (unique) return `(date '2000-01-01' + g)`;
      if (edge) return `(date '2025-01-01' + (g % 2))`;
      return `(current_date - floor(power(random(), 1.3) * 730)::int)`;
    case 'time':
      return edge
        ? `(time '08:00' + (g % 2) * interval '1 hour')::${type}`
        : `(time '08:00' + random() * interval '12 hours')::${type}`;
    case 'interval':
      return edge ? `(g % 2) * interval '1 hour'` : `random() * interval '3 days'`;
    case 'uuid':
      return unique || !edge ? `md5(g::text || ${quoteLiteral(name)})::uuid` : `md5((g % 2)::text)::uuid`;
    case 'json': {
      const body = edge
        ? `jsonb_build_object('k', g % 2)`
        : /address/.test(name)
          ? `jsonb_build_object('street', (g % 500) || ' Main St', 'city', ${pick(['Berlin', 'Paris', 'Madrid', 'Austin', 'Osaka'], false)}, 'zip', lpad((g % 99999)::text, 5, '0'))`
          : `jsonb_build_object('id', g, 'kind', ${pick(['a', 'b', 'c'], false)}, 'n', floor(random() * 100)::int)`;
      return baseType(type) === 'json' ? `${body}::json` : body;
    }
    case 'bytea':
      return unique || !edge ? `decode(md5(g::text), 'hex')` : `decode(md5((g % 2)::text), 'hex')`;
    case 'inet':
      return unique || !edge
        ? `('10.' || (g / 65536 % 256) || '.' || (g / 256 % 256) || '.' || (g % 256))::${baseType(type)}`
        : `('10.0.0.' || (g % 2))::${baseType(type)}`;
    case 'tsvector':
      return edge
        ? `to_tsvector('simple', 'word' || (g % 2))`
        : `to_tsvector('simple', 'word' || (g % 100) || ' ' || md5(g::text))`;
    default:
      return undefined;
  }
}

function numberExpr(
  column: SpecColumn,
  name: string,
  f: 'int' | 'decimal' | 'float',
  edge: boolean,
  unique: boolean,
): string {
  const typeMax = f === 'int' ? intMax(column.type) : f === 'decimal' ? decimalMax(column.type) : 1e15;
  const max = Math.min(column.max ?? Infinity, typeMax);
  const min = Math.max(column.min ?? -Infinity, -typeMax);
  const cast = f === 'int' ? `::${column.type}` : f === 'decimal' ? '::numeric' : '';
  if (unique) return f === 'int' ? `g${cast}` : `(g + 0.5)${cast}`;
  let low: number;
  let high: number;
  let shape: number;
  if (/price|amount|total|cost|balance|fee|subtotal|revenue|salary|value$/.test(name))
    [low, high, shape] = [1, 1000, 3];
  else if (/quantity|qty|count|stock|units|items|reserved/.test(name)) [low, high, shape] = [1, 20, 2.5];
  else if (/attempt|retr|tries|errors|failures/.test(name)) [low, high, shape] = [0, 5, 3];
  else if (/rating|stars|score/.test(name)) [low, high, shape] = [1, 5, 0.5];
  else if (/^age$|_age$/.test(name)) [low, high, shape] = [18, 90, 1];
  else if (/year/.test(name)) [low, high, shape] = [2000, 2026, 0.7];
  else if (/percent|pct|ratio/.test(name)) [low, high, shape] = [0, 100, 1];
  else if (/lat/.test(name)) [low, high, shape] = [-60, 70, 1];
  else if (/lon|lng/.test(name)) [low, high, shape] = [-180, 180, 1];
  else if (/position|sort|rank|order|seq/.test(name)) [low, high, shape] = [0, 99, 1];
  else [low, high, shape] = [0, 999, 1];
  if (column.min !== undefined && column.max !== undefined) [low, high] = [column.min, column.max];
  else if (column.min !== undefined && low < column.min) [low, high] = [column.min, Math.max(high, column.min + 20)];
  else if (column.max !== undefined && high > column.max) [low, high] = [Math.min(low, column.max - 20), column.max];
  low = Math.max(low, min);
  high = Math.min(high, max);
  if (high < low) high = low;
  if (edge)
    return f === 'int'
      ? `(${low} + (g % ${Math.min(2, high - low + 1)}))${cast}`
      : `(${low} + (g % 2) * ${Math.min(1, high - low)})${cast}`;
  const u = shape === 1 ? 'random()' : `power(random(), ${shape})`;
  if (f === 'int') return `(${low} + floor(${u} * ${high - low + 1}))${cast}`;
  // Decimal places: numeric(p, s) → s, otherwise cents.
  const scale = f === 'decimal' ? (typmods(column.type)[1] ?? 2) : 2;
  return `least(${high}, round((${low} + ${u} * ${high - low})::numeric, ${scale}))${cast}`;
}

function textExpr(
  name: string,
  edge: boolean,
  unique: boolean,
  limit: number | undefined,
  personTable: boolean,
): string {
  if (unique && limit !== undefined && limit < 12) return 'g::text';
  const suffix = unique ? ` || '-' || g` : '';
  if (edge && !unique) {
    if (/email/.test(name)) return `(ARRAY['a@example.com', 'b@example.com'])[1 + g % 2]`;
    return `(ARRAY['alpha', 'beta'])[1 + g % 2]`;
  }
  if (/e_?mail/.test(name))
    return `'user' || g || '@' || (ARRAY['example.com', 'mail.test', 'corp.example'])[1 + g % 3]`;
  if (/first_?name|given/.test(name)) return `${pick(FIRST_NAMES, false)}${suffix}`;
  if (/last_?name|surname|family/.test(name)) return `${pick(LAST_NAMES, false)}${suffix}`;
  if (/user_?name|login|handle|nick/.test(name)) return `lower(${pick(FIRST_NAMES, false)}) || g`;
  if (
    /(^|_)(full_?name|display_?name|customer_?name|billing_?name|author|contact)$/.test(name) ||
    (name === 'name' && personTable)
  ) {
    return `${pick(FIRST_NAMES, false)} || ' ' || ${pick(LAST_NAMES, false)}${suffix}`;
  }
  if (/product_?name|item_?name|title|subject|headline|label|^name$|_name$/.test(name)) {
    return `${pick(['Classic', 'Smart', 'Eco', 'Pro', 'Mini', 'Ultra', 'Vintage', 'Compact'], false)} || ' ' || ${pick(['Lamp', 'Chair', 'Mug', 'Backpack', 'Speaker', 'Watch', 'Jacket', 'Kettle', 'Desk', 'Bottle'], false)} || ' ' || ${unique ? 'g' : '(g % 1000)'}`;
  }
  for (const [re, values] of CATEGORICAL) if (re.test(name)) return `${pick(values, false)}${suffix}`;
  if (/slug|sku|code|ref|reference|number|key|external_id|handle/.test(name))
    return `${quoteLiteral(name.replace(/_/g, '-'))} || '-' || g`;
  if (/hash|token|secret|password|salt|signature|session|nonce/.test(name))
    return `md5(g::text || ${quoteLiteral(name)})`;
  if (/url|uri|link|image|avatar|photo|website|href/.test(name))
    return `'https://cdn.example.com/' || ${quoteLiteral(name)} || '/' || g || '.jpg'`;
  if (/phone|mobile|fax/.test(name)) return `'+1555' || lpad((g % 10000000)::text, 7, '0')`;
  if (/city/.test(name))
    return `${pick(['Berlin', 'Paris', 'Madrid', 'Austin', 'Osaka', 'Lagos', 'Lima'], false)}${suffix}`;
  if (/description|body|content|comment|note|text|message|bio|summary|details|reason|payload/.test(name)) {
    return `substr(md5(g::text), 1, 6) || ' ' || left(repeat('lorem ipsum dolor sit amet consectetur ', 1 + floor(random() * 6)::int), 12 + floor(random() * 200)::int)${suffix}`;
  }
  return unique ? `${quoteLiteral(name)} || '-' || g` : `${quoteLiteral(name)} || '-' || floor(random() * 1000)::int`;
}

/** Wraps a value in the NULL policy for nullable columns. */
export function withNulls(expr: string, column: SpecColumn, dataset: Dataset): string {
  if (column.notNull) return expr;
  if (dataset === 'edge') return `CASE WHEN g % 3 = 0 THEN NULL ELSE ${expr} END`;
  const fraction = MOSTLY_NULL.test(column.name.toLowerCase()) ? 0.9 : NULL_FRACTION;
  return `CASE WHEN random() < ${fraction} THEN NULL ELSE ${expr} END`;
}

/**
 * For each PRIMARY KEY / UNIQUE set, the column the generator makes distinct per row. A set made only of
 * foreign-key columns gets none (ON CONFLICT DO NOTHING keeps it unique); a set that already contains a
 * chosen column needs no second one.
 */
export function uniqueColumns(table: SpecTable): Set<string> {
  const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  const chosen = new Set<string>();
  const sets = [...(table.primaryKey ? [table.primaryKey] : []), ...table.uniques];
  for (const set of sets) {
    if (set.some((c) => chosen.has(c))) continue;
    const candidate = set.find((c) => !fkColumns.has(c) && canBeUnique(table.columns.find((col) => col.name === c)!));
    if (candidate) chosen.add(candidate);
  }
  return chosen;
}

/** Is this foreign key's column set unique on its own (a 1:1 relation)? */
export function isOneToOne(table: SpecTable, columns: readonly string[]): boolean {
  const sets = [...(table.primaryKey ? [table.primaryKey] : []), ...table.uniques];
  return sets.some((set) => set.length > 0 && set.every((c) => columns.includes(c)));
}

/** Rank expression over the parent's shuffled keys (1-based), or NULL for a nullable FK's share of NULLs. */
export function rankExpr(
  parentRows: number,
  oneToOne: boolean,
  nullable: boolean,
  dataset: Dataset,
  ordinal = 0,
): string {
  let rank: string;
  if (oneToOne) rank = 'g';
  // Edge: the first two parents only; a second foreign key varies at half the rate, so a composite key of two still has four combinations.
  else if (dataset === 'edge')
    rank = `1 + ((g / ${2 ** Math.min(ordinal, 8)}) % ${Math.min(2, Math.max(1, parentRows))})`;
  else rank = `1 + floor(${parentRows} * power(random(), 2.2))::int`;
  if (!nullable) return rank;
  return dataset === 'edge'
    ? `CASE WHEN g % 3 = 0 THEN NULL ELSE ${rank} END`
    : `CASE WHEN random() < ${NULL_FRACTION} THEN NULL ELSE ${rank} END`;
}
