import type * as TS from 'typescript';
import type { Spans } from './redaction-spans';
import { proseSpans } from './redact-lines';
import { nameWords, isSecretName } from './secret-names';

/**
 * TypeScript and JavaScript by their syntax tree (the TypeScript compiler's parser, which recovers from
 * errors, so a half-written file is still read):
 * - literals bound to a secret's name: `const DB_PASSWORD = '…'`, `process.env.X ?? '…'`, `|| '…'`, object
 *   properties (`pass:`, `password:`, `apiKey:`, `'x-api-key':`), defaults of parameters and destructured
 *   bindings, class fields, enum members, JSX attributes, assignments (`config.db.password = '…'`) and
 *   comparisons (`if (token === '…')`);
 * - arguments of calls named like a setter of a secret (`setPassword('…')`, `withApiKey('…')`, `auth('…')`),
 *   of crypto calls (`jwt.sign(payload, '…')`, `createHmac('sha256', '…')`, `bcrypt.hash('…')`) and the value
 *   after a secret flag in an argument list (`['--password', '…']`);
 * - SQL in string literals, by the SQL rules; comments and JSX text, read as prose.
 */

type Ts = typeof TS;

/** Calls whose string arguments are credentials whatever their name says. */
const CREDENTIAL_CALLS = new Set(['auth', 'authenticate', 'login', 'logIn', 'signIn', 'basicAuth', 'BasicAuth']);
/** Crypto calls: the arguments that are keys, passwords or salts. */
const CRYPTO_ARGUMENTS = new Map<string, readonly number[]>([
  ['createHmac', [1]],
  ['createCipheriv', [1, 2]],
  ['createDecipheriv', [1, 2]],
  ['pbkdf2', [0, 1]],
  ['pbkdf2Sync', [0, 1]],
  ['scrypt', [0, 1]],
  ['scryptSync', [0, 1]],
  ['createSecretKey', [0]],
]);
/** Methods of a receiver (jwt.sign, bcrypt.hash, argon2.verify): the arguments that are secrets. */
const RECEIVER_ARGUMENTS: ReadonlyArray<[RegExp, ReadonlyMap<string, readonly number[]>]> = [
  [
    /\bjwt$|jsonwebtoken$|\bjose$/i,
    new Map([
      ['sign', [1]],
      ['verify', [1]],
    ]),
  ],
  [
    /bcrypt/i,
    new Map([
      ['hash', [0]],
      ['hashSync', [0]],
      ['compare', [0]],
      ['compareSync', [0]],
    ]),
  ],
  [
    /argon2?/i,
    new Map([
      ['hash', [0]],
      ['verify', [1]],
    ]),
  ],
];
/** A call's first word that says it reads a secret by name (`getSecret('db')`), so its argument is a name. */
const READERS = new Set([
  'get',
  'read',
  'fetch',
  'load',
  'has',
  'find',
  'lookup',
  'delete',
  'remove',
  'rotate',
  'list',
  'describe',
  'is',
  'on',
]);
/** A call's first word that says it hands a secret over (`setToken('…')`, `withApiKey('…')`). */
const SETTERS = new Set(['set', 'with', 'use', 'put', 'save', 'store', 'update', 'change', 'provide', 'add']);
const SQL_START = /^\s*(?:select|insert|update|delete|create|alter|with|grant|set|do|copy|comment)\b/i;

export type SqlRedactor = (spans: Spans) => void;

export function codeSpans(spans: Spans, ts: Ts, fileName: string, sql?: SqlRedactor): void {
  const source = ts.createSourceFile(fileName, spans.text, ts.ScriptTarget.Latest, false, scriptKind(ts, fileName));
  new CodeWalk(ts, source, spans, sql).run();
}

function scriptKind(ts: Ts, fileName: string): TS.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/i.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

class CodeWalk {
  private readonly comments = new Set<number>();

  constructor(
    private readonly ts: Ts,
    private readonly source: TS.SourceFile,
    private readonly spans: Spans,
    private readonly sql: SqlRedactor | undefined,
  ) {}

  /** Every node once, with an explicit stack: a deeply nested expression cannot overflow the call stack. */
  run(): void {
    const stack: TS.Node[] = [this.source];
    while (stack.length > 0) {
      const node = stack.pop()!;
      this.commentsAt(node.pos);
      this.visit(node);
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
  }

  private commentsAt(pos: number): void {
    const text = this.spans.text;
    for (const range of [
      ...(this.ts.getLeadingCommentRanges(text, pos) ?? []),
      ...(this.ts.getTrailingCommentRanges(text, pos) ?? []),
    ]) {
      if (this.comments.has(range.pos)) continue;
      this.comments.add(range.pos);
      proseSpans(this.spans.view(range.pos, range.end));
    }
  }

  private visit(node: TS.Node): void {
    const ts = this.ts;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node))
      this.embeddedSql(node);
    if (ts.isJsxText(node)) proseSpans(this.spans.view(node.pos, node.end));
    if (
      (ts.isVariableDeclaration(node) ||
        ts.isPropertyAssignment(node) ||
        ts.isPropertyDeclaration(node) ||
        ts.isParameter(node) ||
        ts.isEnumMember(node)) &&
      node.initializer
    ) {
      this.bound(node.name, node.initializer);
    } else if (ts.isBindingElement(node) && node.initializer) {
      this.bound(node.propertyName ?? node.name, node.initializer);
    } else if (ts.isJsxAttribute(node) && node.initializer) {
      const value = ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer;
      if (value) this.bound(node.name.getText(this.source), value);
    } else if (ts.isBinaryExpression(node)) {
      this.binary(node);
    } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      this.call(node.expression, node.arguments ?? []);
    } else if (ts.isArrayLiteralExpression(node)) {
      this.flagPairs(node.elements);
    }
  }

  private binary(node: TS.BinaryExpression): void {
    const k = this.ts.SyntaxKind;
    const op = node.operatorToken.kind;
    if (op === k.EqualsToken || op === k.QuestionQuestionEqualsToken || op === k.BarBarEqualsToken) {
      this.bound(node.left, node.right);
    } else if (
      op === k.EqualsEqualsEqualsToken ||
      op === k.EqualsEqualsToken ||
      op === k.ExclamationEqualsEqualsToken ||
      op === k.ExclamationEqualsToken
    ) {
      this.bound(node.left, node.right);
      this.bound(node.right, node.left);
    }
  }

  private call(callee: TS.Expression, args: readonly TS.Expression[]): void {
    this.flagPairs(args);
    const ts = this.ts;
    const name = this.nameOf(callee);
    if (name === undefined) return;
    const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression.getText(this.source) : '';
    const positions =
      CRYPTO_ARGUMENTS.get(name) ?? RECEIVER_ARGUMENTS.find(([pattern]) => pattern.test(receiver))?.[1].get(name);
    if (positions) {
      for (const i of positions) if (args[i]) this.literals(args[i], 'secret-argument');
      return;
    }
    // `setPassword('…')`, `hashPassword('…')`, `withApiKey('…')`; not `getSecret('db')` (a name), nor a
    // parser's `nextToken(…)` (a "token" that is a word), unless the call says it sets one (`setToken('…')`).
    const words = nameWords(name);
    // Basic authentication written out: `btoa('user:…')`, `Buffer.from('user:…')`.
    if (/^(?:btoa|from)$/.test(name) && args[0] && this.ts.isStringLiteralLike(args[0])) {
      const pair = /^[^:\s]+:(\S+)$/.exec(args[0].text);
      if (pair) {
        const end = args[0].end - 1;
        this.spans.addValue(end - pair[1].length, pair[1], 'secret-argument');
      }
    }
    const secretCall =
      isSecretName(name) &&
      !READERS.has(words[0]) &&
      (SETTERS.has(words[0]) || !/^tokens?$/.test(words[words.length - 1] ?? ''));
    if (secretCall || CREDENTIAL_CALLS.has(name)) for (const arg of args) this.literals(arg, 'secret-argument');
  }

  /** `['--password', '…']`, `spawn('psql', ['--token', '…'])`: the literal after a secret flag. */
  private flagPairs(items: readonly TS.Expression[]): void {
    for (let i = 0; i + 1 < items.length; i++) {
      const flag = items[i];
      if (!this.ts.isStringLiteral(flag) && !this.ts.isNoSubstitutionTemplateLiteral(flag)) continue;
      const match = /^--?([A-Za-z][\w.-]*)$/.exec(flag.text);
      if (match && isSecretName(match[1])) this.literals(items[i + 1], 'secret-argument');
    }
  }

  private bound(target: TS.Node | string | undefined, value: TS.Expression): void {
    if (target === undefined) return;
    const name = typeof target === 'string' ? target : this.nameOf(target);
    if (name !== undefined && isSecretName(name, typeof target !== 'string' && this.isEnvironment(target)))
      this.literals(value, 'secret-assignment');
  }

  /** `process.env.X`, `import.meta.env.X`, `env.X`: an environment variable's name, where `…_KEY` is a key. */
  private isEnvironment(node: TS.Node): boolean {
    return (
      (this.ts.isPropertyAccessExpression(node) || this.ts.isElementAccessExpression(node)) &&
      /(?:^|\.)env$/.test(node.expression.getText(this.source))
    );
  }

  private nameOf(node: TS.Node): string | undefined {
    const ts = this.ts;
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text.replace(/^#/, '');
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node))
      return node.text;
    if (ts.isPropertyAccessExpression(node)) return node.name.text;
    if (ts.isElementAccessExpression(node)) return this.nameOf(node.argumentExpression);
    if (ts.isComputedPropertyName(node)) return this.nameOf(node.expression);
    return undefined;
  }

  /**
   * The literal values an expression can take: the literal itself, either side of `??`, `||`, `&&` and `+`,
   * both branches of `?:`, the items of a list, through parentheses, casts and `String()`/`Buffer.from()`; never a call's
   * arguments otherwise (`getSecret('db-password')` names a secret, it does not hold one).
   */
  private literals(root: TS.Expression, kind: string): void {
    const ts = this.ts;
    const stack: TS.Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        const start = node.getStart(this.source) + 1;
        this.spans.addValue(start, this.spans.text.slice(start, node.end - 1), kind);
      } else if (ts.isTemplateExpression(node)) {
        for (const part of [node.head, ...node.templateSpans.map((s) => s.literal)]) {
          const start = part.getStart(this.source) + 1;
          const end = part.end - (ts.isTemplateTail(part) ? 1 : 2);
          this.spans.addValue(start, this.spans.text.slice(start, end), kind);
        }
      } else if (
        ts.isParenthesizedExpression(node) ||
        ts.isAsExpression(node) ||
        ts.isSatisfiesExpression(node) ||
        ts.isNonNullExpression(node) ||
        ts.isTypeAssertionExpression(node) ||
        ts.isAwaitExpression(node)
      ) {
        stack.push(node.expression);
      } else if (ts.isBinaryExpression(node)) {
        const op = node.operatorToken.kind;
        const k = ts.SyntaxKind;
        if (
          op === k.QuestionQuestionToken ||
          op === k.BarBarToken ||
          op === k.AmpersandAmpersandToken ||
          op === k.PlusToken
        )
          stack.push(node.left, node.right);
      } else if (ts.isConditionalExpression(node)) {
        stack.push(node.whenTrue, node.whenFalse);
      } else if (ts.isArrayLiteralExpression(node) && node === root) {
        stack.push(...node.elements); // a list of secrets; not a table of them (`[['kind', /pattern/], …]`)
      } else if (
        ts.isCallExpression(node) &&
        /^(?:String|Buffer\.from|atob|btoa)$/.test(node.expression.getText(this.source))
      ) {
        if (node.arguments[0]) stack.push(node.arguments[0]);
      }
    }
  }

  /** A string that holds SQL (`db.query("ALTER ROLE app PASSWORD '…'")`): the SQL rules on its text. */
  private embeddedSql(node: TS.StringLiteral | TS.NoSubstitutionTemplateLiteral | TS.TemplateExpression): void {
    if (!this.sql) return;
    const start = node.getStart(this.source) + 1;
    const end = node.end - 1;
    if (end <= start || !SQL_START.test(this.spans.text.slice(start, Math.min(end, start + 200)))) return;
    let masked = this.spans.text.slice(start, end);
    if (this.ts.isTemplateExpression(node)) {
      // Each `${…}` becomes a parameter of the same length, so the SQL parses and positions stay.
      let previous: TS.Node = node.head;
      for (const span of node.templateSpans) {
        const from = previous.end - 2 - start;
        const to = span.literal.getStart(this.source) + 1 - start;
        masked = masked.slice(0, from) + '$1'.padEnd(to - from, ' ') + masked.slice(to);
        previous = span.literal;
      }
    }
    this.sql(this.spans.view(start, end, masked));
  }
}
