import { strict as assert } from 'node:assert';
import { tableAccess } from '../../../src/assistants/sql/table-access';
import type { TableAccess } from '../../../src/core/facts';

/** The facts of one statement, without the file and range (asserted on their own below). */
function tablesOf(access: TableAccess): Pick<TableAccess, 'reads' | 'writes' | 'changesSchema'> {
  return { reads: access.reads, writes: access.writes, changesSchema: access.changesSchema };
}

async function single(sql: string): Promise<Pick<TableAccess, 'reads' | 'writes' | 'changesSchema'>> {
  const { accesses, errors } = await tableAccess({ file: 'db/queries.sql', text: sql });
  assert.deepEqual(errors, []);
  assert.equal(accesses.length, 1, JSON.stringify(accesses));
  return tablesOf(accesses[0]);
}

const reads = (...tables: string[]) => ({ reads: tables, writes: [], changesSchema: false });

describe('sql table access (facts for other assistants)', function () {
  this.timeout(30_000);

  it('a SELECT reads its FROM and JOIN tables and those of its subqueries, schema-qualified as written', async () => {
    assert.deepEqual(
      await single(`
        SELECT o.id, (SELECT count(*) FROM refunds r WHERE r.order_id = o.id)
        FROM orders o
        JOIN users u ON u.id = o.user_id
        LEFT JOIN billing.invoices i ON i.order_id = o.id
        WHERE EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id)
          AND o.id IN (SELECT order_id FROM (SELECT order_id FROM flags) f)`),
      reads('billing.invoices', 'flags', 'orders', 'refunds', 'shipments', 'users'),
    );
  });

  it('names of WITH queries are not tables; the tables inside them are read', async () => {
    assert.deepEqual(
      await single(`
        WITH recent AS (SELECT * FROM events WHERE at > now() - interval '1 day'),
             totals AS (SELECT user_id, count(*) AS n FROM recent GROUP BY user_id)
        SELECT * FROM totals JOIN users ON users.id = totals.user_id`),
      reads('events', 'users'),
    );
  });

  it('INSERT … SELECT writes its target and reads its source, also through a data-modifying WITH', async () => {
    assert.deepEqual(await single('INSERT INTO archive (id, body) SELECT id, body FROM messages WHERE old'), {
      reads: ['messages'],
      writes: ['archive'],
      changesSchema: false,
    });
    assert.deepEqual(
      await single('WITH moved AS (DELETE FROM inbox RETURNING *) INSERT INTO archive SELECT * FROM moved'),
      { reads: [], writes: ['archive', 'inbox'], changesSchema: false },
    );
  });

  it('UPDATE … FROM writes the target and reads the FROM tables; DELETE … USING likewise', async () => {
    assert.deepEqual(
      await single('UPDATE accounts a SET balance = a.balance - p.amount FROM payments p WHERE p.account_id = a.id'),
      { reads: ['payments'], writes: ['accounts'], changesSchema: false },
    );
    assert.deepEqual(await single('DELETE FROM sessions s USING users u WHERE s.user_id = u.id AND u.banned'), {
      reads: ['users'],
      writes: ['sessions'],
      changesSchema: false,
    });
  });

  it('MERGE, COPY FROM and TRUNCATE write; COPY TO reads', async () => {
    assert.deepEqual(
      await single('MERGE INTO stock s USING deliveries d ON s.sku = d.sku WHEN MATCHED THEN UPDATE SET n = s.n + d.n'),
      { reads: ['deliveries'], writes: ['stock'], changesSchema: false },
    );
    assert.deepEqual(await single('COPY imports FROM STDIN'), { reads: [], writes: ['imports'], changesSchema: false });
    assert.deepEqual(await single('COPY (SELECT * FROM audit) TO STDOUT'), reads('audit'));
    assert.deepEqual(await single('TRUNCATE carts, cart_items'), {
      reads: [],
      writes: ['cart_items', 'carts'],
      changesSchema: false,
    });
  });

  it('DDL on a table writes it (and reads what it refers to); DDL on an index or utility statements name no table', async () => {
    assert.deepEqual(await single('CREATE TABLE orders (id bigint, user_id bigint REFERENCES users (id))'), {
      reads: ['users'],
      writes: ['orders'],
      changesSchema: true,
    });
    assert.deepEqual(await single('ALTER TABLE orders ADD COLUMN note text'), {
      reads: [],
      writes: ['orders'],
      changesSchema: true,
    });
    assert.deepEqual(await single('CREATE INDEX CONCURRENTLY orders_user ON orders (user_id)'), {
      reads: [],
      writes: ['orders'],
      changesSchema: true,
    });
    assert.deepEqual(await single('DROP TABLE IF EXISTS legacy.orders_old, tmp'), {
      reads: [],
      writes: ['legacy.orders_old', 'tmp'],
      changesSchema: true,
    });
    assert.deepEqual(await single('CREATE TABLE daily AS SELECT * FROM orders'), {
      reads: ['orders'],
      writes: ['daily'],
      changesSchema: true,
    });
    const { accesses } = await tableAccess({
      file: 'm.sql',
      text: 'ALTER INDEX orders_user RENAME TO orders_by_user;\nGRANT SELECT ON orders TO reporting;\nVACUUM orders;\nSELECT 1;\n',
    });
    assert.deepEqual(accesses, []);
  });

  it('gives each statement its range, and a statement that does not parse is an error while the others still count', async () => {
    const text = 'SELECT * FROM a;\nSELEC * FROM b;\nINSERT INTO c VALUES (1);\n';
    const { accesses, errors } = await tableAccess({ file: 'q.sql', text });
    assert.deepEqual(
      accesses.map((a) => ({ file: a.file, range: a.range, ...tablesOf(a) })),
      [
        {
          file: 'q.sql',
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 15 } },
          ...reads('a'),
        },
        {
          file: 'q.sql',
          range: { start: { line: 2, character: 0 }, end: { line: 2, character: 24 } },
          reads: [],
          writes: ['c'],
          changesSchema: false,
        },
      ],
    );
    assert.equal(errors.length, 1);
    assert.equal(errors[0].kind, 'parse');
    assert.equal(errors[0].file, 'q.sql');
    assert.equal(errors[0].range?.start.line, 1);
    assert.match(errors[0].message, /syntax error.*the tables of this statement are not known/);
  });

  it('reads SQL embedded in a TypeScript file, each statement at its span in the host', async () => {
    const text = [
      "import { pool } from './db';",
      'export async function move(id: number) {',
      '  await pool.query(`INSERT INTO audit (id) SELECT id FROM orders WHERE id = $1`, [id]);',
      '  return sql`SELECT * FROM users WHERE id = ${id}`;',
      '}',
      '',
    ].join('\n');
    const { accesses, errors } = await tableAccess({ file: 'src/orders.ts', text });
    assert.deepEqual(errors, []);
    assert.deepEqual(accesses.map(tablesOf), [
      { reads: ['orders'], writes: ['audit'], changesSchema: false },
      reads('users'),
    ]);
    const lines = text.split('\n');
    assert.equal(accesses[0].range.start.line, 2);
    assert.equal(
      lines[2].slice(accesses[0].range.start.character, accesses[0].range.end.character),
      'INSERT INTO audit (id) SELECT id FROM orders WHERE id = $1',
    );
    assert.equal(accesses[1].range.start.line, 3);
    assert.equal(
      lines[3].slice(accesses[1].range.start.character, accesses[1].range.end.character),
      'SELECT * FROM users WHERE id = ${id}',
    );
  });

  it('a name only running code knows is no table: a stood-in schema is left out, a stood-in table skipped', async () => {
    const text = [
      'await client.query(`DELETE FROM ${schema}.jobs WHERE id = ANY($1)`, [ids]);',
      'await client.query(`INSERT INTO ${table} (id) SELECT id FROM app.archive`);',
      'await client.query(`SELECT * FROM ${view} AS x JOIN orders o ON o.id = x.id`);',
    ].join('\n');
    const { accesses, errors } = await tableAccess({ file: 'src/jobs.ts', text });
    assert.deepEqual(errors, []);
    assert.deepEqual(accesses.map(tablesOf), [
      { reads: [], writes: ['jobs'], changesSchema: false },
      { reads: ['app.archive'], writes: [], changesSchema: false },
      reads('orders'),
    ]);
  });

  it('a file without SQL, or of another kind, has no facts and no errors', async () => {
    assert.deepEqual(await tableAccess({ file: 'src/math.ts', text: 'export const two = 1 + 1;\n' }), {
      accesses: [],
      errors: [],
    });
    assert.deepEqual(await tableAccess({ file: 'k8s/app.yaml', text: 'query: SELECT * FROM x\n' }), {
      accesses: [],
      errors: [],
    });
  });
});
