import { scanQuotedOrComment } from './lexer';
import { SourceMap } from './source-map';

/**
 * Stand-ins: SQL text the engine writes where the host has code it cannot read as SQL (an interpolated
 * `${schema}`, a template's `{{ ref('orders') }}`, psql's `:var`, a driver's `?`), so the statement still
 * parses and the rules still see the rest of it. Each is typed by where it sits: an identifier where the
 * grammar expects a name (`FROM ${table}`, `${schema}.jobs`), a value where it expects an expression
 * (`= ${id}`, `LIMIT ?`), nothing where a whole clause is spliced in (`… FROM t ${where}`), text inside a
 * quoted literal. When the guess does not parse, `fragment-parse.ts` tries the other kinds.
 *
 * A fragment is kept as a recipe (host text runs, escapes and stand-in slots) and assembled from it, so a
 * different choice of kinds is a new assembly, not a new extraction.
 */

export type StandInKind = 'identifier' | 'value' | 'fragment' | 'query' | 'text';
export type StandInHint = StandInKind | 'unknown';

export interface StandInSlot {
  hostStart: number;
  hostEnd: number;
  hint: StandInHint;
  /** A readable name from the host code (`schema` for `${schema}`), for identifier and text stand-ins. */
  name: string;
  /** Known SQL for an identifier (`sql.identifier(['app', 'users'])` → `"app"."users"`). */
  identifierText?: string;
  /** Known SQL for a value (psql's `:'var'` is a quoted literal, `'var'`), instead of a `$n` parameter. */
  valueText?: string;
  /** Padded with spaces to the host span's length where it fits (a SQL file keeps its offsets one to one). */
  sameLength?: boolean;
  /** A parameter the driver binds (a tagged template's `${…}`, knex's `?`): a value is its own placeholder. */
  bound?: boolean;
}

export type RecipeOp =
  | { op: 'verbatim'; hostStart: number; text: string }
  | { op: 'replaced'; hostStart: number; hostEnd: number; text: string }
  | { op: 'standIn'; slot: number }
  | { op: 'enter'; hostStart: number; hostEnd: number }
  | { op: 'leave' };

export interface FragmentRecipe {
  ops: RecipeOp[];
  slots: StandInSlot[];
  /** Number of the first `$n` a value stand-in gets. */
  firstParameter: number;
}

export interface Placeholder {
  /** The `$n` text in the SQL. */
  number: number;
  sqlStart: number;
  sqlEnd: number;
  /** The `${…}` (or non-literal operand, or `?`) in the host. */
  hostStart: number;
  hostEnd: number;
}

export interface Assembled {
  sql: string;
  map: SourceMap;
  placeholders: Placeholder[];
  /** The kind each slot was given. */
  kinds: StandInKind[];
}

/** A span of a recipe's text to carve out: into a stand-in slot, or into other text. */
export interface Carve {
  start: number;
  end: number;
  slot?: Omit<StandInSlot, 'hostStart' | 'hostEnd'>;
  text?: string;
}

/** Builds a recipe op by op: text runs merge, so the map has as few pieces as the host allows. */
export class RecipeBuilder {
  readonly ops: RecipeOp[] = [];
  readonly slots: StandInSlot[] = [];

  verbatim(hostStart: number, text: string): this {
    if (text.length === 0) return this;
    const last = this.ops[this.ops.length - 1];
    if (last?.op === 'verbatim' && last.hostStart + last.text.length === hostStart) last.text += text;
    else this.ops.push({ op: 'verbatim', hostStart, text });
    return this;
  }

  replaced(hostStart: number, hostEnd: number, text: string): this {
    this.ops.push({ op: 'replaced', hostStart, hostEnd, text });
    return this;
  }

  standIn(slot: StandInSlot): this {
    this.ops.push({ op: 'standIn', slot: this.slots.length });
    this.slots.push(slot);
    return this;
  }

  enter(hostStart: number, hostEnd: number): this {
    this.ops.push({ op: 'enter', hostStart, hostEnd });
    return this;
  }

  leave(): this {
    this.ops.push({ op: 'leave' });
    return this;
  }

  /** The SQL text of the runs so far, each stand-in a space: what the statement reads like before any guess. */
  get text(): string {
    return this.ops
      .map((o) => (o.op === 'verbatim' || o.op === 'replaced' ? o.text : o.op === 'standIn' ? ' ' : ''))
      .join('');
  }

  /**
   * Turns spans of `text` (a driver's `?`, psql's `:var`) into stand-in slots or other text. A span may
   * cover host runs and whole escapes (knex's `\\?` is an escape and a `?`), not part of an escape, a
   * stand-in, or the edge of text spliced in from elsewhere; such spans are left as they are.
   */
  carve(carves: readonly Carve[]): this {
    if (carves.length === 0) return this;
    const ops = this.ops.splice(0, this.ops.length);
    const slots = this.slots.splice(0, this.slots.length);
    const starts: number[] = [];
    let length = 0;
    for (const op of ops) {
      starts.push(length);
      length += op.op === 'verbatim' || op.op === 'replaced' ? op.text.length : op.op === 'standIn' ? 1 : 0;
    }
    const sizeOf = (i: number) => (i + 1 < ops.length ? starts[i + 1] : length) - starts[i];
    /** Host offset of a text offset inside op i (a replaced op only at its edges). */
    const hostAt = (i: number, offset: number): number | undefined => {
      const op = ops[i];
      const delta = offset - starts[i];
      if (op.op === 'verbatim') return op.hostStart + delta;
      if (op.op === 'replaced') return delta === 0 ? op.hostStart : delta === op.text.length ? op.hostEnd : undefined;
      return undefined;
    };
    // Each carve checked against the ops it covers, in order; overlapping carves after the first are dropped.
    const accepted: { carve: Carve; first: number; last: number; hostStart: number; hostEnd: number }[] = [];
    let end = 0;
    for (const carve of [...carves].sort((a, b) => a.start - b.start)) {
      if (carve.start < end || carve.end <= carve.start) continue;
      let first = -1;
      let last = -1;
      let ok = true;
      for (let i = 0; i < ops.length && ok; i++) {
        const from = starts[i];
        const to = from + sizeOf(i);
        const zero = from === to;
        if (zero ? from > carve.start && from < carve.end : from < carve.end && to > carve.start) {
          if (ops[i].op !== 'verbatim' && ops[i].op !== 'replaced') ok = false;
          if (first < 0) first = i;
          last = i;
        }
      }
      if (!ok || first < 0) continue;
      const hostStart = hostAt(first, carve.start);
      const hostEnd = hostAt(last, carve.end);
      if (hostStart === undefined || hostEnd === undefined) continue;
      accepted.push({ carve, first, last, hostStart, hostEnd });
      end = carve.end;
    }
    let next = 0;
    // A cut that began in an earlier op and covers this one.
    let open: (typeof accepted)[number] | undefined;
    ops.forEach((op, i) => {
      if (op.op === 'standIn') return void this.standIn(slots[op.slot]);
      if (op.op === 'enter' || op.op === 'leave') return void this.ops.push(op);
      const base = starts[i];
      const opEnd = base + sizeOf(i);
      let written = base;
      if (open) {
        if (open.last > i) return;
        this.cutInto(open);
        written = open.carve.end;
        open = undefined;
        next++;
      }
      while (next < accepted.length && accepted[next].first === i) {
        const cut = accepted[next];
        this.piece(op, written, cut.carve.start, base);
        if (cut.last > i) {
          open = cut;
          return;
        }
        this.cutInto(cut);
        written = cut.carve.end;
        next++;
      }
      this.piece(op, written, opEnd, base);
    });
    return this;
  }

  /** Part [from, to) of a text op that starts at text offset `base`. */
  private piece(op: RecipeOp, from: number, to: number, base: number): void {
    if (to <= from) return;
    if (op.op === 'verbatim') this.verbatim(op.hostStart + (from - base), op.text.slice(from - base, to - base));
    else if (op.op === 'replaced') this.replaced(op.hostStart, op.hostEnd, op.text);
  }

  private cutInto(cut: { carve: Carve; hostStart: number; hostEnd: number }): void {
    if (cut.carve.slot) this.standIn({ ...cut.carve.slot, hostStart: cut.hostStart, hostEnd: cut.hostEnd });
    else this.replaced(cut.hostStart, cut.hostEnd, cut.carve.text ?? '');
  }

  recipe(firstParameter: number): FragmentRecipe {
    return { ops: this.ops, slots: this.slots, firstParameter };
  }
}

/** The highest `$n` written in a text, so stand-ins numbered after it do not collide with the text's own. */
export function highestParameter(text: string): number {
  let highest = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) highest = Math.max(highest, Number(match[1]));
  return highest;
}

/** Assembles a recipe, each slot given `kinds[i]` when set, else the kind its context suggests. */
export function assemble(recipe: FragmentRecipe, kinds: readonly (StandInKind | undefined)[] = []): Assembled {
  const map = new SourceMap();
  const placeholders: Placeholder[] = [];
  const chosen: StandInKind[] = [];
  let next = recipe.firstParameter;
  // Where the assembled text was last known to be code: the quote scan resumes there, not at 0.
  let codeAt = 0;
  recipe.ops.forEach((op, index) => {
    switch (op.op) {
      case 'verbatim':
        map.verbatim(op.hostStart, op.text);
        return;
      case 'replaced':
        map.replaced(op.hostStart, op.hostEnd, op.text);
        return;
      case 'enter':
        map.enter(op.hostStart, op.hostEnd);
        return;
      case 'leave':
        map.leave();
        return;
      case 'standIn': {
        const slot = recipe.slots[op.slot];
        const quoted = openQuote(map.sql, codeAt) !== undefined;
        if (!quoted) codeAt = map.sql.length;
        const kind = quoted
          ? 'text'
          : (kinds[op.slot] ?? guessKind(map.sql.slice(-200), textAfter(recipe.ops, index), slot.hint));
        chosen[op.slot] = kind;
        const sqlStart = map.sql.length;
        const number = kind === 'value' && !slot.valueText ? next++ : 0;
        // `IN ${sql(ids)}`, `VALUES ${sql(rows)}`: a driver (postgres.js) writes the list with its brackets.
        const list = kind === 'value' && LIST_AFTER.test(map.sql.slice(-20));
        const value = standInText(kind, slot, number);
        const core = list ? `(${value})` : value;
        const width = slot.hostEnd - slot.hostStart;
        const text = slot.sameLength && core.length < width ? core.padEnd(width, ' ') : core;
        map.replaced(slot.hostStart, slot.hostEnd, text, !slot.bound);
        if (number > 0)
          placeholders.push({
            number,
            sqlStart: sqlStart + (list ? 1 : 0),
            sqlEnd: sqlStart + (list ? 1 : 0) + value.length,
            hostStart: slot.hostStart,
            hostEnd: slot.hostEnd,
          });
      }
    }
  });
  return { sql: map.sql, map, placeholders, kinds: chosen };
}

/** `IN` or `VALUES` with no bracket after it: PostgreSQL's grammar takes only a bracketed list there. */
const LIST_AFTER = /(?:^|[^\w$])(?:in|values)\s*$/i;

/** The kinds to try after `kind` did not parse, most likely first. */
export function alternativesTo(kind: StandInKind): StandInKind[] {
  switch (kind) {
    case 'identifier':
      return ['value', 'fragment', 'query'];
    case 'value':
      return ['identifier', 'fragment', 'query'];
    case 'fragment':
      return ['identifier', 'value', 'query'];
    case 'query':
      return ['value', 'identifier', 'fragment'];
    case 'text':
      return [];
  }
}

/** Words after which PostgreSQL's grammar expects a name (a table, a column, a schema, a type). */
const NAME_BEFORE =
  /(?:^|[^\w$])(?:from|join|into|update|table|only|exists|view|index|schema|sequence|references|truncate|type|function|procedure|trigger|column|constraint|by|as|select|distinct|returning|extension|analy[sz]e|vacuum|cluster|to|rename|set|lock|using|materialized|domain|owned|partition|of|inherits)\s*$/i;
/** Words and symbols after which it expects an expression. */
const VALUE_BEFORE =
  /(?:[=<>!+\-*/%^|&~,([]|::|(?:^|[^\w$])(?:where|and|or|not|limit|offset|then|else|when|in|between|like|ilike|is|values|default|having|case|any|all|some|interval|fetch|first|next|check|similar|escape|return)\s*)$/i;

/**
 * The kind of stand-in the code around a slot calls for (inside a literal it is always text). `before` is the
 * end of the SQL assembled so far, `after` the host text up to the next slot.
 */
export function guessKind(before: string, after: string, hint: StandInHint): StandInKind {
  if (hint !== 'unknown') return hint;
  const trimmed = before.replace(/\s+$/, '');
  // `schema.${table}`, `${schema}.jobs`, `${fn}(x)`: a name.
  if (trimmed.endsWith('.') && !trimmed.endsWith('..')) return 'identifier';
  if (/^\.[\w"*]/.test(after) || /^\(/.test(after)) return 'identifier';
  if (/(?:^|[^\w$])on\s*$/i.test(trimmed))
    return /\b(?:index|trigger|grant|revoke|comment|policy|rule)\b/i.test(lastStatement(trimmed))
      ? 'identifier'
      : 'value';
  if (NAME_BEFORE.test(trimmed)) return 'identifier';
  if (VALUE_BEFORE.test(trimmed)) return 'value';
  // After a complete clause (`FROM t`, `… = 1`, `)`), at the start or after a `;`: a clause spliced in.
  if (trimmed === '' || /[\w"')\];]$/.test(trimmed)) return 'fragment';
  return 'value';
}

function lastStatement(text: string): string {
  const at = text.lastIndexOf(';');
  return at < 0 ? text : text.slice(at + 1);
}

/** Host text after op `index`, up to the next slot (enough of it to see what follows). */
function textAfter(ops: readonly RecipeOp[], index: number): string {
  let out = '';
  for (let i = index + 1; i < ops.length && out.length < 40; i++) {
    const op = ops[i];
    if (op.op === 'standIn') break;
    if (op.op === 'verbatim' || op.op === 'replaced') out += op.text;
  }
  return out;
}

/** The SQL written for a slot of this kind. */
function standInText(kind: StandInKind, slot: StandInSlot, number: number): string {
  const width = slot.hostEnd - slot.hostStart;
  switch (kind) {
    case 'value':
      return slot.valueText ?? `$${number}`;
    case 'fragment':
      return ' ';
    case 'query':
      return 'SELECT 1';
    case 'text':
      return plainName(slot.name).slice(0, slot.sameLength ? Math.max(1, width) : 63);
    case 'identifier': {
      if (slot.identifierText) return slot.identifierText;
      const quoted = `"${plainName(slot.name)}"`;
      if (!slot.sameLength || quoted.length <= width) return quoted;
      // A short host span (psql's `:v`): an unquoted name that fits, else a shorter quoted one.
      const bare = plainName(slot.name).toLowerCase();
      if (bare.length <= width && /^[a-z_]/.test(bare) && !RESERVED.has(bare)) return bare;
      return width >= 3 ? `"${plainName(slot.name).slice(0, width - 2)}"` : quoted;
    }
  }
}

/** Letters, digits and underscores of a host name, at most 40 of them; `standin` when nothing is left. */
export function plainName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return cleaned.slice(0, 40) || 'standin';
}

/** PostgreSQL's reserved words, which cannot be a bare name. */
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic when ' +
    'where window with'
  ).split(' '),
);

/**
 * The quote or comment left open at the end of `text` (`'`, `"`, `$tag$`, `--`, `/*`), undefined when the
 * end is code: a slot there is inside a literal, a quoted name or a comment. `from` must be an offset in code.
 */
export function openQuote(text: string, from = 0): string | undefined {
  for (let i = from; i < text.length;) {
    const scanned = scanQuotedOrComment(text, i);
    if (!scanned) i++;
    else if (!scanned.closed)
      return text[i] === '$'
        ? /^\$[^$]*\$/.exec(text.slice(i))![0]
        : text.slice(i, i + (text[i] === '-' || text[i] === '/' ? 2 : 1));
    else i = scanned.end;
  }
  return undefined;
}
