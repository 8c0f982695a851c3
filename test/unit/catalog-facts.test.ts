import { strict as assert } from 'node:assert';
import { factsProvider } from '../../src/assistants/catalog';
import { memoryWorkspace } from '../../src/core/workspace';

/**
 * A consumer of another assistant's facts (the decomposition planner, for one) sees only core's interface
 * and the catalog: nothing here imports src/assistants/sql.
 */
describe('facts between assistants, through the catalog', function () {
  this.timeout(30_000);

  it("'table-access' reaches the query optimizer: which tables each file of a workspace reads and writes", async () => {
    const provider = await factsProvider('table-access');
    const workspace = memoryWorkspace({
      'db/migrations/001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n',
      'src/orders/repository.ts':
        'export const place = (db, id) => db.query(`INSERT INTO orders (id, user_id) SELECT $1, id FROM users`, [id]);\n',
      'src/users/report.ts': 'export const all = (db) => db.query("SELECT * FROM users JOIN orders USING (id)");\n',
      'k8s/app.yaml': 'kind: Deployment\n',
    });
    const byFile: Record<string, { reads: string[]; writes: string[] }> = {};
    for (const entry of await workspace.files(provider.files)) {
      const { accesses, errors } = await provider.tableAccess({ file: entry.file, text: (await entry.read())! });
      assert.deepEqual(errors, [], entry.file);
      byFile[entry.file] = {
        reads: [...new Set(accesses.flatMap((a) => a.reads))].sort(),
        writes: [...new Set(accesses.flatMap((a) => a.writes))].sort(),
      };
    }
    assert.deepEqual(byFile, {
      'db/migrations/001_orders.sql': { reads: [], writes: ['orders'] },
      'src/orders/repository.ts': { reads: ['users'], writes: ['orders'] },
      'src/users/report.ts': { reads: ['orders', 'users'], writes: [] },
    });
  });

  it('hands out one provider per kind, the same on every call', async () => {
    assert.equal(await factsProvider('table-access'), await factsProvider('table-access'));
  });
});
