import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { run } from './workspace';

const SCHEMA = `CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), status text NOT NULL);
`;
const QUERY = `SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE lower(u.email) = 'x@y.z';\n`;

describe('cli advise', function () {
  this.timeout(300_000);

  describe('arguments', () => {
    it('parses the file, --schema (repeatable), --rows, --rows-per-table, --database-url and --format', () => {
      assert.deepEqual(
        parseArgs([
          'advise',
          'q.sql',
          '--schema',
          'db',
          '--schema=more.sql',
          '--rows',
          '5000',
          '--rows-per-table',
          'categories=200,users=10',
          '--format',
          'json',
          '--quiet',
        ]),
        {
          kind: 'advise',
          file: 'q.sql',
          schema: ['db', 'more.sql'],
          rows: 5000,
          rowsPerTable: { categories: 200, users: 10 },
          analyze: false,
          format: 'json',
          quiet: true,
        },
      );
      const server = parseArgs(['advise', 'q.sql', '--database-url', 'postgres://app@db/shop', '--analyze']);
      assert.equal(server.kind === 'advise' && server.databaseUrl, 'postgres://app@db/shop');
      assert.equal(server.kind === 'advise' && server.allowPrivilegedRole, undefined);
    });
    it('parses --allow-privileged-role (with --analyze) and --run-timeout-ms', () => {
      const parsed = parseArgs([
        'advise',
        'q.sql',
        '--database-url',
        'postgres://postgres@localhost/shop',
        '--analyze',
        '--allow-privileged-role',
        '--run-timeout-ms=60000',
      ]);
      assert.ok(parsed.kind === 'advise');
      assert.equal(parsed.allowPrivilegedRole, true);
      assert.equal(parsed.runTimeoutMs, 60_000);
      const sandbox = parseArgs(['advise', 'q.sql', '--run-timeout-ms', '5000']);
      assert.equal(sandbox.kind === 'advise' && sandbox.runTimeoutMs, 5000);
    });
    const usageErrors: Array<[string[], RegExp]> = [
      [['advise'], /advise needs the SQL file/],
      [['advise', 'a.sql', 'b.sql'], /advise measures one file, not 2/],
      [['advise', 'a.sql', '--rows', '0'], /--rows needs a whole number of rows/],
      [['advise', 'a.sql', '--rows', '1e9'], /--rows needs a whole number of rows/],
      [['advise', 'a.sql', '--format', 'sarif'], /--format: unknown value "sarif"/],
      [['advise', 'a.sql', '--database-url', 'mysql://x'], /postgres:\/\//],
      [['advise', 'a.sql', '--analyze'], /--analyze applies to --database-url/],
      [['advise', 'a.sql', '--rows-per-table', 'users'], /table=N pairs/],
      [['advise', 'a.sql', '--database-url', 'postgres://x@db/s', '--allow-privileged-role'], /applies to --analyze/],
      [
        ['advise', 'a.sql', '--run-timeout-ms', '10'],
        /--run-timeout-ms needs a whole number of milliseconds from 1000 to 3600000/,
      ],
      [['advise', 'a.sql', '--run-timeout-ms', '5m'], /--run-timeout-ms needs/],
      [['advise', 'a.sql', '--allow-privileged-role=yes'], /takes no value/],
    ];
    for (const [argv, message] of usageErrors) {
      it(`rejects ${JSON.stringify(argv)}`, () => {
        assert.throws(
          () => parseArgs(argv),
          (error: unknown) => error instanceof UsageError && message.test(error.message),
        );
      });
    }
  });

  describe('on a workspace (real sandbox)', () => {
    let root: string;
    before(async () => {
      root = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-advise-'));
      await fs.mkdir(path.join(root, 'db/migrations'), { recursive: true });
      await fs.writeFile(path.join(root, 'db/migrations/001_init.sql'), SCHEMA);
      await fs.writeFile(path.join(root, 'q.sql'), QUERY);
    });
    after(async () => {
      await fs.rm(root, { recursive: true, force: true });
    });

    it('prints the statements with plan, suggestions and measured times as JSON', async () => {
      const result = await run(
        ['advise', 'q.sql', '--schema', 'db', '--rows', '3000', '--format', 'json', '--quiet'],
        root,
      );
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout);
      assert.equal(report.version, 1);
      assert.equal(report.file, 'q.sql');
      assert.equal(report.statements.length, 1);
      const [statement] = report.statements;
      assert.deepEqual(statement.range.start, { line: 0, character: 0 });
      assert.equal(statement.sql, QUERY.trim().replace(/;$/, ''));
      assert.equal(typeof statement.plan.totalCost, 'number');
      assert.equal(typeof statement.plan.executionMs, 'number');
      assert.equal(statement.plan.engine, 'pglite');
      assert.ok(
        Array.isArray(statement.suggestions) && Array.isArray(statement.planFindings) && Array.isArray(statement.notes),
      );
      for (const suggestion of statement.suggestions) {
        assert.ok(['index', 'rewrite'].includes(suggestion.kind));
        assert.equal(typeof suggestion.title, 'string');
        assert.equal(typeof suggestion.sql, 'string');
        if (suggestion.measured)
          assert.deepEqual(Object.keys(suggestion.measured).sort(), [
            'afterMs',
            'beforeMs',
            'engine',
            'rows',
            'speedup',
          ]);
        if (suggestion.kind === 'index') assert.match(suggestion.sql, /^CREATE INDEX CONCURRENTLY IF NOT EXISTS /);
      }
      assert.ok(
        statement.suggestions.some((s: { sql: string }) => s.sql.includes('(lower(email))')),
        JSON.stringify(statement.suggestions, null, 1),
      );
    });

    it('advises the statements a Go or TypeScript file embeds, with values for their $n', async () => {
      await fs.writeFile(
        path.join(root, 'store.go'),
        'package store\n\nconst byStatus = `SELECT id FROM orders WHERE status = $1`\n',
      );
      await fs.writeFile(
        path.join(root, 'orders.ts'),
        'export const byUser = (pool, id) => pool.query(`SELECT id FROM orders WHERE user_id = $1`, [id]);\n',
      );
      for (const file of ['store.go', 'orders.ts']) {
        const result = await run(
          ['advise', file, '--schema', 'db', '--rows', '2000', '--format', 'json', '--quiet'],
          root,
        );
        assert.equal(result.code, 0, result.stderr);
        const [statement, ...more] = JSON.parse(result.stdout).statements;
        assert.equal(more.length, 0);
        assert.match(statement.sql, /^SELECT id FROM orders WHERE \w+ = \$1$/);
        assert.equal(statement.plan.analyzed, true, statement.notes.join('; '));
        assert.match(statement.parameters[0].values[0].source, /^orders\.(status|user_id)$/);
      }
    });

    it('reads a --schema folder of script migrations (knex), not only its .sql files', async () => {
      await fs.mkdir(path.join(root, 'knex/migrations'), { recursive: true });
      await fs.writeFile(
        path.join(root, 'knex/migrations/20240101_invoices.js'),
        [
          'exports.up = (knex) =>',
          "  knex.schema.createTable('invoices', (t) => {",
          "    t.increments('id');",
          "    t.integer('customer_id').notNullable();",
          "    t.text('state').notNullable();",
          '  });',
          "exports.down = (knex) => knex.schema.dropTable('invoices');",
          '',
        ].join('\n'),
      );
      await fs.writeFile(path.join(root, 'invoices.sql'), 'SELECT id FROM invoices WHERE customer_id = $1;\n');
      const result = await run(
        ['advise', 'invoices.sql', '--schema', 'knex', '--rows', '2000', '--format', 'json', '--quiet'],
        root,
      );
      assert.equal(result.code, 0, result.stderr);
      const [statement] = JSON.parse(result.stdout).statements;
      assert.equal(statement.plan.analyzed, true, statement.notes.join('; '));
      assert.equal(statement.parameters[0].values[0].source, 'invoices.customer_id');
    });

    it('prints text, and says so when a file has nothing to measure', async () => {
      await fs.writeFile(path.join(root, 'ddl.sql'), 'CREATE INDEX x ON users (email);\n');
      const text = await run(['advise', 'ddl.sql', '--schema', 'db', '--rows', '100', '--quiet'], root);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /no statement to measure/);
    });

    it('fails with exit code 2 on a missing file or schema path', async () => {
      const missing = await run(['advise', 'nope.sql', '--quiet'], root);
      assert.equal(missing.code, 2);
      const schema = await run(['advise', 'q.sql', '--schema', 'nowhere', '--quiet'], root);
      assert.equal(schema.code, 2);
      assert.match(schema.stderr, /--schema nowhere: no such file or folder/);
    });
  });
});
