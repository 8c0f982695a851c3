import type { SourceDocument } from '../../core/assistant';
import type { SqlFragment } from './sources';
import { SCRIPT_FILE, SQL_FILE, extractFragments, loadTypeScript, mightContainSql } from './sources';

const SCRIPT_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);

/** A SQL file, a script that may embed SQL, or neither; by file name, else by the editor's language id. */
export function documentKind(doc: SourceDocument): 'sql' | 'script' | undefined {
  if (SQL_FILE.test(doc.file) || doc.languageId === 'sql') return 'sql';
  if (SCRIPT_FILE.test(doc.file) || (doc.languageId && SCRIPT_LANGUAGES.has(doc.languageId))) return 'script';
  return undefined;
}

/**
 * The SQL fragments of a document, with nothing loaded for a document that cannot hold SQL: the TypeScript
 * parser only for a script whose text might embed a statement. Empty when there is no SQL to read.
 */
export async function documentFragments(doc: SourceDocument): Promise<SqlFragment[]> {
  const kind = documentKind(doc);
  if (!kind) return [];
  if (kind === 'script') {
    if (!mightContainSql(doc.text)) return [];
    await loadTypeScript();
  }
  // An untitled editor buffer in SQL mode has no .sql name: read it as one.
  const file = kind === 'sql' && !SQL_FILE.test(doc.file) ? `${doc.file}.sql` : doc.file;
  const fragments = extractFragments(file, doc.text);
  return fragments.every((f) => f.sql.trim() === '') ? [] : fragments;
}
