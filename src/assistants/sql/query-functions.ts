/**
 * Which calls and tags in TypeScript/JavaScript run or build a SQL statement: the drivers' and ORMs' own
 * (pg, pg-promise, postgres.js, slonik, knex, Prisma, TypeORM, MikroORM, Sequelize, Kysely, Drizzle), names
 * that say so (`rawQuery`, `runSql`, `executeQuery`), and the project's own wrappers from the setting
 * `scalingAssistant.sql.queryFunctions`. A callee is matched by its last names: `pool.query` by `query`,
 * `queryRunner.query` by `query` or `queryRunner.query`.
 */

/** Methods whose first argument is a statement. */
const METHODS = new Set([
  // node-postgres, pg-promise, TypeORM (`queryRunner.query`, `manager.query`), Sequelize
  'query',
  'none',
  'one',
  'oneOrNone',
  'many',
  'manyOrNone',
  'any',
  'result',
  'multi',
  'each',
  'queryOne',
  'queryAll',
  'queryRows',
  // knex (`knex.raw`, `knex.schema.raw`), MikroORM (`em.execute`, `this.execute`), postgres.js (`sql.unsafe`)
  'raw',
  'execute',
  'unsafe',
  // MikroORM migrations
  'addSql',
  // Prisma
  '$queryRawUnsafe',
  '$executeRawUnsafe',
]);

/** Plain functions (a project's own helper, `query('…')`) whose first argument is a statement. */
const FUNCTIONS = new Set(['query', 'execute', 'queryOne', 'queryAll', 'sql', 'raw']);

/**
 * Calls whose `?` are all the driver's bindings (knex's `raw`, MikroORM's `execute`): there `??` is an
 * identifier binding and a literal question mark is written `\?`. Elsewhere a `?` is a binding only where
 * a value goes, since PostgreSQL's jsonb has a `?` operator.
 */
const POSITIONAL = new Set(['raw', 'execute']);

/**
 * Names of functions and methods that say they take SQL: `rawQuery`, `runSql`, `executeQuery`, `execSql`;
 * and `exec` (PGlite's, better-sqlite's), which is also child_process's: taken only for a whole statement.
 */
const SAYS_SQL = /query|sql/i;
const SAYS_EXEC = /^exec/i;
/** …but these take CSS selectors and cache keys. */
const NOT_SQL =
  /^(?:querySelector|querySelectorAll|useQuery|useSuspenseQuery|useInfiniteQuery|queryKey|invalidateQueries)$/;

export interface QueryFunctions {
  /** Extra names from the setting: a single name, or a dotted path matched against the callee's last names. */
  readonly extra: readonly (readonly string[])[];
}

export const DEFAULT_QUERY_FUNCTIONS: QueryFunctions = { extra: [] };

/** The setting's entries that are names or dotted paths of names (`rawQuery`, `db.run`, `this.sqlExec`). */
export function queryFunctionsSetting(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const names = value
    .filter((entry): entry is string => typeof entry === 'string')
    .map((entry) => entry.trim())
    .filter((entry) => /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(entry));
  return [...new Set(names)];
}

export function queryFunctions(names: readonly string[] = []): QueryFunctions {
  return { extra: names.map((name) => name.split('.')) };
}

/** How surely a call runs a statement: by the drivers' names and the setting, or by what its name says. */
export type QueryCallMatch = 'known' | 'named' | undefined;

/**
 * Whether a call with this callee path (the last names, `['pool', 'query']`; `plain` when the callee is a bare
 * identifier) takes a statement as its first argument. A 'named' match (by the name alone) is only taken when
 * the argument reads as a whole statement.
 */
export function matchQueryCall(path: readonly string[], plain: boolean, functions: QueryFunctions): QueryCallMatch {
  const last = path[path.length - 1];
  if (last === undefined) return undefined;
  if (matchesExtra(path, functions)) return 'known';
  if (plain ? FUNCTIONS.has(last) : METHODS.has(last)) return 'known';
  if (NOT_SQL.test(last)) return undefined;
  return SAYS_SQL.test(last) || SAYS_EXEC.test(last) ? 'named' : undefined;
}

/** A call whose every `?` is a binding: knex's `raw` (not Drizzle's or Kysely's `sql.raw`), MikroORM's `execute`. */
export function isPositional(path: readonly string[]): boolean {
  const last = path[path.length - 1];
  return last !== undefined && POSITIONAL.has(last) && path[path.length - 2] !== 'sql';
}

/**
 * Tags whose template is a statement: `sql` (postgres.js, slonik, Kysely, Drizzle, sql-template-strings' `SQL`),
 * `Prisma.sql`, `$queryRaw`/`$executeRaw`, slonik's `sql.unsafe`, `sql.type(…)`, `sql.typeAlias(…)`, and the
 * setting's names.
 */
export function isSqlTag(path: readonly string[], functions: QueryFunctions): boolean {
  const last = path[path.length - 1];
  if (last === 'sql' || last === 'SQL' || last === '$queryRaw' || last === '$executeRaw') return true;
  if (path.length >= 2 && path[path.length - 2] === 'sql' && /^(?:unsafe|type|typeAlias)$/.test(last)) return true;
  return matchesExtra(path, functions);
}

/** Tags of a piece of a statement (slonik's `sql.fragment`, Prisma's `Prisma.sql`): composed where spliced in. */
export function isSqlPieceTag(path: readonly string[], functions: QueryFunctions): boolean {
  const last = path[path.length - 1];
  return isSqlTag(path, functions) || (path[path.length - 2] === 'sql' && last === 'fragment');
}

function matchesExtra(path: readonly string[], functions: QueryFunctions): boolean {
  return functions.extra.some(
    (names) => names.length <= path.length && names.every((name, i) => path[path.length - names.length + i] === name),
  );
}
