import { strict as assert } from 'node:assert';
import { planNodes } from '../../../../src/assistants/sql/plan-engine/plan';
import type { IndexCandidate } from '../../../../src/assistants/sql/plan-engine/types';
import { buildSandboxSchema } from '../../../../src/assistants/sql/sandbox/catalog-spec';
import { SandboxDatabase } from '../../../../src/assistants/sql/sandbox/database';
import type { SandboxEngine } from '../../../../src/assistants/sql/sandbox/in-process';
import { databaseEngine } from '../../../../src/assistants/sql/sandbox/in-process';
import type { LoadReport } from '../../../../src/assistants/sql/sandbox/schema-spec';
import { AWKWARD_SCHEMA, catalogOf } from './helpers';

/**
 * One real PGlite for the whole file (a cold start takes 4–20 s here): the awkward schema loaded with
 * synthetic rows, then everything checked with SQL against it.
 */
describe('sql sandbox: in-process database (real PGlite)', function () {
  this.timeout(180_000);
  let db: SandboxDatabase;
  let engine: SandboxEngine;
  let report: LoadReport;
  const one = async <T = number>(sql: string): Promise<T> =>
    Object.values((await db.query<Record<string, T>>(sql))[0])[0];

  before(async () => {
    const schema = buildSandboxSchema(await catalogOf(AWKWARD_SCHEMA));
    db = await SandboxDatabase.start();
    report = await db.load(schema, { rows: 1000, rowsPerTable: { Accounts: 3000, 'public.regions': 40 } });
    engine = databaseEngine(db, report);
  });

  after(async () => {
    await db?.close();
  });

  it('loads every table with the rows asked for, per table where overridden', () => {
    assert.equal(report.rows['public.Accounts'], 3000);
    assert.equal(report.rows['public.regions'], 40);
    assert.equal(report.rows['public.categories'], 1000);
    assert.equal(report.rows['public.a_side'], 1000);
    assert.equal(report.rows['public.b_side'], 1000);
    assert.equal(
      report.rows['public.shop_members'],
      1000,
      'a key of two foreign keys is over-generated, de-duplicated, trimmed',
    );
    assert.ok(report.rows['public.shops'] > 0 && report.rows['public.shops'] <= 1000);
    assert.deepEqual(report.extensions.sort(), ['btree_gin', 'pg_trgm']);
    assert.ok(report.startMs > 0 && report.dataMs > 0);
  });

  it('enum types are created with their labels as the values; other custom types fall back to text and say so', async () => {
    const reasons = report.skipped.map((s) => `${s.object}: ${s.reason}`).join('\n');
    assert.doesNotMatch(reasons, /Accounts\.mood/);
    assert.match(reasons, /Accounts\.score: type positive_int .*created as text/);
    assert.equal(
      await one(
        `SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"Accounts"'::regclass AND attname = 'mood'`,
      ),
      'mood',
    );
    const moods = await db.query<{ mood: string }>(
      `SELECT DISTINCT mood::text AS mood FROM "Accounts" WHERE mood IS NOT NULL ORDER BY 1`,
    );
    assert.deepEqual(
      moods.map((m) => m.mood),
      ['happy', 'ok', 'sad'],
    );
    assert.equal(
      await one(
        `SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"Accounts"'::regclass AND attname = 'seen_at'`,
      ),
      'timestamp(3) with time zone',
    );
    assert.ok((await one<number>(`SELECT count(wait) FROM "Accounts"`)) > 0, 'intervals generated');
  });

  it('keys, CHECKs, foreign keys and workspace indexes exist after the load (validated)', async () => {
    const constraints = await db.query<{ conname: string; contype: string; convalidated: boolean }>(
      `SELECT conname, contype, convalidated FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' ORDER BY 1`,
    );
    const types = constraints.map((c) => c.contype).join('');
    assert.equal((types.match(/p/g) ?? []).length, 7, 'a primary key per table that has one');
    assert.equal((types.match(/f/g) ?? []).length, 7, 'every foreign key, the cycle and the self-reference included');
    assert.ok(constraints.every((c) => c.convalidated));
    assert.ok(
      constraints.some((c) => c.contype === 'c'),
      'CHECKs added',
    );
    const indexes = (
      await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`)
    ).map((r) => r.indexname);
    for (const name of ['accounts_lower_email', 'shops_online', 'shops_owner_kind'])
      assert.ok(indexes.includes(name), name);
  });

  it('uniqueness holds on primary keys, UNIQUE columns and unique indexes', async () => {
    assert.equal(await one(`SELECT count(*) - count(DISTINCT "E-mail") FROM "Accounts"`), 0);
    assert.equal(await one(`SELECT count(*) - count(DISTINCT (shop_id, account_id)) FROM shop_members`), 0);
    assert.equal(await one(`SELECT count(*) - count(DISTINCT (owner_id, kind)) FROM shops`), 0);
    assert.equal(await one(`SELECT count(*) - count(DISTINCT (code, country)) FROM regions`), 0);
    assert.ok((await one<number>(`SELECT max(length("E-mail")) FROM "Accounts"`)) <= 40, 'varchar(40) respected');
  });

  it('references point at existing parents, with a skewed fan-out and childless parents', async () => {
    assert.equal(
      await one(`SELECT count(*) FROM shops s WHERE NOT EXISTS (SELECT 1 FROM "Accounts" a WHERE a."Id" = s.owner_id)`),
      0,
    );
    assert.equal(
      await one(
        `SELECT count(*) FROM shops s WHERE s.region_code IS NOT NULL AND s.region_country IS NOT NULL AND NOT EXISTS (SELECT 1 FROM regions r WHERE (r.code, r.country) = (s.region_code, s.region_country))`,
      ),
      0,
    );
    assert.equal(
      await one(
        `SELECT count(*) FROM categories c WHERE c.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM categories p WHERE p.id = c.parent_id)`,
      ),
      0,
    );
    assert.ok(
      (await one<number>(`SELECT count(*) FROM categories WHERE parent_id IS NOT NULL`)) > 300,
      'self-reference filled',
    );
    assert.equal(
      await one(`SELECT count(*) FROM categories WHERE parent_id >= id`),
      0,
      'a forest: every parent is an earlier row',
    );
    assert.equal(
      await one(`SELECT count(*) FROM b_side b WHERE NOT EXISTS (SELECT 1 FROM a_side a WHERE a.id = b.a_id)`),
      0,
    );
    assert.ok((await one<number>(`SELECT count(b_id) FROM a_side`)) > 0, 'cycle edge filled after both tables');
    const fanout = await db.query<{ top: number; avg: number; childless: number }>(
      `SELECT max(n)::int AS top, avg(n)::float AS avg, (SELECT count(*)::int FROM "Accounts" a WHERE NOT EXISTS (SELECT 1 FROM shop_members m WHERE m.account_id = a."Id")) AS childless
       FROM (SELECT account_id, count(*) AS n FROM shop_members GROUP BY 1) x`,
    );
    assert.ok(fanout[0].top > 5 * fanout[0].avg, `skewed: top ${fanout[0].top} vs avg ${fanout[0].avg}`);
    assert.ok(fanout[0].childless > 1000, 'many parents without children');
  });

  it('CHECK values and bounds are honoured; NULL fractions follow the column', async () => {
    assert.deepEqual(
      (await db.query<{ kind: string }>(`SELECT DISTINCT kind FROM shops ORDER BY 1`)).map((r) => r.kind),
      ['online', 'popup', 'retail'],
    );
    assert.equal(await one(`SELECT count(*) FROM shops WHERE rating < 0 OR rating > 5`), 0);
    assert.equal(await one(`SELECT count(*) FROM categories WHERE depth NOT BETWEEN 0 AND 3`), 0);
    const nickNull = await one<number>(`SELECT avg((nickname IS NULL)::int)::float FROM "Accounts"`);
    assert.ok(nickNull > 0.08 && nickNull < 0.25, `about 15% NULL, got ${nickNull}`);
    const deleted = await one<number>(`SELECT avg((deleted_at IS NULL)::int)::float FROM "Accounts"`);
    assert.ok(deleted > 0.8, `deleted_at mostly NULL, got ${deleted}`);
    const active = await one<number>(`SELECT avg(active::int)::float FROM "Accounts"`);
    assert.ok(active > 0.8 && active < 0.97, `active ~90% true, got ${active}`);
    assert.equal(
      await one(`SELECT count(*) FROM "Accounts" WHERE created_at > now() OR created_at < now() - interval '731 days'`),
      0,
    );
  });

  it('the edge dataset: NULLs in every nullable column, duplicates, shared and childless parents', async () => {
    assert.ok(report.edgeRows['public.shops'] > 0);
    const rows = await engine.rows!('SELECT nickname, active, created_at FROM "Accounts" ORDER BY "Id"', {
      dataset: 'edge',
    });
    assert.equal(rows.length, 12);
    assert.ok(
      rows.some((r) => r[0] === null),
      'nullable column has NULLs',
    );
    assert.equal(new Set(rows.map((r) => r[2])).size, 2, 'ties on the timestamp');
    const owners = await engine.rows!('SELECT DISTINCT owner_id FROM shops', { dataset: 'edge' });
    assert.ok(owners.length <= 2, 'children share the first parents');
    const childless = await engine.rows!(
      `SELECT count(*) FROM "Accounts" a WHERE NOT EXISTS (SELECT 1 FROM shops s WHERE s.owner_id = a."Id")`,
      { dataset: 'edge' },
    );
    assert.ok((childless[0][0] as number) >= 10);
    const main = await engine.rows!('SELECT count(*) FROM "Accounts"');
    assert.deepEqual(main, [[3000]], 'without dataset: the measurement rows');
  });

  it('rows() returns JSON-comparable arrays', async () => {
    const [row] = await engine.rows!(
      `SELECT 1::bigint, 'x'::text, timestamptz '2025-01-02 03:04:05+00', '\\x0102'::bytea, '{"a":1}'::jsonb, NULL, 1.5::numeric, ARRAY[1,2]`,
    );
    assert.deepEqual(JSON.parse(JSON.stringify(row)), row);
    assert.equal(row[0], 1);
    assert.equal(row[2], '2025-01-02T03:04:05.000Z');
    assert.equal(row[3], '\\x0102');
    assert.deepEqual(row[4], { a: 1 });
    assert.equal(row[5], null);
  });

  it('the check dataset: seeded around constants, NULLs, duplicates, childless parents, an acyclic tree; rebuilt only for new seeds', async () => {
    const seeds = {
      tables: ['shops', 'shop_members', 'categories'],
      columns: [
        { table: 'shops', column: 'rating', values: ['4.5'] },
        { column: 'parent_id', values: ['5'] },
        { table: 'shops', column: 'opened_on', values: ["'2024-03-01'"] },
        { table: 'shops', column: 'kind', values: ["'popup'"] },
        { column: 'id', values: ["'not a number'"] },
      ],
    };
    const value = async (sql: string) => (await engine.rows!(sql, { dataset: 'check', seeds }))[0][0];
    const ratings = (
      await engine.rows!('SELECT DISTINCT rating::text FROM shops WHERE rating IS NOT NULL ORDER BY 1', {
        dataset: 'check',
        seeds,
      })
    ).map((r) => r[0]);
    for (const wanted of ['3.50', '4.49', '4.50', '4.51'])
      assert.ok(ratings.includes(wanted), `rating ${wanted} seeded: ${ratings.join(', ')}`);
    assert.ok(!ratings.includes('5.50'), 'rows breaking CHECK (rating <= 5) are removed');
    assert.ok(
      ((await value('SELECT count(*) FROM shops WHERE rating IS NULL')) as number) > 0,
      'NULLs in a nullable seeded column',
    );
    assert.ok(((await value("SELECT count(*) FROM shops WHERE opened_on = '2024-03-01'")) as number) > 0);
    assert.ok(((await value("SELECT count(*) FROM shops WHERE opened_on = '2024-02-29'")) as number) > 0);
    assert.ok(((await value("SELECT count(*) FROM shops WHERE kind = 'popup'")) as number) > 0);
    assert.ok(
      ((await value('SELECT count(*) FROM categories WHERE parent_id = 5')) as number) > 0,
      'children of the parent the filter names',
    );
    assert.ok(
      ((await value(
        'SELECT count(*) FROM shops s WHERE NOT EXISTS (SELECT 1 FROM shop_members m WHERE m.shop_id = s.id)',
      )) as number) > 0,
      'parents without children',
    );
    assert.ok(
      ((await value(
        'SELECT count(*) FROM (SELECT kind, rating, opened_on FROM shops GROUP BY 1, 2, 3 HAVING count(*) > 1) AS d',
      )) as number) > 0,
      'duplicates',
    );
    const depth = await value(
      'WITH RECURSIVE up AS (SELECT id, parent_id, 0 AS d FROM categories UNION ALL SELECT u.id, c.parent_id, u.d + 1 FROM up u JOIN categories c ON c.id = u.parent_id WHERE u.d < 500) SELECT max(d) FROM up',
    );
    assert.ok((depth as number) < 500, `the self-reference is a forest (depth ${depth})`);
    const build = db.lastCheckBuild!;
    assert.ok(build.rows['public.shops'] > 0 && build.rows['public.shops'] <= 200, JSON.stringify(build.rows));
    assert.ok(build.rows['public.Accounts'] > 0, 'parents of the named tables come along');
    assert.equal(build.rows['public.a_side'], undefined, 'tables the queries do not read are not built');
    assert.equal(await one("SELECT count(*)::int FROM pg_namespace WHERE nspname = 'sa_check_keys'"), 0);
    assert.equal(
      await one('SELECT count(*)::int FROM public.shops'),
      report.rows['public.shops'],
      'the measurement rows are untouched',
    );
    await engine.rows!('SELECT 1', { dataset: 'check', seeds });
    assert.equal(db.lastCheckBuild, build, 'same seeds: reused');
    await engine.rows!('SELECT 1', { dataset: 'check', seeds: { ...seeds, columns: seeds.columns.slice(1) } });
    assert.notEqual(db.lastCheckBuild, build, 'new seeds: rebuilt');
    // A reference compared with a key no generated parent has: the parent gets that key, children point at it.
    const far = {
      tables: ['shop_members'],
      columns: [{ table: 'shop_members', column: 'shop_id', values: ['2147483646'] }],
      filters: [{ table: 'shop_members', sql: '"shop_id" = 2147483646' }],
    };
    assert.ok(
      ((
        await engine.rows!('SELECT count(*) FROM shop_members WHERE shop_id = 2147483646', {
          dataset: 'check',
          seeds: far,
        })
      )[0][0] as number) > 0,
    );
    assert.ok(
      ((
        await engine.rows!('SELECT count(*) FROM shop_members WHERE shop_id = 2147483647', {
          dataset: 'check',
          seeds: far,
        })
      )[0][0] as number) > 0,
      'and the key just above it',
    );
    assert.deepEqual(db.lastCheckBuild!.skipped, []);
  });

  it('explain: ANALYZE with timings, estimates only, and $n without values as a generic plan', async () => {
    const analyzed = await engine.explain(`SELECT * FROM shops WHERE owner_id = 7`, { analyze: true });
    assert.equal(analyzed.analyzed, true);
    assert.ok(analyzed.executionMs !== undefined);
    assert.ok(planNodes(analyzed.root).some((n) => n.relation === 'shops'));
    const estimate = await engine.explain(`SELECT * FROM shops`, { analyze: false });
    assert.equal(estimate.analyzed, false);
    assert.equal(estimate.root.actualRows, undefined);
    const generic = await engine.explain(`SELECT * FROM "Accounts" WHERE "E-mail" = $1`, { analyze: true });
    assert.equal(generic.analyzed, false);
    assert.match(generic.notes![0], /generic plan/);
    const withValue = await engine.explain(`SELECT * FROM "Accounts" WHERE "E-mail" = $1`, {
      analyze: true,
      params: ['user1@example.com'],
    });
    assert.equal(withValue.analyzed, true);
  });

  it('explain ANALYZE of DML changes nothing (rolled back)', async () => {
    const before = await one(`SELECT count(*)::int FROM shop_members`);
    const plan = await engine.explain(`DELETE FROM shop_members WHERE role IS NOT NULL`, { analyze: true });
    assert.equal(plan.analyzed, true);
    assert.equal(await one(`SELECT count(*)::int FROM shop_members`), before);
  });

  it('explainWithIndex measures with the index and leaves none behind, also on error', async () => {
    const indexesBefore = await one(`SELECT count(*)::int FROM pg_indexes`);
    const trgm: IndexCandidate = {
      kind: 'index',
      table: 'public.Accounts',
      name: 'sa_try_trgm',
      method: 'gin',
      reason: 'LIKE %…%',
      extensions: ['pg_trgm'],
      ddl: `CREATE INDEX CONCURRENTLY sa_try_trgm ON "Accounts" USING gin ("E-mail" gin_trgm_ops)`,
    };
    const sql = `SELECT * FROM "Accounts" WHERE "E-mail" LIKE '%er12%'`;
    const without = await engine.explain(sql, { analyze: true });
    const withIndex = await engine.explainWithIndex!(trgm, sql, { analyze: true });
    assert.ok(
      planNodes(without.root).some((n) => n.nodeType === 'Seq Scan' && n.relation === 'Accounts'),
      'before: a sequential scan',
    );
    assert.ok(
      planNodes(withIndex.root).some((n) => n.indexName === 'sa_try_trgm'),
      'the plan uses the candidate',
    );
    assert.equal(await one(`SELECT count(*)::int FROM pg_indexes`), indexesBefore);
    await assert.rejects(
      engine.explainWithIndex!({ ...trgm, ddl: 'CREATE INDEX broken ON nowhere (x)' }, sql, { analyze: true }),
      /nowhere/,
    );
    await assert.rejects(
      engine.explainWithIndex!({ ...trgm, ddl: 'DROP TABLE shops' }, sql, { analyze: true }),
      /not a CREATE INDEX/,
    );
    await assert.rejects(engine.explainWithIndex!(trgm, 'SELECT nope FROM shops', { analyze: true }), /nope/);
    assert.equal(await one(`SELECT count(*)::int FROM pg_indexes`), indexesBefore);
    assert.equal((await one(`SELECT count(*)::int FROM shops`)) > 0, true, 'the database is usable after the errors');
  });

  it('explainWithIndexes: several candidates at once, all rolled back, also when the last one fails', async () => {
    const indexesBefore = await one(`SELECT count(*)::int FROM pg_indexes`);
    const candidate = (name: string, table: string, keys: string): IndexCandidate => ({
      kind: 'index',
      name,
      table,
      method: 'btree',
      reason: 'test',
      ddl: `CREATE INDEX ${name} ON ${table} (${keys})`,
    });
    const pair = [
      candidate('sa_try_members_account', 'shop_members', 'account_id'),
      candidate('sa_try_accounts_nick', '"Accounts"', 'nickname'),
    ];
    const sql = `SELECT m.shop_id FROM shop_members m JOIN "Accounts" a ON a."Id" = m.account_id WHERE m.account_id = 7 AND a.nickname IS DISTINCT FROM 'x'`;
    const plan = await engine.explainWithIndexes!(pair, sql, { analyze: true });
    const used = planNodes(plan.root)
      .map((n) => n.indexName)
      .filter((n) => n?.startsWith('sa_try_'));
    assert.ok(used.length > 0, `a candidate is used: ${JSON.stringify(used)}`);
    await assert.rejects(
      engine.explainWithIndexes!([pair[0], candidate('sa_try_bad', 'shop_members', 'no_such_column')], sql, {
        analyze: true,
      }),
      /no_such_column/,
    );
    assert.equal(await one(`SELECT count(*)::int FROM pg_indexes`), indexesBefore);
  });

  it('bad input gives a clear error: two statements, SQL errors', async () => {
    await assert.rejects(engine.explain('SELECT 1; DROP TABLE shops', { analyze: true }), /only one SQL statement/);
    await assert.rejects(engine.rows!('SELEC 1'), /syntax error/);
    await assert.rejects(engine.explain('SELECT * FROM missing_table', { analyze: false }), /missing_table/);
    assert.equal(await engine.tableRows('shops'), report.rows['public.shops']);
    assert.equal(await engine.tableRows('public.Accounts'), 3000);
  });

  it('reset: another schema in the same PGlite, nothing of the first left', async () => {
    await db.reset();
    const next = await db.load(
      buildSandboxSchema(
        await catalogOf({ 'db/migrations/001.sql': 'CREATE TABLE solo (id int PRIMARY KEY, note text);' }),
      ),
      { rows: 50 },
    );
    assert.deepEqual(next.rows, { 'public.solo': 50 });
    assert.equal(
      await one(`SELECT count(*)::int FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`),
      2,
      'solo and its edge copy',
    );
    assert.deepEqual(next.extensions.sort(), ['btree_gin', 'pg_trgm']);
  });
});
