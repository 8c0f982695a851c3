import type { Node } from '@pgsql/types';
import { unwrap } from './ast';
import { skipQuotedOrComment } from './lexer';

/**
 * The DDL a `DO $$ … $$` block runs, as SQL texts to parse: migrations guard their DDL with PL/pgSQL
 * (`IF NOT EXISTS (SELECT … FROM pg_indexes …) THEN CREATE INDEX …; END IF;`, or `EXECUTE 'ALTER TABLE …'`), and
 * an index created there exists as much as one created outside. Read by the lexical rules of SQL, not by the
 * PL/pgSQL grammar: a statement the block builds at run time (`EXECUTE format(…)`) stays unknown.
 */

/** PL/pgSQL control words (and comments) a statement may follow within one `;`-separated piece. */
const CONTROL =
  /(?:\s+|--[^\n]*|\/\*[\s\S]*?\*\/|<<\w+>>|declare\b|begin\b|else\b|loop\b|then\b|exception\b|end\s+(?:if|loop)\b|(?:if|elsif|elseif|when)\b[\s\S]*?\bthen\b)*/iy;
const DDL_START = /^(?:create|alter|drop|comment)\b/i;
const EXECUTE_LITERAL = /^execute\s+(?:e)?'((?:[^']|'')*)'\s*$/i;

export function doBlockStatements(node: Node): string[] {
  const ref = unwrap(node);
  if (ref?.type !== 'DoStmt') return [];
  let body: string | undefined;
  let language = 'plpgsql';
  for (const arg of ref.node.args ?? []) {
    const option = unwrap(arg)?.node;
    const value = unwrap(option?.arg)?.node.sval;
    if (option?.defname === 'as' && typeof value === 'string') body = value;
    if (option?.defname === 'language' && typeof value === 'string') language = value.toLowerCase();
  }
  if (body === undefined || language !== 'plpgsql') return [];
  const out: string[] = [];
  for (const piece of pieces(body)) {
    CONTROL.lastIndex = 0;
    CONTROL.test(piece);
    const statement = piece.slice(CONTROL.lastIndex).trim();
    if (DDL_START.test(statement)) out.push(statement);
    else {
      const executed = EXECUTE_LITERAL.exec(statement);
      if (executed && DDL_START.test(executed[1].trim())) out.push(executed[1].replace(/''/g, "'").trim());
    }
  }
  return out;
}

/** The body cut at its `;`s outside comments, strings and dollar quotes. */
function pieces(body: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < body.length;) {
    const skipped = skipQuotedOrComment(body, i);
    if (skipped !== undefined) {
      i = skipped;
      continue;
    }
    if (body[i] === ';') {
      out.push(body.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  out.push(body.slice(start));
  return out;
}
