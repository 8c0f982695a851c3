import { namedDollarCarves, pgPromiseCarves } from './driver-placeholders';
import { forEachCodeOffset, isIdentifierChar, skipQuotedOrComment } from './lexer';
import type { Carve, StandInSlot } from './stand-ins';
import { RecipeBuilder } from './stand-ins';

/**
 * A SQL file as the recipe of one fragment, with what its own toolchain puts in it read as such rather
 * than as SQL: psql meta-commands (`\i other.sql`, `\set`) and pg_dump's `COPY … FROM stdin;` data become
 * blanks; Jinja (dbt) and Go templates' `{{ … }}`, psql's `:var`, `:'var'`, `:"var"` and pg-promise's
 * `${name}` (its query files) and the `$name` of scripts run with named parameters become stand-ins.
 * Everything keeps its length where the stand-in fits, so offsets stay one to one.
 */

export interface SqlFileRecipe {
  builder: RecipeBuilder;
  /** The file holds template tags (Jinja, Go) outside SQL comments and strings. */
  templated: boolean;
}

export function sqlFileRecipe(text: string): SqlFileRecipe {
  const builder = new RecipeBuilder().verbatim(0, text);
  // First, on the host text itself: a stand-in's blank must not pass for the end of a query.
  if (NAMED_QUERY.test(text)) builder.carve(namedQueryEnds(text));
  builder.carve(toolLines(text));
  const templated = templateSyntaxAt(text) !== undefined;
  if (templated) builder.carve(templateCarves(builder.text));
  // Each scan only where its syntax may be: most files have neither, and `::type` casts are no variable.
  if (PSQL_VARIABLE.test(text)) builder.carve(psqlVariableCarves(builder.text));
  if (PG_PROMISE.test(text)) builder.carve(pgPromiseCarves(builder.text));
  if (NAMED_DOLLAR.test(text)) builder.carve(namedDollarCarves(builder.text));
  if (FILLED_IN.test(text)) builder.carve(filledInCarves(builder.text));
  return { builder, templated };
}

const PSQL_VARIABLE = /(?:^|[^:\w\])$]|::):['"A-Za-z_]/m;
const PG_PROMISE = /\$[{(<[/]/;
/** `$name` not inside a name: most `$`s in SQL files are `$1` or dollar quotes' `$$`, which need no scan. */
const NAMED_DOLLAR = /(?:^|[^\w$])\$[A-Za-z_]/m;
/**
 * Text an application fills in before it sends a query file's statement: `%order%`, `%query%` (replaced by
 * name) and printf's `%s`, `%[1]s` (a Go `fmt.Sprintf`). Not after a name, a number or a bracket, where `%`
 * is PostgreSQL's modulo (`id % 4`, `a%b`).
 */
const FILLED_IN_AT = /%(?:([A-Za-z_]\w*)%|(?:\[\d+\])?[sdvq](?![\w%]))/y;
const FILLED_IN = /(?:^|[^\w)\]])%(?:[A-Za-z_]\w*%|(?:\[\d+\])?[sdvq](?![\w%]))/m;

/** `-- name: get-user` heads a query in the query files of yesql, goyesql, sqlc, HugSQL, PugSQL and aiosql. */
const NAMED_QUERY = /^--\s*name:\s*\S/m;
const NAMED_QUERY_LINE = /^--\s*name:\s*\S/gm;

/**
 * In a file of named queries the loader splits at each `-- name:` line, so a query needs no `;` of its own:
 * one is written at the end of each query that lacks it, and the next is a statement of its own.
 */
function namedQueryEnds(text: string): Carve[] {
  const heads = [...text.matchAll(NAMED_QUERY_LINE)].map((m) => m.index);
  const carves: Carve[] = [];
  /** The last character of code (a literal's closing quote included) before the next head. */
  let lastCode = -1;
  let next = 0;
  const close = () => {
    // Written into the blank after the query, so a stand-in that ends it (`AND %filter%`) stays whole.
    const after = lastCode + 1;
    if (lastCode >= 0 && text[lastCode] !== ';')
      carves.push(
        /\s/.test(text[after] ?? '')
          ? { start: after, end: after + 1, text: `;${text[after]}` }
          : { start: lastCode, end: after, text: `${text[lastCode]};` },
      );
    lastCode = -1;
  };
  for (let i = 0; i < text.length;) {
    while (next < heads.length && heads[next] <= i) {
      close();
      next++;
    }
    const skipped = skipQuotedOrComment(text, i);
    const comment = text.startsWith('--', i) || text.startsWith('/*', i);
    if (skipped !== undefined) {
      if (!comment) lastCode = skipped - 1;
      i = skipped;
    } else {
      if (!/\s/.test(text[i])) lastCode = i;
      i++;
    }
  }
  close();
  return carves;
}

export function filledInCarves(text: string): Carve[] {
  const carves: Carve[] = [];
  forEachCodeOffset(text, (i) => {
    if (text[i] !== '%' || /[\w)\]]/.test(text[i - 1] ?? '')) return false;
    FILLED_IN_AT.lastIndex = i;
    const m = FILLED_IN_AT.exec(text);
    if (m)
      carves.push({
        start: i,
        end: i + m[0].length,
        slot: { hint: 'unknown', name: m[1] ?? 'format', sameLength: true },
      });
    return false;
  });
  return carves;
}

/** Same length, line breaks kept: what a blanked-out run of host text reads as. */
export function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

/**
 * psql meta-command lines, and the data lines after a `COPY … FROM stdin;` up to its `\.`: neither is SQL,
 * and COPY data holds quotes and semicolons that would derail the statement split.
 */
function toolLines(text: string): Carve[] {
  if (!/^[ \t]*\\|\bstdin\b/im.test(text)) return [];
  const carves: Carve[] = [];
  const lineRe = /[^\n]*(?:\n|$)/g;
  let copying = false;
  let match: RegExpExecArray | null;
  while ((match = lineRe.exec(text)) && match[0] !== '') {
    const body = match[0].replace(/\r?\n$/, '');
    const start = match.index;
    if (copying) {
      carves.push({ start, end: start + body.length, text: blank(body) });
      if (body === '\\.') copying = false;
    } else if (/^[ \t]*\\/.test(body)) {
      carves.push({ start, end: start + body.length, text: blank(body) });
    } else if (/^\s*COPY\b[^;]*\bFROM\s+stdin\b[^;]*;\s*$/i.test(body)) {
      copying = true;
    }
  }
  return carves;
}

/** `{{ ref('x') }}`, `{{ this }}`, `{{.Schema}}`, `{% if … %}`, `{#`; not an array literal such as `'{{1,2},{3,4}}'`. */
const TEMPLATE_START = /\{\{-?\s*(?:[A-Za-z_][\w.]*\s*(?:\(|-?\}\})|\.[A-Za-z_]|\/\*)|\{%-?\s*[a-z_]+|\{#/y;

/**
 * The first Jinja or Go template delimiter outside SQL comments and literals: inside them `{#` or `{{` is
 * data (an issue reference in a comment, a JSON or array literal), and a file is a template only where the
 * syntax is code.
 */
export function templateSyntaxAt(text: string): { start: number; end: number } | undefined {
  if (!/\{[{%#]/.test(text)) return undefined;
  let found: { start: number; end: number } | undefined;
  forEachCodeOffset(text, (i) => {
    if (text[i] !== '{') return false;
    TEMPLATE_START.lastIndex = i;
    if (!TEMPLATE_START.test(text)) return false;
    found = { start: i, end: i + 2 };
    return true;
  });
  return found;
}

/** Any template tag, wherever it is: once a file is a template, a tag inside a SQL string is rendered too. */
const TAG = /\{\{-?\s*(?=[A-Za-z_.$/"'(])[\s\S]*?-?\}\}|\{%-?[\s\S]*?-?%\}|\{#[\s\S]*?#\}/g;

/** Jinja blocks whose content is not output where they stand (a macro's body, documentation). */
const HIDDEN_BLOCKS = new Set(['macro', 'docs', 'test', 'materialization', 'snapshot']);
const JINJA_BLOCKS = new Set([
  'if',
  'for',
  'call',
  'filter',
  'raw',
  'block',
  'with',
  'autoescape',
  'trans',
  'set',
  ...HIDDEN_BLOCKS,
]);
const GO_BLOCKS = new Set(['if', 'range', 'with', 'define', 'block']);

interface Frame {
  /** Where this block's text stopped being output: an `else` branch, or a block whose content is not output. */
  hiddenFrom?: number;
}

/**
 * Template tags as carves: an expression becomes a stand-in (typed by where it stands); control tags and
 * comments become blanks, and so does every branch after the first of an `if` (one rendering, not all at
 * once) and the body of a macro or `define`.
 */
function templateCarves(text: string): Carve[] {
  const carves: Carve[] = [];
  const stack: Frame[] = [];
  const hide = (start: number, end: number) => carves.push({ start, end, text: blank(text.slice(start, end)) });
  const hidden = () => stack.some((f) => f.hiddenFrom !== undefined);
  for (const match of text.matchAll(TAG)) {
    const start = match.index;
    const end = start + match[0].length;
    const tag = match[0];
    const control = controlWord(tag);
    const inHidden = hidden();
    if (control?.opens) {
      stack.push(control.hidden && !inHidden ? { hiddenFrom: start } : {});
      if (!inHidden && !control.hidden) hide(start, end);
    } else if (control?.switches) {
      const top = stack[stack.length - 1];
      if (!top) hide(start, end);
      else if (top.hiddenFrom === undefined && !inHidden) top.hiddenFrom = start;
    } else if (control?.closes) {
      const top = stack.pop();
      // A hidden run ends with the block that started it, its closing tag included.
      if (top?.hiddenFrom !== undefined) hide(top.hiddenFrom, end);
      else if (!inHidden) hide(start, end);
    } else if (!inHidden) {
      if (control || tag.startsWith('{#') || /^\{\{-?\s*\/\*/.test(tag)) hide(start, end);
      else carves.push({ start, end, slot: expressionSlot(tag) });
    }
  }
  const from = stack.find((f) => f.hiddenFrom !== undefined)?.hiddenFrom;
  if (from !== undefined) hide(from, text.length);
  return carves;
}

interface Control {
  opens?: boolean;
  /** An `else`/`elif`: the rest of the block is another branch. */
  switches?: boolean;
  closes?: boolean;
  /** Opens a block whose content is not output where it stands. */
  hidden?: boolean;
}

/** What a tag does to the structure, or undefined for an expression to output. */
function controlWord(tag: string): Control | undefined {
  if (tag.startsWith('{%')) {
    const word = /^\{%-?\s*([a-z_]+)/.exec(tag)?.[1] ?? '';
    if (word === 'else' || word === 'elif') return { switches: true };
    if (word.startsWith('end')) return { closes: true };
    // `{% set x = 1 %}` is a statement; `{% set x %}…{% endset %}` a block whose content is captured.
    if (word === 'set') return /=/.test(tag) ? {} : { opens: true, hidden: true };
    if (JINJA_BLOCKS.has(word)) return { opens: true, hidden: HIDDEN_BLOCKS.has(word) };
    return {};
  }
  if (!tag.startsWith('{{')) return undefined;
  const word = /^\{\{-?\s*([a-z]+)\b/.exec(tag)?.[1];
  if (word === undefined) return undefined;
  if (word === 'else') return { switches: true };
  if (word === 'end') return { closes: true };
  if (GO_BLOCKS.has(word)) return { opens: true, hidden: word === 'define' };
  if (word === 'template') return {};
  return undefined;
}

/** A name for an expression's stand-in: the model of `ref('orders')`, the field of `.Schema`, the variable. */
function expressionSlot(tag: string): Omit<StandInSlot, 'hostStart' | 'hostEnd'> {
  const inner = tag.replace(/^\{\{-?\s*|\s*-?\}\}$/g, '');
  const call = /^(?:ref|source)\s*\(([^)]*)\)/.exec(inner);
  const quoted = call ? [...call[1].matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]) : [];
  const name = quoted[quoted.length - 1] ?? /[A-Za-z_][\w]*/.exec(inner)?.[0] ?? 'template';
  return { hint: 'unknown', name, sameLength: true };
}

/**
 * psql's variables in code: `:'v'` a quoted literal, `:"v"` a quoted name, `:v` as the place calls for
 * (not `::type`, `:=`, or an array slice `a[1:n]`). Also inside dollar-quoted bodies: psql leaves those
 * alone, but the migration runners that fill in such names (a job queue's `:SCHEMA.jobs`) replace text
 * everywhere, and in a function body `:v` is no PL/pgSQL of its own.
 */
function psqlVariableCarves(text: string): Carve[] {
  if (!/:['"A-Za-z_]/.test(text)) return [];
  const carves: Carve[] = [];
  const variable = /:(?:'([A-Za-z_]\w*)'|"([A-Za-z_]\w*)"|([A-Za-z_]\w*))/y;
  let skipUntil = 0;
  forEachCodeOrBodyOffset(text, (i) => {
    if (i < skipUntil || text[i] !== ':') return false;
    const previous = text[i - 1];
    // `:::v` is a cast to a type named by a variable (`::` then `:v`).
    const cast = previous === ':' && text[i - 2] === ':' && text[i - 3] !== ':';
    if ((previous === ':' && !cast) || (previous !== undefined && /[\w\])$]/.test(previous))) return false;
    variable.lastIndex = i;
    const m = variable.exec(text);
    if (!m) return false;
    const end = i + m[0].length;
    skipUntil = end;
    if (m[1] !== undefined)
      carves.push({ start: i, end, slot: { hint: 'value', name: m[1], valueText: `'${m[1]}'`, sameLength: true } });
    else if (m[2] !== undefined)
      carves.push({
        start: i,
        end,
        slot: { hint: 'identifier', name: m[2], identifierText: `"${m[2]}"`, sameLength: true },
      });
    else carves.push({ start: i, end, slot: { hint: 'unknown', name: m[3], sameLength: true } });
    return false;
  });
  return carves;
}

/** `forEachCodeOffset`, but the text inside dollar quotes (function bodies) is visited as code too. */
function forEachCodeOrBodyOffset(text: string, visit: (offset: number) => boolean | void): void {
  for (let i = 0; i < text.length;) {
    const tag =
      text[i] === '$' && !isIdentifierChar(text[i - 1]) ? /^\$(?:[A-Za-z_][\w]*)?\$/.exec(text.slice(i, i + 64)) : null;
    if (tag) {
      i += tag[0].length;
      continue;
    }
    const skipped = skipQuotedOrComment(text, i);
    if (skipped !== undefined) i = skipped;
    else if (visit(i) === true) return;
    else i++;
  }
}
