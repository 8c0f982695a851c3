import type * as TS from 'typescript';
import { isStackOverflow } from '../../core/budget';
import { SCRIPT_FILE, SQL_FILE } from './file-kinds';
import { forEachCodeOffset } from './lexer';
import { SourceMap, identityMap } from './source-map';

/**
 * The SQL in a document, each fragment with a map back to the host text: a `.sql` file is one fragment;
 * in TypeScript/JavaScript, tagged templates (`sql`…``, `Prisma.sql`, `$queryRaw`) and string or template
 * literals passed to query functions (`pool.query(…)`, `knex.raw(…)`, `$queryRawUnsafe(…)`) are fragments.
 * Only text that starts like a statement (SELECT, WITH, INSERT…) is taken, so `sql` fragments of a
 * larger query (`sql`AND active``) and ordinary strings are left alone.
 */

export type HostQuote = '`' | "'" | '"';

export interface Placeholder {
  /** The `$n` text in the SQL. */
  number: number;
  sqlStart: number;
  sqlEnd: number;
  /** The `${…}` (or non-literal operand) in the host. */
  hostStart: number;
  hostEnd: number;
}

export interface LoopContext {
  /** `for…of`, `while`, `.map()`… */
  kind: string;
  /** Host span of the loop's head (`for (const x of xs)`, `.map`). */
  start: number;
  end: number;
  /** Host span of what runs per element: the loop's body, or the callback. */
  body: { start: number; end: number };
}

export interface SqlFragment {
  sql: string;
  map: SourceMap;
  /**
   * A whole SQL file, a tagged template, a literal passed to a query call, or (`exhaustive` extraction
   * only) any other literal that starts like a statement.
   */
  origin: 'file' | 'template' | 'call' | 'literal';
  /** Host literal's quote, for escaping edits; undefined for a SQL file. */
  quote?: HostQuote;
  placeholders: Placeholder[];
  /**
   * `${…}` or `+ x` spliced into the text by string building rather than bound as parameters: the real
   * SQL is only known at run time, so a syntax error at such a spot is not reported.
   */
  interpolated: boolean;
  /** The function or tag that runs or builds it (`pool.query`, `sql`): host span and text. */
  caller?: { start: number; end: number; name: string };
  /** Set when the statement runs once per element of a loop in the same function. */
  loop?: LoopContext;
}

export { SCRIPT_FILE, SQL_FILE };

/** Statements we analyse start with one of these words. */
const STATEMENT_START =
  /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(?:select|with|insert|update|delete|create|alter|drop|truncate|vacuum|cluster|reindex|explain|merge|values|table)\b/i;

/** Cheap test before the TypeScript parser runs: a quote or backtick followed by a statement keyword. */
const SCRIPT_PRECHECK =
  /[`'"]\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(?:select|with|insert|update|delete|create|alter|drop|truncate|vacuum|cluster|reindex|explain|merge)\b/i;

/**
 * Every command word of PostgreSQL's grammar: in an exhaustive extraction a literal starting with one of
 * them is taken, since `'BEGIN; DROP TABLE t'` runs as well as a SELECT does.
 */
const ANY_STATEMENT_START = new RegExp(
  String.raw`^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(?:` +
    'abort|alter|analy[sz]e|begin|call|checkpoint|close|cluster|comment|commit|copy|create|deallocate|declare|' +
    'delete|discard|do|drop|end|execute|explain|fetch|grant|import|insert|listen|load|lock|merge|move|notify|' +
    'prepare|reassign|refresh|reindex|release|reset|revoke|rollback|savepoint|security|select|set|show|start|' +
    String.raw`table|truncate|unlisten|update|vacuum|values|with)\b`,
  'i',
);

export function looksLikeSql(sql: string): boolean {
  return STATEMENT_START.test(sql);
}

export function mightContainSql(text: string): boolean {
  return SCRIPT_PRECHECK.test(text);
}

let ts: typeof TS | undefined;

/** The TypeScript compiler (parser only), loaded on the first script document with SQL in it. */
export async function loadTypeScript(): Promise<void> {
  if (!ts) ts = (await import('typescript')).default ?? (await import('typescript'));
}

/** The SQL of a document, or why none of it is analysed (with the span that says so, when there is one). */
export interface DocumentSql {
  fragments: SqlFragment[];
  notAnalysed?: { message: string; start?: number; end?: number };
}

/**
 * SQL fragments of a document. Script documents need `loadTypeScript()` first (the engine awaits it only
 * when `mightContainSql` says so); without it they yield nothing.
 *
 * `exhaustive` is for checks that must not miss a statement (the AI layer's edit guard): a SQL file is
 * taken even when it looks like a template, and in scripts every string literal (or `+` chain) that
 * starts with a command word becomes a fragment too (origin 'literal').
 */
export function extractFragments(file: string, text: string, options: { exhaustive?: boolean } = {}): SqlFragment[] {
  return documentSql(file, text, options).fragments;
}

export function documentSql(file: string, text: string, options: { exhaustive?: boolean } = {}): DocumentSql {
  const exhaustive = options.exhaustive ?? false;
  if (SQL_FILE.test(file)) {
    // A Jinja template (dbt models, SQLFluff's templated files) is SQL only once rendered: not analysed.
    const template = exhaustive ? undefined : templateSyntaxAt(text);
    if (!template) return { fragments: [sqlFileFragment(text)] };
    return {
      fragments: [],
      notAnalysed: {
        message: `not analysed: a Jinja template ("${text.slice(template.start, template.end)}" outside SQL comments and strings); compile it (dbt compile) and review the compiled SQL`,
        ...template,
      },
    };
  }
  if (SCRIPT_FILE.test(file)) {
    if (!ts || !(exhaustive ? /[`'"]/.test(text) : mightContainSql(text))) return { fragments: [] };
    try {
      return { fragments: scriptFragments(ts, file, text, exhaustive) };
    } catch (error) {
      // TypeScript's parser recurses once per level of brackets, ternaries or blocks; our walks do not.
      if (!isStackOverflow(error)) throw error;
      return {
        fragments: [],
        notAnalysed: {
          message: 'not analysed: the code nests too deeply for the TypeScript parser, so its SQL cannot be found',
        },
      };
    }
  }
  return { fragments: [] };
}

/** `{{ ref('x') }}`, `{{ this }}`, `{% if … %}`, `{# … #}`; not an array literal such as `'{{1,2},{3,4}}'`. */
const TEMPLATE_START = /\{\{-?\s*[A-Za-z_][\w.]*\s*(?:\(|-?\}\})|\{%-?\s*[a-z_]+|\{#/y;

/**
 * The first Jinja delimiter outside SQL comments and literals: inside them `{#` or `{{` is data (an issue
 * reference in a comment, a JSON or array literal), and a file is a template only where the syntax is code.
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

/**
 * A SQL file as one fragment. psql meta-commands (`\i other.sql`, `\connect db`) are not SQL: their
 * lines become blanks of the same length, so offsets stay one to one.
 */
function sqlFileFragment(text: string): SqlFragment {
  if (!/^[ \t]*\\/m.test(text))
    return { sql: text, map: identityMap(text), origin: 'file', placeholders: [], interpolated: false };
  const map = new SourceMap();
  const lineRe = /[^\n]*(?:\n|$)/g;
  let match: RegExpExecArray | null;
  while ((match = lineRe.exec(text)) && match[0] !== '') {
    const line = match[0];
    const body = line.replace(/\r?\n$/, '');
    if (/^[ \t]*\\/.test(body)) {
      map.replaced(match.index, match.index + body.length, ' '.repeat(body.length));
      map.verbatim(match.index + body.length, line.slice(body.length));
    } else map.verbatim(match.index, line);
  }
  return { sql: map.sql, map, origin: 'file', placeholders: [], interpolated: false };
}

/**
 * Last names of a tag or callee: `prisma.$queryRaw` → `$queryRaw`, with the dotted path before it as far
 * as it matters (the last two names: `sql.unsafe`, `knex.raw`); a longer path starts with `?`. Bounded, as
 * it runs for every call: a chain of calls (`a.b().c()…`) thousands long would otherwise cost its square.
 */
function namePath(tsm: typeof TS, expr: TS.Expression): string[] | undefined {
  const tail: string[] = [];
  let e = expr;
  for (let steps = 0; steps < 16; steps++) {
    const head = tsm.isIdentifier(e) ? e.text : e.kind === tsm.SyntaxKind.ThisKeyword ? 'this' : undefined;
    if (head !== undefined) return [head, ...tail.reverse()];
    if (tail.length === 2) break;
    if (tsm.isPropertyAccessExpression(e)) {
      tail.push(e.name.text);
      e = e.expression;
    } else if (tsm.isCallExpression(e) || tsm.isNonNullExpression(e) || tsm.isParenthesizedExpression(e)) {
      e = e.expression;
    } else break;
  }
  return tail.length > 0 ? ['?', ...tail.reverse()] : undefined;
}

/** Tags whose template is a statement: `sql`, `SQL`, `Prisma.sql`, `sql.unsafe`/`sql.type(…)` (slonik), `$queryRaw`. */
function isSqlTag(path: string[]): boolean {
  const last = path[path.length - 1];
  if (last === 'sql' || last === 'SQL' || last === '$queryRaw' || last === '$executeRaw') return true;
  // slonik: sql.unsafe`…`, sql.type(schema)`…`, sql.typeAlias('x')`…`
  return path.length >= 2 && path[path.length - 2] === 'sql' && /^(unsafe|type|typeAlias)$/.test(last);
}

/** Methods whose first argument is a statement: node-postgres, pg-promise, knex, Prisma, TypeORM, Sequelize, postgres.js. */
const QUERY_METHODS = new Set([
  'query',
  'execute',
  'raw',
  'unsafe',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'none',
  'one',
  'oneOrNone',
  'many',
  'manyOrNone',
  'any',
  'result',
  'multi',
  'queryOne',
  'queryAll',
  'queryRows',
]);
/** Plain functions (a project's own helper, `query('…')`) whose first argument is a statement. */
const QUERY_FUNCTIONS = new Set(['query', 'execute', 'queryOne', 'queryAll', 'sql']);
/** Array methods that call their callback once per element. */
const ITERATION_METHODS = new Set([
  'map',
  'forEach',
  'flatMap',
  'filter',
  'reduce',
  'some',
  'every',
  'find',
  'findIndex',
]);

function scriptKind(tsm: typeof TS, file: string): TS.ScriptKind {
  const ext = /\.(\w+)$/.exec(file)?.[1].toLowerCase();
  if (ext === 'tsx') return tsm.ScriptKind.TSX;
  if (ext === 'jsx') return tsm.ScriptKind.JSX;
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs') return tsm.ScriptKind.JS;
  return tsm.ScriptKind.TS;
}

function scriptFragments(tsm: typeof TS, file: string, text: string, exhaustive: boolean): SqlFragment[] {
  const source = tsm.createSourceFile(file, text, tsm.ScriptTarget.Latest, false, scriptKind(tsm, file));
  const fragments: SqlFragment[] = [];
  const taken = new Set<number>();
  const constants = constantStrings(tsm, source);

  const take = (
    literal: TS.Expression,
    origin: 'template' | 'call',
    callee: TS.Expression,
    loop: LoopContext | undefined,
  ) => {
    const start = literal.getStart(source);
    if (taken.has(start)) return;
    // knex's raw() binds `?` positionally: number them as PostgreSQL parameters so the statement parses.
    // (Drizzle's sql.raw() takes plain SQL, where `?` is the jsonb operator.)
    const path = origin === 'call' ? namePath(tsm, callee) : undefined;
    const positional = path?.[path.length - 1] === 'raw' && path[path.length - 2] !== 'sql';
    const built = buildFragment(tsm, source, text, literal, origin === 'template', positional);
    if (!built || !looksLikeSql(built.sql)) return;
    taken.add(start);
    const callerStart = callee.getStart(source);
    fragments.push({
      ...built,
      origin,
      caller: { start: callerStart, end: callee.end, name: text.slice(callerStart, callee.end) },
      loop,
    });
  };

  // Depth first in source order, with an explicit stack: an expression may nest tens of thousands deep
  // (`a + b + …`, `x.y().z()…`), which TypeScript parses in a loop but a recursive walk would not survive.
  const pending: { node: TS.Node; loop: LoopContext | undefined }[] = [{ node: source, loop: undefined }];
  const next: { node: TS.Node; loop: LoopContext | undefined }[] = [];
  const children = (node: TS.Node, loopOf: (child: TS.Node) => LoopContext | undefined) => {
    tsm.forEachChild(node, (child) => {
      next.push({ node: child, loop: loopOf(child) });
    });
  };
  while (pending.length > 0) {
    const { node, loop } = pending.pop()!;
    next.length = 0;
    visit(node, loop);
    for (let i = next.length - 1; i >= 0; i--) pending.push(next[i]);
  }

  /** Takes what `node` holds and queues its children (in `next`), each with the loop it runs in. */
  function visit(node: TS.Node, loop: LoopContext | undefined): void {
    if (tsm.isTaggedTemplateExpression(node)) {
      const path = namePath(tsm, node.tag);
      if (path && isSqlTag(path)) take(node.template, 'template', node.tag, loop);
    } else if (tsm.isCallExpression(node)) {
      const path = namePath(tsm, node.expression);
      const last = path?.[path.length - 1];
      const isQuery =
        last !== undefined && (tsm.isIdentifier(node.expression) ? QUERY_FUNCTIONS.has(last) : QUERY_METHODS.has(last));
      const first = node.arguments[0];
      if (isQuery && first) {
        for (const literal of statementArgument(tsm, first, constants)) take(literal, 'call', node.expression, loop);
      }
      if (last && ITERATION_METHODS.has(last) && tsm.isPropertyAccessExpression(node.expression)) {
        next.push({ node: node.expression, loop });
        const name = node.expression.name;
        for (const arg of node.arguments) {
          // The callback's body runs once per element.
          if (tsm.isArrowFunction(arg) || tsm.isFunctionExpression(arg)) {
            const body = { start: arg.getStart(source), end: arg.end };
            const each: LoopContext = { kind: `.${last}()`, start: name.getStart(source), end: name.end, body };
            children(arg, () => each);
          } else next.push({ node: arg, loop });
        }
        return;
      }
    } else if (tsm.isFunctionLike(node)) {
      // A function's body runs when it is called, not once per iteration of an enclosing loop.
      children(node, () => undefined);
      return;
    } else if (
      tsm.isForOfStatement(node) ||
      tsm.isForInStatement(node) ||
      tsm.isForStatement(node) ||
      tsm.isWhileStatement(node) ||
      tsm.isDoStatement(node)
    ) {
      const body = node.statement;
      const headStart = node.getStart(source);
      const headEnd = tsm.isDoStatement(node) ? headStart + 2 : Math.max(headStart, body.getStart(source) - 1);
      const kind = tsm.isForOfStatement(node)
        ? 'for…of'
        : tsm.isForInStatement(node)
          ? 'for…in'
          : tsm.isForStatement(node)
            ? 'for'
            : tsm.isWhileStatement(node)
              ? 'while'
              : 'do…while';
      const inLoop: LoopContext = {
        kind,
        start: headStart,
        end: trimEnd(text, headStart, headEnd),
        body: { start: body.getStart(source), end: body.end },
      };
      children(node, (child) => (child === body ? inLoop : loop));
      return;
    }
    children(node, () => loop);
  }
  if (exhaustive) {
    // After the query calls took theirs: a literal nobody passed to a query call (or a `+` chain starting
    // with one), found by a walk with an explicit stack, as generated code can nest deeply.
    const stack: TS.Node[] = [source];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const children: TS.Node[] = [];
      if (isLiteralOrChain(tsm, node)) {
        const start = node.getStart(source);
        const built = taken.has(start) ? undefined : buildFragment(tsm, source, text, node, false);
        if (built && ANY_STATEMENT_START.test(built.sql)) {
          taken.add(start);
          fragments.push({ ...built, origin: 'literal' });
        }
        // A chain's literals are part of it; what is spliced in (`${…}`, `+ x`) may hold SQL of its own.
        if (tsm.isBinaryExpression(node)) {
          for (const operand of plusOperands(tsm, node)) if (!isPlainLiteral(tsm, operand)) children.push(operand);
          stack.push(...children.reverse());
          continue;
        }
      }
      tsm.forEachChild(node, (child) => void children.push(child));
      stack.push(...children.reverse());
    }
  }
  return fragments.sort((a, b) => a.map.toHost(0) - b.map.toHost(0));
}

function isPlainLiteral(tsm: typeof TS, node: TS.Node): node is TS.Expression {
  return tsm.isStringLiteral(node) || tsm.isNoSubstitutionTemplateLiteral(node) || tsm.isTemplateExpression(node);
}

/** A literal, or a `+` chain whose leftmost operand is one (the chain is taken whole). */
function isLiteralOrChain(tsm: typeof TS, node: TS.Node): node is TS.Expression {
  if (isPlainLiteral(tsm, node)) return true;
  if (!tsm.isBinaryExpression(node) || node.operatorToken.kind !== tsm.SyntaxKind.PlusToken) return false;
  return isPlainLiteral(tsm, plusOperands(tsm, node)[0]);
}

function plusOperands(tsm: typeof TS, expr: TS.Expression): TS.Expression[] {
  const out: TS.Expression[] = [];
  // An explicit stack: a generated file may hold a chain thousands of operands long.
  const stack: TS.Expression[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (tsm.isBinaryExpression(e) && e.operatorToken.kind === tsm.SyntaxKind.PlusToken) stack.push(e.right, e.left);
    else out.push(e);
  }
  return out;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** `const Q = 'SELECT …'` declared once in the file: name → initializer. */
function constantStrings(tsm: typeof TS, source: TS.SourceFile): Map<string, TS.Expression> {
  const found = new Map<string, TS.Expression | null>();
  // Parent pointers are not set without setParentNodes: walk declaration lists ourselves (a stack, as above).
  const pending: TS.Node[] = [source];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (tsm.isVariableDeclarationList(node)) {
      const isConst = (node.flags & tsm.NodeFlags.Const) !== 0;
      for (const decl of node.declarations) {
        if (!tsm.isIdentifier(decl.name) || !decl.initializer) continue;
        const name = decl.name.text;
        found.set(name, found.has(name) || !isConst ? null : decl.initializer);
      }
    }
    tsm.forEachChild(node, (child) => {
      pending.push(child);
    });
  }
  const out = new Map<string, TS.Expression>();
  for (const [name, init] of found) if (init) out.set(name, init);
  return out;
}

/** The literal(s) a query call's first argument stands for. */
function statementArgument(
  tsm: typeof TS,
  arg: TS.Expression,
  constants: ReadonlyMap<string, TS.Expression>,
  depth = 0,
): TS.Expression[] {
  if (depth > 3) return [];
  if (
    tsm.isParenthesizedExpression(arg) ||
    tsm.isAsExpression(arg) ||
    tsm.isSatisfiesExpression(arg) ||
    tsm.isNonNullExpression(arg)
  ) {
    return statementArgument(tsm, arg.expression, constants, depth + 1);
  }
  if (tsm.isStringLiteral(arg) || tsm.isNoSubstitutionTemplateLiteral(arg) || tsm.isTemplateExpression(arg))
    return [arg];
  if (tsm.isBinaryExpression(arg) && arg.operatorToken.kind === tsm.SyntaxKind.PlusToken) {
    // 'SELECT …' + 'FROM …': at least the first operand must be a literal.
    let left: TS.Expression = arg;
    while (tsm.isBinaryExpression(left) && left.operatorToken.kind === tsm.SyntaxKind.PlusToken) left = left.left;
    return tsm.isStringLiteral(left) || tsm.isNoSubstitutionTemplateLiteral(left) || tsm.isTemplateExpression(left)
      ? [arg]
      : [];
  }
  if (tsm.isObjectLiteralExpression(arg)) {
    // node-postgres QueryConfig: { text: 'SELECT …', values: […] }
    for (const property of arg.properties) {
      if (tsm.isPropertyAssignment(property) && tsm.isIdentifier(property.name) && property.name.text === 'text') {
        return statementArgument(tsm, property.initializer, constants, depth + 1);
      }
    }
    return [];
  }
  if (tsm.isIdentifier(arg)) {
    const init = constants.get(arg.text);
    return init ? statementArgument(tsm, init, constants, depth + 1) : [];
  }
  return [];
}

interface Built {
  sql: string;
  map: SourceMap;
  quote: HostQuote;
  placeholders: Placeholder[];
  interpolated: boolean;
}

/**
 * Builds the SQL text and its map from a literal, a template or a `+` chain. Tagged templates bind
 * `${…}` as parameters `$1, $2…` in order; elsewhere `${…}` is string interpolation, numbered after the
 * highest `$n` already in the text and flagged as interpolated.
 */
function buildFragment(
  tsm: typeof TS,
  source: TS.SourceFile,
  text: string,
  expr: TS.Expression,
  tagged: boolean,
  positional = false,
): Built | undefined {
  const map = new SourceMap();
  const placeholders: Placeholder[] = [];
  // The operands of a `+` chain left to right, with a stack: `'a' + 'b' + …` nests once per `+`.
  const operands: TS.Expression[] = [];
  const pending: TS.Expression[] = [expr];
  while (pending.length > 0) {
    const e = pending.pop()!;
    if (tsm.isBinaryExpression(e) && e.operatorToken.kind === tsm.SyntaxKind.PlusToken) pending.push(e.right, e.left);
    else if (tsm.isParenthesizedExpression(e)) pending.push(e.expression);
    else operands.push(e);
  }
  let quote: HostQuote | undefined;
  const holes: { start: number; end: number }[] = [];
  const parts: ({ kind: 'text'; start: number; end: number } | { kind: 'hole'; start: number; end: number })[] = [];
  for (const operand of operands) {
    const start = operand.getStart(source);
    if (tsm.isStringLiteral(operand) || tsm.isNoSubstitutionTemplateLiteral(operand)) {
      quote ??= text[start] as HostQuote;
      parts.push({ kind: 'text', start: start + 1, end: operand.end - 1 });
    } else if (tsm.isTemplateExpression(operand)) {
      quote ??= '`';
      const head = operand.head;
      parts.push({ kind: 'text', start: head.getStart(source) + 1, end: head.end - 2 });
      for (const span of operand.templateSpans) {
        const literal = span.literal;
        const literalStart = literal.getStart(source);
        parts.push({
          kind: 'hole',
          start: literalStartOfHole(text, span.expression.getStart(source)),
          end: literalStart + 1,
        });
        const isTail = tsm.isTemplateTail(literal);
        parts.push({ kind: 'text', start: literalStart + 1, end: literal.end - (isTail ? 1 : 2) });
      }
    } else {
      parts.push({ kind: 'hole', start, end: operand.end });
    }
  }
  if (!quote) return undefined;
  const literalText = parts
    .filter((p) => p.kind === 'text')
    .map((p) => text.slice(p.start, p.end))
    .join(' ');
  let next = tagged ? 1 : Math.max(0, ...[...literalText.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))) + 1;
  let quoted = false;
  for (const part of parts) {
    if (part.kind === 'text' && positional) {
      // `?` outside a SQL string literal is a binding; `??` (an identifier binding) is left as it is.
      let run = part.start;
      for (let i = part.start; i < part.end; i++) {
        if (text[i] === "'") quoted = !quoted;
        if (quoted || text[i] !== '?' || text[i + 1] === '?' || text[i - 1] === '?' || text[i - 1] === '\\') continue;
        cook(text, run, i, map);
        const sqlStart = map.sql.length;
        const number = next++;
        map.replaced(i, i + 1, `$${number}`);
        placeholders.push({ number, sqlStart, sqlEnd: map.sql.length, hostStart: i, hostEnd: i + 1 });
        run = i + 1;
      }
      cook(text, run, part.end, map);
    } else if (part.kind === 'text') cook(text, part.start, part.end, map);
    else {
      const sqlStart = map.sql.length;
      const number = next++;
      map.replaced(part.start, part.end, `$${number}`);
      placeholders.push({ number, sqlStart, sqlEnd: map.sql.length, hostStart: part.start, hostEnd: part.end });
      holes.push(part);
    }
  }
  return { sql: map.sql, map, quote, placeholders, interpolated: !tagged && holes.length > 0 };
}

/** Start of the `${` before a template span's expression. */
function literalStartOfHole(text: string, expressionStart: number): number {
  const at = text.lastIndexOf('${', expressionStart);
  return at >= 0 ? at : expressionStart;
}

/** Appends the cooked value of a JS literal's raw text [start, end): escapes become replaced pieces. */
function cook(text: string, start: number, end: number, map: SourceMap): void {
  let run = start;
  let i = start;
  while (i < end) {
    if (text[i] !== '\\') {
      i++;
      continue;
    }
    if (i > run) map.verbatim(run, text.slice(run, i));
    const next = text[i + 1];
    let length = 2;
    let value: string;
    switch (next) {
      case 'n':
        value = '\n';
        break;
      case 't':
        value = '\t';
        break;
      case 'r':
        value = '\r';
        break;
      case 'b':
        value = '\b';
        break;
      case 'f':
        value = '\f';
        break;
      case 'v':
        value = '\v';
        break;
      case '0':
        value = '\0';
        break;
      case '\r':
        length = text[i + 2] === '\n' ? 3 : 2;
        value = '';
        break;
      case '\n':
        value = '';
        break;
      case 'x': {
        const hex = /^[0-9a-fA-F]{2}/.exec(text.slice(i + 2, i + 4));
        value = hex ? String.fromCharCode(parseInt(hex[0], 16)) : 'x';
        length = hex ? 4 : 2;
        break;
      }
      case 'u': {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(text.slice(i + 2, i + 12));
        const plain = /^[0-9a-fA-F]{4}/.exec(text.slice(i + 2, i + 6));
        if (braced) {
          value = String.fromCodePoint(parseInt(braced[1], 16));
          length = 2 + braced[0].length;
        } else if (plain) {
          value = String.fromCharCode(parseInt(plain[0], 16));
          length = 6;
        } else value = 'u';
        break;
      }
      default:
        value = next ?? '';
    }
    map.replaced(i, Math.min(i + length, end), value);
    i += length;
    run = i;
  }
  if (run < end) map.verbatim(run, text.slice(run, end));
}

/** Escapes SQL text for insertion into a host literal with this quote. */
export function escapeForHost(text: string, quote: HostQuote | undefined): string {
  if (!quote) return text;
  let out = text.replace(/\\/g, '\\\\');
  if (quote === '`') out = out.replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  else out = out.replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\r?\n/g, '\\n');
  return out;
}
