/**
 * The lexical rules of PostgreSQL's SQL that a scanner without the real grammar needs in order not to
 * mistake text for code: `--` and nested block comments, '…' strings (with '' and, in E'…', backslash
 * escapes), "…" identifiers and $tag$ … $tag$ dollar quotes. parser.ts's fallback splitter (used only when
 * libpg_query's scanner fails) and the sandbox worker's statement check (sandbox/statement.ts) both read
 * text through it.
 *
 * Imports nothing, on purpose: the sandbox worker is its own esbuild entry and must not bundle parser.ts
 * (libpg_query's WASM). A unit test follows the worker's imports to hold that.
 */

/**
 * The offset just after the comment, string, quoted identifier or dollar-quoted text that starts at `i`;
 * undefined when none starts there. One left open runs to the end of the text.
 */
export function skipQuotedOrComment(text: string, i: number): number | undefined {
  return scanQuotedOrComment(text, i)?.end;
}

/**
 * The comment, string, quoted identifier or dollar-quoted text that starts at `i`: where it ends, and whether
 * it is closed there or runs to the end of the text (stand-ins ask whether a place is inside a literal).
 * Undefined when none starts at `i`.
 */
export function scanQuotedOrComment(text: string, i: number): { end: number; closed: boolean } | undefined {
  const n = text.length;
  const ch = text[i];
  if (ch === '-' && text[i + 1] === '-') {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? { end: n, closed: false } : { end: nl + 1, closed: true };
  }
  if (ch === '/' && text[i + 1] === '*') {
    let depth = 1;
    i += 2;
    while (i < n && depth > 0) {
      if (text[i] === '/' && text[i + 1] === '*') {
        depth++;
        i += 2;
      } else if (text[i] === '*' && text[i + 1] === '/') {
        depth--;
        i += 2;
      } else i++;
    }
    return { end: i, closed: depth === 0 };
  }
  if (ch === "'" || ch === '"') {
    const escapes = ch === "'" && (text[i - 1] === 'E' || text[i - 1] === 'e') && !isIdentifierChar(text[i - 2]);
    i++;
    while (i < n) {
      if (escapes && text[i] === '\\') i += 2;
      else if (text[i] === ch && text[i + 1] === ch) i += 2;
      else if (text[i] === ch) return { end: i + 1, closed: true };
      else i++;
    }
    return { end: n, closed: false };
  }
  if (ch === '$' && !isIdentifierChar(text[i - 1])) {
    const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64));
    if (!tag) return undefined;
    const close = text.indexOf(tag[0], i + tag[0].length);
    return close < 0 ? { end: n, closed: false } : { end: close + tag[0].length, closed: true };
  }
  return undefined;
}

/** A character that continues an identifier (PostgreSQL's identifiers may contain `$`): `E'` and `$` after one are not syntax. */
export function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\w$]/.test(ch);
}

/**
 * Calls `visit` with each offset of `text` that is code (outside comments, quotes and dollar quotes), in
 * order; `visit` returning true stops the scan.
 */
export function forEachCodeOffset(text: string, visit: (offset: number) => boolean | void): void {
  for (let i = 0; i < text.length;) {
    const skipped = skipQuotedOrComment(text, i);
    if (skipped !== undefined) i = skipped;
    else if (visit(i) === true) return;
    else i++;
  }
}
