import { strict as assert } from 'node:assert';
import { buildSandboxSchema, loadOrder } from '../../../../src/assistants/sql/sandbox/catalog-spec';
import type { SpecTable } from '../../../../src/assistants/sql/sandbox/schema-spec';
import { rowsFor } from '../../../../src/assistants/sql/sandbox/schema-spec';
import { statementShape } from '../../../../src/assistants/sql/sandbox/statement';
import { uniqueColumns, valueExpr } from '../../../../src/assistants/sql/sandbox/synth';
import { AWKWARD_SCHEMA, catalogOf, workshopCatalog } from './helpers';

describe('sql sandbox: schema spec from the catalog', () => {
  before(async function () {
    this.timeout(60_000);
    await catalogOf({});
  });

  it('carries columns, keys, CHECK text as written, and expression/partial indexes', async () => {
    const schema = buildSandboxSchema(await catalogOf(AWKWARD_SCHEMA));
    const byName = new Map(schema.tables.map((t) => [t.name, t]));
    const accounts = byName.get('Accounts')!;
    assert.deepEqual(accounts.primaryKey, ['Id']);
    assert.deepEqual(accounts.uniques, [['E-mail']]);
    assert.equal(
      accounts.columns.find((c) => c.name === 'Id')!.identity,
      true,
      'bigserial key is recreated as identity',
    );
    assert.equal(accounts.columns.find((c) => c.name === 'mood')!.type, 'mood');
    assert.deepEqual(
      accounts.indexes.map((i) => i.sql),
      ['CREATE INDEX "accounts_lower_email" ON "public"."Accounts" (lower("E-mail"))'],
      'expression index replayed from its statement, CONCURRENTLY dropped',
    );
    const shops = byName.get('shops')!;
    assert.deepEqual(
      shops.checks.map((c) => c.sql),
      ["kind IN ('online', 'retail', 'popup')", 'rating >= 0 AND rating <= 5'],
    );
    const kind = shops.columns.find((c) => c.name === 'kind')!;
    assert.deepEqual(kind.allowed, ['online', 'retail', 'popup']);
    const rating = shops.columns.find((c) => c.name === 'rating')!;
    assert.deepEqual([rating.min, rating.max], [0, 5]);
    assert.deepEqual(
      shops.indexes.map((i) => i.name),
      ['shops_online', 'shops_owner_kind'],
    );
    assert.match(
      shops.indexes[0].sql,
      /^CREATE INDEX "shops_online" ON "public"\."shops" \(owner_id\) WHERE kind = 'online'$/,
    );
    assert.equal(
      shops.indexes[1].sql,
      'CREATE UNIQUE INDEX "shops_owner_kind" ON "public"."shops" USING btree ("owner_id", "kind")',
    );
    assert.deepEqual(
      shops.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]),
      [
        [['owner_id'], 'public.Accounts', ['Id']],
        [['region_code', 'region_country'], 'public.regions', ['code', 'country']],
      ],
    );
    const categories = byName.get('categories')!;
    const depth = categories.columns.find((c) => c.name === 'depth')!;
    assert.deepEqual([depth.min, depth.max], [0, 3]);
  });

  it('orders tables parents first, self-references and cycles included', async () => {
    const schema = buildSandboxSchema(await catalogOf(AWKWARD_SCHEMA));
    const order = schema.tables.map((t) => t.name);
    const before = (a: string, b: string) => order.indexOf(a) < order.indexOf(b);
    assert.ok(before('Accounts', 'shops') && before('regions', 'shops') && before('shops', 'shop_members'));
    assert.ok(order.includes('a_side') && order.includes('b_side'), 'a cycle does not drop a table');
    const cyclic: SpecTable[] = ['x', 'y'].map((name) => ({
      key: `public.${name}`,
      schema: 'public',
      name,
      columns: [],
      uniques: [],
      checks: [],
      indexes: [],
      foreignKeys: [
        { name: `${name}_fk`, columns: ['r'], refTable: name === 'x' ? 'public.y' : 'public.x', refColumns: ['id'] },
      ],
    }));
    assert.equal(loadOrder(cyclic).length, 2);
  });

  it('orders a chain of 20,000 foreign keys parents first without exhausting the stack', () => {
    const chain: SpecTable[] = Array.from({ length: 20_000 }, (_, i) => ({
      key: `public.t${i}`,
      schema: 'public',
      name: `t${i}`,
      columns: [],
      uniques: [],
      checks: [],
      indexes: [],
      // t1 references t0, t2 references t1, …: the last table's load waits on the whole chain.
      foreignKeys:
        i === 0 ? [] : [{ name: `t${i}_fk`, columns: ['p'], refTable: `public.t${i - 1}`, refColumns: ['id'] }],
    }));
    const order = loadOrder([...chain].reverse()).map((t) => t.name);
    assert.equal(order.length, 20_000);
    assert.equal(order[0], 't0');
    assert.equal(order[19_999], 't19999');
    assert.ok(order.indexOf('t5000') < order.indexOf('t5001'));
  });

  it('takes only the tables asked for and their parents; reports what it cannot carry', async () => {
    const catalog = await catalogOf({
      ...AWKWARD_SCHEMA,
      'db/migrations/004_views.sql': `CREATE VIEW v_shops AS SELECT * FROM shops; CREATE TABLE orphan (id int, ref int REFERENCES nowhere (id));`,
    });
    const some = buildSandboxSchema(catalog, ['public.shop_members']);
    assert.deepEqual(some.tables.map((t) => t.name).sort(), ['Accounts', 'regions', 'shop_members', 'shops']);
    const all = buildSandboxSchema(catalog);
    assert.ok(all.skipped.some((s) => s.object === 'public.v_shops' && /view/.test(s.reason)));
    assert.ok(all.skipped.some((s) => /orphan/.test(s.object) && /nowhere/.test(s.reason)));
    assert.ok(buildSandboxSchema(catalog, ['public.missing']).skipped.some((s) => s.object === 'public.missing'));
  });

  it('workshop schema: every table, CHECK lists as allowed values, one unique column per key', async () => {
    const schema = buildSandboxSchema(await workshopCatalog());
    assert.equal(schema.tables.length, 11);
    const orders = schema.tables.find((t) => t.name === 'orders')!;
    assert.deepEqual(orders.columns.find((c) => c.name === 'status')!.allowed, [
      'pending',
      'paid',
      'shipped',
      'delivered',
      'cancelled',
      'refunded',
    ]);
    assert.deepEqual([...uniqueColumns(orders)], ['id']);
    const cartItems = schema.tables.find((t) => t.name === 'cart_items')!;
    assert.deepEqual(
      [...uniqueColumns(cartItems)],
      [],
      'a key made only of foreign keys has no generated unique column',
    );
    const carts = schema.tables.find((t) => t.name === 'carts')!;
    assert.deepEqual(
      carts.checks.map((c) => c.sql),
      ['user_id IS NOT NULL OR session_id IS NOT NULL'],
    );
    assert.ok(
      schema.tables.find((t) => t.name === 'payments')!.foreignKeys.some((f) => f.refTable === 'public.orders'),
      'FK added by a later ALTER',
    );
  });

  it('row settings: default, per key, per bare name, clamped', () => {
    const table = { key: 'public.orders', name: 'orders' };
    assert.equal(rowsFor(table, { rows: 1000 }), 1000);
    assert.equal(rowsFor(table, { rows: 1000, rowsPerTable: { 'public.orders': 5 } }), 5);
    assert.equal(rowsFor(table, { rows: 1000, rowsPerTable: { orders: 7 } }), 7);
    assert.equal(rowsFor(table, { rows: -3 }), 0);
    assert.equal(rowsFor(table, { rows: Number.NaN }), 0);
  });

  it('value expressions follow names and types, and honour CHECK lists and bounds', () => {
    const col = (name: string, type: string, extra: object = {}) => ({
      name,
      type,
      notNull: true,
      identity: false,
      ...extra,
    });
    assert.match(valueExpr(col('email', 'text'), 'main', true)!, /'@'/);
    assert.match(valueExpr(col('status', 'text', { allowed: ['a', 'b'] }), 'main', false)!, /ARRAY\['a', 'b'\]/);
    assert.match(
      valueExpr(col('rating', 'smallint', { min: 1, max: 5 }), 'main', false)!,
      /^\(1 \+ floor\(.* \* 5\)\)::smallint$/,
    );
    assert.match(valueExpr(col('code', 'character varying(8)'), 'main', true)!, /^left\(g::text, 8\)$/);
    assert.match(valueExpr(col('price', 'numeric(6,2)', { min: 0 }), 'main', false)!, /least\(1000, round/);
    assert.match(valueExpr(col('active', 'boolean'), 'main', false)!, /0\.9/);
    assert.match(valueExpr(col('tags', 'text[]'), 'main', false)!, /^ARRAY\[/);
    assert.equal(valueExpr(col('shape', 'point'), 'main', false), undefined, 'unknown types are left to their default');
    assert.match(valueExpr(col('created_at', 'timestamp with time zone'), 'edge', false)!, /g % 2/, 'edge data ties');
  });
});

describe('sql sandbox: statement shape', () => {
  it('finds $n parameters outside strings, comments and dollar quotes', () => {
    assert.equal(statementShape('SELECT * FROM t WHERE a = $1 AND b = $2').maxParam, 2);
    assert.equal(statementShape(`SELECT '$1', "$2", $$ $3 $$, $tag$ $4 $tag$ -- $5\n FROM t /* $6 */`).maxParam, 0);
    assert.equal(statementShape(`SELECT E'it\\'s $1' , $3`).maxParam, 3);
  });

  it('strips one trailing semicolon and refuses a second statement', () => {
    assert.equal(statementShape('  SELECT 1;  -- done\n').sql, 'SELECT 1');
    assert.equal(statementShape(`SELECT ';' AS x;`).sql, `SELECT ';' AS x`);
    assert.throws(() => statementShape('SELECT 1; DROP TABLE users'), /only one SQL statement/);
    assert.throws(() => statementShape(' ;'), /empty/);
  });
});
