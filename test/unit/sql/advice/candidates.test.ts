import { strict as assert } from 'node:assert';
import { indexCandidates } from '../../../../src/assistants/sql/advice/candidates';
import type { Catalog } from '../../../../src/assistants/sql/schema';
import { catalogOf, SHOP, statementOf } from './helpers';

describe('sql advice: index candidates', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await catalogOf(SHOP);
  });
  const ddl = (sql: string) => indexCandidates(statementOf(sql).node, catalog).map((c) => c.ddl);

  it('puts equality columns first, then one range column', () => {
    const out = ddl("SELECT id FROM orders WHERE created_at > now() - interval '1 day' AND status = 'paid'");
    assert.ok(out.includes('CREATE INDEX orders_status_created_at_idx ON orders (status, created_at)'), out.join('\n'));
  });

  it('follows the ORDER BY (with its direction) after the equality columns', () => {
    const out = ddl('SELECT id FROM orders WHERE user_id = $1 AND status = $2 ORDER BY created_at DESC LIMIT 20');
    assert.ok(
      out.includes('CREATE INDEX orders_user_id_status_created_at_idx ON orders (user_id, status, created_at DESC)'),
      out.join('\n'),
    );
  });

  it('makes a partial index for a constant on a low-cardinality column', () => {
    const out = ddl('SELECT id FROM products WHERE active = true AND price BETWEEN 10 AND 100');
    assert.ok(out.includes('CREATE INDEX products_active_price_idx ON products (active, price)'), out.join('\n'));
    assert.ok(
      out.includes('CREATE INDEX products_price_partial_idx ON products (price) WHERE active = true'),
      out.join('\n'),
    );
  });

  it('makes an expression index for a function-wrapped column', () => {
    const out = ddl("SELECT id FROM users WHERE lower(email) = 'a@b.c'");
    assert.deepEqual(out, ['CREATE INDEX users_lower_email_idx ON users (lower(email))']);
  });

  it('makes a pg_trgm GIN index for a leading wildcard, and says it needs the extension', () => {
    const candidates = indexCandidates(statementOf("SELECT id FROM products WHERE name ILIKE '%shoe%'").node, catalog);
    assert.equal(candidates.length, 1);
    assert.equal(candidates[0].ddl, 'CREATE INDEX products_name_trgm_idx ON products USING gin (name gin_trgm_ops)');
    assert.deepEqual(candidates[0].extensions, ['pg_trgm']);
  });

  it('indexes an unindexed join column, with a covering variant when the table is only aggregated', () => {
    const out = ddl(
      'SELECT p.id, avg(r.rating) FROM products p LEFT JOIN reviews r ON r.product_id = p.id GROUP BY p.id',
    );
    assert.ok(out.includes('CREATE INDEX reviews_product_id_idx ON reviews (product_id)'), out.join('\n'));
    assert.ok(
      out.includes('CREATE INDEX reviews_product_id_rating_idx ON reviews (product_id, rating)'),
      out.join('\n'),
    );
  });

  it('skips what an existing index already serves (a primary key, an indexed foreign key, a prefix)', () => {
    assert.deepEqual(ddl('SELECT o.id FROM users u JOIN orders o ON o.user_id = u.id'), []);
    assert.deepEqual(ddl('SELECT id FROM orders WHERE user_id = 5'), []);
    assert.deepEqual(ddl('SELECT id FROM users WHERE id = 5'), []);
  });

  it('finds candidates in subqueries and CTEs too', () => {
    const out = ddl("WITH recent AS (SELECT id FROM orders WHERE status = 'paid') SELECT * FROM recent");
    assert.ok(
      out.some((d) => d.startsWith('CREATE INDEX orders_status_idx ON orders (status)')),
      out.join('\n'),
    );
  });

  it('ignores tables the schema does not know', () => {
    assert.deepEqual(ddl('SELECT * FROM nowhere WHERE a = 1'), []);
  });
});
