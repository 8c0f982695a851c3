import { scanQuotedOrComment } from './lexer';

/**
 * Token boundaries of plain SQL found in JavaScript, with each token's kind taken from libpg_query's own scanner.
 * The scanner's answer for a whole statement crosses the WASM boundary as JSON: that cost several times the parse
 * itself, for statements whose tokens a rule asks for (a finding's span, a keyword's place). Here the text is cut
 * by PostgreSQL's lexical rules (scan.l), and the kind of every word and operator is what the real scanner says of
 * that token on its own, asked once per distinct token text and remembered; strings, numbers, parameters and
 * comments have their kind by construction.
 *
 * Only the plain subset is cut here: ASCII text without the constructs whose rules are subtle (E'…', B'…', X'…',
 * U&'…' and U&"…" literals, strings continued on the next line, `..`, numbers with a suffix, underscores, a base
 * prefix, or a fraction ending in a second dot, anything left open). For anything else `plainTokens` answers
 * undefined and the caller asks the real scanner for the whole text, so the tokens are always the scanner's.
 */

/** What the real scanner says of one token's text on its own: its kind, or undefined when it is not one token. */
export type ClassifyToken = (text: string) => PlainKind | undefined;

export type PlainKind = 'keyword' | 'ident' | 'string' | 'number' | 'param' | 'comment' | 'operator' | 'punct';

export interface PlainToken {
  start: number;
  end: number;
  kind: PlainKind;
}

const OP_CHARS = new Set('~!@#^&|`?+-*/%<>='.split(''));
/** Characters of an operator that keep a trailing + or - in it (scan.l's operator rule). */
const KEEPS_SIGN = new Set('~!@#^&|`?%'.split(''));
const SELF = new Set(',()[];'.split(''));

function isWordStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57) || code === 36;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[^\x09-\x0d\x20-\x7e]/;

/**
 * The tokens of `text` (offsets into it) when it is plain SQL, undefined otherwise. `classify` gives a word's or an
 * operator's kind; when it cannot (the real scanner does not see that text as one token), the text is not plain.
 */
export function plainTokens(text: string, classify: ClassifyToken): PlainToken[] | undefined {
  if (NOT_PLAIN.test(text)) return undefined;
  const out: PlainToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    const ch = text[i];
    if (isSpace(code)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      out.push({ start, end: i, kind: 'comment' });
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const comment = scanQuotedOrComment(text, i);
      if (!comment?.closed) return undefined;
      i = comment.end;
      out.push({ start, end: i, kind: 'comment' });
      continue;
    }
    if (isWordStart(code)) {
      while (i < n && isWordPart(text.charCodeAt(i))) i++;
      const next = text[i];
      // E'…', B'…', X'…', N'…' and U&'…' / U&"…": literals with rules of their own.
      if (next === "'" && i - start === 1) return undefined;
      if (next === '&' && i - start === 1 && (ch === 'u' || ch === 'U')) return undefined;
      if (!classified(text, start, i, classify, out)) return undefined;
      continue;
    }
    if (ch === "'") {
      i = closingQuote(text, i + 1, "'");
      if (i < 0) return undefined;
      // 'a'<newline>'b' is one string: left to the real scanner.
      if (text[afterSpaceAndComments(text, i)] === "'") return undefined;
      out.push({ start, end: i, kind: 'string' });
      continue;
    }
    if (ch === '"') {
      i = closingQuote(text, i + 1, '"');
      if (i < 0 || i - start === 2) return undefined;
      out.push({ start, end: i, kind: 'ident' });
      continue;
    }
    if (ch === '$') {
      const after = text.charCodeAt(i + 1);
      if (isDigit(after)) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        if (i < n && isWordPart(text.charCodeAt(i))) return undefined;
        out.push({ start, end: i, kind: 'param' });
        continue;
      }
      let tagEnd = i + 1;
      if (isWordStart(after)) {
        tagEnd++;
        while (tagEnd < n && (isWordStart(text.charCodeAt(tagEnd)) || isDigit(text.charCodeAt(tagEnd)))) tagEnd++;
      }
      if (text[tagEnd] !== '$') return undefined;
      const tag = text.slice(i, tagEnd + 1);
      const close = text.indexOf(tag, tagEnd + 1);
      if (close < 0) return undefined;
      i = close + tag.length;
      out.push({ start, end: i, kind: 'string' });
      continue;
    }
    if (isDigit(code) || (ch === '.' && isDigit(text.charCodeAt(i + 1)))) {
      i = numberEnd(text, i);
      if (i < 0) return undefined;
      out.push({ start, end: i, kind: 'number' });
      continue;
    }
    if (ch === '.') {
      if (text[i + 1] === '.') return undefined;
      i++;
      if (!classified(text, start, i, classify, out)) return undefined;
      continue;
    }
    if (ch === ':') {
      i += text[i + 1] === ':' || text[i + 1] === '=' ? 2 : 1;
      if (!classified(text, start, i, classify, out)) return undefined;
      continue;
    }
    if (SELF.has(ch)) {
      i++;
      if (!classified(text, start, i, classify, out)) return undefined;
      continue;
    }
    if (OP_CHARS.has(ch)) {
      i = operatorEnd(text, i);
      if (!classified(text, start, i, classify, out)) return undefined;
      continue;
    }
    return undefined;
  }
  return out;
}

/** Adds the token [start, end) with the kind `classify` gives it; false when it gives none. */
function classified(text: string, start: number, end: number, classify: ClassifyToken, out: PlainToken[]): boolean {
  const kind = classify(text.slice(start, end));
  if (!kind) return false;
  out.push({ start, end, kind });
  return true;
}

/** Just after the quote closing a '…' or "…" whose text starts at `i` (a doubled quote is one); -1 when open. */
function closingQuote(text: string, i: number, quote: string): number {
  for (;;) {
    const at = text.indexOf(quote, i);
    if (at < 0) return -1;
    if (text[at + 1] !== quote) return at + 1;
    i = at + 2;
  }
}

/** The offset of the first character after `i` that is neither white space nor in a comment. */
function afterSpaceAndComments(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    if (isSpace(text.charCodeAt(i))) i++;
    else if (text[i] === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
    } else if (text[i] === '/' && text[i + 1] === '*') {
      const comment = scanQuotedOrComment(text, i);
      if (!comment?.closed) return i;
      i = comment.end;
    } else break;
  }
  return i;
}

/** Just after a decimal number (`1`, `1.5`, `.5`, `1e-3`); -1 for the forms left to the real scanner. */
function numberEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (text[i] === '.') {
    if (text[i + 1] === '.') return -1;
    i++;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    if (!isDigit(text.charCodeAt(j))) return -1;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    i = j;
  }
  if (i < n && (isWordPart(text.charCodeAt(i)) || text[i] === '.')) return -1;
  return i;
}

/**
 * Just after the operator starting at `i`, by scan.l's rule: the longest run of operator characters, cut before a
 * comment that starts inside it, then trailing + and - dropped unless the operator holds one of ~!@#^&|`?%.
 */
function operatorEnd(text: string, i: number): number {
  const start = i;
  const n = text.length;
  while (i < n && OP_CHARS.has(text[i])) {
    if (i > start && ((text[i] === '-' && text[i + 1] === '-') || (text[i] === '/' && text[i + 1] === '*'))) break;
    i++;
  }
  let end = i;
  const last = text[end - 1];
  if (end - start > 1 && (last === '+' || last === '-')) {
    let keeps = false;
    for (let k = start; k < end - 1; k++) if (KEEPS_SIGN.has(text[k])) keeps = true;
    if (!keeps) {
      do end--;
      while (end - start > 1 && (text[end - 1] === '+' || text[end - 1] === '-'));
    }
  }
  return end;
}
