import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSqlAssistant } from '../../../src/assistants/sql/index';
import { runContextOf } from '../../../src/assistants/sql/run-context';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/** False alarms found by hand-checking findings on real code bases (docs/sql-peer-comparison.md), pinned. */
describe('sql precision on real-code shapes', function () {
  this.timeout(30_000);
  const fixtures = path.resolve(__dirname, '../../fixtures/sql');
  const schema = fs.readFileSync(
    path.resolve(__dirname, '../../fixtures/sql-shared/migrations/001_schema.sql'),
    'utf8',
  );

  async function findings(file: string, text: string) {
    const workspace = memoryWorkspace({ 'db/migrations/001_schema.sql': schema, [file]: text });
    const result = await analyzeDocument(createSqlAssistant(), { file, text }, DEFAULT_CONFIG, undefined, {
      workspace,
    });
    return result.findings;
  }

  it('NOT IN over a subquery that keeps only non-NULL values is informational: no NULL can empty the result', async () => {
    const text = fs.readFileSync(path.join(fixtures, 'not-in-subquery/info-filtered.sql'), 'utf8');
    const found = (await findings('db/queries/unsold.sql', text)).filter((f) => f.ruleId === 'not-in-subquery');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'info');
    assert.match(found[0].message, /order_items\.product_id is kept IS NOT NULL by the subquery/);
  });

  it('NOT IN over a CTE is judged by the column the CTE selects: a primary key cannot be NULL', async () => {
    const text = fs.readFileSync(path.join(fixtures, 'not-in-subquery/info-through-cte.sql'), 'utf8');
    const found = (await findings('db/queries/prune.sql', text)).filter((f) => f.ruleId === 'not-in-subquery');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'info');
    assert.match(found[0].message, /products\.id is NOT NULL in the schema/);
  });

  it('NOT IN over a CTE of DELETE … RETURNING is judged by the column the statement returns', async () => {
    const text = fs.readFileSync(path.join(fixtures, 'not-in-subquery/info-through-returning.sql'), 'utf8');
    const found = (await findings('db/queries/cleanup.sql', text)).filter((f) => f.ruleId === 'not-in-subquery');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'info');
    assert.match(found[0].message, /orders\.id is NOT NULL in the schema/);
    const nullable = fs.readFileSync(path.join(fixtures, 'not-in-subquery/bad-returning.sql'), 'utf8');
    const [kept] = (await findings('db/queries/cleanup.sql', nullable)).filter((f) => f.ruleId === 'not-in-subquery');
    assert.equal(kept?.severity, 'warning');
    assert.match(kept.message, /order_items\.product_id is nullable/);
  });

  it('NOT IN over a subquery that may yield NULLs stays a warning', async () => {
    const text =
      'SELECT p.id FROM products p\nWHERE p.id NOT IN (SELECT oi.product_id FROM order_items oi WHERE oi.quantity > 1);\n';
    const found = (await findings('db/queries/unsold.sql', text)).filter((f) => f.ruleId === 'not-in-subquery');
    assert.deepEqual(
      found.map((f) => f.severity),
      ['warning'],
    );
  });

  it('a row comparison NOT IN does not claim that one NULL empties the result', async () => {
    const text =
      'SELECT r.id FROM roles r\nWHERE (r.project, r.name) NOT IN (SELECT g.project, g.name FROM grants g WHERE g.user_id = $1);\n';
    const [found] = (await findings('db/queries/roles.sql', text)).filter((f) => f.ruleId === 'not-in-subquery');
    assert.ok(found, 'still reported');
    assert.doesNotMatch(found.message, /returns no rows at all/);
    assert.match(
      found.message,
      /the outer rows that match that row in its other columns, and they are dropped silently/,
    );
  });

  it('a folder named for its tests, or a performance test folder, never runs in production', () => {
    for (const file of [
      'packages/db/src/helpers.test/createPoolTests.ts',
      'src/api-tests/orders.ts',
      'perfTest/latencyTest.js',
      'perf/enqueue.ts',
      'load-tests/checkout.ts',
      'packages/server/src/middleware/installCypressServerCommand.ts',
      'src/playwright-fixtures.ts',
    ])
      assert.equal(runContextOf(file).kind, 'test', file);
    for (const file of ['src/latest/orders.ts', 'src/contest/entries.ts', 'src/performance/report.ts'])
      assert.equal(runContextOf(file).kind, 'per-request', file);
  });

  it('keyset advice names only sort keys the code wrote, and adds no id after an id', async () => {
    const text = [
      '-- name: list-orders',
      'SELECT id, total FROM orders WHERE user_id = $1 ORDER BY %order% OFFSET $2 LIMIT $3;',
      '',
      '-- name: export-orders',
      'SELECT o.id, o.total FROM orders o WHERE o.created_at >= $1 ORDER BY o.id ASC LIMIT $2 OFFSET $3;',
      '',
    ].join('\n');
    const found = (await findings('queries/orders.sql', text)).filter((f) => f.ruleId === 'deep-offset-pagination');
    assert.equal(found.length, 2);
    assert.match(found[0].message, /ORDER BY a unique key and ask for the rows after the last one seen/);
    assert.match(found[1].message, /WHERE \(o\.id\) < \(values of the last row seen\)/);
  });
});
