/**
 * Which files hold SQL: kept apart from sources.ts (which extracts it) so the editor can route files and
 * recognise schema files through the contract without bundling the extraction.
 */
export const SQL_FILE = /\.(sql|psql|pgsql)$/i;
export const SCRIPT_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
/** Go sources: their string literals that read as statements (go-sources.ts). */
export const GO_FILE = /\.go$/i;

/** A script or Go source: its SQL is in its string literals, query calls and templates, not the whole text. */
export function embedsSql(file: string): boolean {
  return SCRIPT_FILE.test(file) || GO_FILE.test(file);
}
