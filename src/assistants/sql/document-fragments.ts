import type { SourceDocument } from '../../core/assistant';
import type { QueryFunctions } from './query-functions';
import { mightBuildSchema } from './schema-builders';
import type { DocumentSql, SqlFragment } from './sources';
import { GO_FILE, SCRIPT_FILE, SQL_FILE, documentSql, loadTypeScript, mightContainSql } from './sources';

const SCRIPT_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);

/** A SQL file, a script or a Go source that may embed SQL, or neither; by file name, else by the editor's language id. */
export function documentKind(doc: SourceDocument): 'sql' | 'script' | 'go' | undefined {
  if (SQL_FILE.test(doc.file) || doc.languageId === 'sql') return 'sql';
  if (GO_FILE.test(doc.file) || doc.languageId === 'go') return 'go';
  if (SCRIPT_FILE.test(doc.file) || (doc.languageId && SCRIPT_LANGUAGES.has(doc.languageId))) return 'script';
  return undefined;
}

/**
 * The SQL of a document, with nothing loaded for a document that cannot hold SQL: the TypeScript parser only
 * for a script whose text might embed a statement. No fragments when there is no SQL to read; `notAnalysed`
 * when there is SQL the engine cannot read as written (a Jinja template, code nested too deeply to parse).
 */
export async function documentSqlOf(
  doc: SourceDocument,
  options: { queryFunctions?: QueryFunctions } = {},
): Promise<DocumentSql> {
  const kind = documentKind(doc);
  if (!kind) return { fragments: [] };
  if (kind === 'script') {
    if (!mightContainSql(doc.text) && !mightBuildSchema(doc.text)) return { fragments: [] };
    await loadTypeScript();
  }
  // An untitled editor buffer in SQL mode has no .sql name: read it as one.
  const file =
    kind === 'sql' && !SQL_FILE.test(doc.file)
      ? `${doc.file}.sql`
      : kind === 'go' && !GO_FILE.test(doc.file)
        ? `${doc.file}.go`
        : doc.file;
  const sql = documentSql(file, doc.text, options);
  return sql.fragments.every((f) => f.sql.trim() === '') ? { ...sql, fragments: [] } : sql;
}

/** The SQL fragments of a document (see `documentSqlOf`), empty when there is none to read. */
export async function documentFragments(doc: SourceDocument): Promise<SqlFragment[]> {
  return (await documentSqlOf(doc)).fragments;
}
