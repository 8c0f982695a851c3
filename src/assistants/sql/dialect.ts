import { forEachCodeOffset } from './lexer';

/**
 * SQL that is not PostgreSQL's: a ClickHouse, MySQL, SQLite or SQL Server file beside the PostgreSQL ones
 * (by its folder or name, a dialect comment, or syntax PostgreSQL does not have), or a script that talks to
 * such a database through its driver. PostgreSQL's grammar would turn every statement of it into a parse
 * error; the engine skips it with one note saying why.
 */

export interface OtherDialect {
  dialect: string;
  /** What gave it away, for the note: `AUTO_INCREMENT`, `the folder mysql/`. */
  evidence: string;
  /** Where, when it is in the text. */
  start?: number;
  end?: number;
  /** Told by syntax PostgreSQL does not have (rather than by a name, a comment or a driver). */
  bySyntax?: true;
}

const NAMES: Record<string, string> = {
  clickhouse: 'ClickHouse',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  sqlite: 'SQLite',
  sqlite3: 'SQLite',
  mssql: 'SQL Server',
  sqlserver: 'SQL Server',
  tsql: 'SQL Server',
  oracle: 'Oracle',
  snowflake: 'Snowflake',
  bigquery: 'BigQuery',
  duckdb: 'DuckDB',
};

/** Any of the names, anywhere in a lower-cased path: a path without one names no dialect. */
const ANY_NAME = new RegExp(Object.keys(NAMES).join('|'));

/** Words that may stand beside a dialect's name in a folder or file name (`clickhouse_migrations/`). */
const BESIDE =
  /^(?:\d+|v\d+|migrations?|schemas?|queries|query|sql|db|ddl|dml|scripts?|init|seeds?|setup|tables|views|dump|up|down)$/;

/**
 * A dialect named by one of the last folders or the file name: `clickhouse/`, `db/mysql/001.sql`,
 * `mysql_migrations/`, `schema.sqlite.sql`; only where the name is the dialect and words like `migrations`,
 * so `mysql-to-pg/` or `001_copy_mysql_users.sql` do not count. Absolute paths reach here from the editor:
 * folders above the last two are the user's, not the project's.
 */
function dialectOfPath(file: string): OtherDialect | undefined {
  // Asked for every SQL file: most paths hold no dialect's name anywhere, which one search tells.
  if (!ANY_NAME.test(file.toLowerCase())) return undefined;
  const segments = file.replace(/\\/g, '/').split('/').slice(-3);
  for (let i = 0; i < segments.length; i++) {
    const isFile = i === segments.length - 1;
    const words = (isFile ? segments[i].replace(/\.[^.]*$/, '') : segments[i]).toLowerCase().split(/[._-]/);
    const named = words.map((word) => NAMES[word]).find((dialect) => dialect !== undefined);
    if (!named || !words.every((word) => NAMES[word] !== undefined || BESIDE.test(word))) continue;
    return { dialect: named, evidence: isFile ? `the file name ${segments[i]}` : `the folder ${segments[i]}/` };
  }
  return undefined;
}

/** `-- dialect: mysql`, `-- sqlfluff:dialect:clickhouse`, `/* engine = sqlite *\/`. */
const DIALECT_COMMENT = /(?:--|\/\*)[^\n]*?\b(?:dialect|engine|database)\s*[:=]\s*([a-z0-9]+)/gi;

/** Syntax only other dialects have, with the dialect it marks. Case matters where PostgreSQL spells a word too. */
const SYNTAX: { pattern: RegExp; dialect: string; evidence: string }[] = [
  {
    pattern:
      /\bENGINE\s*=\s*(?:Replicated|Shared)?(?:\w*MergeTree|TinyLog|StripeLog|Log|Memory|Distributed|Kafka|Buffer|Dictionary)\b/g,
    dialect: 'ClickHouse',
    evidence: 'ENGINE = …MergeTree',
  },
  {
    pattern: /\b(?:LowCardinality|Nullable)\s*\(|\b(?:UInt(?:8|16|32|64|128|256)|DateTime64|Float32|Float64)\b/g,
    dialect: 'ClickHouse',
    evidence: 'ClickHouse types',
  },
  { pattern: /\bON\s+CLUSTER\b/gi, dialect: 'ClickHouse', evidence: 'ON CLUSTER' },
  { pattern: /\bENGINE\s*=\s*(?:InnoDB|MyISAM|Aria|MEMORY)\b/gi, dialect: 'MySQL', evidence: 'ENGINE = InnoDB' },
  { pattern: /\bAUTO_INCREMENT\b/gi, dialect: 'MySQL', evidence: 'AUTO_INCREMENT' },
  { pattern: /\bUNSIGNED\b/gi, dialect: 'MySQL', evidence: 'UNSIGNED' },
  { pattern: /\bDEFAULT\s+CHARSET\b/gi, dialect: 'MySQL', evidence: 'DEFAULT CHARSET' },
  { pattern: /\bON\s+DUPLICATE\s+KEY\b/gi, dialect: 'MySQL', evidence: 'ON DUPLICATE KEY' },
  {
    pattern: /\b(?:TINYINT|MEDIUMINT|MEDIUMTEXT|LONGTEXT|TINYTEXT|LONGBLOB)\b/gi,
    dialect: 'MySQL',
    evidence: 'MySQL types',
  },
  { pattern: /^\s*DELIMITER\s+\S+\s*$/gim, dialect: 'MySQL', evidence: 'DELIMITER' },
  { pattern: /\bPRAGMA\b/gi, dialect: 'SQLite', evidence: 'PRAGMA' },
  { pattern: /\bAUTOINCREMENT\b/gi, dialect: 'SQLite', evidence: 'AUTOINCREMENT' },
  { pattern: /\bWITHOUT\s+ROWID\b/gi, dialect: 'SQLite', evidence: 'WITHOUT ROWID' },
  {
    pattern: /\bINSERT\s+OR\s+(?:REPLACE|IGNORE|ABORT|FAIL|ROLLBACK)\b/gi,
    dialect: 'SQLite',
    evidence: 'INSERT OR REPLACE',
  },
  // Numbered `?1` parameters and SQLite's date functions (sqlc's SQLite queries and the Go it generates from them).
  { pattern: /(?<![\w?])\?\d+\b/g, dialect: 'SQLite', evidence: '?1 parameters' },
  {
    pattern: /\b(?:datetime\s*\(\s*'now'|unixepoch\s*\(|julianday\s*\()/gi,
    dialect: 'SQLite',
    evidence: 'SQLite date functions',
  },
  { pattern: /\bsqlite_(?:master|schema|sequence|temp_master)\b/gi, dialect: 'SQLite', evidence: 'sqlite_master' },
  { pattern: /^\s*GO\s*$/gim, dialect: 'SQL Server', evidence: 'GO' },
  {
    pattern: /\[dbo\]|\bNVARCHAR\s*\(\s*MAX\s*\)|\bIDENTITY\s*\(\s*\d+\s*,\s*\d+\s*\)/gi,
    dialect: 'SQL Server',
    evidence: 'T-SQL syntax',
  },
];

/**
 * One scan for any of the above (case aside), so a PostgreSQL file, nearly every file the engine reads, costs
 * one pass of the text and not one per pattern. The words share one `\b` and a look at their first letter, so at
 * most positions of the text one test fails rather than one per alternative.
 */
const ANY_HINT =
  /`|\[dbo\]|\b(?=[adefgijlmnoptuw])(?:(?:dialect|engine|database)\s*[:=]|(?:LowCardinality|Nullable)\s*\(|(?:UInt\d+|DateTime64|Float32|Float64)\b|ON\s+CLUSTER\b|AUTO_?INCREMENT\b|UNSIGNED\b|DEFAULT\s+CHARSET\b|ON\s+DUPLICATE\s+KEY\b|(?:TINYINT|MEDIUMINT|MEDIUMTEXT|LONGTEXT|TINYTEXT|LONGBLOB)\b|PRAGMA\b|WITHOUT\s+ROWID\b|INSERT\s+OR\s|NVARCHAR\s*\(|IDENTITY\s*\(|datetime\s*\(|unixepoch\s*\(|julianday\s*\()|^\s*(?:DELIMITER\s|GO\s*$)|\?\d|sqlite_/im;

/** The dialect of a SQL file that is not PostgreSQL, or undefined when it reads as PostgreSQL. */
export function otherSqlDialect(file: string, text: string): OtherDialect | undefined {
  const byPath = dialectOfPath(file);
  if (byPath) return byPath;
  if (!ANY_HINT.test(text)) return undefined;
  for (const m of text.matchAll(DIALECT_COMMENT)) {
    const dialect = NAMES[m[1].toLowerCase()];
    if (dialect) return { dialect, evidence: `"${m[0].trim()}"`, start: m.index, end: m.index + m[0].length };
  }
  const candidates: OtherDialect[] = [];
  const backtick = text.indexOf('`');
  if (backtick >= 0)
    candidates.push({
      dialect: 'MySQL',
      evidence: 'backtick-quoted names',
      start: backtick,
      end: backtick + 1,
      bySyntax: true,
    });
  for (const { pattern, dialect, evidence } of SYNTAX) {
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      const at = m.index + (m[0].length - m[0].trimStart().length);
      candidates.push({ dialect, evidence, start: at, end: m.index + m[0].trimEnd().length, bySyntax: true });
      break;
    }
  }
  if (candidates.length === 0) return undefined;
  // Evidence counts only in code: `AUTO_INCREMENT` in a comment, a backtick in a string, say nothing.
  const code = codeOffsets(
    text,
    candidates.map((c) => c.start!),
  );
  const found = candidates.filter((c) => code.has(c.start!)).sort((a, b) => a.start! - b.start!);
  if (found.length === 0) return undefined;
  // Backticks are shared by MySQL, SQLite and ClickHouse: the other evidence names which.
  const named = found.find((c) => c.evidence !== 'backtick-quoted names');
  const first = found[0];
  return named && first.evidence === 'backtick-quoted names' ? { ...first, dialect: named.dialect } : first;
}

/** Which of the offsets are code (outside comments, strings, quoted names and dollar quotes). */
function codeOffsets(text: string, offsets: readonly number[]): Set<number> {
  const wanted = new Set(offsets);
  const last = Math.max(...offsets);
  const code = new Set<number>();
  forEachCodeOffset(text, (i) => {
    if (wanted.has(i)) code.add(i);
    return i >= last;
  });
  return code;
}

/** Drivers of other databases, and drivers of PostgreSQL (a script importing both is read as PostgreSQL). */
const OTHER_DRIVER =
  /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"](mysql2?(?:\/promise)?|mariadb|better-sqlite3|sqlite3?|@libsql\/client|@clickhouse\/client(?:-web)?|clickhouse|tedious|mssql|oracledb|duckdb|@duckdb\/node-api|drizzle-orm\/(?:mysql-core|mysql2|sqlite-core|better-sqlite3|libsql|planetscale-serverless))['"]/;
const POSTGRES_DRIVER =
  /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"](?:pg|postgres|pg-promise|slonik|@neondatabase\/serverless|@vercel\/postgres|@electric-sql\/pglite|drizzle-orm\/(?:pg-core|node-postgres|postgres-js|neon-http|neon-serverless|pglite))['"]/;

const DRIVER_DIALECTS: [RegExp, string][] = [
  [/mysql|mariadb|planetscale/, 'MySQL'],
  [/sqlite|libsql/, 'SQLite'],
  [/clickhouse/, 'ClickHouse'],
  [/tedious|mssql/, 'SQL Server'],
  [/oracle/, 'Oracle'],
  [/duckdb/, 'DuckDB'],
];

/** The dialect of a script's SQL when it imports another database's driver and no PostgreSQL one. */
export function otherScriptDialect(text: string): OtherDialect | undefined {
  const m = OTHER_DRIVER.exec(text);
  if (!m || POSTGRES_DRIVER.test(text)) return undefined;
  const dialect = DRIVER_DIALECTS.find(([pattern]) => pattern.test(m[1]))?.[1] ?? m[1];
  const at = m.index + m[0].indexOf(m[1]) - 1;
  return { dialect, evidence: `imports ${m[1]}`, start: at, end: at + m[1].length + 2 };
}

/** Go drivers of other databases, and of PostgreSQL (a file importing both is read as PostgreSQL). */
const OTHER_GO_DRIVER =
  /"(github\.com\/go-sql-driver\/mysql|github\.com\/mattn\/go-sqlite3|modernc\.org\/sqlite|github\.com\/glebarez\/go-sqlite|github\.com\/ClickHouse\/clickhouse-go(?:\/v2)?|github\.com\/denisenkom\/go-mssqldb|github\.com\/microsoft\/go-mssqldb|github\.com\/marcboeker\/go-duckdb|gorm\.io\/driver\/(?:mysql|sqlite|sqlserver))"/;
const POSTGRES_GO_DRIVER =
  /"(?:github\.com\/lib\/pq|github\.com\/jackc\/pgx(?:\/v\d)?(?:\/[\w/]*)?|gorm\.io\/driver\/postgres)"/;

/** The dialect of a Go file's SQL when it imports another database's driver and no PostgreSQL one. */
export function otherGoDialect(text: string): OtherDialect | undefined {
  const m = OTHER_GO_DRIVER.exec(text);
  if (!m || POSTGRES_GO_DRIVER.test(text)) return undefined;
  const dialect = DRIVER_DIALECTS.find(([pattern]) => pattern.test(m[1].toLowerCase()))?.[1] ?? m[1];
  return { dialect, evidence: `imports ${m[1]}`, start: m.index, end: m.index + m[0].length };
}

/** A Go file importing a PostgreSQL driver (lib/pq, pgx, GORM's postgres). */
export function importsPostgresGoDriver(text: string): boolean {
  return POSTGRES_GO_DRIVER.test(text);
}

/** The note a skipped file gets. */
export function dialectNote(other: OtherDialect): string {
  const what = other.bySyntax ? `${other.dialect} syntax` : other.dialect;
  return `not analysed: ${what} (${other.evidence}); the query optimizer reads PostgreSQL`;
}

const CLICKHOUSE_PARAMETER = /\{\s*[A-Za-z_]\w*\s*:\s*[A-Z]\w*(?:\([^)]*\))?\s*\}/y;

/**
 * A statement of a script that binds ClickHouse's query parameters (`{websiteId:UUID}`, `{startDate:DateTime64}`)
 * in its code: ClickHouse SQL sent by a wrapper the imports do not name, beside the PostgreSQL of the same file.
 */
export function bindsClickHouseParameters(sql: string): boolean {
  if (!/\{\s*[A-Za-z_]\w*\s*:\s*[A-Z]/.test(sql)) return false;
  let found = false;
  forEachCodeOffset(sql, (i) => {
    if (sql[i] !== '{') return false;
    CLICKHOUSE_PARAMETER.lastIndex = i;
    found = CLICKHOUSE_PARAMETER.test(sql);
    return found;
  });
  return found;
}
