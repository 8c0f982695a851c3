import type { Node } from '@pgsql/types';
import type * as LibPgQuery from 'libpg-query';
import type { AnalysisError, Range } from '../../core/finding';
import { isStackOverflow } from '../../core/budget';
import { byteOffsetMapper } from '../../core/text';
import { forEachCodeOffset, skipQuotedOrComment } from './lexer';
import { plainTokens } from './token-scan';

// Shared with the AI layer's SQL redaction, which may not import this module; tests still find it here.
export { byteOffsetMapper };

/**
 * The real PostgreSQL grammar (libpg_query compiled to WASM), loaded lazily once per process: the first
 * `loadSqlParser()` pays the WASM start-up, after that `parseSql` is synchronous (~1 ms per statement).
 *
 * Every statement of a text is parsed on its own, split on top-level `;` by the real scanner, so one
 * syntax error is one error at its position and the other statements are still analysed.
 *
 * Offsets: libpg_query speaks UTF-8 bytes (node `location`s, scanner tokens) and code points (error
 * cursors). Everything leaving this module is a UTF-16 offset into the parsed text, like JS strings and
 * the editor: every `location` in the returned ASTs has been rewritten to one.
 */

type PgModule = typeof LibPgQuery;

let pg: PgModule | undefined;
let loading: Promise<PgModule> | undefined;

/** Loads the parser once; concurrent callers share the load, a failed load is retried next time. */
export function loadSqlParser(): Promise<void> {
  if (pg) return Promise.resolve();
  if (!loading) {
    loading = (async () => {
      const module = await import('libpg-query');
      await module.loadModule();
      pg = module;
      return module;
    })();
    loading.catch(() => (loading = undefined));
  }
  return loading.then(() => undefined);
}

export function sqlParserLoaded(): boolean {
  return pg !== undefined;
}

function parser(): PgModule {
  if (!pg) throw new Error('the SQL parser is not loaded: await loadSqlParser() first');
  return pg;
}

/**
 * libpg_query's PL/pgSQL parser (PostgreSQL's own, as `CREATE FUNCTION` with check_function_bodies runs it)
 * on the text of a `CREATE FUNCTION … LANGUAGE plpgsql` or `DO` statement: its functions as JSON, with each
 * embedded SQL statement's text and line. Throws what PostgreSQL would report for the body.
 */
export function parsePlPgSql(statement: string): unknown {
  return parser().parsePlPgSQLSync(statement);
}

export type TokenKind = 'keyword' | 'ident' | 'string' | 'number' | 'param' | 'comment' | 'operator' | 'punct';

export interface Token {
  /** UTF-16 offsets into the parsed text. */
  start: number;
  end: number;
  text: string;
  kind: TokenKind;
  /** Upper-case keyword for keywords (SELECT, CONCURRENTLY…), otherwise undefined. */
  keyword?: string;
}

export interface SqlStatement {
  /** 0-based position among the text's statements (syntax errors included). */
  index: number;
  /** UTF-16 span of the statement in the parsed text, from its first to its last token (no `;`). */
  start: number;
  end: number;
  /** Offset just after the terminating `;`, or `end` when there is none. */
  terminatorEnd: number;
  /** The statement node as libpg_query returns it, e.g. `{ SelectStmt: {…} }`; locations are UTF-16 offsets. */
  node: Node;
  /** Its node type, e.g. `SelectStmt`. */
  type: string;
  /** The statement's own tokens, comments excluded. */
  tokens: Token[];
}

export interface SqlSyntaxError {
  message: string;
  start: number;
  end: number;
  /** Index of the statement that failed, among all statements of the text. */
  statementIndex: number;
  /**
   * Not a syntax error: the statement was left out on purpose (larger than MAX_STATEMENT_CHARS, nested
   * deeper than MAX_STATEMENT_DEPTH or than the parser's stack), and the message says which.
   */
  refused?: true;
}

export interface ParsedSql {
  text: string;
  statements: SqlStatement[];
  errors: SqlSyntaxError[];
}

/**
 * Longer than hand-written SQL gets: past it a statement is a data dump (a seed `INSERT … VALUES`, a generated
 * `IN` list). Measured here: parsing costs 1–3 s per MB and checking it several times that, with hundreds of MB
 * of AST, against a 2 s budget; a statement of this size parses and is checked in a few hundred ms.
 */
export const MAX_STATEMENT_CHARS = 100_000;

/**
 * Levels of nesting (objects and lists of the parser's JSON AST) a statement may have. The deepest statement of
 * our corpus of real SQL has 28; every walk over an AST below this module may recurse once per level, and this
 * keeps them far inside a thread's stack. The parser itself accepts far deeper input (a chain of 7,000 `+`, some
 * 14,000 levels) before it runs out of stack or PostgreSQL's grammar reports "memory exhausted".
 */
export const MAX_STATEMENT_DEPTH = 1_000;

/** A text up to this size goes to the scanner in one call; a larger one in batches of statements up to it. */
const SCAN_BATCH_CHARS = 64 * 1024;

export interface ParseOptions {
  /** Called between statements: throws to stop (a time budget, a cancellation). */
  check?: () => void;
}

/**
 * Parses every statement of `text`. Requires `loadSqlParser()` to have resolved. Never throws for its input:
 * a statement it cannot or will not parse is an error of the result, and the other statements still parse.
 */
export function parseSql(text: string, options: ParseOptions = {}): ParsedSql {
  const module = parser();
  const whole = parseWhole(text, module, options.check);
  if (whole) return whole;
  const statements: SqlStatement[] = [];
  const errors: SqlSyntaxError[] = [];
  const chunks = splitStatements(text, module, options.check);
  chunks.forEach((chunk, index) => {
    options.check?.();
    if (chunk.end - chunk.start > MAX_STATEMENT_CHARS) {
      const size = (chunk.end - chunk.start).toLocaleString('en-US');
      errors.push(
        refusal(
          text,
          chunk,
          index,
          `not analysed: a statement of ${size} characters, over the ${MAX_STATEMENT_CHARS.toLocaleString('en-US')} the analysis reads (a data dump takes seconds and hundreds of MB to parse and check)`,
        ),
      );
      return;
    }
    if (chunk.tokens === undefined) {
      // The scanner could not read this statement (an unterminated string or comment): the parser says why.
      errors.push(syntaxError(module, text, chunk.start, chunk.end, [], index));
      return;
    }
    const slice = text.slice(chunk.start, chunk.end);
    let result;
    try {
      result = module.parseSync(slice);
    } catch (error) {
      errors.push(
        isStackOverflow(error)
          ? refusal(text, chunk, index, 'not analysed: the statement is nested too deeply for the SQL parser')
          : syntaxError(module, text, chunk.start, chunk.end, chunk.tokens, index, error),
      );
      return;
    }
    const toUtf16 = byteOffsetMapper(slice, chunk.start);
    for (const raw of result.stmts ?? []) {
      const node = raw.stmt as Node | undefined;
      if (!node) continue;
      if (!relocate(node, toUtf16, MAX_STATEMENT_DEPTH)) {
        errors.push(
          refusal(
            text,
            chunk,
            index,
            `not analysed: the statement is nested more than ${MAX_STATEMENT_DEPTH.toLocaleString('en-US')} levels deep (subqueries, parentheses, operators)`,
          ),
        );
        continue;
      }
      const type = wrapperType(node);
      statements.push({
        index,
        start: chunk.start,
        end: chunk.end,
        terminatorEnd: chunk.terminatorEnd,
        node,
        type,
        tokens: chunk.tokens,
      });
    }
  });
  return { text, statements, errors };
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/**
 * The usual case, at the cost of one parse: a text that parses as a whole, in one call, its statements bounded by
 * the parser's own locations, and each statement's tokens scanned only when something asks for them (most
 * statements are never reported on). Undefined when the text does not parse as a whole: then every statement is
 * scanned and parsed on its own, so one error costs only its statement.
 */
function parseWhole(text: string, module: PgModule, check?: () => void): ParsedSql | undefined {
  if (text.length > SCAN_BATCH_CHARS || text.trim() === '') return undefined;
  let result;
  try {
    result = module.parseSync(text);
  } catch {
    return undefined;
  }
  // Byte offsets are UTF-16 offsets already in an ASCII text: its locations need no rewriting.
  const toUtf16 = ASCII.test(text) ? undefined : byteOffsetMapper(text, 0);
  const statements: SqlStatement[] = [];
  for (const raw of result.stmts ?? []) {
    check?.();
    const node = raw.stmt as Node | undefined;
    if (!node) continue;
    const from = raw.stmt_location ?? 0;
    const to = raw.stmt_len ? from + raw.stmt_len : undefined;
    const span = toUtf16
      ? codeSpan(text, toUtf16(from), to === undefined ? text.length : toUtf16(to))
      : codeSpan(text, from, to ?? text.length);
    if (!span || !relocate(node, toUtf16, MAX_STATEMENT_DEPTH)) return undefined;
    statements.push(
      new WholeStatement(
        statements.length,
        span.start,
        span.end,
        text[span.stop] === ';' ? span.stop + 1 : span.end,
        node,
        wrapperType(node),
        text,
        module,
      ),
    );
  }
  return { text, statements, errors: [] };
}

/**
 * A statement of a text parsed whole, its tokens scanned when first asked for. A class rather than an object literal
 * with its own getter, which cost a closure and a getter per statement of every file; `tokens` is read like a field.
 */
class WholeStatement implements SqlStatement {
  private scanned?: Token[];

  constructor(
    readonly index: number,
    readonly start: number,
    readonly end: number,
    readonly terminatorEnd: number,
    readonly node: Node,
    readonly type: string,
    private readonly text: string,
    private readonly module: PgModule,
  ) {}

  get tokens(): Token[] {
    this.scanned ??= (scanTokens(this.text.slice(this.start, this.end), this.start, this.module) ?? []).filter(
      (t) => t.kind !== 'comment',
    );
    return this.scanned;
  }
}

/** A statement wrapper's one key (`SelectStmt`), without the list Object.keys makes for every statement. */
function wrapperType(node: Node): string {
  for (const key in node) return key;
  return Object.keys(node)[0];
}

/**
 * The statement inside the parser's bounds [from, to): from its first token to the end of its last, comments and
 * white space around it left out; `stop` is `to`, where a terminating `;` would be.
 */
function codeSpan(text: string, from: number, to: number): { start: number; end: number; stop: number } | undefined {
  let start = -1;
  let end = -1;
  for (let i = from; i < to;) {
    const code = text.charCodeAt(i);
    // Only `-`, `/`, quotes and `$` can start a comment or a quoted text (lexer.ts): the lexer is asked about those
    // alone, not about every character of every statement.
    const skipped =
      code === 45 || code === 47 || code === 39 || code === 34 || code === 36
        ? skipQuotedOrComment(text, i)
        : undefined;
    if (skipped !== undefined) {
      const comment = code === 45 || code === 47;
      if (!comment) {
        if (start < 0) start = i;
        end = Math.min(skipped, to);
      }
      i = skipped;
    } else {
      // Not white space (ASCII space, tab, line breaks; anything above ASCII counts as code, as for the scanner).
      if (code > 32) {
        if (start < 0) start = i;
        end = i + 1;
      }
      i++;
    }
  }
  return start < 0 ? undefined : { start, end, stop: to };
}

/** A statement's error as the engines report it: a syntax error, or a statement left out on purpose. */
export function analysisErrorOf(file: string, error: SqlSyntaxError, range: Range): AnalysisError {
  return { file, kind: error.refused ? 'unsupported' : 'parse', message: error.message, range };
}

/** A statement left out on purpose, reported at its first word (not across the whole of a huge statement). */
function refusal(text: string, chunk: Chunk, statementIndex: number, message: string): SqlSyntaxError {
  const first = chunk.tokens?.[0];
  const word = /^\S{1,64}/.exec(text.slice(chunk.start, chunk.start + 64))?.[0] ?? '';
  return {
    message,
    start: first?.start ?? chunk.start,
    end: first?.end ?? chunk.start + word.length,
    statementIndex,
    refused: true,
  };
}

interface Chunk {
  start: number;
  end: number;
  terminatorEnd: number;
  /** Undefined when the scanner failed on this chunk, or it was too large to scan. */
  tokens?: Token[];
}

/**
 * Statement boundaries from the real scanner's tokens. A `BEGIN ATOMIC … END` body of a SQL-standard
 * function holds `;`s that do not end the statement (psql tracks the same thing). A small text is scanned in
 * one call; a large one, or one the scanner fails on (an unterminated literal), is first cut at the `;`s
 * outside comments and literals (`roughSplit`) and scanned in batches of those pieces, `check()` called
 * between batches, so a huge text can be stopped, a huge statement is never scanned at all, and only the
 * piece the scanner fails on is lost.
 */
function splitStatements(text: string, module: PgModule, check?: () => void): Chunk[] {
  if (text.trim() === '') return [];
  if (text.length <= SCAN_BATCH_CHARS) {
    const all = scanTokens(text, 0, module);
    if (all) return chunksFromTokens(all);
  }
  const chunks: Chunk[] = [];
  // Tokens of consecutive scanned pieces, cut into statements together so a BEGIN ATOMIC body stays whole.
  let run: Token[] = [];
  const flush = () => {
    for (const chunk of run.length > 0 ? chunksFromTokens(run) : []) chunks.push(chunk);
    run = [];
  };
  const scan = (start: number, end: number): boolean => {
    const tokens = scanTokens(text.slice(start, end), start, module);
    if (tokens) for (const token of tokens) run.push(token);
    return tokens !== undefined;
  };
  const unscanned = (piece: { start: number; end: number; terminatorEnd: number }) => {
    flush();
    chunks.push({ start: piece.start, end: piece.end, terminatorEnd: piece.terminatorEnd });
  };
  const pieces = roughSplit(text);
  for (let i = 0; i < pieces.length;) {
    check?.();
    const first = pieces[i];
    if (first.end - first.start > MAX_STATEMENT_CHARS) {
      unscanned(first);
      i++;
      continue;
    }
    let next = i + 1;
    while (next < pieces.length && pieces[next].terminatorEnd - first.start <= SCAN_BATCH_CHARS) next++;
    if (!scan(first.start, pieces[next - 1].terminatorEnd)) {
      for (let k = i; k < next; k++) if (!scan(pieces[k].start, pieces[k].terminatorEnd)) unscanned(pieces[k]);
    }
    i = next;
  }
  flush();
  return chunks;
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

function chunksFromTokens(tokens: Token[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Token[] = [];
  let atomicDepth = 0;
  let routine = false;
  const flush = (terminatorEnd?: number) => {
    if (current.length > 0) {
      const start = current[0].start;
      const end = current[current.length - 1].end;
      chunks.push({ start, end, terminatorEnd: terminatorEnd ?? end, tokens: current });
    }
    current = [];
    atomicDepth = 0;
    routine = false;
  };
  for (const token of tokens) {
    if (token.kind === 'comment') continue;
    if (token.text === ';' && atomicDepth === 0) {
      flush(token.end);
      continue;
    }
    if (
      current.length < 4 &&
      (token.keyword === 'FUNCTION' || token.keyword === 'PROCEDURE') &&
      current[0]?.keyword === 'CREATE'
    )
      routine = true;
    if (routine) {
      const previous = current[current.length - 1];
      if (token.keyword === 'ATOMIC' && previous?.keyword === 'BEGIN') atomicDepth++;
      else if (atomicDepth > 0 && token.keyword === 'CASE') atomicDepth++;
      else if (atomicDepth > 0 && token.keyword === 'END') atomicDepth--;
    }
    current.push(token);
  }
  flush();
  return chunks;
}

/** The scanner's tokens for `text` with UTF-16 offsets shifted by `base`; undefined when it cannot scan. */
function scanTokens(text: string, base: number, module: PgModule): Token[] | undefined {
  // Plain SQL is cut in JavaScript, each token's kind the real scanner's (token-scan.ts); anything else is scanned.
  const plain = plainTokens(text, (token) => kindOfToken(token, module));
  if (plain) {
    return plain.map(({ start, end, kind }) => {
      const tokenText = text.slice(start, end);
      return kind === 'keyword'
        ? { start: start + base, end: end + base, text: tokenText, kind, keyword: tokenText.toUpperCase() }
        : { start: start + base, end: end + base, text: tokenText, kind };
    });
  }
  let scanned;
  try {
    scanned = module.scanSync(text);
  } catch {
    return undefined;
  }
  const toUtf16 = byteOffsetMapper(text, base);
  return scanned.tokens.map((t) => {
    const start = toUtf16(t.start);
    const end = toUtf16(t.end);
    const kind = tokenKind(t.tokenName, t.keywordKind);
    const tokenText = text.slice(start - base, end - base);
    return kind === 'keyword'
      ? { start, end, text: tokenText, kind, keyword: tokenText.toUpperCase() }
      : { start, end, text: tokenText, kind };
  });
}

/**
 * What the real scanner makes of one token's text on its own (a word, an operator), remembered: a workspace has a
 * few hundred distinct ones. Null when it is not exactly one token. Emptied past TOKEN_KINDS_LIMIT texts.
 */
const TOKEN_KINDS = new Map<string, TokenKind | null>();
const TOKEN_KINDS_LIMIT = 20_000;

function kindOfToken(text: string, module: PgModule): TokenKind | undefined {
  let kind = TOKEN_KINDS.get(text);
  if (kind === undefined) {
    kind = null;
    try {
      const tokens = module.scanSync(text).tokens;
      if (tokens.length === 1 && tokens[0].start === 0 && tokens[0].end === text.length)
        kind = tokenKind(tokens[0].tokenName, tokens[0].keywordKind);
    } catch {
      // Not a token the scanner reads: the text is scanned whole.
    }
    if (TOKEN_KINDS.size >= TOKEN_KINDS_LIMIT) TOKEN_KINDS.clear();
    TOKEN_KINDS.set(text, kind);
  }
  return kind ?? undefined;
}

function tokenKind(name: string, keywordKind: number): TokenKind {
  if (keywordKind > 0) return 'keyword';
  switch (name) {
    case 'IDENT':
    case 'UIDENT':
      return 'ident';
    case 'SCONST':
    case 'USCONST':
    case 'BCONST':
    case 'XCONST':
      return 'string';
    case 'ICONST':
    case 'FCONST':
      return 'number';
    case 'PARAM':
      return 'param';
    case 'SQL_COMMENT':
    case 'C_COMMENT':
      return 'comment';
    case 'Op':
    case 'TYPECAST':
    case 'DOT_DOT':
    case 'COLON_EQUALS':
    case 'EQUALS_GREATER':
    case 'LESS_EQUALS':
    case 'GREATER_EQUALS':
    case 'NOT_EQUALS':
      return 'operator';
    default:
      return name.startsWith('ASCII_')
        ? /^ASCII_(60|61|62|43|45|42|47|37|94)$/.test(name)
          ? 'operator'
          : 'punct'
        : 'punct';
  }
}

/**
 * Boundaries of statements without the real scanner, at the `;`s outside comments, quotes and dollar
 * quotes (lexer.ts): used when the scanner fails, and to cut a large text into statements before any of
 * it is scanned.
 */
export function roughSplit(text: string): { start: number; end: number; terminatorEnd: number }[] {
  const out: { start: number; end: number; terminatorEnd: number }[] = [];
  let start = 0;
  const push = (end: number, terminatorEnd: number) => {
    if (text.slice(start, end).trim() !== '') out.push({ start, end, terminatorEnd });
    start = terminatorEnd;
  };
  forEachCodeOffset(text, (i) => {
    if (text[i] === ';') push(i, i + 1);
  });
  push(text.length, text.length);
  return out.map((p) => ({
    start: p.start + leadingSpace(text.slice(p.start, p.end)),
    end: p.end,
    terminatorEnd: p.terminatorEnd,
  }));
}

function syntaxError(
  module: PgModule,
  text: string,
  start: number,
  end: number,
  tokens: readonly Token[],
  statementIndex: number,
  error?: unknown,
): SqlSyntaxError {
  const slice = text.slice(start, end);
  if (error === undefined) {
    try {
      module.parseSync(slice);
    } catch (caught) {
      error = caught;
    }
  }
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } } | undefined)?.sqlDetails;
  const reason = details?.message ?? (error instanceof Error ? error.message : 'syntax error');
  // PostgreSQL's own words when its grammar's stack is full; a server rejects the statement the same way.
  const message = /^memory exhausted/.test(reason)
    ? `${reason} (nested deeper than PostgreSQL's parser allows)`
    : reason;
  const cursor = details?.cursorPosition;
  if (cursor === undefined || cursor < 0) return { message, start, end, statementIndex };
  const at = start + codePointsToUtf16(slice, cursor);
  const token = tokens.find((t) => t.start <= at && at < t.end) ?? tokens.find((t) => t.start >= at);
  if (at >= end || !token) return { message, start: Math.min(at, end), end: Math.min(at, end), statementIndex };
  return {
    message,
    start: token.start <= at ? token.start : at,
    end: token.start <= at ? token.end : at + 1,
    statementIndex,
  };
}

/** UTF-16 length of the first `count` code points of `text` (error cursors count code points). */
function codePointsToUtf16(text: string, count: number): number {
  let offset = 0;
  for (let seen = 0; seen < count && offset < text.length; seen++) {
    const code = text.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length ? 2 : 1;
  }
  return offset;
}

/** Work stacks of `relocate`, reused: it runs once per statement, and is never re-entered. */
const RELOCATE_VALUES: unknown[] = [];
const RELOCATE_DEPTHS: number[] = [];

/**
 * Rewrites every `location` (byte offset into the slice) to an absolute UTF-16 offset; no mapping (an ASCII text
 * parsed whole, where they are the same) only checks the depth. An explicit stack, as the parser's JSON may be
 * thousands of levels deep; false (the rest left as it was) when it is deeper than `maxDepth`, which is what keeps
 * every later walk over the AST within the stack.
 */
function relocate(root: unknown, toUtf16: ((b: number) => number) | undefined, maxDepth: number): boolean {
  const values = RELOCATE_VALUES;
  const depths = RELOCATE_DEPTHS;
  let top = 0;
  let high = 0;
  values[top] = root;
  depths[top++] = 1;
  let within = true;
  while (top > 0) {
    high = Math.max(high, top);
    const value = values[--top];
    const depth = depths[top];
    if (depth > maxDepth) {
      within = false;
      break;
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item === null || typeof item !== 'object') continue;
        values[top] = item;
        depths[top++] = depth + 1;
      }
      continue;
    }
    const object = value as Record<string, unknown>;
    // for…in rather than Object.keys: no array per node (the parser's JSON has no inherited keys).
    for (const key in object) {
      const child = object[key];
      if (typeof child === 'number') {
        if (toUtf16 && (key === 'location' || key === 'stmt_location') && child >= 0) object[key] = toUtf16(child);
      } else if (child !== null && typeof child === 'object') {
        values[top] = child;
        depths[top++] = depth + 1;
      }
    }
  }
  // The stack keeps its room for the next statement, not this one's nodes.
  values.fill(undefined, 0, Math.max(high, top) + 1);
  return within;
}
