import type { RewriteVerdict, SourceDocument } from '../../../core/assistant';
import type { Range } from '../../../core/finding';
import { LineIndex } from '../../../core/text';
import type { ParsedSql } from '../parser';
import { parseSql } from '../parser';
import type { PlanEngine } from '../plan-engine/types';
import { tablesRead } from '../query';
import type { Catalog } from '../schema';
import type { SqlFragment } from '../sources';
import { checkEquivalence } from './equivalence';

/**
 * A proposed edit of a document's SQL (Claude's, or any caller's) checked before it is offered: it must
 * stay inside one statement, the statement with the edit applied must parse as one statement, and it must
 * return the same rows as the original (equivalence.ts, on the engine's datasets).
 */
export async function verifyRewrite(
  doc: SourceDocument,
  range: Range,
  newText: string,
  document: {
    fragments: readonly { fragment: SqlFragment; parsed: ParsedSql }[];
    catalog: Catalog;
    /** Opens (or reuses) the plan engine for these tables. */
    engine: (tables: readonly string[]) => Promise<PlanEngine>;
    signal?: AbortSignal;
  },
): Promise<RewriteVerdict> {
  const { fragments, catalog, engine, signal } = document;
  const lines = new LineIndex(doc.text);
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  for (const { fragment, parsed } of fragments) {
    for (const statement of parsed.statements) {
      const host = fragment.map.spanToHost(statement.start, statement.end);
      // A whole-line edit (Claude's) covers the indentation and the `;`, which the statement's span excludes.
      const from = start < host.start && /^\s*$/.test(doc.text.slice(start, host.start)) ? host.start : start;
      const to = end > host.end && /^\s*;?\s*$/.test(doc.text.slice(host.end, end)) ? host.end : end;
      if (!(host.start <= from && to <= host.end)) continue;
      const proposed = (from > start ? newText.trimStart() : newText).replace(/\s*;\s*$/, '');
      const original = fragment.sql.slice(statement.start, statement.end);
      if (doc.text.slice(host.start, host.end) !== original) {
        return {
          parses: false,
          equivalent: null,
          note: 'the statement is embedded with placeholders or escapes: the rewrite cannot be checked as written',
        };
      }
      const rewritten = doc.text.slice(host.start, from) + proposed + doc.text.slice(to, host.end);
      const check = parseSql(rewritten);
      if (check.errors.length > 0 || check.statements.length !== 1) {
        return {
          parses: false,
          equivalent: false,
          note: check.errors[0]?.message ?? `the rewrite is ${check.statements.length} statements, not one`,
        };
      }
      // Unknown tables are not loaded: the check then fails on them and says so.
      const tables = new Set([statement.node, check.statements[0].node].flatMap((node) => tablesRead(node, catalog)));
      const verdict = await checkEquivalence(await engine([...tables]), original, rewritten, { signal });
      return { parses: true, equivalent: verdict.equivalent, note: verdict.note };
    }
  }
  return { parses: false, equivalent: null, note: 'the range is not inside one SQL statement' };
}
