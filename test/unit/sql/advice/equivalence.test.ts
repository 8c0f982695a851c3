import { strict as assert } from 'node:assert';
import { adviseStatement } from '../../../../src/assistants/sql/advice/advisor';
import { checkEquivalence } from '../../../../src/assistants/sql/advice/equivalence';
import { collectSeeds, likeSamples } from '../../../../src/assistants/sql/advice/seeds';
import { rewriteCandidates } from '../../../../src/assistants/sql/advice/rewrites';
import type { SandboxEngine } from '../../../../src/assistants/sql/sandbox/in-process';
import { openInProcessDatabase } from '../../../../src/assistants/sql/sandbox/in-process';
import type { Catalog } from '../../../../src/assistants/sql/schema';
import { catalogOf, SHOP, statementOf } from './helpers';

describe('sql advice: equivalence on the sandbox data (real PGlite)', function () {
  this.timeout(120_000);
  let catalog: Catalog;
  let engine: SandboxEngine;
  before(async () => {
    catalog = await catalogOf(SHOP);
    engine = await openInProcessDatabase({ catalog, rows: 300, rowsPerTable: { 'public.categories': 10 } });
  });
  after(async () => {
    await engine?.close();
  });
  const rewriteOf = (sql: string, kind: string) => {
    const found = rewriteCandidates(statementOf(sql), sql, catalog).find((r) => r.rewrite === kind);
    assert.ok(found, `no ${kind} rewrite for ${sql}`);
    return found.sql;
  };

  it('NOT IN over a nullable column → NOT EXISTS differs on the NULL edge cases: not equivalent', async () => {
    const original = 'SELECT id FROM products WHERE id NOT IN (SELECT product_id FROM order_items)';
    const verdict = await checkEquivalence(engine, original, rewriteOf(original, 'not-exists'));
    assert.equal(verdict.equivalent, false, verdict.note);
    assert.match(verdict.note, /edge-case rows|synthetic rows/);
  });

  it('NOT IN over NOT NULL columns → NOT EXISTS: proven on both datasets', async () => {
    const original = 'SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM orders)';
    const verdict = await checkEquivalence(engine, original, rewriteOf(original, 'not-exists'));
    assert.equal(verdict.equivalent, true, verdict.note);
    assert.match(verdict.note, /same rows as a multiset/);
  });

  it('count(*) > 0 → EXISTS and HAVING → WHERE are proven', async () => {
    const exists = 'SELECT u.id FROM users u WHERE (SELECT count(*) FROM orders o WHERE o.user_id = u.id) > 0';
    assert.equal((await checkEquivalence(engine, exists, rewriteOf(exists, 'exists'))).equivalent, true);
    const having =
      'SELECT category_id, count(*) FROM products GROUP BY category_id HAVING category_id > 3 AND count(*) > 1';
    assert.equal((await checkEquivalence(engine, having, rewriteOf(having, 'predicate-move'))).equivalent, true);
  });

  it("the workshop pre-aggregation is proven with ties under LIMIT compared by sort key; the workshop's own COALESCE(avg, 0) version is not", async () => {
    const original = [
      'SELECT p.id, p.name, AVG(r.rating) AS avg_rating, COUNT(r.id) AS review_count',
      'FROM products p JOIN categories c ON p.category_id = c.id LEFT JOIN reviews r ON p.id = r.product_id',
      'WHERE p.active = true',
      'GROUP BY p.id, p.name ORDER BY avg_rating DESC, p.created_at DESC LIMIT 20',
    ].join('\n');
    for (const kind of ['pre-aggregate', 'pre-aggregate-lateral']) {
      const verdict = await checkEquivalence(engine, original, rewriteOf(original, kind));
      assert.equal(verdict.equivalent, true, `${kind}: ${verdict.note}`);
      assert.match(verdict.note, /last tie group/);
    }
    const workshop = [
      'WITH pr AS (SELECT product_id, AVG(rating) AS avg_rating, COUNT(*) AS review_count FROM reviews GROUP BY product_id)',
      'SELECT p.id, p.name, COALESCE(pr.avg_rating, 0) AS avg_rating, COALESCE(pr.review_count, 0) AS review_count',
      'FROM products p JOIN categories c ON p.category_id = c.id LEFT JOIN pr ON p.id = pr.product_id',
      'WHERE p.active = true ORDER BY COALESCE(pr.avg_rating, 0) DESC, p.created_at DESC LIMIT 20',
    ].join('\n');
    const verdict = await checkEquivalence(engine, original, workshop);
    assert.equal(verdict.equivalent, false, verdict.note);
  });

  it("keyset pagination returns the OFFSET page given the previous page's last key, and stays advice", async () => {
    const sql = 'SELECT id, email FROM users ORDER BY id LIMIT 10 OFFSET 200';
    const advice = await adviseStatement(engine, statementOf(sql), sql, catalog);
    const keyset = advice.suggestions.find((s) => s.candidate.kind === 'rewrite' && s.candidate.rewrite === 'keyset');
    assert.ok(keyset, JSON.stringify(advice.suggestions.map((s) => s.title)));
    assert.equal(keyset.equivalent, null);
    assert.match(keyset.equivalenceNote ?? '', /same 10 row\(s\) in the same order as OFFSET.*advice, not a fix/);
  });

  it('LIMIT without ORDER BY cannot be proven; a rewrite that does not parse or fails is not equivalent', async () => {
    assert.equal(
      (await checkEquivalence(engine, 'SELECT id FROM users LIMIT 5', 'SELECT id FROM users LIMIT 5')).equivalent,
      null,
    );
    const broken = await checkEquivalence(engine, 'SELECT id FROM users', 'SELECT id FROM WHERE');
    assert.equal(broken.equivalent, false);
    assert.match(broken.note, /not valid SQL/);
    const failing = await checkEquivalence(engine, 'SELECT id FROM users', 'SELECT nope FROM users');
    assert.equal(failing.equivalent, false);
    assert.match(failing.note, /fails/);
  });
});

describe("sql advice: equivalence on data seeded from the queries' constants (real PGlite)", function () {
  this.timeout(120_000);
  const SEEDED = `
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text, status text);
CREATE TABLE categories (id bigint PRIMARY KEY, parent_id bigint REFERENCES categories (id), name text NOT NULL);
CREATE TABLE products (id bigint PRIMARY KEY, category_id bigint NOT NULL REFERENCES categories (id), name text NOT NULL,
  sku text, price numeric(10,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), total numeric(10,2) NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id), product_id bigint REFERENCES products (id), quantity int NOT NULL);
`;
  let engine: SandboxEngine;
  before(async () => {
    engine = await openInProcessDatabase({
      catalog: await catalogOf(SEEDED),
      rows: 300,
      rowsPerTable: { 'public.categories': 10 },
    });
  });
  after(async () => {
    await engine?.close();
  });
  const check = (original: string, rewrite: string) => checkEquivalence(engine, original, rewrite);
  const provenRows = (note: string) => Number(/proven on (\d+) row/.exec(note)?.[1] ?? 0);

  it('a changed threshold is not equivalent, in a plain WHERE and inside an IN subquery', async () => {
    const plain = await check('SELECT id FROM orders WHERE total > 100', 'SELECT id FROM orders WHERE total > 50');
    assert.equal(plain.equivalent, false, plain.note);
    const inSub = await check(
      'SELECT id, email FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > 100)',
      'SELECT id, email FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > 50)',
    );
    assert.equal(inSub.equivalent, false, inSub.note);
    // The seeded rows alone catch it (the edge rows alone have no order above either threshold).
    const seededOnly = await checkEquivalence(
      engine,
      'SELECT id FROM orders WHERE total > 100',
      'SELECT id FROM orders WHERE total > 50',
      { datasets: ['check'] },
    );
    assert.equal(seededOnly.equivalent, false, seededOnly.note);
    assert.match(seededOnly.note, /seeded around the queries' 2 constants/);
    // A threshold moved by one cent is still caught (the seeds sit at c ± 0.01).
    const cent = await check('SELECT id FROM orders WHERE total >= 100', 'SELECT id FROM orders WHERE total > 99.99');
    assert.equal(cent.equivalent, true, cent.note);
    const off = await check('SELECT id FROM orders WHERE total >= 100', 'SELECT id FROM orders WHERE total > 100');
    assert.equal(off.equivalent, false, off.note);
  });

  it('BETWEEN equals its inclusive range and differs from the exclusive one', async () => {
    const same = await check(
      'SELECT id FROM products WHERE price BETWEEN 10 AND 100',
      'SELECT id FROM products WHERE price >= 10 AND price <= 100',
    );
    assert.equal(same.equivalent, true, same.note);
    assert.ok(provenRows(same.note) > 0, same.note);
    assert.match(same.note, /seeded around the queries' \d+ constants/);
    const exclusive = await check(
      'SELECT id FROM products WHERE price BETWEEN 10 AND 100',
      'SELECT id FROM products WHERE price > 10 AND price < 100',
    );
    assert.equal(exclusive.equivalent, false, exclusive.note);
  });

  it('a selective filter on a parent key gets rows through the join on the seeded dataset', async () => {
    const original =
      'SELECT c.id, c.name, p.name FROM categories c JOIN categories p ON p.id = c.parent_id WHERE c.parent_id = 5';
    const rewrite =
      'SELECT c.id, c.name, p.name FROM categories p JOIN categories c ON c.parent_id = p.id WHERE p.id = 5';
    const verdict = await check(original, rewrite);
    assert.equal(verdict.equivalent, true, verdict.note);
    assert.match(verdict.note, /[1-9]\d* rows? on the rows seeded/);
    const products = await check(
      'SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id WHERE c.parent_id = 5',
      'SELECT p.id FROM products p WHERE p.category_id IN (SELECT id FROM categories WHERE parent_id = 5)',
    );
    assert.equal(products.equivalent, true, products.note);
    assert.match(products.note, /[1-9]\d* rows? on the rows seeded/);
    // The workshop's catalog filter: price range, a flag and the parent category, through two joins.
    const catalogQuery = (range: string) =>
      `SELECT p.id, p.name, c.name FROM products p JOIN categories c ON p.category_id = c.id JOIN order_items oi ON oi.product_id = p.id WHERE ${range} AND c.parent_id = 5 AND oi.quantity > 0`;
    const seededOnly = await checkEquivalence(
      engine,
      catalogQuery('p.price BETWEEN 10 AND 100'),
      catalogQuery('p.price >= 10 AND p.price <= 100'),
      { datasets: ['check'] },
    );
    assert.equal(seededOnly.equivalent, true, seededOnly.note);
    assert.ok(provenRows(seededOnly.note) > 0, seededOnly.note);
  });

  it('NOT IN over a nullable column is not NOT EXISTS; count(*) > 0 is EXISTS', async () => {
    const notIn = await check(
      'SELECT id FROM products WHERE id NOT IN (SELECT product_id FROM order_items WHERE quantity > 2)',
      'SELECT id FROM products p WHERE NOT EXISTS (SELECT 1 FROM order_items oi WHERE oi.product_id = p.id AND oi.quantity > 2)',
    );
    assert.equal(notIn.equivalent, false, notIn.note);
    const exists = await check(
      'SELECT u.id FROM users u WHERE (SELECT count(*) FROM orders o WHERE o.user_id = u.id AND o.total > 100) > 0',
      'SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.total > 100)',
    );
    assert.equal(exists.equivalent, true, exists.note);
  });

  it('a shorter LIKE prefix is not equivalent; date_trunc equality is its half-open range', async () => {
    const like = await check(
      "SELECT id FROM products WHERE sku LIKE 'abc%'",
      "SELECT id FROM products WHERE sku LIKE 'ab%'",
    );
    assert.equal(like.equivalent, false, like.note);
    assert.match(like.note, /seeded/, 'neither the synthetic nor the edge rows hold such SKUs');
    const day = await check(
      "SELECT id FROM products WHERE date_trunc('day', created_at) = '2024-03-01'",
      "SELECT id FROM products WHERE created_at >= '2024-03-01' AND created_at < '2024-03-02'",
    );
    assert.equal(day.equivalent, true, day.note);
    assert.ok(provenRows(day.note) > 0, day.note);
    const shifted = await check(
      "SELECT id FROM products WHERE date_trunc('day', created_at) = '2024-03-01'",
      "SELECT id FROM products WHERE created_at > '2024-03-01' AND created_at <= '2024-03-02'",
    );
    assert.equal(shifted.equivalent, false, shifted.note);
  });

  it('where no dataset gives rows, nothing is proven', async () => {
    const verdict = await check(
      'SELECT id FROM orders WHERE total < 0 AND total > 0',
      'SELECT id FROM orders WHERE false',
    );
    assert.equal(verdict.equivalent, null, verdict.note);
    assert.match(verdict.note, /no rows on any of the 3 datasets/);
  });
});

describe('sql advice: the constants a check seeds rows around', () => {
  const seedsOf = (...sql: string[]) => collectSeeds(sql.map((q) => statementOf(q).node));

  it("resolves aliases, keeps both queries' constants, flips a constant on the left, keeps big literals exact", async () => {
    await catalogOf(SHOP);
    const seeds = seedsOf(
      "SELECT u.id FROM users u WHERE u.id IN (SELECT o.user_id FROM orders o WHERE 100 < o.id AND o.status IN ('paid', 'new'))",
      'SELECT u.id FROM users u WHERE u.id IN (SELECT o.user_id FROM orders o WHERE o.id > 50 AND o.user_id = 9223372036854775807)',
    );
    assert.deepEqual(seeds.tables, ['orders', 'users']);
    assert.deepEqual(seeds.columns.find((c) => c.table === 'orders' && c.column === 'id')?.values, ['100', '50']);
    assert.deepEqual(seeds.columns.find((c) => c.column === 'status')?.values, ["'paid'", "'new'"]);
    assert.deepEqual(seeds.columns.find((c) => c.column === 'user_id')?.values, ['9223372036854775807']);
    const filters = (seeds.filters ?? []).map((f) => `${f.table}: ${f.sql}`);
    assert.ok(filters.includes('orders: "id" > 100'), filters.join('\n'));
    assert.ok(filters.includes("orders: \"status\" IN ('paid', 'new')"), filters.join('\n'));
  });

  it('reads through a function of one column, BETWEEN, IS NULL, and LIKE patterns', () => {
    const seeds = seedsOf(
      "SELECT id FROM products p WHERE date_trunc('day', p.created_at) = '2024-03-01' AND p.price NOT BETWEEN 1 AND 2 AND p.name ILIKE 'ab_c%' AND p.category_id IS NULL",
    );
    const byColumn = Object.fromEntries(seeds.columns.map((c) => [c.column, c.values]));
    assert.deepEqual(byColumn.created_at, ["'2024-03-01'"]);
    assert.deepEqual(byColumn.price, ['1', '2']);
    assert.deepEqual(byColumn.category_id, []);
    assert.ok(byColumn.name.includes("'abc'") && byColumn.name.includes("'abycx'"), byColumn.name.join(', '));
    assert.ok((seeds.filters ?? []).some((f) => f.sql === '"price" NOT BETWEEN 1 AND 2'));
    assert.ok((seeds.filters ?? []).some((f) => f.sql === '"category_id" IS NULL'));
    assert.ok(!(seeds.filters ?? []).some((f) => f.sql.includes('created_at')), 'no filter through a function');
    assert.deepEqual(likeSamples('abc%'), ['abc', 'abcx', 'ab', 'ab~', 'xabc']);
    assert.deepEqual(likeSamples('%vegan%'), ['vegan', 'xveganx']);
  });
});
