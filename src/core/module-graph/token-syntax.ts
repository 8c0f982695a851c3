import type * as TS from 'typescript';
import type { ExportedName, ImportedName, ModuleReference, ModuleSyntax, ReferenceKind, Span } from './syntax';

/**
 * A module's imports and exports read from its tokens (TypeScript's scanner) instead of its syntax tree: the
 * tree costs four times the scan, and the graph needs only the top-level import/export statements, CommonJS
 * assignments and `import()`/`require()` calls. The answer is the tree reader's (syntax.ts) to the span; where
 * tokens alone cannot tell what the tree would say, the reader gives up and the caller parses the file:
 * declaration files, JSX, a lexical error or unbalanced brackets, a default export of an anonymous declaration
 * or an expression, destructured exports, `import()` where a type could be, and every construct below not
 * recognised. Files with syntax errors may be read differently from the parser's recovery.
 */
export function scanModuleSyntax(ts: typeof TS, file: string, text: string): ModuleSyntax | undefined {
  if (DECLARATION_FILE.test(file)) return undefined;
  const k = kindsOf(ts);
  if (!tokenize(ts, k, text, JSX_FILE.test(file))) return undefined;
  try {
    return new TokenReader(k, text, TYPED_FILE.test(file)).read();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const JSX_FILE = /\.[jt]sx$/;
const TYPED_FILE = /\.[cm]?tsx?$/;
/** Both readers look for `import()` and `require()` calls only when this matches, so their answers agree. */
export const CALL_TEXT = /\bimport\s*\(|\brequire\s*\(/;

const GIVE_UP = new Error('not readable from tokens');
const giveUp = (): never => {
  throw GIVE_UP;
};

type Kinds = ReturnType<typeof makeKinds>;

function makeKinds(ts: typeof TS) {
  const S = ts.SyntaxKind;
  return {
    EndOfFile: S.EndOfFileToken,
    Unknown: S.Unknown,
    Identifier: S.Identifier,
    PrivateIdentifier: S.PrivateIdentifier,
    String: S.StringLiteral,
    Numeric: S.NumericLiteral,
    Regex: S.RegularExpressionLiteral,
    PlainTemplate: S.NoSubstitutionTemplateLiteral,
    TemplateHead: S.TemplateHead,
    TemplateMiddle: S.TemplateMiddle,
    TemplateTail: S.TemplateTail,
    OpenBrace: S.OpenBraceToken,
    CloseBrace: S.CloseBraceToken,
    OpenParen: S.OpenParenToken,
    CloseParen: S.CloseParenToken,
    OpenBracket: S.OpenBracketToken,
    CloseBracket: S.CloseBracketToken,
    Dot: S.DotToken,
    DotDotDot: S.DotDotDotToken,
    QuestionDot: S.QuestionDotToken,
    Semicolon: S.SemicolonToken,
    Comma: S.CommaToken,
    LessThan: S.LessThanToken,
    GreaterThan: S.GreaterThanToken,
    Equals: S.EqualsToken,
    Arrow: S.EqualsGreaterThanToken,
    Colon: S.ColonToken,
    Asterisk: S.AsteriskToken,
    At: S.AtToken,
    Exclamation: S.ExclamationToken,
    Slash: S.SlashToken,
    SlashEquals: S.SlashEqualsToken,
    Import: S.ImportKeyword,
    Export: S.ExportKeyword,
    Default: S.DefaultKeyword,
    From: S.FromKeyword,
    Type: S.TypeKeyword,
    As: S.AsKeyword,
    Const: S.ConstKeyword,
    Let: S.LetKeyword,
    Var: S.VarKeyword,
    Function: S.FunctionKeyword,
    Class: S.ClassKeyword,
    Interface: S.InterfaceKeyword,
    Enum: S.EnumKeyword,
    Namespace: S.NamespaceKeyword,
    Module: S.ModuleKeyword,
    Declare: S.DeclareKeyword,
    Abstract: S.AbstractKeyword,
    Async: S.AsyncKeyword,
    Implements: S.ImplementsKeyword,
    Require: S.RequireKeyword,
    Get: S.GetKeyword,
    Set: S.SetKeyword,
    New: S.NewKeyword,
    If: S.IfKeyword,
    For: S.ForKeyword,
    While: S.WhileKeyword,
    With: S.WithKeyword,
    In: S.InKeyword,
    InstanceOf: S.InstanceOfKeyword,
    FirstKeyword: S.FirstKeyword,
    LastKeyword: S.LastKeyword,
    LastReservedWord: S.LastReservedWord,
    /** Keywords after which `/` starts a regular expression, not a division. */
    regexAfter: new Set([
      S.ReturnKeyword,
      S.TypeOfKeyword,
      S.CaseKeyword,
      S.DoKeyword,
      S.ElseKeyword,
      S.InKeyword,
      S.OfKeyword,
      S.NewKeyword,
      S.DeleteKeyword,
      S.VoidKeyword,
      S.ThrowKeyword,
      S.InstanceOfKeyword,
      S.YieldKeyword,
      S.AwaitKeyword,
    ]),
    /** Tokens other than keywords that, after a line break, start a statement rather than continue one. */
    startsLine: new Set([
      S.Identifier,
      S.PrivateIdentifier,
      S.StringLiteral,
      S.NumericLiteral,
      S.BigIntLiteral,
      S.OpenBraceToken,
      S.AtToken,
      S.ExclamationToken,
      S.TildeToken,
      S.PlusPlusToken,
      S.MinusMinusToken,
    ]),
    /** Tokens after which `import(…)` can only be an expression, never a type. */
    operandAfter: new Set([
      S.AwaitKeyword,
      S.ReturnKeyword,
      S.YieldKeyword,
      S.VoidKeyword,
      S.SemicolonToken,
      S.OpenBraceToken,
      S.CloseBraceToken,
      S.ExclamationToken,
      S.AmpersandAmpersandToken,
      S.BarBarToken,
      S.QuestionQuestionToken,
    ]),
    /** Tokens after which a line break may end a statement (an expression can end with them). */
    endsExpression: new Set([
      S.Identifier,
      S.PrivateIdentifier,
      S.StringLiteral,
      S.NumericLiteral,
      S.BigIntLiteral,
      S.RegularExpressionLiteral,
      S.NoSubstitutionTemplateLiteral,
      S.TemplateTail,
      S.CloseParenToken,
      S.CloseBracketToken,
      S.CloseBraceToken,
      S.ThisKeyword,
      S.SuperKeyword,
      S.NullKeyword,
      S.TrueKeyword,
      S.FalseKeyword,
      S.PlusPlusToken,
      S.MinusMinusToken,
    ]),
  };
}

let kinds: { ts: typeof TS; kinds: Kinds } | undefined;
function kindsOf(ts: typeof TS): Kinds {
  if (kinds?.ts !== ts) kinds = { ts, kinds: makeKinds(ts) };
  return kinds.kinds;
}

// The tokens of the file being read, in arrays kept between files (no object per token).
let capacity = 0;
let count = 0;
let kind = new Int32Array(0);
let start = new Int32Array(0);
let end = new Int32Array(0);
/** 1 when a line break comes before the token. */
let newline = new Uint8Array(0);
/** Brackets (and template substitutions) open around the token. */
let depth = new Int32Array(0);
/** For a bracket, the index of its partner. */
let match = new Int32Array(0);
let stack = new Int32Array(64);

function grow(): void {
  capacity = Math.max(1024, capacity * 2);
  const widen = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
    const next = make(capacity);
    next.set(old);
    return next;
  };
  kind = widen(kind, (n) => new Int32Array(n));
  start = widen(start, (n) => new Int32Array(n));
  end = widen(end, (n) => new Int32Array(n));
  newline = widen(newline, (n) => new Uint8Array(n));
  depth = widen(depth, (n) => new Int32Array(n));
  match = widen(match, (n) => new Int32Array(n));
}

let scanner: { ts: typeof TS; scanner: TS.Scanner } | undefined;
let scanFailed = false;

/** Fills the token arrays; false when the text has a lexical error, unbalanced brackets, or JSX may start. */
function tokenize(ts: typeof TS, k: Kinds, text: string, jsx: boolean): boolean {
  if (scanner?.ts !== ts)
    scanner = {
      ts,
      scanner: ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, undefined, () => {
        scanFailed = true;
      }),
    };
  const s = scanner.scanner;
  s.setText(text);
  scanFailed = false;
  count = 0;
  let open = 0;
  for (;;) {
    let t = s.scan();
    if (t === k.EndOfFile) break;
    if (t === k.Slash || t === k.SlashEquals) {
      if (regexMayFollow(k)) t = s.reScanSlashToken();
    } else if (t === k.CloseBrace && open > 0) {
      const top = kind[stack[open - 1]];
      if (top === k.TemplateHead || top === k.TemplateMiddle) t = s.reScanTemplateToken(false);
    } else if (t === k.LessThan) {
      if (jsx && regexMayFollow(k)) return false;
    } else if (t === k.Unknown) return false;
    if (scanFailed) return false;
    if (count === capacity) grow();
    const i = count++;
    kind[i] = t;
    start[i] = s.getTokenStart();
    end[i] = s.getTokenEnd();
    newline[i] = s.hasPrecedingLineBreak() ? 1 : 0;
    if (t === k.OpenBrace || t === k.OpenParen || t === k.OpenBracket || t === k.TemplateHead) {
      depth[i] = open;
      if (open === stack.length) {
        const wider = new Int32Array(open * 2);
        wider.set(stack);
        stack = wider;
      }
      stack[open++] = i;
    } else if (t === k.CloseBrace || t === k.CloseParen || t === k.CloseBracket || t === k.TemplateTail) {
      if (open === 0) return false;
      const o = stack[--open];
      const ok =
        t === k.CloseBrace
          ? kind[o] === k.OpenBrace
          : t === k.CloseParen
            ? kind[o] === k.OpenParen
            : t === k.CloseBracket
              ? kind[o] === k.OpenBracket
              : kind[o] === k.TemplateHead || kind[o] === k.TemplateMiddle;
      if (!ok) return false;
      depth[i] = open;
      match[o] = i;
      match[i] = o;
    } else if (t === k.TemplateMiddle) {
      if (open === 0) return false;
      const o = stack[open - 1];
      if (kind[o] !== k.TemplateHead && kind[o] !== k.TemplateMiddle) return false;
      depth[i] = open - 1;
      match[o] = i;
      stack[open - 1] = i;
    } else depth[i] = open;
  }
  return !scanFailed && open === 0;
}

/** Whether a `/` (or a `<` in JSX) at the next token starts an operand, from the token before it. */
function regexMayFollow(k: Kinds): boolean {
  if (count === 0) return true;
  const p = kind[count - 1];
  if (p === k.Identifier || p === k.PrivateIdentifier) return false;
  if (p >= k.FirstKeyword && p <= k.LastKeyword) {
    if (count >= 2 && (kind[count - 2] === k.Dot || kind[count - 2] === k.QuestionDot)) return false;
    return k.regexAfter.has(p);
  }
  if (p === k.CloseParen) {
    const before = match[count - 1] - 1;
    return (
      before >= 0 &&
      (kind[before] === k.If || kind[before] === k.While || kind[before] === k.For || kind[before] === k.With)
    );
  }
  if (p === k.CloseBrace) return true;
  return !k.endsExpression.has(p);
}

class TokenReader {
  private readonly references: ModuleReference[] = [];
  private readonly calls: ModuleReference[] = [];
  private readonly exports: ExportedName[] = [];
  private readonly readCalls: boolean;

  constructor(
    private readonly k: Kinds,
    private readonly text: string,
    private readonly typed: boolean,
  ) {
    this.readCalls = CALL_TEXT.test(text);
  }

  read(): ModuleSyntax {
    const k = this.k;
    for (let i = 0; i < count; i++) {
      const t = kind[i];
      if (t === k.Import) {
        if (this.afterDot(i)) continue;
        const next = this.kindAt(i + 1);
        if (next === k.OpenParen) this.call(i, 'dynamic');
        else if (next !== k.Dot && depth[i] === 0) this.importDeclaration(i);
      } else if (t === k.Export) {
        if (depth[i] === 0 && !this.afterDot(i)) this.exportDeclaration(i);
      } else if (t === k.Module) {
        if (depth[i] === 0) this.commonJs(i);
      } else if (t === k.Require) {
        const next = this.kindAt(i + 1);
        if (next === k.OpenParen) this.call(i, 'require');
        else if (next === k.QuestionDot || (next === k.LessThan && this.typed)) giveUp();
      } else if (t === k.Identifier) {
        if (depth[i] === 0 && end[i] - start[i] === 7) this.commonJs(i);
      }
    }
    return { references: [...this.references, ...this.calls], exports: this.exports };
  }

  // ── tokens ──

  private kindAt(i: number): number {
    return i >= 0 && i < count ? kind[i] : this.k.EndOfFile;
  }

  private span(i: number): Span {
    return { start: start[i], end: end[i] };
  }

  private afterDot(i: number): boolean {
    return i > 0 && (kind[i - 1] === this.k.Dot || kind[i - 1] === this.k.QuestionDot);
  }

  /** An identifier, or a contextual keyword the parser takes as one (`type`, `as`, `from`, `async`…). */
  private identifier(i: number): boolean {
    const t = this.kindAt(i);
    return t === this.k.Identifier || (t > this.k.LastReservedWord && t <= this.k.LastKeyword);
  }

  /** Any identifier name: the name of an import or export specifier, a property, a member. */
  private identifierName(i: number): boolean {
    const t = this.kindAt(i);
    return t === this.k.Identifier || (t >= this.k.FirstKeyword && t <= this.k.LastKeyword);
  }

  private isString(i: number): boolean {
    return this.kindAt(i) === this.k.String;
  }

  /** An identifier's text; an escaped one (`\u0061`) is left to the parser. */
  private name(i: number): string {
    const value = this.text.slice(start[i], end[i]);
    return value.includes('\\') ? giveUp() : value;
  }

  /** A string literal's value; one with escapes is left to the parser. */
  private stringValue(i: number): string {
    const value = this.text.slice(start[i] + 1, end[i] - 1);
    return value.includes('\\') ? giveUp() : value;
  }

  /** A module export name: an identifier name or a string (`export { a as "b-c" }`). */
  private exportName(i: number): string {
    if (this.isString(i)) return this.stringValue(i);
    return this.identifierName(i) ? this.name(i) : giveUp();
  }

  private expect(i: number, t: number): void {
    if (this.kindAt(i) !== t) giveUp();
  }

  private reference(literal: number, kindOf: ReferenceKind, names: ImportedName[], typeOnly: boolean): void {
    this.references.push({
      specifier: this.stringValue(literal),
      kind: kindOf,
      span: this.span(literal),
      names,
      typeOnly,
    });
  }

  /**
   * Whether the token at `i`, after a line break, starts a new statement rather than continuing the expression
   * before it (automatic semicolon insertion, given the token before can end an expression).
   */
  private startsAfterBreak(i: number): boolean {
    const k = this.k;
    const t = kind[i];
    if (t === k.In || t === k.InstanceOf) return false;
    return (t >= k.FirstKeyword && t <= k.LastKeyword) || k.startsLine.has(t);
  }

  /** Whether the statement goes on no further than token `i - 1`: `i` is past the end, a `;` or a new line's start. */
  private statementEndsAt(i: number, extraEnders?: number): boolean {
    if (i >= count) return true;
    if (kind[i] === this.k.Semicolon) return true;
    if (!newline[i] || !this.startsAfterBreak(i)) return false;
    const p = kind[i - 1];
    return this.k.endsExpression.has(p) || this.identifier(i - 1) || p === extraEnders;
  }

  /**
   * The end (exclusive) of an expression starting at `from`, at the end of its statement or, with `toComma`, at a
   * comma of its depth (the next declarator); `comma` says whether one was met (a comma expression).
   */
  private expressionEnd(from: number, toComma = false): { end: number; comma: boolean } {
    const k = this.k;
    let less = false;
    let comma = false;
    let i = from;
    for (; i < count; i++) {
      if (depth[i] !== depth[from]) continue;
      if (i > from && this.statementEndsAt(i)) break;
      if (kind[i] === k.LessThan) less = true;
      else if (kind[i] === k.Comma) {
        comma = true;
        if (toComma) break;
      }
    }
    if (comma && less) giveUp();
    return { end: i, comma };
  }

  // ── import declarations ──

  private importDeclaration(i: number): void {
    const k = this.k;
    let j = i + 1;
    let typeOnly = false;
    if (this.kindAt(j) === k.Type) {
      const next = this.kindAt(j + 1);
      if (next === k.OpenBrace || next === k.Asterisk) typeOnly = true;
      else if (this.identifier(j + 1)) typeOnly = !(next === k.From && this.isString(j + 2));
      if (typeOnly) j++;
    }
    if (this.isString(j)) {
      if (typeOnly) giveUp();
      this.reference(j, 'import', [], false);
      return;
    }
    const names: ImportedName[] = [];
    if (this.identifier(j)) {
      if (this.kindAt(j + 1) === k.Equals) {
        this.importEquals(j, typeOnly);
        return;
      }
      names.push({ name: 'default', local: this.name(j), span: this.span(j), typeOnly });
      j++;
      if (this.kindAt(j) === k.Comma) {
        j++;
        if (this.kindAt(j) !== k.Asterisk && this.kindAt(j) !== k.OpenBrace) giveUp();
      }
    }
    if (this.kindAt(j) === k.Asterisk) {
      this.expect(j + 1, k.As);
      if (!this.identifier(j + 2)) giveUp();
      names.push({ name: '*', local: this.name(j + 2), span: this.span(j + 2), typeOnly });
      j += 3;
    } else if (this.kindAt(j) === k.OpenBrace) {
      const close = match[j];
      this.specifiers(j, close, typeOnly, names, 'imported');
      j = close + 1;
    }
    this.expect(j, k.From);
    if (!this.isString(j + 1)) giveUp();
    this.reference(j + 1, 'import', names, typeOnly);
  }

  /** `import x = require('y')` (a reference); `import x = A.B` (an alias, nothing). `name` is x's token. */
  private importEquals(name: number, typeOnly: boolean): void {
    const k = this.k;
    const r = name + 2;
    if (
      this.kindAt(r) === k.Require &&
      this.kindAt(r + 1) === k.OpenParen &&
      this.isString(r + 2) &&
      this.kindAt(r + 3) === k.CloseParen
    )
      this.reference(
        r + 2,
        'import-equals',
        [{ name: '*', local: this.name(name), span: this.span(name), typeOnly: false }],
        typeOnly,
      );
  }

  /**
   * `{ a, b as c, type d }` between the braces at `open` and `close`: as an import or a re-export lists them
   * (`imported`: the other module's name, the local one), or as `export { … }` does (`exported`).
   */
  private specifiers(open: number, close: number, typeOnly: boolean, names: ImportedName[], as: 'imported'): void;
  private specifiers(open: number, close: number, typeOnly: boolean, names: ExportedName[], as: 'exported'): void;
  private specifiers(
    open: number,
    close: number,
    typeOnly: boolean,
    names: (ImportedName | ExportedName)[],
    as: 'imported' | 'exported',
  ): void {
    const k = this.k;
    let first = open + 1;
    for (let i = open + 1; i <= close; i++) {
      if (i < close && kind[i] !== k.Comma) {
        if (depth[i] !== depth[open] + 1) giveUp();
        continue;
      }
      if (i > first) {
        let t = first;
        let own = false;
        if (kind[t] === k.Type && i - t >= 2) {
          if (kind[t + 1] === k.As) giveUp();
          own = true;
          t++;
        }
        let other: string;
        let local: string;
        if (i - t === 1) other = local = this.exportName(t);
        else if (i - t === 3 && kind[t + 1] === k.As) {
          other = this.exportName(t);
          local = this.exportName(t + 2);
        } else return giveUp();
        const span = { start: start[first], end: end[i - 1] };
        if (as === 'imported') names.push({ name: other, local, span, typeOnly: typeOnly || own });
        else names.push({ name: local, local: other, span, typeOnly: typeOnly || own });
      } else if (i < close) giveUp();
      first = i + 1;
    }
  }

  // ── export declarations ──

  private exportDeclaration(i: number): void {
    const k = this.k;
    const j = i + 1;
    const t = this.kindAt(j);
    if (t === k.Asterisk) this.exportStar(j, false);
    else if (t === k.Type && this.kindAt(j + 1) === k.Asterisk) this.exportStar(j + 1, true);
    else if (t === k.Type && this.kindAt(j + 1) === k.OpenBrace) this.exportNamed(j + 1, true);
    else if (t === k.OpenBrace) this.exportNamed(j, false);
    else if (t === k.Default) this.exportDefault(i, j + 1);
    else if (t === k.Equals) {
      if (!this.identifier(j + 1)) giveUp();
      this.exportAssignment(i, j + 1, 'export=');
    } else if (t === k.Import) {
      // `export import x = …`: read as the import it is when the loop meets `import`.
      if (!this.identifier(j + 1) || this.kindAt(j + 2) !== k.Equals) giveUp();
    } else if (t === k.As) this.expect(j + 1, k.Namespace);
    else this.declaration(j);
  }

  private exportStar(star: number, typeOnly: boolean): void {
    const k = this.k;
    if (this.kindAt(star + 1) === k.As) {
      const local = this.exportName(star + 2);
      this.expect(star + 3, k.From);
      if (!this.isString(star + 4)) giveUp();
      this.reference(star + 4, 're-export', [{ name: '*', local, span: this.span(star + 2), typeOnly }], typeOnly);
      return;
    }
    this.expect(star + 1, k.From);
    if (!this.isString(star + 2)) giveUp();
    this.reference(star + 2, 'export-star', [], typeOnly);
  }

  private exportNamed(open: number, typeOnly: boolean): void {
    const close = match[open];
    if (this.kindAt(close + 1) === this.k.From && this.isString(close + 2)) {
      const names: ImportedName[] = [];
      this.specifiers(open, close, typeOnly, names, 'imported');
      this.reference(close + 2, 're-export', names, typeOnly);
    } else this.specifiers(open, close, typeOnly, this.exports, 'exported');
  }

  /** `export default …`: a named declaration exports its name; an identifier is an export assignment. */
  private exportDefault(exportToken: number, j: number): void {
    const k = this.k;
    while (this.kindAt(j) === k.At) j = this.afterDecorator(j);
    let t = j;
    if (this.kindAt(t) === k.Async && this.kindAt(t + 1) === k.Function && !newline[t + 1]) t++;
    if (this.kindAt(t) === k.Abstract && this.kindAt(t + 1) === k.Class) t++;
    const declared = this.kindAt(t);
    if (declared === k.Function || declared === k.Class || declared === k.Interface) {
      let n = t + 1;
      if (declared === k.Function && this.kindAt(n) === k.Asterisk) n++;
      // Anonymous: the export's span is the whole declaration, which tokens alone do not delimit.
      if (!this.identifier(n) || kind[n] === k.Implements) giveUp();
      this.exports.push({
        name: 'default',
        local: this.name(n),
        span: this.span(n),
        typeOnly: declared === k.Interface,
      });
    } else if (this.identifier(j)) this.exportAssignment(exportToken, j, 'default');
    else giveUp();
  }

  /** `export default x;` and `export = x;`: the statement is the span; any other expression is left to the parser. */
  private exportAssignment(exportToken: number, value: number, name: 'default' | 'export='): void {
    const after = value + 1;
    if (!this.statementEndsAt(after)) giveUp();
    const last = after < count && kind[after] === this.k.Semicolon ? after : value;
    this.exports.push({
      name,
      local: this.name(value),
      span: { start: start[exportToken], end: end[last] },
      typeOnly: false,
    });
  }

  private declaration(j: number): void {
    const k = this.k;
    while (this.kindAt(j) === k.At) j = this.afterDecorator(j);
    if (this.kindAt(j) === k.Declare) j++;
    if (this.kindAt(j) === k.Abstract && this.kindAt(j + 1) === k.Class) j++;
    if (this.kindAt(j) === k.Async && this.kindAt(j + 1) === k.Function && !newline[j + 1]) j++;
    const t = this.kindAt(j);
    if (t === k.Const && this.kindAt(j + 1) === k.Enum) this.declared(j + 2, false);
    else if (t === k.Const || t === k.Let || t === k.Var) this.variables(j + 1);
    else if (t === k.Function) this.declared(this.kindAt(j + 1) === k.Asterisk ? j + 2 : j + 1, false);
    else if (t === k.Class || t === k.Enum) this.declared(j + 1, false);
    else if (t === k.Interface || t === k.Type) this.declared(j + 1, true);
    else if (t === k.Namespace || t === k.Module) {
      if (!this.isString(j + 1)) this.declared(j + 1, false);
    } else giveUp();
  }

  private declared(name: number, typeOnly: boolean): void {
    if (!this.identifier(name) || kind[name] === this.k.Implements) giveUp();
    this.exports.push({ name: this.name(name), span: this.span(name), typeOnly });
  }

  /** The token after a decorator (`@a.b`, `@a(…)`, `@(…)`). */
  private afterDecorator(at: number): number {
    const k = this.k;
    let j = at + 1;
    if (this.kindAt(j) === k.OpenParen) return match[j] + 1;
    if (!this.identifier(j)) giveUp();
    j++;
    while (this.kindAt(j) === k.Dot && this.identifierName(j + 1)) j += 2;
    if (this.kindAt(j) === k.OpenParen) j = match[j] + 1;
    return j;
  }

  /** `export const a = …, b: T = …`: each declared name; a destructuring pattern is left to the parser. */
  private variables(first: number): void {
    const k = this.k;
    let n = first;
    for (;;) {
      if (!this.identifier(n)) giveUp();
      this.exports.push({ name: this.name(n), span: this.span(n), typeOnly: false });
      let i = n + 1;
      if (this.kindAt(i) === k.Exclamation) i++;
      if (this.kindAt(i) === k.Colon) {
        // A type annotation: commas inside `<…>` are the type's own.
        let angle = 0;
        for (i++; i < count; i++) {
          if (depth[i] !== 0) continue;
          if (kind[i] === k.LessThan) angle++;
          else if (kind[i] === k.GreaterThan) angle--;
          else if (angle === 0 && (kind[i] === k.Equals || kind[i] === k.Comma)) break;
          if (angle === 0 && this.statementEndsAt(i + 1, k.GreaterThan)) {
            i++;
            break;
          }
        }
      }
      if (this.kindAt(i) === k.Equals) i = this.expressionEnd(i + 1, true).end;
      if (this.kindAt(i) !== k.Comma) return;
      n = i + 1;
    }
  }

  // ── CommonJS ──

  /** `exports.a = …`, `module.exports.a = …`, `module.exports = …` as a top-level statement of its own. */
  private commonJs(i: number): void {
    const k = this.k;
    const word = this.text.slice(start[i], end[i]);
    let named: number | undefined;
    let equals: number;
    if (word === 'exports') {
      if (this.kindAt(i + 1) !== k.Dot || !this.identifierName(i + 2) || this.kindAt(i + 3) !== k.Equals) return;
      named = i + 2;
      equals = i + 3;
    } else if (word === 'module') {
      if (this.kindAt(i + 1) !== k.Dot || !this.identifier(i + 2) || this.name(i + 2) !== 'exports') return;
      if (this.kindAt(i + 3) === k.Equals) equals = i + 3;
      else if (this.kindAt(i + 3) === k.Dot && this.identifierName(i + 4) && this.kindAt(i + 5) === k.Equals) {
        named = i + 4;
        equals = i + 5;
      } else return;
    } else return;
    if (this.afterDot(i) || !this.startsStatement(i)) return;
    const value = equals + 1;
    if (value >= count) giveUp();
    const { end: after, comma } = this.expressionEnd(value);
    // `exports.a = b, c`: the statement is a comma expression, not an assignment.
    if (comma) return;
    const local = after === value + 1 && this.identifier(value) ? this.name(value) : undefined;
    if (named !== undefined) {
      this.exports.push({
        name: this.name(named),
        ...(local ? { local } : {}),
        span: this.span(named),
        typeOnly: false,
      });
    } else if (kind[value] === k.OpenBrace && match[value] === after - 1) this.objectExports(value);
    else
      this.exports.push({
        name: 'export=',
        ...(local ? { local } : {}),
        span: { start: start[i], end: end[i + 2] },
        typeOnly: false,
      });
  }

  /** Whether the token at `i` (depth 0) begins a statement of the file itself, not the body of an `if` or a label. */
  private startsStatement(i: number): boolean {
    const k = this.k;
    if (i === 0) return true;
    const p = kind[i - 1];
    if (p === k.Semicolon || p === k.CloseBrace) return true;
    if (!newline[i]) return false;
    if (p === k.CloseParen) {
      const before = this.kindAt(match[i - 1] - 1);
      if (before === k.While) giveUp();
      return before !== k.If && before !== k.For && before !== k.With;
    }
    return k.endsExpression.has(p) || this.identifier(i - 1);
  }

  /** `module.exports = { a, b: c, d() {} }`: each property named by an identifier or a string. */
  private objectExports(open: number): void {
    const k = this.k;
    const close = match[open];
    const inside = depth[open] + 1;
    let first = open + 1;
    for (let i = open + 1; i <= close; i++) {
      if (i < close && depth[i] === inside && kind[i] === k.LessThan) giveUp();
      if (i < close && !(kind[i] === k.Comma && depth[i] === inside)) continue;
      if (i > first) this.property(first, i);
      first = i + 1;
    }
  }

  private property(first: number, after: number): void {
    const k = this.k;
    if (kind[first] === k.DotDotDot) return;
    const span = { start: start[first], end: end[after - 1] };
    if (after - first === 1) {
      if (!this.identifier(first)) giveUp();
      const name = this.name(first);
      this.exports.push({ name, local: name, span, typeOnly: false });
      return;
    }
    let n = first;
    if (kind[n] === k.Asterisk) n++;
    else if ((kind[n] === k.Get || kind[n] === k.Set || kind[n] === k.Async) && !this.nameEnds(n + 1)) {
      n++;
      if (kind[n] === k.Asterisk) n++;
    }
    const named = this.identifierName(n) || this.isString(n);
    const next = this.kindAt(n + 1);
    if (next === k.Colon) {
      if (!named) return;
      const local = after === n + 3 && this.identifier(n + 2) ? this.name(n + 2) : undefined;
      this.exports.push({ name: this.exportName(n), ...(local ? { local } : {}), span, typeOnly: false });
    } else if (next === k.OpenParen) {
      if (named) this.exports.push({ name: this.exportName(n), span, typeOnly: false });
    } else if (kind[n] !== k.OpenBracket) giveUp();
  }

  /** Whether the token at `i` follows a property name (so a `get`, `set` or `async` before it is the name). */
  private nameEnds(i: number): boolean {
    const t = this.kindAt(i);
    return t === this.k.OpenParen || t === this.k.Colon || t === this.k.LessThan || t === this.k.Comma;
  }

  // ── calls ──

  /** `import('x')` or `require('x')` whose first argument is a string literal. */
  private call(callee: number, kindOf: 'dynamic' | 'require'): void {
    const k = this.k;
    if (!this.readCalls || this.afterDot(callee)) return;
    const literal = callee + 2;
    const t = this.kindAt(literal);
    if (t !== k.String && t !== k.PlainTemplate) return;
    const after = this.kindAt(literal + 1);
    if (after !== k.Comma && after !== k.CloseParen) return;
    const before = callee > 0 ? kind[callee - 1] : k.EndOfFile;
    if (before === k.New) {
      if (kindOf === 'dynamic') giveUp();
      return;
    }
    if (kindOf === 'require' && before === k.Equals && this.isImportEquals(callee - 1)) return;
    if (kindOf === 'dynamic' && this.typed && !this.expressionBefore(callee)) giveUp();
    this.calls.push({
      specifier: this.stringValue(literal),
      kind: kindOf,
      span: this.span(literal),
      names: kindOf === 'require' ? this.requiredNames(callee, match[callee + 1]) : [],
      typeOnly: false,
    });
  }

  private isImportEquals(equals: number): boolean {
    const k = this.k;
    if (!this.identifier(equals - 1)) return false;
    const before = this.kindAt(equals - 2);
    return before === k.Import || (before === k.Type && this.kindAt(equals - 3) === k.Import);
  }

  /**
   * Whether `import(` at `i` is an expression for certain: in a typed file `import('x')` may be a type
   * (`: import('x').T`), which the tree reader does not count, and tokens alone seldom tell the two apart.
   */
  private expressionBefore(i: number): boolean {
    const k = this.k;
    if (i === 0) return true;
    const p = kind[i - 1];
    if (k.operandAfter.has(p)) return true;
    if (p === k.OpenParen) return this.isCallOpen(i - 1);
    if (p !== k.Arrow) return false;
    // `() => import('x')`: an arrow function, not a function type, when it is a call's argument or a variable's value.
    let head = i - 2;
    if (head < 0) return false;
    if (this.identifier(head)) head--;
    else if (kind[head] === k.CloseParen) head = match[head] - 1;
    else return false;
    if (this.kindAt(head) === k.Async) head--;
    if (head < 0) return false;
    if (kind[head] === k.OpenParen) return this.isCallOpen(head);
    if (kind[head] !== k.Equals || !this.identifier(head - 1)) return false;
    const declarator = this.kindAt(head - 2);
    return declarator === k.Const || declarator === k.Let || declarator === k.Var;
  }

  /** A `(` that opens a call's arguments: after an identifier or a `)`. */
  private isCallOpen(open: number): boolean {
    return open > 0 && (this.identifier(open - 1) || kind[open - 1] === this.k.CloseParen);
  }

  /**
   * `const { a, b: c } = require('x')` takes a and b, `const x = require('x')` the whole module; any other use of
   * the call takes nothing by name. `close` is the call's `)`.
   */
  private requiredNames(callee: number, close: number): ImportedName[] {
    const k = this.k;
    if (callee < 2 || kind[callee - 1] !== k.Equals || !this.initializerIsCall(close)) return [];
    const binding = callee - 2;
    const b = kind[binding];
    if (this.identifier(binding)) {
      const before = this.kindAt(binding - 1);
      if (before === k.Const || before === k.Let || before === k.Var)
        return [{ name: '*', local: this.name(binding), span: this.span(binding), typeOnly: false }];
      if (binding === 0) return [];
      if (before === k.Dot || before === k.QuestionDot) {
        let j = binding - 1;
        while (this.kindAt(j) === k.Dot && this.identifierName(j - 1)) j -= 2;
        return this.kindAt(j) === k.Colon ? giveUp() : [];
      }
      if (before === k.Semicolon || before === k.OpenBrace || before === k.CloseBrace || before === k.OpenParen)
        return [];
      if (newline[binding] && (k.endsExpression.has(before) || this.identifier(binding - 1))) return [];
      return giveUp();
    }
    if (b === k.CloseBrace) {
      const open = match[binding];
      const before = this.kindAt(open - 1);
      if (before === k.Const || before === k.Let || before === k.Var) return this.patternNames(open, binding);
      return before === k.Colon ? giveUp() : [];
    }
    if (b === k.CloseBracket) {
      const before = this.kindAt(match[binding] - 1);
      if (before === k.Const || before === k.Let || before === k.Var) return [];
      return this.typed && (this.identifier(match[binding] - 1) || before === k.CloseBracket) ? giveUp() : [];
    }
    return giveUp();
  }

  /** Whether the expression a `=` assigns ends with the call's `)` at `close`. */
  private initializerIsCall(close: number): boolean {
    const k = this.k;
    const next = close + 1;
    if (next >= count) return true;
    const t = kind[next];
    if (t === k.Semicolon || t === k.Comma || t === k.CloseBrace || t === k.CloseParen) return true;
    if (!newline[next]) return false;
    return this.startsAfterBreak(next);
  }

  /** The names an object binding pattern takes: `{ a, b: c, d = 1, ...e }`. */
  private patternNames(open: number, close: number): ImportedName[] {
    const k = this.k;
    const inside = depth[open] + 1;
    const names: ImportedName[] = [];
    let first = open + 1;
    for (let i = open + 1; i <= close; i++) {
      if (i < close && depth[i] === inside && kind[i] === k.LessThan) giveUp();
      if (i < close && !(kind[i] === k.Comma && depth[i] === inside)) continue;
      if (i > first) {
        const span = { start: start[first], end: end[i - 1] };
        const size = i - first;
        if (kind[first] === k.DotDotDot) {
          if (size === 2 && this.identifier(first + 1)) {
            const name = this.name(first + 1);
            names.push({ name, local: name, span, typeOnly: false });
          }
        } else if (this.identifier(first) && (size === 1 || kind[first + 1] === k.Equals)) {
          const name = this.name(first);
          names.push({ name, local: name, span, typeOnly: false });
        } else if (this.kindAt(first + 1) === k.Colon) {
          if (this.identifierName(first) && this.identifier(first + 2) && (size === 3 || kind[first + 3] === k.Equals))
            names.push({ name: this.name(first), local: this.name(first + 2), span, typeOnly: false });
        } else if (kind[first] !== k.OpenBracket) giveUp();
      }
      first = i + 1;
    }
    return names;
  }
}
