import { driverPlaceholderCarves } from './driver-placeholders';
import type { SqlFragment } from './fragment';
import { fragmentOf } from './fragment';
import { cookInto } from './host-literals';
import { forEachCodeOffset } from './lexer';
import type { Carve } from './stand-ins';
import { RecipeBuilder, highestParameter } from './stand-ins';
import { filledInCarves } from './sql-file-sources';

/**
 * SQL in Go sources: string literals (raw `` `…` `` and interpreted `"…"`) whose text is a whole statement,
 * as database/sql, sqlx and pgx code writes its queries (`query := `SELECT …``, `tx.Exec("UPDATE …")`).
 * No Go parser is needed for that: a literal is found by Go's lexical rules alone (comments, runes and the two
 * kinds of string), and a chain of literals joined by `+` is one statement, a plain name between them a
 * stand-in. What Go code fills in at run time becomes a stand-in too: `fmt.Sprintf`'s verbs (`%s`, `%[1]d`),
 * `$%d` (a numbered parameter), and sqlx's `?` and `:name` bindings.
 *
 * Where a literal is used (passed to a query call, kept in a variable, returned) does not matter: a Go string
 * shaped like a statement (below) is SQL in every code base we have seen. A command word alone is not enough:
 * Go's HTTP routes start with one (`"DELETE /v1/feeds/{id}"`), and so do flag descriptions ("Create an admin user").
 */
const GO_STATEMENT = new RegExp(
  '^(?:\\s|--[^\\n]*\\n|/\\*[\\s\\S]*?\\*/)*(?:' +
    [
      String.raw`select\s+(?:\d|true\b|false\b|null\b|exists\b|count\b|\$|'|\(|[\w.]+\()`,
      String.raw`select\b[\s\S]*\bfrom\s`,
      String.raw`insert\s+into\s`,
      String.raw`update\s+(?:only\s+)?[\w."]+(?:\s+(?:as\s+)?\w+)?\s+set\s`,
      String.raw`delete\s+from\s`,
      String.raw`with\s+(?:recursive\s+)?[\w"]+\s*(?:\([^)]*\)\s*)?as\s+(?:(?:not\s+)?materialized\s+)?\(`,
      String.raw`(?:create|drop|alter)\s+(?:or\s+replace\s+|unique\s+|temp(?:orary)?\s+|unlogged\s+|materialized\s+)*(?:table|index|view|type|function|trigger|extension|schema|sequence|policy|domain|procedure|role|database|rule|aggregate|collation|publication|subscription)\b`,
      String.raw`truncate\s+(?:table\s+)?(?:only\s+)?[\w."]+(?:\s*,\s*[\w."]+)*\s*(?:;|$|\b(?:cascade|restrict|restart|continue)\b)`,
      String.raw`(?:vacuum|analy[sz]e|reindex|cluster|refresh\s+materialized\s+view)\b`,
      String.raw`merge\s+into\s`,
      String.raw`comment\s+on\s`,
    ].join('|') +
    ')',
  'i',
);

/** A literal that may begin a statement: it starts with a command word. */
const COMMAND_FIRST =
  /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:select|insert|update|delete|with|create|drop|alter|truncate|vacuum|analy[sz]e|reindex|cluster|refresh|merge|comment)\b/i;

interface GoLiteral {
  start: number;
  end: number;
  raw: boolean;
}

/** The SQL fragments of a Go source file. */
export function goFragments(text: string): SqlFragment[] {
  const literals = goStringLiterals(text);
  const fragments: SqlFragment[] = [];
  for (let i = 0; i < literals.length; i++) {
    const first = literals[i];
    if (!COMMAND_FIRST.test(cooked(text, first))) continue;
    const builder = new RecipeBuilder();
    appendLiteral(builder, text, first);
    let last = first;
    // `"SELECT a " + "FROM t"`, `` `… WHERE ` + e.buildCondition() ``, `` `… AND ` + quoted(field) + `=$2` ``: one
    // statement, each operand that is not a literal a stand-in.
    for (;;) {
      const operand = operandAfter(text, last.end);
      if (!operand) break;
      const next = literals.findIndex((l, k) => k > i && l.start >= operand.start);
      if (next >= 0 && literals[next].start === operand.start && literals[next].end === operand.end) {
        appendLiteral(builder, text, literals[next]);
        last = literals[next];
        i = next;
        continue;
      }
      builder.standIn({ hostStart: operand.start, hostEnd: operand.end, hint: 'unknown', name: operand.name });
      // Literals inside the operand (`fmt.Sprintf("%d", n)`) are its own, not statements.
      while (i + 1 < literals.length && literals[i + 1].start < operand.end) i++;
      last = { start: operand.start, end: operand.end, raw: true };
    }
    // The statement's shape is judged on the whole chain: `` `SELECT ` + columns + ` FROM t` ``.
    if (!GO_STATEMENT.test(builder.text)) continue;
    // `query := `SELECT …`` and later `query += `…``: the rest is added at run time.
    const assigned = /([A-Za-z_]\w*)\s*:?=\s*$/.exec(text.slice(Math.max(0, first.start - 80), first.start));
    if (assigned && new RegExp(`\\b${assigned[1]}\\s*\\+=`).test(text))
      builder.standIn({ hostStart: last.end, hostEnd: last.end, hint: 'fragment', name: assigned[1] });
    builder.carve(goCarves(builder.text));
    const fragment = fragmentOf(builder, highestParameter(builder.text) + 1, 'literal', first.raw ? undefined : '"');
    fragments.push(fragment);
  }
  return fragments;
}

/**
 * The operand of a `+` right after offset `at` (spaces and line breaks between): up to the next `+` outside
 * brackets, or the end of the expression (a `,` `)` `}` `;` or line break outside brackets).
 */
function operandAfter(text: string, at: number): { start: number; end: number; name: string } | undefined {
  const plus = /^[ \t]*\+(?!=)\s*/.exec(text.slice(at, at + 200));
  if (!plus) return undefined;
  const start = at + plus[0].length;
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '`' || ch === '"' || ch === "'") {
      const close = ch === '`' ? text.indexOf('`', i + 1) : closingQuote(text, i);
      if (close < 0) return undefined;
      i = close;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (ch === '+' || ch === ',' || ch === ';' || ch === '\n')) break;
  }
  let end = i;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end <= start) return undefined;
  const name = /[A-Za-z_]\w*(?=\s*\(?[^.]*$)/.exec(text.slice(start, end).replace(/\(.*$/s, ''))?.[0] ?? 'operand';
  return { start, end, name };
}

/** The offset of the quote closing an interpreted string or rune that opens at `i`, or -1. */
function closingQuote(text: string, i: number): number {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== quote && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
  return text[j] === quote ? j : -1;
}

function appendLiteral(builder: RecipeBuilder, text: string, literal: GoLiteral): void {
  if (literal.raw) builder.verbatim(literal.start + 1, text.slice(literal.start + 1, literal.end - 1));
  else cookInto(builder, text, literal.start + 1, literal.end - 1);
}

/** A literal's text with its escapes read, for the test whether it is a statement. */
function cooked(text: string, literal: GoLiteral): string {
  const body = text.slice(literal.start + 1, literal.end - 1);
  return literal.raw ? body : body.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** `$%d` (a parameter numbered by the code), printf's verbs, then sqlx's bindings. */
function goCarves(sql: string): Carve[] {
  const carves: Carve[] = [];
  forEachCodeOffset(sql, (i) => {
    if (sql.startsWith('$%d', i) || sql.startsWith('$%v', i))
      carves.push({ start: i, end: i + 3, slot: { hint: 'value', name: 'parameter', bound: true } });
    return false;
  });
  return [...carves, ...filledInCarves(sql), ...driverPlaceholderCarves(sql, false)];
}

/**
 * The string literals of a Go source, by Go's lexical rules: `//` and `/* *\/` comments, rune literals
 * (`'"'`, `'\''`), interpreted strings (escapes, never a line break) and raw strings (anything but a backtick).
 */
export function goStringLiterals(text: string): GoLiteral[] {
  const out: GoLiteral[] = [];
  const n = text.length;
  for (let i = 0; i < n;) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) return out;
      out.push({ start: i, end: end + 1, raw: true });
      i = end + 1;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n && text[j] !== ch && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      // An unclosed literal is a syntax error in Go: what follows it is not read as strings.
      if (text[j] !== ch) return out;
      if (ch === '"') out.push({ start: i, end: j + 1, raw: false });
      i = j + 1;
    } else i++;
  }
  return out;
}

/**
 * Rollbacks in a Go migration (goose's `func downAddIndex(ctx, tx) error { … }`, a `Down` method): the spans of
 * functions named for going down, whose DDL is not applied to the schema. A function ends at the first `}` at
 * the start of a line, as gofmt writes it.
 */
export function goRollbackSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/^func\s+(?:\([^)]*\)\s*)?(?:[Dd]own|[Rr]ollback|[Rr]evert)\w*\s*\(/gm)) {
    const close = /^\}/m.exec(text.slice(m.index));
    spans.push({ start: m.index, end: close ? m.index + close.index + 1 : text.length });
  }
  return spans;
}
