import { isIdentifierChar, skipQuotedOrComment } from '../lexer';

/**
 * A light scan of one SQL statement's text for what the sandbox must know before running it: is it exactly
 * one statement (so `EXPLAIN …` through the simple protocol cannot smuggle a second one in), and does it use
 * `$n` parameters.
 *
 * The worker keeps its own scanner instead of asking parser.ts, because the worker bundle must not pull in
 * the WASM parser (parser.ts imports libpg-query; the worker is its own esbuild entry, and a unit test
 * follows its imports). What it shares with parser.ts is one module, lexer.ts: comments, strings, quoted
 * identifiers and dollar quotes are skipped by the same code as parser.ts's fallback splitter, so a lexical
 * fix lands in both. What must stay in step by hand: statements are split at every top-level `;` here, where
 * parser.ts also keeps the `;`s of a `BEGIN ATOMIC … END` function body inside one statement; the sandbox
 * only runs queries and DML (advice/advisor.ts's isMeasurable), which have no such body, so here such text
 * is refused as two statements rather than run.
 */
export interface StatementShape {
  /** The statement without a trailing `;` and surrounding whitespace. */
  sql: string;
  /** Highest `$n` used, 0 when none. */
  maxParam: number;
}

/** `$n` at the position `lastIndex` names (sticky). */
const PARAM = /\$(\d+)/y;

export function statementShape(text: string): StatementShape {
  let i = 0;
  let maxParam = 0;
  let end = text.length;
  const n = text.length;
  while (i < n) {
    PARAM.lastIndex = i;
    const param = text[i] === '$' && !isIdentifierChar(text[i - 1]) ? PARAM.exec(text) : null;
    if (param) {
      maxParam = Math.max(maxParam, Number(param[1]));
      i += param[0].length;
      continue;
    }
    const skipped = skipQuotedOrComment(text, i);
    if (skipped !== undefined) {
      i = skipped;
    } else if (text[i] === ';') {
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
