import { strict as assert } from 'node:assert';
import { doBlockStatements } from '../../../src/assistants/sql/do-blocks';
import { loadSqlParser, parseSql } from '../../../src/assistants/sql/parser';
import { SchemaCache } from '../../../src/assistants/sql/schema-cache';
import { parseFragment } from '../../../src/assistants/sql/fragment-parse';
import { extractFragments } from '../../../src/assistants/sql/sources';
import { OverBudgetError } from '../../../src/core/budget';
import { SCHEMA_SOURCE, isSchemaPath } from '../../../src/assistants/sql/schema-paths';
import { DEFAULT_SQL_SETTINGS } from '../../../src/assistants/sql/settings';
import { memoryWorkspace } from '../../../src/core/workspace';

describe('sql schema history: each migration against the schema of its own past', () => {
  before(async function () {
    this.timeout(30_000);
    await loadSqlParser();
  });

  const files = {
    'db/migrations/001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100) NOT NULL);',
    'db/migrations/002_email.sql': 'ALTER TABLE users ALTER COLUMN email TYPE varchar(200);',
    'db/migrations/003_rename.sql': 'ALTER TABLE users RENAME TO accounts;',
    'db/migrations/004_drop.sql': 'ALTER TABLE accounts DROP COLUMN email;',
  };
  const listed = () => memoryWorkspace(files).files(SCHEMA_SOURCE);
  const schemaOf = (cache: SchemaCache, file: keyof typeof files, text: string = files[file]) =>
    listed().then((ws) => cache.schemaFor(ws, DEFAULT_SQL_SETTINGS, { file, text }));

  it('a migration sees what its predecessors and its own statements built, not what later ones did', async () => {
    const cache = new SchemaCache();
    const second = await schemaOf(cache, 'db/migrations/002_email.sql');
    assert.equal(second.schema.resolve('users')?.columns.get('email')?.type, 'character varying(200)');
    assert.equal(second.schema.resolve('accounts'), undefined);
    assert.equal(second.schema.orderOf('db/migrations/002_email.sql'), 1);
    // The final schema has the rename and the drop.
    assert.equal(second.final.resolve('users'), undefined);
    assert.equal(second.final.resolve('accounts')?.columns.has('email'), false);
    // Found again by the statement that created it, under its new name.
    assert.equal(second.final.sameTable(second.schema.resolve('users')!)?.name, 'accounts');
  });

  it('the last migration, and anything that is not a migration, is checked against the final schema', async () => {
    const cache = new SchemaCache();
    const last = await schemaOf(cache, 'db/migrations/004_drop.sql');
    assert.equal(last.schema, last.final);
    const ws = await listed();
    const app = await cache.schemaFor(ws, DEFAULT_SQL_SETTINGS, { file: 'src/report.sql', text: 'SELECT 1;' });
    assert.equal(app.schema, app.final);
  });

  it("an edited migration is parsed by its own analysis, only when its schema needs it, under that analysis's budget", async () => {
    const cache = new SchemaCache();
    const file = 'db/migrations/002_email.sql';
    let asked = 0;
    const own = (text: string) => () => {
      asked++;
      return [parseFragment(extractFragments(file, text)[0])];
    };
    await listed().then((ws) =>
      cache.schemaFor(ws, DEFAULT_SQL_SETTINGS, { file, text: files[file], fragments: own(files[file]) }),
    );
    assert.equal(asked, 0, 'the saved text: the schema has its parse');
    const edited = 'ALTER TABLE users ADD COLUMN name text;';
    const schema = await listed().then((ws) =>
      cache.schemaFor(ws, DEFAULT_SQL_SETTINGS, { file, text: edited, fragments: own(edited) }),
    );
    assert.equal(asked, 1);
    assert.ok(schema.schema.resolve('users')?.columns.has('name'));
    const overBudget = () => {
      throw new OverBudgetError(10, 12);
    };
    await assert.rejects(
      listed().then((ws) =>
        cache.schemaFor(ws, DEFAULT_SQL_SETTINGS, { file, text: `${edited}\n`, fragments: overBudget }),
      ),
      OverBudgetError,
    );
  });

  it('checking migrations one after another reuses the catalogs, and an edit to an earlier one is seen', async () => {
    const cache = new SchemaCache();
    const first = await schemaOf(cache, 'db/migrations/002_email.sql');
    assert.equal((await schemaOf(cache, 'db/migrations/002_email.sql')).schema, first.schema);
    const third = await schemaOf(cache, 'db/migrations/003_rename.sql');
    assert.ok(third.schema.resolve('accounts'));
    // Editing 002 (its live text) changes what 002 sees; 001 is not applied twice.
    const edited = await schemaOf(cache, 'db/migrations/002_email.sql', 'ALTER TABLE users ADD COLUMN name text;');
    const users = edited.schema.resolve('users')!;
    assert.deepEqual([...users.columns.keys()], ['id', 'email', 'name']);
    assert.equal(users.columns.get('email')?.type, 'character varying(100)');
    // The copy handed out is the document's own: applying to it leaves the next one untouched.
    users.columns.delete('id');
    assert.ok((await schemaOf(cache, 'db/migrations/003_rename.sql')).schema.resolve('accounts')?.columns.has('id'));
  });

  it('in any order of saved and edited migrations, each sees what a fresh cache shows it', async () => {
    const cache = new SchemaCache();
    const columns = (
      schema: { resolve(name: string): { columns: Map<string, unknown> } | undefined },
      name: string,
    ) => [...(schema.resolve(name)?.columns.keys() ?? [])];
    const steps: [keyof typeof files, string | undefined, string, string[]][] = [
      ['db/migrations/003_rename.sql', undefined, 'accounts', ['id', 'email']],
      ['db/migrations/002_email.sql', 'ALTER TABLE users ADD COLUMN a text;', 'users', ['id', 'email', 'a']],
      ['db/migrations/002_email.sql', 'ALTER TABLE users ADD COLUMN b text;', 'users', ['id', 'email', 'b']],
      ['db/migrations/002_email.sql', undefined, 'users', ['id', 'email']],
      ['db/migrations/003_rename.sql', undefined, 'accounts', ['id', 'email']],
      ['db/migrations/001_users.sql', undefined, 'users', ['id', 'email']],
      ['db/migrations/003_rename.sql', 'ALTER TABLE users RENAME TO people;', 'people', ['id', 'email']],
    ];
    for (const [file, text, table, expected] of steps) {
      const seen = await schemaOf(cache, file, text);
      const fresh = await schemaOf(new SchemaCache(), file, text);
      assert.deepEqual(columns(seen.schema, table), expected, `${file} ${text ?? '(saved)'}`);
      assert.deepEqual(columns(fresh.schema, table), expected, `${file} ${text ?? '(saved)'}, fresh`);
    }
  });

  it('migration scripts count: their query calls in order, their rollback left out', async () => {
    const script = [
      "import type { Knex } from 'knex';",
      'export async function up(knex: Knex) {',
      "  await knex.raw('CREATE TABLE coupons (id bigint PRIMARY KEY, code text NOT NULL)');",
      "  await knex.raw('CREATE INDEX coupons_code_idx ON coupons (code)');",
      '}',
      'export async function down(knex: Knex) {',
      "  await knex.raw('DROP TABLE coupons');",
      '}',
    ].join('\n');
    const workspace = memoryWorkspace({
      ...files,
      'db/migrations/005_coupons.ts': script,
      'db/migrations/types.d.ts': "declare const sql: 'CREATE TABLE nope (id int)';",
    });
    const catalog = await new SchemaCache().catalog(await workspace.files(SCHEMA_SOURCE), DEFAULT_SQL_SETTINGS);
    const coupons = catalog.resolve('coupons');
    assert.ok(coupons, 'the rollback dropped the table');
    assert.deepEqual(
      coupons.indexes.map((i) => i.name),
      ['coupons_pkey', 'coupons_code_idx'],
    );
    // The origin is the statement's span in the script's own text.
    assert.equal(script.slice(coupons.origin.start, coupons.origin.start + 12), 'CREATE TABLE');
    assert.equal(catalog.resolve('nope'), undefined);
    assert.ok(isSchemaPath('src/migrations/Migration20240101.ts', DEFAULT_SQL_SETTINGS));
    assert.ok(!isSchemaPath('src/repositories/orders.ts', DEFAULT_SQL_SETTINGS));
  });

  it('DDL inside DO blocks is applied: plain, guarded by IF, or run by EXECUTE of a literal', () => {
    const body = (sql: string) => doBlockStatements(parseSql(sql).statements[0].node);
    assert.deepEqual(
      body(`DO $$
        DECLARE n int;
        BEGIN
          -- guarded
          IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'a_idx') THEN
            CREATE INDEX a_idx ON a (x);
          END IF;
          EXECUTE 'ALTER TABLE a ADD COLUMN note text DEFAULT ''none''';
          EXECUTE format('CREATE INDEX %I ON a (y)', 'b_idx');
          PERFORM pg_sleep(0);
        END $$;`),
      ['CREATE INDEX a_idx ON a (x)', "ALTER TABLE a ADD COLUMN note text DEFAULT 'none'"],
    );
    assert.deepEqual(body("DO LANGUAGE plpython3u $$ plpy.execute('CREATE INDEX c ON a (z)') $$;"), []);
  });
});
