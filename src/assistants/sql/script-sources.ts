import type * as TS from 'typescript';
import { driverPlaceholderCarves } from './driver-placeholders';
import { cookInto } from './host-literals';
import type { QueryFunctions } from './query-functions';
import { isPositional, isSqlPieceTag, isSqlTag, matchQueryCall } from './query-functions';
import { ScriptScopes, unwrap } from './script-scopes';
import type { LoopContext, SqlFragment } from './fragment';
import { ANY_STATEMENT_START, fragmentOf, looksLikeCommand, looksLikeStatement } from './fragment';
import type { HostQuote } from './host-literals';
import type { StandInHint, StandInSlot } from './stand-ins';
import { RecipeBuilder, highestParameter } from './stand-ins';
import { builderFragments } from './schema-builders';

/**
 * SQL in TypeScript/JavaScript: tagged templates (`sql`…``, `Prisma.sql`, `$queryRaw`) and the first
 * argument of query calls (`pool.query(…)`, `knex.raw(…)`, `this.addSql(…)`, `$queryRawUnsafe(…)`), followed
 * within the file through variables, `+=` and `.append(…)`, and functions that return the statement.
 * Pieces composed into a statement (slonik's `sql.fragment`, `sql.identifier`, `sql.join`; Kysely's and
 * Drizzle's `sql.raw`, `sql.ref`, `sql.table`; Prisma's `Prisma.sql`, `Prisma.join`) are spliced in; what
 * only the running code knows becomes a typed stand-in (stand-ins.ts).
 */

export interface ScriptOptions {
  exhaustive: boolean;
  functions: QueryFunctions;
}

/** How deep values are followed (a variable holding a template that splices in another variable…). */
const MAX_DEPTH = 6;

/**
 * Last names of a tag or callee: `prisma.$queryRaw` → `['prisma', '$queryRaw']`, at most the last three; a
 * longer path starts with `?`. Bounded, as it runs for every call: a chain of calls (`a.b().c()…`)
 * thousands long would otherwise cost its square.
 */
export function namePath(tsm: typeof TS, expr: TS.Expression): string[] | undefined {
  const tail: string[] = [];
  let e = expr;
  for (let steps = 0; steps < 16; steps++) {
    const head = tsm.isIdentifier(e) ? e.text : e.kind === tsm.SyntaxKind.ThisKeyword ? 'this' : undefined;
    if (head !== undefined) return [head, ...tail.reverse()];
    if (tail.length === 3) break;
    if (tsm.isPropertyAccessExpression(e)) {
      tail.push(e.name.text);
      e = e.expression;
    } else if (tsm.isCallExpression(e) || tsm.isNonNullExpression(e) || tsm.isParenthesizedExpression(e)) {
      e = e.expression;
    } else break;
  }
  return tail.length > 0 ? ['?', ...tail.reverse()] : undefined;
}

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

const ARRAY_METHODS = new Set(['map', 'join', 'filter', 'flatMap', 'slice', 'concat']);

/** Composition helpers inside a tagged template, by their last name. */
const IDENTIFIER_HELPERS = new Set(['identifier', 'id', 'ref', 'table', 'name']);
const RAW_HELPERS = new Set(['raw', 'unsafe']);
const VALUE_HELPERS = new Set([
  'array',
  'json',
  'jsonb',
  'binary',
  'date',
  'timestamp',
  'interval',
  'lit',
  'val',
  'value',
  'param',
  'placeholder',
  'literalValue',
  'uuid',
]);
const LIST_HELPERS = new Set(['join']);

function scriptKind(tsm: typeof TS, file: string): TS.ScriptKind {
  const ext = /\.(\w+)$/.exec(file)?.[1].toLowerCase();
  if (ext === 'tsx') return tsm.ScriptKind.TSX;
  if (ext === 'jsx') return tsm.ScriptKind.JSX;
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs') return tsm.ScriptKind.JS;
  return tsm.ScriptKind.TS;
}

export function scriptFragments(tsm: typeof TS, file: string, text: string, options: ScriptOptions): SqlFragment[] {
  const source = tsm.createSourceFile(file, text, tsm.ScriptTarget.Latest, false, scriptKind(tsm, file));
  const composer = new Composer(tsm, source, text, new ScriptScopes(tsm, source), options.functions);
  const fragments: SqlFragment[] = [];
  const taken = new Set<number>();

  const take = (
    built: Built | undefined,
    origin: 'template' | 'call',
    callee: TS.Expression,
    loop: LoopContext | undefined,
    named: boolean,
  ) => {
    if (!built || taken.has(built.root)) return;
    const fragment = fragmentOf(built.builder, built.firstParameter, origin, built.quote);
    // A driver's call or tag runs whatever command it is given (`DO $$…$$`, `COMMENT ON`, `SET LOCAL`); a call
    // taken by its name alone must read as a whole statement.
    if (!(named ? looksLikeStatement(fragment.sql) : looksLikeCommand(fragment.sql))) return;
    taken.add(built.root);
    for (const start of built.composed) taken.add(start);
    const callerStart = callee.getStart(source);
    fragments.push({
      ...fragment,
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
      const start = node.getStart(source);
      if (path && isSqlTag(path, options.functions) && !composer.composedElsewhere.has(start))
        take(composer.statementOfTag(node), 'template', node.tag, loop, false);
    } else if (tsm.isCallExpression(node)) {
      const path = namePath(tsm, node.expression);
      const match = path && matchQueryCall(path, tsm.isIdentifier(node.expression), options.functions);
      const first = node.arguments[0];
      if (path && match && first) {
        const positional = isPositional(path);
        for (const built of composer.statementsOfArgument(first, positional))
          take(built, 'call', node.expression, loop, match === 'named');
      }
      const last = path?.[path.length - 1];
      if (last && ITERATION_METHODS.has(last) && tsm.isPropertyAccessExpression(node.expression)) {
        next.push({ node: node.expression, loop });
        const name = node.expression.name;
        for (const arg of node.arguments) {
          // The callback's body runs once per element.
          if (tsm.isArrowFunction(arg) || tsm.isFunctionExpression(arg)) {
            const body = { start: arg.getStart(source), end: arg.end };
            const receiver = node.expression.expression;
            const over = { start: receiver.getStart(source), end: receiver.end };
            const each: LoopContext = { kind: `.${last}()`, start: name.getStart(source), end: name.end, body, over };
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
        ...(tsm.isForOfStatement(node)
          ? { over: { start: node.expression.getStart(source), end: node.expression.end } }
          : {}),
      };
      children(node, (child) => (child === body ? inLoop : loop));
      return;
    }
    children(node, () => loop);
  }

  if (options.exhaustive) {
    // After the query calls took theirs: a literal nobody passed to a query call (or a `+` chain starting
    // with one), found by a walk with an explicit stack, as generated code can nest deeply.
    const stack: TS.Node[] = [source];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const kids: TS.Node[] = [];
      if (isLiteralOrChain(tsm, node)) {
        const start = node.getStart(source);
        const built = taken.has(start) ? undefined : composer.literal(node);
        const fragment = built && fragmentOf(built.builder, built.firstParameter, 'literal', built.quote);
        if (fragment && ANY_STATEMENT_START.test(fragment.sql)) {
          taken.add(start);
          fragments.push(fragment);
        }
        // A chain's literals are part of it; what is spliced in (`${…}`, `+ x`) may hold SQL of its own.
        if (tsm.isBinaryExpression(node)) {
          for (const operand of plusOperands(tsm, node)) if (!isPlainLiteral(tsm, operand)) kids.push(operand);
          stack.push(...kids.reverse());
          continue;
        }
      }
      tsm.forEachChild(node, (child) => void kids.push(child));
      stack.push(...kids.reverse());
    }
  }
  if (!options.exhaustive) fragments.push(...builderFragments(tsm, source, text));
  return fragments.sort((a, b) => a.map.toHost(0) - b.map.toHost(0));
}

/** A statement's recipe as built from the host code, before it is assembled. */
interface Built {
  builder: RecipeBuilder;
  firstParameter: number;
  quote: HostQuote | undefined;
  /** The node the statement was found at (a literal, a template, a variable's value): taken once. */
  root: number;
  /** Starts of tagged templates composed into it: not statements of their own. */
  composed: number[];
}

interface Context {
  builder: RecipeBuilder;
  quote?: HostQuote;
  depth: number;
  /** Values being followed, against a variable that refers to itself. */
  following: Set<TS.Node>;
  composed: number[];
}

/** Builds recipes from expressions, following values through the file's scopes. */
class Composer {
  /** Tagged templates composed into a statement at a variable's declaration (`const q = SQL…; q.append(…)`). */
  readonly composedElsewhere = new Set<number>();

  constructor(
    private readonly tsm: typeof TS,
    private readonly source: TS.SourceFile,
    private readonly text: string,
    private readonly scopes: ScriptScopes,
    private readonly functions: QueryFunctions,
  ) {}

  private context(): Context {
    return { builder: new RecipeBuilder(), depth: 0, following: new Set(), composed: [] };
  }

  private finish(context: Context, root: TS.Node, tagged: boolean): Built {
    const firstParameter = tagged ? 1 : highestParameter(context.builder.text) + 1;
    return {
      builder: context.builder,
      firstParameter,
      quote: context.quote,
      root: root.getStart(this.source),
      composed: context.composed,
    };
  }

  /** A SQL tag's statement; with what `.append(…)` adds when the template is a variable's first value. */
  statementOfTag(node: TS.TaggedTemplateExpression): Built {
    const context = this.context();
    this.tagged(context, node);
    const value = this.scopes.initializedAt(node.getStart(this.source));
    for (const addition of value?.additions ?? []) {
      this.textOrStandIn(context, addition, false);
      const added = unwrap(this.tsm, addition);
      if (this.tsm.isTaggedTemplateExpression(added)) this.composedElsewhere.add(added.getStart(this.source));
    }
    return this.finish(context, node, true);
  }

  /** The statements a query call's first argument stands for (both branches of a conditional). */
  statementsOfArgument(arg: TS.Expression, positional: boolean): Built[] {
    const tsm = this.tsm;
    const e = unwrap(tsm, arg);
    if (tsm.isConditionalExpression(e))
      return [e.whenTrue, e.whenFalse].flatMap((branch) => this.statementsOfArgument(branch, positional));
    if (tsm.isObjectLiteralExpression(e)) {
      // node-postgres' QueryConfig: { text: 'SELECT …', values: […] }, or { text } with a variable.
      for (const property of e.properties) {
        if (tsm.isPropertyAssignment(property) && tsm.isIdentifier(property.name) && property.name.text === 'text')
          return this.statementsOfArgument(property.initializer, positional);
        if (tsm.isShorthandPropertyAssignment(property) && property.name.text === 'text')
          return this.statementsOfArgument(property.name, positional);
      }
      return [];
    }
    // A tag is its own statement where it is written.
    if (tsm.isTaggedTemplateExpression(e)) return [];
    const context = this.context();
    let root: TS.Node = e;
    if (tsm.isIdentifier(e)) {
      const value = this.scopes.valueAt(e.text, e.getStart(this.source));
      if (!value || tsm.isTaggedTemplateExpression(unwrap(tsm, value.base))) return [];
      root = value.base;
      if (!this.textOf(context, value.base)) return [];
      for (const addition of value.additions) this.textOrStandIn(context, addition, false);
    } else if (tsm.isCallExpression(e) && tsm.isIdentifier(e.expression)) {
      // A function of this file that returns the statement.
      const returned = this.returnedText(e.expression);
      if (!returned) return [];
      root = returned;
      if (!this.textOf(context, returned)) return [];
    } else if (!this.textOf(context, e)) return [];
    context.builder.carve(driverPlaceholderCarves(context.builder.text, positional));
    return [this.finish(context, root, false)];
  }

  /** A literal or `+` chain for the exhaustive pass. */
  literal(node: TS.Expression): Built | undefined {
    const context = this.context();
    if (!this.textOf(context, node)) return undefined;
    return this.finish(context, node, false);
  }

  /** The text a function of this file returns (its first `return` of a string or template), if any. */
  private returnedText(callee: TS.Identifier): TS.Expression | undefined {
    const tsm = this.tsm;
    const binding = this.scopes.binding(callee.text, callee.getStart(this.source));
    const body = binding?.fn?.body;
    if (!body) return undefined;
    if (!tsm.isBlock(body)) return isTextLike(tsm, body as TS.Expression) ? (body as TS.Expression) : undefined;
    // Returns of this function, not of functions nested in it.
    const stack: TS.Node[] = [body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (tsm.isReturnStatement(node) && node.expression) {
        const value = unwrap(tsm, node.expression);
        if (isTextLike(tsm, value)) return value;
        if (tsm.isIdentifier(value)) {
          const held = this.scopes.valueAt(value.text, value.getStart(this.source));
          if (held && isTextLike(tsm, unwrap(tsm, held.base))) return value;
        }
      }
      if (tsm.isFunctionLike(node)) continue;
      const kids: TS.Node[] = [];
      tsm.forEachChild(node, (child) => void kids.push(child));
      stack.push(...kids.reverse());
    }
    return undefined;
  }

  /**
   * Appends the SQL text an expression builds by string operations (a literal, a template, a `+` chain, a
   * variable holding one, a branch of a conditional); false when it is not text at all.
   */
  private textOf(context: Context, expr: TS.Expression): boolean {
    const tsm = this.tsm;
    const e = unwrap(tsm, expr);
    if (context.depth > MAX_DEPTH || context.following.has(e)) return false;
    if (tsm.isStringLiteral(e) || tsm.isNoSubstitutionTemplateLiteral(e)) {
      const start = e.getStart(this.source);
      context.quote ??= this.text[start] as HostQuote;
      cookInto(context.builder, this.text, start + 1, e.end - 1);
      return true;
    }
    if (tsm.isTemplateExpression(e)) {
      context.quote ??= '`';
      this.template(context, e, false);
      return true;
    }
    if (tsm.isBinaryExpression(e) && e.operatorToken.kind === tsm.SyntaxKind.PlusToken) {
      const operands = plusOperands(tsm, e);
      if (!operands.some((o) => isTextLike(tsm, unwrap(tsm, o)))) return false;
      for (const operand of operands) {
        const at = operand.getStart(this.source);
        if (!isTextLike(tsm, unwrap(tsm, operand)) || !this.textOf(context, operand))
          this.hole(context, operand, { start: at, end: operand.end }, false);
      }
      return true;
    }
    if (tsm.isTaggedTemplateExpression(e)) {
      const path = namePath(tsm, e.tag);
      if (!path || !isSqlPieceTag(path, this.functions)) return false;
      context.composed.push(e.getStart(this.source));
      this.tagged(context, e);
      return true;
    }
    if (tsm.isConditionalExpression(e)) {
      // One rendering: the first branch that is text (or a SQL piece) and not empty.
      const branch = [e.whenTrue, e.whenFalse].find(
        (b) =>
          (isTextLike(tsm, unwrap(tsm, b)) || isSqlPiece(tsm, unwrap(tsm, b), this.functions)) && !isEmptyText(tsm, b),
      );
      return branch !== undefined && this.textOf(context, branch);
    }
    if (tsm.isIdentifier(e)) return this.follow(context, e, () => false);
    return false;
  }

  /** The text a variable holds, spliced in from where it is written; `otherwise` when it holds none. */
  private follow(context: Context, name: TS.Identifier, otherwise: () => boolean): boolean {
    const value = this.scopes.valueAt(name.text, name.getStart(this.source));
    if (!value) return otherwise();
    context.following.add(name);
    context.depth++;
    const before = context.builder.ops.length;
    const ok = this.textOf(context, value.base);
    if (ok) for (const addition of value.additions) this.textOrStandIn(context, addition, false);
    context.depth--;
    context.following.delete(name);
    if (!ok) context.builder.ops.splice(before);
    return ok || otherwise();
  }

  /** `textOf`, or a stand-in when the expression is not text the file spells out. */
  private textOrStandIn(context: Context, expr: TS.Expression, tagged: boolean): void {
    if (!this.textOf(context, expr))
      this.hole(context, expr, { start: expr.getStart(this.source), end: expr.end }, tagged);
  }

  /** A tagged template's text, its `${…}` bound as parameters (or composed, for a library's SQL pieces). */
  private tagged(context: Context, node: TS.TaggedTemplateExpression): void {
    const template = node.template;
    context.quote ??= '`';
    if (this.tsm.isNoSubstitutionTemplateLiteral(template)) {
      const start = template.getStart(this.source);
      cookInto(context.builder, this.text, start + 1, template.end - 1);
    } else this.template(context, template, true);
  }

  private template(context: Context, node: TS.TemplateExpression, tagged: boolean): void {
    const source = this.source;
    const head = node.head;
    let textStart = head.getStart(source) + 1;
    let textEnd = head.end - 2;
    for (const span of node.templateSpans) {
      const holeStart = this.text.lastIndexOf('${', span.expression.getStart(source));
      const literalStart = span.literal.getStart(source);
      // `$${n}` writes a parameter number after a literal `$`: the pair is one value.
      const dollar = !tagged && this.text[textEnd - 1] === '$' && this.text[textEnd - 2] !== '$';
      cookInto(context.builder, this.text, textStart, dollar ? textEnd - 1 : textEnd);
      const hole = { start: dollar ? holeStart - 1 : holeStart, end: literalStart + 1 };
      if (dollar) this.slot(context, span.expression, hole, 'value', true);
      else this.hole(context, span.expression, hole, tagged);
      textStart = literalStart + 1;
      textEnd = span.literal.end - (this.tsm.isTemplateTail(span.literal) ? 1 : 2);
    }
    cookInto(context.builder, this.text, textStart, textEnd);
  }

  /**
   * What a `${…}` (or a non-literal operand of `+`) stands for: a library's SQL piece composed in place,
   * text a variable or function of this file holds spliced in from where it is written, or a stand-in.
   */
  private hole(context: Context, expr: TS.Expression, span: { start: number; end: number }, tagged: boolean): void {
    const tsm = this.tsm;
    const e = unwrap(tsm, expr);
    if (context.depth > MAX_DEPTH) return this.slot(context, e, span, 'unknown', tagged);
    if (tsm.isTaggedTemplateExpression(e)) {
      const path = namePath(tsm, e.tag);
      if (path && isSqlPieceTag(path, this.functions)) {
        context.composed.push(e.getStart(this.source));
        this.nested(context, () => this.tagged(context, e));
        return;
      }
    }
    if (tsm.isCallExpression(e)) {
      const path = namePath(tsm, e.expression) ?? [];
      const last = path[path.length - 1];
      const onSql = path.length >= 2 && /^(?:sql|Prisma|db|knex)$/.test(path[path.length - 2]);
      if (tagged && last === 'sql' && path.length === 1 && e.arguments[0] && !tsm.isTemplateLiteral(e.arguments[0]))
        // postgres.js: sql(name) is an identifier, sql(rows) the columns and values of an INSERT.
        return this.slot(context, e.arguments[0], span, 'unknown', true, this.identifierList(e.arguments));
      if (onSql && IDENTIFIER_HELPERS.has(last))
        return this.slot(context, e, span, 'identifier', true, this.identifierList(e.arguments));
      if ((onSql || !tagged) && RAW_HELPERS.has(last) && e.arguments[0]) {
        const raw = e.arguments[0];
        const ok = this.nested(context, () => this.textOf(context, raw));
        if (!ok) this.slot(context, raw, span, 'unknown', false);
        return;
      }
      if (onSql && VALUE_HELPERS.has(last)) return this.slot(context, e, span, 'value', true);
      if (onSql && LIST_HELPERS.has(last)) return this.slot(context, e, span, 'unknown', true);
      if (!tagged && tsm.isIdentifier(e.expression)) {
        const returned = this.returnedText(e.expression);
        if (returned && this.splice(context, span, () => this.textOf(context, returned))) return;
      }
    }
    if (tsm.isPropertyAccessExpression(e) && e.name.text === 'empty' && namePath(tsm, e)?.[0] === 'Prisma')
      return this.slot(context, e, span, 'fragment', true);
    if (tsm.isIdentifier(e)) {
      const value = this.scopes.valueAt(e.text, e.getStart(this.source));
      const base = value && unwrap(tsm, value.base);
      // In a tagged template a plain string is a bound value; a SQL piece or (untagged) any text is spliced in.
      const splices = base && (tagged ? isSqlPiece(tsm, base, this.functions, true) : isTextLike(tsm, base));
      if (splices && this.splice(context, span, () => this.follow(context, e, () => false))) return;
    }
    if (!tagged && (isTextLike(tsm, e) || tsm.isConditionalExpression(e))) {
      if (this.nested(context, () => this.textOf(context, e))) return;
    }
    this.slot(context, e, span, 'unknown', tagged);
  }

  /** Runs `build` one level deeper; what it added is undone when it fails. */
  private nested(context: Context, build: () => boolean | void): boolean {
    context.depth++;
    const before = context.builder.ops.length;
    const ok = build() !== false;
    context.depth--;
    if (!ok) context.builder.ops.splice(before);
    return ok;
  }

  /** Text from elsewhere in the file spliced in at `span`: its pieces keep their own host offsets. */
  private splice(context: Context, span: { start: number; end: number }, build: () => boolean): boolean {
    context.builder.enter(span.start, span.end);
    const ok = this.nested(context, build);
    if (ok) context.builder.leave();
    else context.builder.ops.pop();
    return ok;
  }

  /**
   * `"a"."b"` for `sql.identifier(['a', 'b'])` or `sql.id('a', 'b')`, `"u"."email"` for `sql.ref('u.email')`;
   * a name held in a constant of the file is read, any other stands as its variable's name.
   */
  private identifierList(args: TS.NodeArray<TS.Expression>): string | undefined {
    const tsm = this.tsm;
    const first = args[0] && unwrap(tsm, args[0]);
    if (!first) return undefined;
    const items = tsm.isArrayLiteralExpression(first) ? [...first.elements] : [...args];
    const names: string[] = [];
    for (const item of items) {
      const e = unwrap(tsm, item as TS.Expression);
      const held = tsm.isIdentifier(e) ? this.scopes.valueAt(e.text, e.getStart(this.source)) : undefined;
      const value = held && unwrap(tsm, held.base);
      if (tsm.isStringLiteral(e) || tsm.isNoSubstitutionTemplateLiteral(e))
        names.push(...(tsm.isArrayLiteralExpression(first) ? [e.text] : e.text.split('.')));
      else if (value && (tsm.isStringLiteral(value) || tsm.isNoSubstitutionTemplateLiteral(value)))
        names.push(value.text);
      else if (tsm.isIdentifier(e) || tsm.isPropertyAccessExpression(e)) names.push(nameOf(tsm, e));
      else return undefined;
    }
    if (names.length === 0 || names.some((n) => n === '')) return undefined;
    return names.map((n) => `"${n.replace(/"/g, '""')}"`).join('.');
  }

  private slot(
    context: Context,
    expr: TS.Expression,
    span: { start: number; end: number },
    hint: StandInHint,
    bound: boolean,
    identifierText?: string,
  ): void {
    const slot: StandInSlot = { hostStart: span.start, hostEnd: span.end, hint, name: nameOf(this.tsm, expr), bound };
    if (identifierText) slot.identifierText = identifierText;
    context.builder.standIn(slot);
  }
}

/** A readable name for a stand-in: the variable, the property, what a call is given or the function called. */
function nameOf(tsm: typeof TS, expr: TS.Expression): string {
  const e = unwrap(tsm, expr);
  if (tsm.isIdentifier(e)) return e.text;
  // `columns.map(…)`, `ids.join(',')`: what the array holds.
  if (tsm.isPropertyAccessExpression(e))
    return ARRAY_METHODS.has(e.name.text) ? nameOf(tsm, e.expression) : e.name.text;
  if (tsm.isElementAccessExpression(e) && tsm.isStringLiteral(e.argumentExpression)) return e.argumentExpression.text;
  if (tsm.isCallExpression(e)) {
    // `ref('orders')` by its string, `sql.join(columns, …)` by what it joins, else by the function.
    const first = e.arguments[0] && unwrap(tsm, e.arguments[0]);
    if (first && tsm.isStringLiteral(first)) return first.text;
    if (first && (tsm.isIdentifier(first) || tsm.isPropertyAccessExpression(first) || tsm.isCallExpression(first)))
      return nameOf(tsm, first);
    return nameOf(tsm, e.expression);
  }
  return 'standin';
}

/** Written as text: a string, a template, a `+` chain of them. */
function isTextLike(tsm: typeof TS, e: TS.Expression): boolean {
  if (tsm.isStringLiteral(e) || tsm.isNoSubstitutionTemplateLiteral(e) || tsm.isTemplateExpression(e)) return true;
  if (tsm.isBinaryExpression(e) && e.operatorToken.kind === tsm.SyntaxKind.PlusToken)
    return plusOperands(tsm, e).some((o) => isTextLike(tsm, unwrap(tsm, o)));
  if (tsm.isConditionalExpression(e))
    return isTextLike(tsm, unwrap(tsm, e.whenTrue)) || isTextLike(tsm, unwrap(tsm, e.whenFalse));
  return false;
}

function isEmptyText(tsm: typeof TS, e: TS.Expression): boolean {
  const u = unwrap(tsm, e);
  return (tsm.isStringLiteral(u) || tsm.isNoSubstitutionTemplateLiteral(u)) && u.text.trim() === '';
}

/** A library's SQL piece: `sql.fragment…`, `sql…`, `Prisma.sql…`; `orChoice`: or a conditional offering one. */
function isSqlPiece(tsm: typeof TS, e: TS.Expression, functions: QueryFunctions, orChoice = false): boolean {
  if (orChoice && tsm.isConditionalExpression(e))
    return [e.whenTrue, e.whenFalse].some((b) => isSqlPiece(tsm, unwrap(tsm, b), functions));
  if (!tsm.isTaggedTemplateExpression(e)) return false;
  const path = namePath(tsm, e.tag);
  return path !== undefined && isSqlPieceTag(path, functions);
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
    else if (tsm.isParenthesizedExpression(e) && tsm.isBinaryExpression(e.expression)) stack.push(e.expression);
    else out.push(e);
  }
  return out;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
