import { GO_FILE, SCRIPT_FILE, SQL_FILE } from './file-kinds';
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
/**
 * Migrations written as scripts (knex, TypeORM, MikroORM, Kysely, node-pg-migrate): the DDL of their query calls
 * and `sql` templates is the schema as much as a `.sql` migration's. Type declarations are not scripts.
 */
const SCRIPT_MIGRATION = /(?:^|\/)(?:migrations?|db\/migrate)\/(?:.*\/)?[^/]*$/i;
const TYPE_DECLARATION = /\.d\.[cm]?ts$/i;
/** Go migrations: a Go file in a migrations folder (goose), or one named for them (a list of migration functions). */
const GO_MIGRATION = /(?:^|\/)(?:migrations?|db\/migrate)\/(?:.*\/)?[^/]*\.go$|(?:^|\/)migrations?\.go$/i;
const GO_TEST = /_test\.go$/i;
/**
 * Under a `db/` folder, or named by its number alone (`sql/000011.sql`, as migration runners number their files
 * outside a migrations folder), a SQL file counts when it holds DDL.
 */
const DB_FOLDER = /(?:^|\/)db\/(?:.*\/)?[^/]*\.(?:sql|psql|pgsql)$|(?:^|\/)\d{3,}\.(?:sql|psql|pgsql)$/i;
/** Rollbacks are not applied: `down.sql`, `0003_x.down.sql`, `…/down/…`, Flyway `U3__undo.sql`. */
const ROLLBACK = /(?:^|[/._-])(?:down|rollback|undo)\.sql$|\/(?:down|rollback)\/|(?:^|\/)U\d+__[^/]*\.sql$/i;

/** A rollback file (`down.sql`, `0003_x.down.sql`, `…/down/…`, Flyway `U3__undo.sql`): what reverting runs. */
export function isRollbackPath(file: string): boolean {
  return ROLLBACK.test(file.replace(/\\/g, '/'));
}

/** Files the schema may come from, whatever their folder: what the engine asks the workspace for. */
export const SCHEMA_SOURCE = new RegExp(`${SQL_FILE.source}|${SCRIPT_FILE.source}|${GO_FILE.source}`, 'i');

/**
 * A schema file: the `schemaPaths` globs when set, else migrations (SQL, scripts or Go in a migrations folder,
 * Go's `migrations.go`), schema*.sql, *.ddl.sql and `db/` (not rollbacks).
 */
export function isSchemaPath(file: string, settings: SqlSettings): boolean {
  const path = file.replace(/\\/g, '/');
  if (GO_FILE.test(path))
    return (
      !GO_TEST.test(path) &&
      (settings.schemaPaths
        ? settings.schemaPaths.some((glob) => globToRegExp(glob).test(path))
        : GO_MIGRATION.test(path))
    );
  const script = SCRIPT_FILE.test(path) && !TYPE_DECLARATION.test(path);
  if (!(SQL_FILE.test(path) || script) || ROLLBACK.test(path)) return false;
  if (settings.schemaPaths) return settings.schemaPaths.some((glob) => globToRegExp(glob).test(path));
  if (script) return SCRIPT_MIGRATION.test(path);
  return DEFAULT_SCHEMA_PATHS.some((re) => re.test(path)) || DB_FOLDER.test(path);
}

/** A schema file written as a script, whose SQL is in its query calls and templates. */
export function isScriptSchemaPath(file: string, settings: SqlSettings): boolean {
  return SCRIPT_FILE.test(file) && isSchemaPath(file, settings);
}
