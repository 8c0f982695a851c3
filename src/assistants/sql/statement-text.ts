import type { NodeRef, Span } from './ast';
import { columnParts, nextToken, tokenIndexAt, walk } from './ast';
import type { Token } from './parser';
import type { SqlRuleContext } from './rule';

/**
 * Where in a statement's text findings go and what fixes write: its head, a keyword's token, an
 * expression's text without alias qualifiers, lines inserted after it, suggested CREATE INDEX text.
 */

/** Span of the statement's first few words (`ALTER TABLE payments`), where statement-level findings go. */
export function statementHead(context: SqlRuleContext, words = 3): Span {
  const tokens = context.statement.tokens;
  const last = tokens[Math.min(words, tokens.length) - 1];
  return { start: context.statement.start, end: last?.end ?? context.statement.end };
}

/** The first keyword token of the statement matching `keyword`, within `limit` tokens. */
export function keywordToken(
  context: SqlRuleContext,
  keyword: string,
  from = context.statement.start,
  limit = 12,
): Token | undefined {
  return nextToken(context.statement.tokens, from, (t) => t.keyword === keyword, limit);
}

/** Text of a span of the fragment's SQL with `alias.` qualifiers of column references removed. */
export function unqualifiedText(context: SqlRuleContext, node: NodeRef): string {
  const span = context.spanOf(node);
  if (!span) return '';
  const sql = context.fragment.sql;
  const cuts: Span[] = [];
  walk(node, (ref) => {
    if (ref.type !== 'ColumnRef') return;
    const parts = columnParts(ref.node);
    if (parts.length < 2) return;
    const tokens = context.statement.tokens;
    const at = tokenIndexAt(tokens, ref.node.location);
    // qualifier, '.', [schema…]: cut through the last '.' before the column name.
    let i = at;
    for (let k = 0; k < parts.length - 1 && i + 1 < tokens.length; k++) i += 2;
    if (tokens[i - 1]?.text === '.') cuts.push({ start: tokens[at].start, end: tokens[i - 1].end });
  });
  let out = '';
  let position = span.start;
  for (const cut of cuts.sort((a, b) => a.start - b.start)) {
    if (cut.start < position) continue;
    out += sql.slice(position, cut.start);
    position = cut.end;
  }
  out += sql.slice(position, span.end);
  return out.replace(/\s+/g, ' ').trim();
}

/** Insert lines after the current statement (after its `;`), each on its own line. */
export function insertAfterStatement(
  context: SqlRuleContext,
  lines: readonly string[],
): ReturnType<SqlRuleContext['edit']> {
  const at = context.statement.terminatorEnd;
  const eol = context.document.eol;
  return context.edit({ start: at, end: at }, lines.map((l) => `${eol}${l}`).join(''));
}

/** `CREATE INDEX CONCURRENTLY ON table (…)` text for a suggestion. */
export function createIndexSql(
  table: string,
  keys: string,
  options: { concurrently?: boolean; using?: string; name?: string } = {},
): string {
  const concurrently = options.concurrently === false ? '' : ' CONCURRENTLY';
  const name = options.name ? ` ${options.name}` : '';
  const using = options.using ? ` USING ${options.using}` : '';
  return `CREATE INDEX${concurrently}${name} ON ${table}${using} (${keys})`;
}
