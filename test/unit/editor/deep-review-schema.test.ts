import { strict as assert } from 'node:assert';
import { schemaExcerpt, splitStatements, tablesUsed } from '../../../src/editor/deep-review/common/schema';

describe('schema facts for a SQL deep review (deep-review-schema)', () => {
  it('finds the tables a document reads and writes, schema-qualified or quoted', () => {
    const sql =
      'SELECT o.id FROM shop.orders o JOIN "LineItems" li ON li.order_id = o.id;\nUPDATE customers SET x = 1;\nINSERT INTO audit_log VALUES (1);';
    assert.deepEqual([...tablesUsed(sql)].sort(), ['LineItems', 'audit_log', 'customers', 'orders']);
  });

  it('splits statements on semicolons outside quotes, comments and dollar quotes', () => {
    const text =
      "CREATE TABLE a (x text DEFAULT ';');\n-- a comment; with a semicolon\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\nCREATE INDEX i ON a (x)";
    const statements = splitStatements(text).map((s) => s.trim());
    assert.equal(statements.length, 3);
    assert.match(statements[1], /\$body\$ SELECT 1; \$body\$/);
    assert.equal(statements[2], 'CREATE INDEX i ON a (x)');
  });

  it('keeps the DDL that mentions the used tables (tables, indexes on them, references to them), each with its file', () => {
    const files = [
      {
        file: 'db/migrations/001.sql',
        text: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));\nCREATE TABLE unrelated (id int);',
      },
      {
        file: 'db/migrations/002.sql',
        text: 'CREATE INDEX orders_customer ON orders (customer_id);\nINSERT INTO orders VALUES (1, 1);\nALTER TABLE payments ADD COLUMN order_id bigint REFERENCES orders (id);',
      },
    ];
    const excerpt = schemaExcerpt(files, new Set(['orders']));
    assert.match(excerpt, /-- db\/migrations\/001\.sql\nCREATE TABLE orders/);
    assert.match(excerpt, /CREATE INDEX orders_customer ON orders/);
    assert.match(excerpt, /ALTER TABLE payments ADD COLUMN order_id bigint REFERENCES orders/);
    assert.doesNotMatch(excerpt, /unrelated/);
    assert.doesNotMatch(excerpt, /INSERT/);
    assert.equal(schemaExcerpt(files, new Set()), '');
  });

  it('caps the excerpt and says so', () => {
    const text = Array.from({ length: 500 }, (_, i) => `CREATE INDEX i${i} ON orders (c${i});`).join('\n');
    const excerpt = schemaExcerpt([{ file: 'schema.sql', text }], new Set(['orders']), 2000);
    assert.ok(excerpt.length < 2300);
    assert.match(excerpt, /more schema statements left out/);
  });
});
