import { strict as assert } from 'node:assert';
import { otherScriptDialect, otherSqlDialect } from '../../../src/assistants/sql/dialect';
import { documentSql, loadTypeScript } from '../../../src/assistants/sql/sources';

/** Files of other databases beside the PostgreSQL ones are told apart, and only those. */
describe('sql dialects other than PostgreSQL', () => {
  before(async function () {
    this.timeout(30_000);
    await loadTypeScript();
  });

  const dialect = (file: string, text: string) => {
    const other = otherSqlDialect(file, text);
    return other && [other.dialect, other.evidence];
  };

  it('by syntax PostgreSQL does not have, in code only', () => {
    assert.deepEqual(dialect('a.sql', 'CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT);'), ['MySQL', 'AUTO_INCREMENT']);
    assert.deepEqual(
      dialect(
        'a.sql',
        'CREATE TABLE events (ts DateTime64(3), kind LowCardinality(String)) ENGINE = MergeTree ORDER BY ts;',
      ),
      ['ClickHouse', 'ClickHouse types'],
    );
    assert.deepEqual(dialect('a.sql', 'PRAGMA foreign_keys = ON;'), ['SQLite', 'PRAGMA']);
    assert.deepEqual(dialect('a.sql', 'SELECT `name` FROM users;'), ['MySQL', 'backtick-quoted names']);
    assert.deepEqual(
      dialect('a.sql', 'SELECT `name` FROM users;\nINSERT OR REPLACE INTO users VALUES (1);'),
      ['SQLite', 'backtick-quoted names'],
      'backticks are MySQL, SQLite or ClickHouse: the other evidence says which',
    );
    // sqlc's SQLite queries: numbered `?1` parameters, SQLite's date functions, its catalog.
    assert.deepEqual(dialect('q.sql', 'SELECT id FROM jobs WHERE id = ?1;'), ['SQLite', '?1 parameters']);
    assert.deepEqual(dialect('q.sql', "SELECT unixepoch(at, 'subsec') FROM jobs;"), [
      'SQLite',
      'SQLite date functions',
    ]);
    assert.deepEqual(dialect('q.sql', "SELECT name FROM sqlite_master WHERE type = 'table';"), [
      'SQLite',
      'sqlite_master',
    ]);
    // PostgreSQL's jsonb `?` operator and its `$1` are not.
    assert.equal(
      dialect('q.sql', "SELECT id FROM jobs WHERE meta ? 'urgent' AND id = $1 AND meta ?| array['a'];"),
      undefined,
    );
    // The same words in comments and strings, and PostgreSQL's own lower-case types, are PostgreSQL.
    assert.equal(dialect('a.sql', "-- was AUTO_INCREMENT in MySQL\nSELECT 'PRAGMA `x`', 1::int8;"), undefined);
  });

  it("by a folder or file name that is the dialect's, not by any path that mentions it", () => {
    assert.deepEqual(dialect('analytics/clickhouse/001_events.sql', 'SELECT 1;'), [
      'ClickHouse',
      'the folder clickhouse/',
    ]);
    assert.deepEqual(dialect('db/mysql_migrations/001.sql', 'SELECT 1;'), ['MySQL', 'the folder mysql_migrations/']);
    assert.deepEqual(dialect('db/schema.sqlite.sql', 'SELECT 1;'), ['SQLite', 'the file name schema.sqlite.sql']);
    assert.equal(dialect('/home/me/mysql-to-pg/db/001.sql', 'SELECT 1;'), undefined);
    assert.equal(dialect('migrations/004_copy_mysql_users.sql', 'SELECT 1;'), undefined);
    assert.deepEqual(dialect('q.sql', '-- dialect: clickhouse\nSELECT 1;'), ['ClickHouse', '"-- dialect: clickhouse"']);
  });

  it("by a script's driver, unless it also talks to PostgreSQL", () => {
    assert.equal(otherScriptDialect("import mysql from 'mysql2/promise';")?.dialect, 'MySQL');
    assert.equal(otherScriptDialect("const { createClient } = require('@clickhouse/client');")?.dialect, 'ClickHouse');
    assert.equal(otherScriptDialect("import Database from 'better-sqlite3';\nimport pg from 'pg';"), undefined);
    const text = "import mysql from 'mysql2/promise';\nawait conn.query('SELECT * FROM `users` LIMIT ?', [1]);\n";
    const sql = documentSql('src/legacy.ts', text);
    assert.deepEqual(sql.fragments, []);
    assert.equal(
      sql.notAnalysed?.message,
      'not analysed: MySQL (imports mysql2/promise); the query optimizer reads PostgreSQL',
    );
    assert.equal(text.slice(sql.notAnalysed?.start, sql.notAnalysed?.end), "'mysql2/promise'");
  });
});
