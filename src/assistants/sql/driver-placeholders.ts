import { forEachCodeOffset, isIdentifierChar } from './lexer';
import type { Carve } from './stand-ins';

/**
 * Placeholders drivers write inside the SQL text of a script, outside SQL literals and comments, as carves
 * into stand-ins: knex's and MikroORM's `?` (a value) and `??` (a name), knex's and Sequelize's `:name` (a
 * value) and `:name:` (a name), pg-promise's `${name}`, `$(name)`, `$<name>`, `$[name]`, `$/name/` (typed by
 * their filters: `~` or `:name` a name, `^` or `:raw` text spliced in), Sequelize's `bind` and other runners'
 * `$name` (a value), and the `{{name}}` or `{{name::type}}` of query wrappers that fill in values by name (a value).
 *
 * `positional`: every `?` of the call is a binding (knex's `raw`), and `\?` is a literal question mark.
 * Otherwise a `?` is a binding only where a value goes (`= ?`, `(?, ?)`, `LIMIT ?`): after a name or a
 * closing bracket it is PostgreSQL's jsonb operator, which stays.
 */
export function driverPlaceholderCarves(text: string, positional: boolean): Carve[] {
  if (!/[?:]|\$[{(<[/A-Za-z_]|\{\{/.test(text)) return [];
  const carves: Carve[] = [];
  let skipUntil = 0;
  forEachCodeOffset(text, (i) => {
    if (i < skipUntil) return false;
    const ch = text[i];
    const carve =
      ch === '?'
        ? question(text, i, positional)
        : ch === ':'
          ? named(text, i)
          : ch === '{'
            ? mustache(text, i)
            : (pgPromise(text, i) ?? namedDollar(text, i));
    if (carve) {
      carves.push(carve);
      skipUntil = carve.end;
    }
    return false;
  });
  return carves;
}

/** After these a `?` is a value: an operator, an opening bracket, a comma, a keyword that takes an expression. */
const VALUE_GOES =
  /(?:[=<>!+\-*/%|,([]|::|\b(?:where|and|or|not|limit|offset|then|else|when|in|between|like|ilike|is|values|set|select|by|returning|interval)\s*)$/i;

function question(text: string, i: number, positional: boolean): Carve | undefined {
  const next = text[i + 1];
  if (positional) {
    if (text[i - 1] === '\\') return { start: i - 1, end: i + 1, text: '?' };
    if (next === '?') return { start: i, end: i + 2, slot: { hint: 'identifier', name: 'binding', bound: true } };
    return { start: i, end: i + 1, slot: { hint: 'value', name: 'binding', bound: true } };
  }
  if (next === '?' || next === '|' || next === '&' || text[i - 1] === '?') return undefined;
  const before = text.slice(Math.max(0, i - 40), i).replace(/\s+$/, '');
  if (before !== '' && !VALUE_GOES.test(before)) return undefined;
  return { start: i, end: i + 1, slot: { hint: 'value', name: 'binding', bound: true } };
}

const NAMED = /:([A-Za-z_]\w*)(:?)/y;

/** `:name` (a value) and `:name:` (a name), not `::type`, `:=` or an array slice `a[1:n]`. */
function named(text: string, i: number): Carve | undefined {
  const previous = text[i - 1];
  if (previous === ':' || (previous !== undefined && /[\w\])$]/.test(previous))) return undefined;
  NAMED.lastIndex = i;
  const m = NAMED.exec(text);
  if (!m) return undefined;
  const identifier = m[2] === ':' && text[i + m[0].length] !== ':';
  const end = i + m[1].length + 1 + (identifier ? 1 : 0);
  return { start: i, end, slot: { hint: identifier ? 'identifier' : 'value', name: m[1], bound: true } };
}

/**
 * pg-promise's named parameters alone, as its query files (`new QueryFile('add.sql')`) hold them: a `$`
 * followed by a bracket is nothing in PostgreSQL's own syntax. Same length where the stand-in fits.
 */
export function pgPromiseCarves(text: string): Carve[] {
  if (!/\$[{(<[/]/.test(text)) return [];
  const carves: Carve[] = [];
  forEachCodeOffset(text, (i) => {
    const carve = text[i] === '$' ? pgPromise(text, i) : undefined;
    if (carve?.slot) carves.push({ ...carve, slot: { ...carve.slot, sameLength: true } });
    return false;
  });
  return carves;
}

const CLOSING: Record<string, string> = { '{': '}', '(': ')', '<': '>', '[': ']', '/': '/' };
const PG_PROMISE = /\$([{(<[/])\s*([\w.$]+)\s*(\^|~|:raw|:name|:alias|:value|:csv|:list|:json)?\s*([})>\]/])/y;

function pgPromise(text: string, i: number): Carve | undefined {
  if (text[i] !== '$') return undefined;
  PG_PROMISE.lastIndex = i;
  const m = PG_PROMISE.exec(text);
  if (!m || CLOSING[m[1]] !== m[4]) return undefined;
  const filter = m[3];
  const hint =
    filter === '~' || filter === ':name' || filter === ':alias'
      ? 'identifier'
      : filter === '^' || filter === ':raw' || filter === ':value'
        ? 'unknown'
        : 'value';
  const name = m[2].split('.').pop() ?? m[2];
  return { start: i, end: i + m[0].length, slot: { hint, name, bound: hint === 'value' } };
}

const NAMED_DOLLAR = /\$([A-Za-z_]\w*)/y;

/**
 * `$name`, a value bound by name (Sequelize's `bind`, scripts run with named parameters). Not `$1`, not a
 * dollar quote's `$tag$` (the scan skips a closed one; an unclosed opener is followed by `$` all the same),
 * not the `$` inside a name (`a$b`).
 */
function namedDollar(text: string, i: number): Carve | undefined {
  if (text[i] !== '$' || isIdentifierChar(text[i - 1])) return undefined;
  NAMED_DOLLAR.lastIndex = i;
  const m = NAMED_DOLLAR.exec(text);
  if (!m || text[i + m[0].length] === '$') return undefined;
  return { start: i, end: i + m[0].length, slot: { hint: 'value', name: m[1], bound: true } };
}

/** Named `$name` parameters alone, as a SQL script run with them holds them. Same length where the stand-in fits. */
export function namedDollarCarves(text: string): Carve[] {
  if (!/\$[A-Za-z_]/.test(text)) return [];
  const carves: Carve[] = [];
  forEachCodeOffset(text, (i) => {
    const carve = namedDollar(text, i);
    if (carve?.slot) carves.push({ ...carve, slot: { ...carve.slot, sameLength: true } });
    return false;
  });
  return carves;
}

const MUSTACHE = /\{\{\s*([A-Za-z_$][\w$]*)\s*(?:::\s*[\w ]+?\s*)?\}\}/y;

/** `{{websiteId}}`, `{{startDate::timestamptz}}`: a value bound by name, its cast left to the wrapper. */
function mustache(text: string, i: number): Carve | undefined {
  MUSTACHE.lastIndex = i;
  const m = MUSTACHE.exec(text);
  if (!m) return undefined;
  return { start: i, end: i + m[0].length, slot: { hint: 'value', name: m[1], bound: true } };
}
