import type { RecipeBuilder } from './stand-ins';

/**
 * JavaScript string and template literals as SQL text: their raw text cooked (escapes become the characters
 * they stand for, each a replaced piece mapped back to its escape sequence), and SQL escaped for insertion
 * back into a literal of a given quote.
 */

export type HostQuote = '`' | "'" | '"';

/** Appends the cooked value of a JS literal's raw text [start, end): escapes become replaced pieces. */
export function cookInto(builder: RecipeBuilder, text: string, start: number, end: number): void {
  let run = start;
  let i = start;
  while (i < end) {
    if (text[i] !== '\\') {
      i++;
      continue;
    }
    if (i > run) builder.verbatim(run, text.slice(run, i));
    const { value, length } = escapeAt(text, i);
    builder.replaced(i, Math.min(i + length, end), value);
    i += length;
    run = i;
  }
  if (run < end) builder.verbatim(run, text.slice(run, end));
}

/** The character(s) the escape sequence at `i` (a backslash) stands for, and its length. */
function escapeAt(text: string, i: number): { value: string; length: number } {
  const next = text[i + 1];
  switch (next) {
    case 'n':
      return { value: '\n', length: 2 };
    case 't':
      return { value: '\t', length: 2 };
    case 'r':
      return { value: '\r', length: 2 };
    case 'b':
      return { value: '\b', length: 2 };
    case 'f':
      return { value: '\f', length: 2 };
    case 'v':
      return { value: '\v', length: 2 };
    case '0':
      return { value: '\0', length: 2 };
    case '\r':
      return { value: '', length: text[i + 2] === '\n' ? 3 : 2 };
    case '\n':
      return { value: '', length: 2 };
    case 'x': {
      const hex = /^[0-9a-fA-F]{2}/.exec(text.slice(i + 2, i + 4));
      return hex ? { value: String.fromCharCode(parseInt(hex[0], 16)), length: 4 } : { value: 'x', length: 2 };
    }
    case 'u': {
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(text.slice(i + 2, i + 12));
      const code = braced ? parseInt(braced[1], 16) : NaN;
      if (braced && code <= 0x10ffff) return { value: String.fromCodePoint(code), length: 2 + braced[0].length };
      const plain = /^[0-9a-fA-F]{4}/.exec(text.slice(i + 2, i + 6));
      return plain ? { value: String.fromCharCode(parseInt(plain[0], 16)), length: 6 } : { value: 'u', length: 2 };
    }
    default:
      return { value: next ?? '', length: 2 };
  }
}

/** Escapes SQL text for insertion into a host literal with this quote. */
export function escapeForHost(text: string, quote: HostQuote | undefined): string {
  if (!quote) return text;
  let out = text.replace(/\\/g, '\\\\');
  if (quote === '`') out = out.replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  else out = out.replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\r?\n/g, '\\n');
  return out;
}
