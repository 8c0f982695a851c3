import { strict as assert } from 'node:assert';
import { rewriteCandidates } from '../../../../src/assistants/sql/advice/rewrites';
import { parseSql } from '../../../../src/assistants/sql/parser';
import type { Catalog } from '../../../../src/assistants/sql/schema';
import { catalogOf, SHOP, statementOf } from './helpers';

describe('sql advice: rewrite candidates', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await catalogOf(SHOP);
  });
  const rewrites = (sql: string) => rewriteCandidates(statementOf(sql), sql, catalog);
  const parses = (sql: string) => {
    const parsed = parseSql(sql);
    assert.deepEqual(parsed.errors, [], sql);
    assert.equal(parsed.statements.length, 1, sql);
  };

  it('NOT IN (subquery) → NOT EXISTS, qualifying the outer column so the subquery cannot capture it', () => {
    const [r] = rewrites(
      'SELECT id FROM products WHERE id NOT IN (SELECT product_id FROM order_items WHERE quantity > 2)',
    );
    assert.equal(r.rewrite, 'not-exists');
    assert.equal(
      r.sql,
      'SELECT id FROM products WHERE NOT EXISTS (SELECT 1 FROM order_items WHERE quantity > 2 AND product_id = products.id)',
    );
    parses(r.sql);
  });

  it('(SELECT count(*) …) > 0 → EXISTS, and = 0 → NOT EXISTS', () => {
    const [r] = rewrites('SELECT u.id FROM users u WHERE (SELECT count(*) FROM orders o WHERE o.user_id = u.id) > 0');
    assert.equal(r.sql, 'SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)');
    const [n] = rewrites('SELECT u.id FROM users u WHERE 0 = (SELECT count(*) FROM orders o WHERE o.user_id = u.id)');
    assert.equal(n.sql, 'SELECT u.id FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)');
    parses(r.sql);
    parses(n.sql);
  });

  it('moves HAVING conditions without aggregates to WHERE, keeping the aggregate ones', () => {
    const [r] = rewrites(
      'SELECT category_id, count(*) FROM products WHERE active GROUP BY category_id HAVING category_id > 3 AND count(*) > 1',
    );
    assert.equal(
      r.sql,
      'SELECT category_id, count(*) FROM products WHERE active AND category_id > 3 GROUP BY category_id HAVING count(*) > 1',
    );
    const [all] = rewrites(
      'SELECT category_id FROM products GROUP BY category_id HAVING category_id > 3 OR category_id < 1',
    );
    assert.equal(
      all.sql,
      'SELECT category_id FROM products WHERE (category_id > 3 OR category_id < 1) GROUP BY category_id',
    );
    parses(r.sql);
    parses(all.sql);
  });

  it('pre-aggregates the workshop pattern in a CTE and as a LATERAL subquery, keeping the ON clause and NULL semantics', () => {
    const sql = [
      'SELECT p.id, p.name, c.name AS category, AVG(r.rating) AS avg_rating, COUNT(r.id) AS review_count',
      'FROM products p',
      'JOIN categories c ON p.category_id = c.id',
      'LEFT JOIN reviews r ON p.id = r.product_id',
      'WHERE p.active = true',
      'GROUP BY p.id, p.name, c.name',
      'ORDER BY avg_rating DESC, p.created_at DESC',
      'LIMIT 20',
    ].join('\n');
    const out = rewrites(sql);
    const cte = out.find((r) => r.rewrite === 'pre-aggregate')!;
    const lateral = out.find((r) => r.rewrite === 'pre-aggregate-lateral')!;
    assert.ok(cte && lateral, out.map((r) => r.rewrite).join());
    assert.match(
      cte.sql,
      /^WITH reviews_agg AS \(SELECT r\.product_id, AVG\(r\.rating\) AS agg_1, COUNT\(r\.id\) AS agg_2 FROM reviews r GROUP BY r\.product_id\)\n/,
    );
    assert.match(cte.sql, /LEFT JOIN reviews_agg r ON p\.id = r\.product_id/);
    // count() of no rows is 0, not NULL: the outer join's missing match must say 0 too.
    assert.match(cte.sql, /r\.agg_1 AS avg_rating, COALESCE\(r\.agg_2, 0\) AS review_count/);
    assert.doesNotMatch(cte.sql, /GROUP BY p\.id/);
    assert.match(
      lateral.sql,
      /LEFT JOIN LATERAL \(SELECT AVG\(r\.rating\) AS agg_1, COUNT\(r\.id\) AS agg_2 FROM reviews r WHERE p\.id = r\.product_id\) r ON true/,
    );
    assert.equal(cte.table, 'public.reviews');
    parses(cte.sql);
    parses(lateral.sql);
  });

  it('does not pre-aggregate when another table could repeat rows per group or the child is used outside the aggregates', () => {
    const dup =
      'SELECT u.id, count(r.id) FROM users u JOIN orders o ON o.user_id = u.id LEFT JOIN reviews r ON r.user_id = u.id GROUP BY u.id';
    assert.deepEqual(
      rewrites(dup).filter((r) => r.rewrite.startsWith('pre-aggregate')),
      [],
    );
    const used =
      'SELECT p.id, avg(r.rating) FROM products p LEFT JOIN reviews r ON r.product_id = p.id WHERE r.rating > 1 GROUP BY p.id';
    assert.deepEqual(
      rewrites(used).filter((r) => r.rewrite.startsWith('pre-aggregate')),
      [],
    );
  });

  it('deep OFFSET on a unique key → keyset pagination with a new parameter after the existing ones', () => {
    const [r] = rewrites('SELECT id, status FROM orders WHERE user_id = $1 ORDER BY id DESC LIMIT 20 OFFSET 5000');
    assert.equal(r.rewrite, 'keyset');
    assert.equal(r.sql, 'SELECT id, status FROM orders WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT 20');
    assert.deepEqual(r.newParameters, ['$2: id of the last row of the previous page']);
    assert.equal(r.keyset!.probe, 'SELECT id FROM orders WHERE user_id = $1 ORDER BY id DESC OFFSET 4999 LIMIT 1');
    assert.equal(
      r.keyset!.withValues([4242]),
      'SELECT id, status FROM orders WHERE user_id = $1 AND id < 4242 ORDER BY id DESC LIMIT 20',
    );
    parses(r.sql);
    const [noWhere] = rewrites('SELECT id FROM users ORDER BY id OFFSET 100 LIMIT 10');
    assert.equal(noWhere.sql, 'SELECT id FROM users WHERE id > $1 ORDER BY id LIMIT 10');
    // Not a unique order: keyset would skip or repeat rows.
    assert.deepEqual(rewrites('SELECT id FROM orders ORDER BY created_at LIMIT 10 OFFSET 100'), []);
  });

  it('offers nothing for statements it does not model', () => {
    assert.deepEqual(
      rewrites('UPDATE products SET price = 1 WHERE id NOT IN (SELECT product_id FROM order_items)'),
      [],
    );
    assert.deepEqual(
      rewrites('SELECT id FROM products WHERE (id, category_id) NOT IN (SELECT product_id, 1 FROM order_items)'),
      [],
    );
  });
});
