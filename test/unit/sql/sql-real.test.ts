import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParsedFragment } from '../../../src/assistants/sql/fragment-parse';
import { parseFragment } from '../../../src/assistants/sql/fragment-parse';
import { sqlAssistant } from '../../../src/assistants/sql/index';
import { loadSqlParser } from '../../../src/assistants/sql/parser';
import { routineStatements } from '../../../src/assistants/sql/plpgsql';
import { documentSql, loadTypeScript } from '../../../src/assistants/sql/sources';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * The shapes real code bases write their SQL in (test/fixtures/sql-real, our own snippets): what the engine
 * reads in each file is pinned in expected.json, a few spans are pinned to the host text they came from, and
 * the whole corpus analyses without a parse error, every skipped file with one note.
 */

const ROOT = path.resolve(__dirname, '../../fixtures/sql-real');
const expected: { files: Record<string, { statements?: string[]; notAnalysed?: string }> } = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'expected.json'), 'utf8'),
);

function files(): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name !== 'expected.json') out.push(path.relative(ROOT, full).split(path.sep).join('/'));
    }
  };
  visit(ROOT);
  return out;
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

function fragmentsOf(file: string): { found: ParsedFragment[]; notAnalysed?: string } {
  const sql = documentSql(file, read(file));
  const found = sql.fragments.flatMap((fragment) => {
    const top = parseFragment(fragment);
    return [top, ...routineStatements(top)];
  });
  return { found, notAnalysed: sql.notAnalysed?.message };
}

describe('sql real-code shapes (test/fixtures/sql-real)', () => {
  before(async function () {
    this.timeout(60_000);
    await loadTypeScript();
    await loadSqlParser();
  });

  it('every file of the corpus is pinned, and only those', () => {
    assert.deepEqual(files(), Object.keys(expected.files).sort());
  });

  for (const file of Object.keys(expected.files)) {
    it(`${file}: reads what is pinned`, () => {
      const { found, notAnalysed } = fragmentsOf(file);
      const statements = found.flatMap(({ fragment, parsed }) => [
        ...parsed.statements.map(
          (s) => `${fragment.origin}: ${fragment.sql.slice(s.start, s.end).replace(/\s+/g, ' ')}`,
        ),
        ...parsed.errors.map((e) => `ERROR ${e.message}: ${fragment.sql.slice(e.start, e.end)}`),
      ]);
      const want = expected.files[file];
      if (want.notAnalysed !== undefined) {
        assert.equal(notAnalysed, want.notAnalysed);
        assert.deepEqual(statements, []);
      } else {
        assert.equal(notAnalysed, undefined);
        assert.deepEqual(statements, want.statements);
      }
    });
  }

  /** [file, text in the engine's SQL, its occurrence, the host text it maps to]. */
  const spans: [string, string, number, string][] = [
    ['mikro-orm/Migration20240301093000.ts', '"IDX_fulfillment_order_id"', 0, '"IDX_fulfillment_order_id"'],
    ['mikro-orm/Migration20240301093000.ts', '$1', 0, '?'],
    ['mikro-orm/Migration20240301093000.ts', 'CREATE TYPE', 1, 'CREATE TYPE'],
    ['job-queue/get-jobs.ts', '"escapedSchema"', 0, '${escapedSchema}'],
    ['job-queue/get-jobs.ts', '$4', 0, '$${++i}'],
    ['job-queue/get-jobs.ts', 'is not true', 0, 'is not true'],
    ['job-queue/get-jobs.ts', '"schema"', 0, '${schema}'],
    ['job-queue/migrations/000001.sql', '$1', 0, 'identifier'],
    ['job-queue/migrations/000001.sql', 'SELECT', 0, 'perform'],
    ['slonik/loaders.ts', '"t1"."column"', 0, '${sql.identifier([TABLE_ALIAS, column])}'],
    ['slonik/loaders.ts', 'ANY(', 0, 'ANY('],
    ['prisma/reports.ts', '>=', 0, '>='],
    ['psql/seed.sql', "'tenant'", 0, ":'tenant'"],
    ['dbt/models/daily_orders.sql', '"stg_orders"', 0, "{{ ref('stg_orders') }}"],
    ['knex/trips.js', '"binding"', 0, '??'],
    ['typeorm/1700000000000-AuditTrigger.ts', '$2', 0, 'NEW.id'],
    ['postgres-js/balances.ts', '($1)', 0, '${sql(accounts)}'],
    ['go-app/storage/tokens.go', '"format"', 0, '%s'],
    ['go-app/storage/tokens.go', 'a.login = $1', 0, 'a.login = $1'],
    ['named-binds/scripts/restore-accounts.sql', '$3', 0, '$since'],
    ['named-binds/scripts/restore-accounts.sql', '$body$', 0, '$body$'],
    ['named-binds/models/Thread.ts', '$2', 0, '$limit'],
  ];
  for (const [file, sqlText, nth, hostText] of spans) {
    it(`${file}: ${sqlText} maps to ${hostText}`, () => {
      const text = read(file);
      const hits = fragmentsOf(file).found.flatMap(({ fragment }) => {
        const out: string[] = [];
        for (let at = fragment.sql.indexOf(sqlText); at >= 0; at = fragment.sql.indexOf(sqlText, at + 1)) {
          const span = fragment.map.spanToHost(at, at + sqlText.length);
          out.push(text.slice(span.start, span.end));
        }
        return out;
      });
      assert.equal(hits[nth], hostText, JSON.stringify(hits));
    });
  }

  it('the engine analyses the corpus without a parse error; each skipped file says why, once', async function () {
    this.timeout(60_000);
    const texts = new Map(files().map((file) => [`sql-real/${file}`, read(file)]));
    const workspace = memoryWorkspace(texts);
    await sqlAssistant.prepare?.(workspace);
    const errors: string[] = [];
    for (const [file, text] of texts) {
      const result = await analyzeDocument(
        sqlAssistant,
        { file, text },
        { ...DEFAULT_CONFIG, budgetMs: 60_000 },
        undefined,
        { workspace },
      );
      errors.push(...result.errors.map((e) => `${file}: ${e.kind}: ${e.message}`));
    }
    assert.deepEqual(errors, [
      'sql-real/clickhouse/events.sql: unsupported: not analysed: ClickHouse (the folder clickhouse/); the query optimizer reads PostgreSQL',
      'sql-real/mysql-legacy/schema.sql: unsupported: not analysed: MySQL syntax (backtick-quoted names); the query optimizer reads PostgreSQL',
      'sql-real/sqlc-sqlite/dbsqlc/jobs.sql: unsupported: not analysed: SQLite syntax (SQLite date functions); the query optimizer reads PostgreSQL',
      'sql-real/sqlc-sqlite/dbsqlc/jobs.sql.go: unsupported: not analysed: SQLite syntax (SQLite date functions); the query optimizer reads PostgreSQL',
      'sql-real/sqlc-sqlite/dbsqlc/tables.sql.go: unsupported: not analysed: SQLite syntax (sqlite_master); the query optimizer reads PostgreSQL',
    ]);
  });
});
