import type { SqlFragment } from './fragment';
import { fragmentOf } from './fragment';
import type { ParsedFragment } from './fragment-parse';
import { parseFragment } from './fragment-parse';
import type { ParseOptions, SqlStatement, Token } from './parser';
import { parsePlPgSql, parseSql } from './parser';
import type { Carve } from './stand-ins';
import { RecipeBuilder, highestParameter } from './stand-ins';

/**
 * The SQL statements inside PL/pgSQL bodies (`CREATE FUNCTION … LANGUAGE plpgsql AS $$ … $$`, `DO $$ … $$`),
 * read with PostgreSQL's own PL/pgSQL parser, each a fragment of its own mapped to where it is written:
 * `SELECT … INTO v` without its INTO (a PL/pgSQL target, not SQL), `PERFORM f()` as the `SELECT f()` it
 * runs, and the body's variables as the parameters PL/pgSQL binds them as. The rules check them like any
 * other statement; the schema side can apply their DDL (`CREATE INDEX` inside a `DO` block).
 */

export interface RoutineBody {
  /** The `CREATE FUNCTION` or `DO` statement of the enclosing fragment. */
  statement: SqlStatement;
  statements: ParsedFragment[];
  /** Why the body was not read (PostgreSQL's PL/pgSQL parser refused it). */
  error?: string;
}

/** Every PL/pgSQL body of a parsed fragment, with its SQL statements parsed. */
export function routineBodies(found: ParsedFragment, options: ParseOptions = {}): RoutineBody[] {
  const bodies: RoutineBody[] = [];
  for (const statement of found.parsed.statements) {
    const source = plpgsqlSource(statement);
    if (source === undefined) continue;
    options.check?.();
    const token = bodyToken(statement.tokens, source);
    if (!token) continue;
    let parsed: unknown;
    try {
      parsed = parseBody(found.fragment.sql.slice(statement.start, statement.end));
    } catch (error) {
      bodies.push({ statement, statements: [], error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const fn = (parsed as { plpgsql_funcs?: { PLpgSQL_function?: unknown }[] }).plpgsql_funcs?.[0]?.PLpgSQL_function;
    if (!fn) continue;
    const statements = embeddedQueries(fn)
      .map((query) => statementFragment(found.fragment, token, query, variablesOf(fn)))
      .filter((f): f is SqlFragment => f !== undefined)
      .map((f) => parseFragment(f, options));
    bodies.push({ statement, statements });
  }
  return bodies;
}

/**
 * PostgreSQL's PL/pgSQL parser without a catalog takes every type it does not know (an enum or a domain of
 * the application, `basejump.account_role`) for a row type, and then refuses it as one of several `INTO`
 * targets ("is not a scalar variable"), which the server, knowing the type, accepts. Such a variable is
 * declared as `text` for the parse, padded to the same length so every offset stays where it was.
 */
function parseBody(text: string): unknown {
  for (let tries = 0; ; tries++) {
    try {
      return parsePlPgSql(text);
    } catch (error) {
      const name = /^"([^"]+)" is not a scalar variable/.exec(error instanceof Error ? error.message : '')?.[1];
      const scalar = name !== undefined && tries < 20 ? declaredScalar(text, name) : undefined;
      if (scalar === undefined) throw error;
      text = scalar;
    }
  }
}

/** The text with `name`'s declared type (a plain type name, not `%ROWTYPE` or `record`) written as `text`. */
function declaredScalar(text: string, name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const declared = new RegExp(
    `(?:^|[\\s;])${escaped}\\s+(?:constant\\s+)?([A-Za-z_"][\\w."]*)(?=\\s*(?:;|:=|=|default\\b|not\\b|collate\\b))`,
    'i',
  ).exec(text);
  if (!declared) return undefined;
  const type = declared[1];
  if (type.length < 4 || /^(?:record|text)$/i.test(type)) return undefined;
  const at = declared.index + declared[0].length - type.length;
  return text.slice(0, at) + 'text'.padEnd(type.length) + text.slice(at + type.length);
}

/** Every SQL statement of every PL/pgSQL body of a parsed fragment (`routineBodies`, flattened). */
export function routineStatements(found: ParsedFragment, options: ParseOptions = {}): ParsedFragment[] {
  if (!found.parsed.statements.some((s) => s.type === 'CreateFunctionStmt' || s.type === 'DoStmt')) return [];
  return routineBodies(found, options).flatMap((body) => body.statements);
}

interface DefElem {
  DefElem?: {
    defname?: string;
    arg?: { String?: { sval?: string }; List?: { items?: { String?: { sval?: string } }[] } };
  };
}

/** The body text of a PL/pgSQL function or `DO` block, as the parser returned it; undefined for other statements. */
function plpgsqlSource(statement: SqlStatement): string | undefined {
  const node = statement.node as { CreateFunctionStmt?: { options?: DefElem[] }; DoStmt?: { args?: DefElem[] } };
  const elems = node.CreateFunctionStmt?.options ?? node.DoStmt?.args;
  if (!elems) return undefined;
  const option = (name: string) => elems.find((e) => e.DefElem?.defname === name)?.DefElem?.arg;
  const language = option('language')?.String?.sval?.toLowerCase() ?? (node.DoStmt ? 'plpgsql' : undefined);
  if (language !== 'plpgsql') return undefined;
  const as = option('as');
  return as?.String?.sval ?? as?.List?.items?.[0]?.String?.sval;
}

interface BodyToken {
  /** The body's text, quotes undone. */
  content: string;
  /** Fragment offset of each content offset (one more than the content's length). */
  offsets: number[];
  /** A `'…'` body, its quotes doubled inside. */
  quoted: boolean;
  token: Token;
}

/** The string token that holds the body: `$tag$…$tag$` or `'…'` whose text is the parser's body. */
function bodyToken(tokens: readonly Token[], source: string): BodyToken | undefined {
  for (const token of tokens) {
    if (token.kind !== 'string') continue;
    const tag = /^\$[^$]*\$/.exec(token.text)?.[0];
    if (tag && token.text.endsWith(tag) && token.text.length >= 2 * tag.length) {
      const content = token.text.slice(tag.length, token.text.length - tag.length);
      if (content !== source) continue;
      const base = token.start + tag.length;
      return { content, offsets: Array.from({ length: content.length + 1 }, (_, i) => base + i), quoted: false, token };
    }
    if (token.text.startsWith("'") && token.text.endsWith("'")) {
      const raw = token.text.slice(1, -1);
      const offsets: number[] = [];
      let content = '';
      for (let i = 0; i < raw.length; i++) {
        offsets.push(token.start + 1 + i);
        content += raw[i];
        if (raw[i] === "'" && raw[i + 1] === "'") i++;
      }
      offsets.push(token.start + 1 + raw.length);
      if (content === source) return { content, offsets, quoted: true, token };
    }
  }
  return undefined;
}

interface EmbeddedQuery {
  query: string;
  /** 1-based line of the PL/pgSQL statement within the body. */
  line: number;
  perform: boolean;
}

/** The SQL statements (parse mode 0) of a PL/pgSQL function's JSON, with their lines; an explicit stack. */
function embeddedQueries(fn: unknown): EmbeddedQuery[] {
  const out: EmbeddedQuery[] = [];
  const stack: { value: unknown; line: number; key: string }[] = [{ value: fn, line: 1, key: '' }];
  while (stack.length > 0) {
    const { value, line, key } = stack.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], line, key });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const object = value as Record<string, unknown>;
    const here = typeof object.lineno === 'number' ? object.lineno : line;
    const expr = object.PLpgSQL_expr as { query?: string; parseMode?: number } | undefined;
    if (expr && expr.parseMode === 0 && typeof expr.query === 'string')
      out.push({ query: expr.query, line: here, perform: key.endsWith('_perform') });
    const keys = Object.keys(object);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i];
      if (k === 'PLpgSQL_expr') continue;
      const child = object[k];
      if (child !== null && typeof child === 'object')
        stack.push({ value: child, line: here, key: k.startsWith('PLpgSQL_stmt_') ? k : key });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/** The body's variables (parameters, DECLAREd names, records), lower-cased as PostgreSQL folds them. */
function variablesOf(fn: unknown): Map<string, 'scalar' | 'record'> {
  const names = new Map<string, 'scalar' | 'record'>();
  const datums = (fn as { datums?: Record<string, { refname?: string }>[] }).datums ?? [];
  for (const datum of datums) {
    const [kind] = Object.keys(datum);
    const name = datum[kind]?.refname;
    if (!name || name.startsWith('(')) continue;
    names.set(name.toLowerCase(), kind === 'PLpgSQL_rec' || kind === 'PLpgSQL_row' ? 'record' : 'scalar');
  }
  return names;
}

/** A piece of the statement as it sits in the body: copied, replaced (`PERFORM` → `SELECT`) or blanked (`INTO v`). */
type Span = { from: number; to: number; text?: string };

/**
 * Where the parser's statement text sits in the body, from its line on: the same text, or the same text
 * with a PL/pgSQL `INTO target` cut out of it, or (`PERFORM`) with its first word replaced.
 */
function locate(content: string, query: EmbeddedQuery): Span[] | undefined {
  let lineStart = 0;
  for (let line = 1; line < query.line && lineStart >= 0; line++) {
    const nl = content.indexOf('\n', lineStart);
    lineStart = nl < 0 ? -1 : nl + 1;
  }
  if (lineStart < 0) return undefined;
  const spans: Span[] = [];
  let text = query.query;
  let at: number;
  if (query.perform) {
    const perform = /\bperform\b/gi;
    perform.lastIndex = lineStart;
    const m = perform.exec(content);
    if (!m || !/^select/i.test(text)) return undefined;
    spans.push({ from: m.index, to: m.index + m[0].length, text: 'SELECT' });
    text = text.slice('select'.length);
    at = m.index + m[0].length;
  } else {
    // Its first word: an INTO may follow soon after it, so more of the text need not be there as it is.
    at = content.indexOf(/^\S*/.exec(text)![0], lineStart);
    if (at < 0) return undefined;
  }
  // PL/pgSQL blanks its INTO clause in place: the same length, spaces where the clause was.
  const blanked = sameLengthSpans(content, at, text);
  if (blanked) return [...spans, ...blanked];
  let common = 0;
  while (common < text.length && content[at + common] === text[common]) common++;
  spans.push({ from: at, to: at + common });
  const rest = text.slice(common);
  if (rest !== '') {
    const resumes = content.indexOf(rest, at + common);
    const gap = resumes < 0 ? '' : content.slice(at + common, resumes);
    if (resumes < 0 || gap.length > 400 || !/^\s*into\b/i.test(gap)) return undefined;
    spans.push({ from: at + common, to: resumes, text: ' '.repeat(gap.length) });
    spans.push({ from: resumes, to: resumes + rest.length });
  }
  return spans;
}

/**
 * The statement as the body's text at `at` with some runs replaced by spaces (an INTO clause): runs that
 * match copied, the others replaced; undefined when the body's text differs anywhere else.
 */
function sameLengthSpans(content: string, at: number, text: string): Span[] | undefined {
  if (at + text.length > content.length) return undefined;
  const spans: Span[] = [];
  let into = false;
  let i = 0;
  while (i < text.length) {
    const same = content[at + i] === text[i];
    let j = i + 1;
    while (j < text.length && (content[at + j] === text[j]) === same) j++;
    // Blanks only, and the first of them where the INTO is (its target names follow in later runs).
    if (!same) {
      into ||= /^into\b/i.test(content.slice(at + i, at + j + 1));
      if (!into || !/^\s*$/.test(text.slice(i, j))) return undefined;
    }
    spans.push(same ? { from: at + i, to: at + j } : { from: at + i, to: at + j, text: text.slice(i, j) });
    i = j;
  }
  return spans;
}

/** One embedded statement as a fragment mapped to the host, its variables as bound parameters. */
function statementFragment(
  parent: SqlFragment,
  body: BodyToken,
  query: EmbeddedQuery,
  variables: ReadonlyMap<string, 'scalar' | 'record'>,
): SqlFragment | undefined {
  const spans = locate(body.content, query);
  if (!spans) return undefined;
  const builder = new RecipeBuilder();
  const host = (offset: number, side: 'start' | 'end') => parent.map.toHost(body.offsets[offset], side);
  // A body's statements are read, not edited: the rules' fixes are written for statements a migration runs
  // (CONCURRENTLY, a VALIDATE after the statement), which do not hold inside a function or a DO block's
  // transaction, and a quoted body would need its quotes doubled. Behind an anchor, no piece is editable.
  builder.enter(host(0, 'start'), host(body.content.length, 'end'));
  for (const span of spans) {
    if (span.text !== undefined) builder.replaced(host(span.from, 'start'), host(span.to, 'end'), span.text);
    else copyContent(builder, parent, body, span.from, span.to);
  }
  builder.leave();
  builder.carve(variableCarves(builder.text, variables));
  const fragment = fragmentOf(builder, highestParameter(builder.text) + 1, 'body');
  return { ...fragment, interpolated: false };
}

/** Appends body text [from, to) with its host mapping: runs copied from the parent, a doubled quote as one. */
function copyContent(builder: RecipeBuilder, parent: SqlFragment, body: BodyToken, from: number, to: number): void {
  let run = from;
  for (let i = from; i <= to; i++) {
    const contiguous = i < to && body.offsets[i + 1] === body.offsets[i] + 1;
    if (contiguous) continue;
    if (i < to) {
      // A `''` in a quoted body: two characters of the parent standing for one.
      copyParent(builder, parent, body.offsets[run], body.offsets[i]);
      builder.replaced(
        parent.map.toHost(body.offsets[i], 'start'),
        parent.map.toHost(body.offsets[i + 1], 'end'),
        body.content[i],
      );
      run = i + 1;
    } else copyParent(builder, parent, body.offsets[run], body.offsets[to]);
  }
}

/** Appends the parent fragment's SQL [from, to) with its host mapping, piece by piece. */
function copyParent(builder: RecipeBuilder, parent: SqlFragment, from: number, to: number): void {
  if (to <= from) return;
  for (const piece of parent.map.pieces) {
    if (piece.sqlEnd <= from || piece.sqlStart >= to) continue;
    const a = Math.max(from, piece.sqlStart);
    const b = Math.min(to, piece.sqlEnd);
    const text = parent.sql.slice(a, b);
    if (piece.verbatim) builder.verbatim(piece.hostStart + (a - piece.sqlStart), text);
    else builder.replaced(piece.hostStart, piece.hostEnd, text);
  }
}

/**
 * The body's variables in a statement, as PL/pgSQL binds them: a column reference whose name is a variable
 * (`p_id`, or `r.field` of a record) is a parameter. Found in the statement's own parse, so names that are
 * not column references (an INSERT's column list, `SET total =`, an alias) stay names; a statement that does
 * not parse as written keeps its names.
 */
function variableCarves(text: string, variables: ReadonlyMap<string, 'scalar' | 'record'>): Carve[] {
  if (variables.size === 0) return [];
  const parsed = parseSql(text);
  const carves: Carve[] = [];
  for (const statement of parsed.statements) {
    const stack: unknown[] = [statement.node];
    while (stack.length > 0) {
      const value = stack.pop();
      if (Array.isArray(value)) {
        stack.push(...value);
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      const object = value as Record<string, unknown>;
      const ref = object.ColumnRef as { fields?: { String?: { sval?: string } }[]; location?: number } | undefined;
      if (ref) {
        const carve = variableAt(text, statement.tokens, ref, variables);
        if (carve) carves.push(carve);
        continue;
      }
      for (const child of Object.values(object)) if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return carves;
}

function variableAt(
  text: string,
  tokens: readonly Token[],
  ref: { fields?: { String?: { sval?: string } }[]; location?: number },
  variables: ReadonlyMap<string, 'scalar' | 'record'>,
): Carve | undefined {
  const names = (ref.fields ?? []).map((f) => f.String?.sval);
  const kind = names[0] !== undefined ? variables.get(names[0].toLowerCase()) : undefined;
  if (!kind || ref.location === undefined || (names.length > 1 && kind !== 'record') || names.length > 2)
    return undefined;
  const first = tokens.findIndex((t) => t.start === ref.location);
  if (first < 0) return undefined;
  const last = names.length === 2 ? tokens[first + 2] : tokens[first];
  if (!last) return undefined;
  const start = tokens[first].start;
  return {
    start,
    end: last.end,
    slot: { hint: 'value', name: names[0]!, bound: true, identifierText: text.slice(start, last.end) },
  };
}
