import { SQL_FILE } from './file-kinds';
import type { SqlSettings } from './settings';
import { globToRegExp } from './settings';

/**
 * Which SQL files make the schema, by path alone: the engine's schema discovery and the editor (which drops
 * measured advice when a schema file changes) decide by the same rule.
 */

const DEFAULT_SCHEMA_PATHS = [
  /(?:^|\/)migrations?\/(?:.*\/)?[^/]*\.(?:sql|psql|pgsql)$/i,
  /(?:^|\/)db\/migrate\/(?:.*\/)?[^/]*\.sql$/i,
  /(?:^|\/)(?:schema|structure)[^/]*\.sql$/i,
  /\.ddl\.sql$/i,
];
/** Under a `db/` folder, a SQL file counts when it holds DDL. */
const DB_FOLDER = /(?:^|\/)db\/(?:.*\/)?[^/]*\.(?:sql|psql|pgsql)$/i;
/** Rollbacks are not applied: `down.sql`, `0003_x.down.sql`, `…/down/…`, Flyway `U3__undo.sql`. */
const ROLLBACK = /(?:^|[/._-])(?:down|rollback|undo)\.sql$|\/(?:down|rollback)\/|(?:^|\/)U\d+__[^/]*\.sql$/i;

/** A schema file: the `schemaPaths` globs when set, else migrations, schema*.sql, *.ddl.sql and `db/` (not rollbacks). */
export function isSchemaPath(file: string, settings: SqlSettings): boolean {
  const path = file.replace(/\\/g, '/');
  if (!SQL_FILE.test(path) || ROLLBACK.test(path)) return false;
  if (settings.schemaPaths) return settings.schemaPaths.some((glob) => globToRegExp(glob).test(path));
  return DEFAULT_SCHEMA_PATHS.some((re) => re.test(path)) || DB_FOLDER.test(path);
}
