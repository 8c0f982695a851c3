import { strict as assert } from 'node:assert';
import { loadSqlParser, parseSql } from '../../../src/assistants/sql/parser';
import { Catalog } from '../../../src/assistants/sql/schema';
import { SchemaCache, compareMigrationPaths, isSchemaPath } from '../../../src/assistants/sql/schema-cache';
import { DEFAULT_SQL_SETTINGS, globToRegExp, sqlSettings } from '../../../src/assistants/sql/settings';
import { memoryWorkspace } from '../../../src/core/workspace';

describe('sql schema catalog', () => {
  before(async function () {
    this.timeout(30_000);
    await loadSqlParser();
  });

  const files = {
    'db/migrations/001_init.sql': `
      CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, CONSTRAINT users_email_key UNIQUE (email));
      CREATE TABLE app.orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE, note varchar(100), status text);`,
    'db/migrations/002_items.sql': `
      CREATE TABLE order_items (order_id bigint NOT NULL, product_id bigint, qty int NOT NULL CHECK (qty > 0), PRIMARY KEY (order_id, product_id),
        FOREIGN KEY (order_id) REFERENCES app.orders (id));
      CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_lower_email_idx ON users (lower(email));
      CREATE INDEX orders_status_idx ON app.orders USING btree (status DESC) WHERE status <> 'done';`,
    'db/migrations/010_alter.sql': `
      ALTER TABLE users ADD COLUMN name text, ADD COLUMN org_id bigint;
      ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES users (id) NOT VALID;
      ALTER TABLE users RENAME COLUMN name TO display_name;
      ALTER TABLE app.orders ALTER COLUMN note TYPE text;
      ALTER TABLE app.orders DROP COLUMN status;
      ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;
      DROP INDEX IF EXISTS nothing_here;`,
    'db/migrations/003_down.sql': 'DROP TABLE users;',
    'db/migrations/004_x.down.sql': 'DROP TABLE users;',
    'db/queries/report.sql': 'SELECT 1;',
    'src/other.sql': 'CREATE TABLE outside (id int);',
  };

  it('applies migrations in numbering order: tables, columns, keys, foreign keys, indexes, ALTERs', async () => {
    const catalog = await new SchemaCache().catalog(await memoryWorkspace(files).files(/\.sql$/), DEFAULT_SQL_SETTINGS);
    assert.deepEqual(
      catalog.files,
      ['db/migrations/001_init.sql', 'db/migrations/002_items.sql', 'db/migrations/010_alter.sql'],
      'rollbacks are not applied',
    );
    const users = catalog.resolve('users')!;
    assert.deepEqual([...users.columns.keys()], ['id', 'email', 'display_name', 'org_id']);
    assert.equal(users.columns.get('id')!.type, 'bigint');
    assert.equal(users.columns.get('display_name')!.notNull, true);
    assert.deepEqual(users.primaryKey, ['id']);
    assert.deepEqual(users.uniques, [['email']]);
    assert.deepEqual(
      users.indexes.map((i) => [i.name, i.unique, i.implicit ?? 'index']),
      [
        ['users_pkey', true, 'primary key'],
        ['users_email_key', true, 'unique constraint'],
        ['users_lower_email_idx', true, 'index'],
      ],
    );
    assert.ok(users.indexes[2].keys[0].expression);
    assert.deepEqual(
      users.foreignKeys.map((f) => [f.name, f.columns, f.refTable, f.valid]),
      [['users_org_fk', ['org_id'], 'public.users', false]],
    );
    const orders = catalog.resolve('orders')!;
    assert.equal(orders.key, 'app.orders');
    assert.equal(orders.columns.get('note')!.type, 'text');
    assert.ok(!orders.columns.has('status'));
    assert.deepEqual(
      orders.indexes.map((i) => i.name),
      ['orders_pkey'],
      'dropping a column drops its indexes',
    );
    assert.deepEqual(
      orders.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns, f.onDelete]),
      [[['user_id'], 'public.users', ['id'], 'c']],
    );
    const items = catalog.resolve('order_items')!;
    assert.deepEqual(items.primaryKey, ['order_id', 'product_id']);
    assert.equal(items.foreignKeys[0].refTable, 'app.orders');
    assert.ok(Catalog.leadingIndexFor(items, ['order_id']), 'the primary key leads with order_id');
    assert.equal(Catalog.leadingIndexFor(items, ['product_id']), undefined);
    assert.deepEqual(
      catalog.typeChanges.map((c) => [c.column, c.from, c.to]),
      [['note', 'character varying(100)', 'text']],
    );
    // Where each table comes from, for "created by an earlier migration".
    assert.equal(users.origin.file, 'db/migrations/001_init.sql');
    assert.equal(catalog.orderOf('db/migrations/010_alter.sql'), 2);
    assert.equal(catalog.orderOf('db/queries/report.sql'), 3);
    assert.equal(catalog.resolve('outside'), undefined, 'a SQL file outside the schema paths is not schema');
  });

  it('rebuilds when a schema file changes, and reuses the catalog when nothing did', async () => {
    const cache = new SchemaCache();
    const first = await cache.catalog(await memoryWorkspace(files).files(/\.sql$/), DEFAULT_SQL_SETTINGS);
    const again = await cache.catalog(await memoryWorkspace(files).files(/\.sql$/), DEFAULT_SQL_SETTINGS);
    assert.equal(first, again);
    const changed = {
      ...files,
      'db/migrations/011_more.sql': 'CREATE INDEX users_display_name_idx ON users (display_name);',
    };
    const third = await cache.catalog(await memoryWorkspace(changed).files(/\.sql$/), DEFAULT_SQL_SETTINGS);
    assert.notEqual(third, first);
    assert.ok(third.resolve('users')!.indexes.some((i) => i.name === 'users_display_name_idx'));
  });

  it('uses the live text of the document being edited in its place', async () => {
    const cache = new SchemaCache();
    const current = { file: 'db/migrations/002_items.sql', text: 'CREATE TABLE widgets (id int PRIMARY KEY);' };
    const catalog = await cache.catalog(await memoryWorkspace(files).files(/\.sql$/), DEFAULT_SQL_SETTINGS, current);
    assert.ok(catalog.resolve('widgets'));
    assert.equal(catalog.resolve('order_items'), undefined);
  });

  it('schemaPaths globs override discovery', async () => {
    const settings = sqlSettings({ schemaPaths: ['src/*.sql'] });
    const catalog = await new SchemaCache().catalog(await memoryWorkspace(files).files(/\.sql$/), settings);
    assert.deepEqual(catalog.files, ['src/other.sql']);
    assert.ok(catalog.resolve('outside'));
  });

  it('parses CREATE TABLE with inline and table constraints the way PostgreSQL names them', () => {
    const catalog = new Catalog();
    const text = 'CREATE TABLE t (a int REFERENCES u, b text UNIQUE, c int CHECK (c IS NOT NULL), UNIQUE (a, b));';
    catalog.applyFile('x.sql', parseSql(text), 0);
    const t = catalog.resolve('t')!;
    assert.deepEqual(
      t.foreignKeys.map((f) => f.name),
      ['t_a_fkey'],
    );
    assert.deepEqual(t.uniques, [['b'], ['a', 'b']]);
    assert.deepEqual(
      t.checks.map((c) => c.notNullOf),
      ['c'],
    );
  });

  it('files named by their number alone make the schema when they hold DDL, in their numeric order', async () => {
    const files = {
      'sql/000001.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY);',
      'sql/000002.sql': 'ALTER TABLE accounts ADD COLUMN email text;',
      'sql/000010.sql': 'ALTER TABLE accounts RENAME COLUMN email TO login;',
      'sql/000011.sql': 'SELECT id FROM accounts;',
    };
    const catalog = await new SchemaCache().catalog(await memoryWorkspace(files).files(/\.sql$/), DEFAULT_SQL_SETTINGS);
    assert.deepEqual([...(catalog.resolve('accounts')?.columns.keys() ?? [])], ['id', 'login']);
  });

  it('path helpers: schema discovery, rollbacks, numeric order, globs', () => {
    assert.ok(isSchemaPath('prisma/migrations/20240101_init/migration.sql', DEFAULT_SQL_SETTINGS));
    assert.ok(isSchemaPath('/home/me/app/db/schema.sql', DEFAULT_SQL_SETTINGS));
    assert.ok(isSchemaPath('sql/tables.ddl.sql', DEFAULT_SQL_SETTINGS));
    assert.ok(!isSchemaPath('migrations/0003_x.down.sql', DEFAULT_SQL_SETTINGS));
    assert.ok(!isSchemaPath('queries/report.sql', DEFAULT_SQL_SETTINGS));
    assert.ok(isSchemaPath('sql/000011.sql', DEFAULT_SQL_SETTINGS), 'a file named by its number alone');
    assert.ok(!isSchemaPath('sql/000011-report.sql', DEFAULT_SQL_SETTINGS));
    assert.ok(compareMigrationPaths('m/2_b.sql', 'm/10_a.sql') < 0);
    // Older migrations moved into a subfolder keep their place by their numbered names.
    const moved = [
      'db/migrations/20220505-index.js',
      'db/migrations/archives/20150101-create.js',
      'db/migrations/20230101-x.js',
    ];
    assert.deepEqual([...moved].sort(compareMigrationPaths), [
      'db/migrations/archives/20150101-create.js',
      'db/migrations/20220505-index.js',
      'db/migrations/20230101-x.js',
    ]);
    // Folders side by side are still ordered by folder.
    assert.ok(compareMigrationPaths('a/migrations/9_x.sql', 'b/migrations/1_y.sql') < 0);
    assert.ok(globToRegExp('db/**/*.sql').test('db/a/b/c.sql'));
    assert.ok(globToRegExp('db/**/*.sql').test('db/c.sql'));
    assert.ok(globToRegExp('db/**/*.sql').test('/abs/project/db/c.sql'));
    assert.ok(!globToRegExp('db/*.sql').test('db/a/c.sql'));
    assert.ok(globToRegExp('schema/{a,b}.sql').test('schema/b.sql'));
  });
});
