/**
 * A light scan of one SQL statement's text (strings, quoted identifiers, comments, dollar quotes skipped)
 * for what the sandbox must know before running it: is it exactly one statement (so `EXPLAIN …` through
 * the simple protocol cannot smuggle a second one in), and does it use `$n` parameters. It is its own small
 * scanner rather than parser.ts's `roughSplit` because the worker bundle must not pull in the WASM parser
 * (parser.ts imports libpg-query), and it also needs the parameters and the trailing-comment rule.
 */
export interface StatementShape {
  /** The statement without a trailing `;` and surrounding whitespace. */
  sql: string;
  /** Highest `$n` used, 0 when none. */
  maxParam: number;
}

export function statementShape(text: string): StatementShape {
  let i = 0;
  let maxParam = 0;
  let end = text.length;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '-' && next === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (ch === '/' && next === '*') {
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
    } else if (ch === "'") {
      const escapes = i > 0 && /[eE]/.test(text[i - 1]) && (i < 2 || !/\w/.test(text[i - 2]));
      i++;
      while (i < n) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") break;
        else i++;
      }
      i++;
    } else if (ch === '"') {
      i++;
      while (i < n && !(text[i] === '"' && text[i + 1] !== '"')) i += text[i] === '"' ? 2 : 1;
      i++;
    } else if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.exec(text.slice(i));
      const param = /^\$(\d+)/.exec(text.slice(i));
      if (param && !(i > 0 && /[\w$]/.test(text[i - 1]))) {
        maxParam = Math.max(maxParam, Number(param[1]));
        i += param[0].length;
      } else if (tag && !(i > 0 && /\w/.test(text[i - 1]))) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
      } else i++;
    } else if (ch === ';') {
      const rest = text.slice(i + 1);
      if (/\S/.test(rest.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/;/g, ''))) {
        throw new Error('only one SQL statement at a time can be planned: the text has more after a `;`');
      }
      end = i;
      break;
    } else i++;
  }
  const sql = text.slice(0, end).trim();
  if (!sql) throw new Error('empty SQL statement');
  return { sql, maxParam };
}
