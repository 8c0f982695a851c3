import { strict as assert } from 'node:assert';
import { runDeepReview } from '../../../src/ai/index';
import type { ReviewSuccess } from '../../../src/ai/contract';
import { AnthropicStub } from '../../support/anthropic-stub';
import { answer, FAST, finding, MANIFESTS, recorder, request } from './helpers';

const ORDERS_SQL = [
  'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL);',
  'SELECT id, status FROM orders WHERE customer_id = 42;',
  'DELETE FROM orders WHERE id = 42;',
  '',
].join('\n');

const ORDERS_TS = [
  "import { pool } from './db';",
  '',
  'export async function removeOrder(id: number): Promise<void> {',
  "  await pool.query('DELETE FROM orders WHERE id = $1', [id]);",
  '}',
  '',
  'export async function recent(customer: number) {',
  "  return pool.query('SELECT id FROM orders WHERE customer_id = $1 ORDER BY id DESC', [customer]);",
  '}',
  '',
].join('\n');

function success(result: Awaited<ReturnType<typeof runDeepReview>>): ReviewSuccess {
  assert.ok(result.ok, JSON.stringify(result));
  return result as ReviewSuccess;
}

/** Claude's answers carrying destructive edits, through the real SDK and the loopback Messages API. */
describe('ai: destructive edits in an answer are refused and listed', function () {
  this.timeout(30_000);
  let stub: AnthropicStub;
  before(async () => {
    stub = await AnthropicStub.start();
  });
  after(() => stub.close());

  it('SQL file: a widened DELETE, CREATE → DROP and an added DROP are refused; a LIMIT is offered; the findings stay', async () => {
    stub.script({
      toolInput: answer([
        finding({
          title: 'Delete in one statement',
          location: { line: 3, quote: 'DELETE FROM orders' },
          edit: { line: 3, endLine: 3, replacement: 'DELETE FROM orders;' },
        }),
        finding({
          title: 'Recreate the table',
          location: { line: 1, quote: 'CREATE TABLE orders' },
          edit: { line: 1, endLine: 1, replacement: 'DROP TABLE orders CASCADE;' },
        }),
        finding({
          title: 'Clean up afterwards',
          location: { line: 2, quote: 'SELECT id, status' },
          edit: {
            line: 2,
            endLine: 2,
            replacement: 'SELECT id, status FROM orders WHERE customer_id = 42;\nTRUNCATE orders;',
          },
        }),
        finding({
          title: 'Bound the result',
          location: { line: 2, quote: 'SELECT id, status' },
          edit: { line: 2, endLine: 2, replacement: 'SELECT id, status FROM orders WHERE customer_id = 42 LIMIT 100;' },
        }),
      ]),
    });
    const verified: string[] = [];
    const rec = recorder();
    const result = success(
      await runDeepReview(
        request(
          stub,
          {
            document: { file: 'db/orders.sql', text: ORDERS_SQL, languageId: 'sql' },
            verifyRewrite: async (_range, newText) => {
              verified.push(newText);
              return { parses: true, equivalent: null };
            },
          },
          rec,
        ),
        FAST,
      ),
    );
    assert.deepEqual(
      result.findings.map((f) => [f.message, f.edits.length]),
      [
        ['Delete in one statement', 0],
        ['Recreate the table', 0],
        ['Clean up afterwards', 0],
        ['Bound the result', 1],
      ],
    );
    assert.deepEqual(
      result.unplaced.map((u) => [u.title, u.reason, u.refused]),
      [
        [
          'Edit refused: Delete in one statement',
          'the edited DELETE FROM orders now deletes every row of orders',
          true,
        ],
        [
          'Edit refused: Recreate the table',
          'turns CREATE TABLE into DROP TABLE, which drops table orders CASCADE',
          true,
        ],
        ['Edit refused: Clean up afterwards', 'adds a statement that empties orders (TRUNCATE)', true],
      ],
    );
    // The guard comes first: a destructive statement never reaches the optimizer's sandbox or server.
    assert.deepEqual(verified, ['SELECT id, status FROM orders WHERE customer_id = 42 LIMIT 100']);
    assert.ok(
      rec.logs.some(
        (l) =>
          l ===
          '[deep review]   Edit refused: Recreate the table (turns CREATE TABLE into DROP TABLE, which drops table orders CASCADE)',
      ),
      rec.logs.join('\n'),
    );
  });

  it('SQL embedded in TypeScript: a DELETE without its WHERE and an added TRUNCATE are refused; a narrower query is offered', async () => {
    stub.script({
      toolInput: answer([
        finding({
          title: 'Simplify the delete',
          location: { line: 4, quote: 'DELETE FROM orders' },
          edit: { line: 4, endLine: 4, replacement: "  await pool.query('DELETE FROM orders');" },
        }),
        finding({
          title: 'Reset the table first',
          location: { line: 4, quote: 'DELETE FROM orders' },
          edit: {
            line: 3,
            endLine: 4,
            replacement:
              "export async function removeOrder(id: number): Promise<void> {\n  await pool.query(`TRUNCATE orders`);\n  await pool.query('DELETE FROM orders WHERE id = $1', [id]);",
          },
        }),
        finding({
          title: 'Page the recent orders',
          location: { line: 8, quote: 'ORDER BY id DESC' },
          edit: {
            line: 8,
            endLine: 8,
            replacement:
              "  return pool.query('SELECT id FROM orders WHERE customer_id = $1 ORDER BY id DESC LIMIT 50', [customer]);",
          },
        }),
      ]),
    });
    const result = success(
      await runDeepReview(
        request(stub, { document: { file: 'src/orders.ts', text: ORDERS_TS, languageId: 'typescript' } }),
        FAST,
      ),
    );
    assert.deepEqual(
      result.unplaced.map((u) => [u.title, u.reason]),
      [
        ['Edit refused: Simplify the delete', 'the edited DELETE FROM orders now deletes every row of orders'],
        ['Edit refused: Reset the table first', 'adds a statement that empties orders (TRUNCATE)'],
      ],
    );
    assert.deepEqual(
      result.findings.map((f) => f.edits.length),
      [0, 0, 1],
    );
  });

  it('YAML manifests: wiping the file and renaming an object are refused; a field change is offered', async () => {
    stub.script({
      toolInput: answer([
        finding({
          category: 'autoscaling',
          title: 'Start over',
          location: { path: 'spec.replicas' },
          edit: { line: 1, endLine: 21, replacement: '# rewritten by hand\n' },
        }),
        finding({
          category: 'autoscaling',
          title: 'A clearer name',
          location: { line: 4, quote: 'name: web' },
          edit: { line: 4, endLine: 4, replacement: '  name: web-frontend' },
        }),
        finding({
          category: 'autoscaling',
          title: 'Let the HPA own replicas',
          location: { path: 'spec.replicas' },
          edit: { line: 6, endLine: 6, replacement: '  replicas: 2' },
        }),
      ]),
    });
    const result = success(
      await runDeepReview(
        request(stub, { subject: 'k8s', document: { file: 'k8s/web.yaml', text: MANIFESTS, languageId: 'yaml' } }),
        FAST,
      ),
    );
    assert.deepEqual(
      result.unplaced.map((u) => [u.title, u.reason, u.refused]),
      [
        ['Edit refused: Start over', 'deletes Deployment web and 1 more object', true],
        ['Edit refused: A clearer name', 'renames Deployment web to web-frontend', true],
      ],
    );
    assert.deepEqual(
      result.findings.map((f) => f.edits.map((e) => e.newText)),
      [[], [], ['  replicas: 2']],
    );
  });

  it('a wipe split over several findings: the edit that would complete it is refused', async () => {
    const text = ['# values for the web chart', 'a: 1', 'b: 2', 'c: 3', 'd: 4', 'e: 5', 'f: 6', ''].join('\n');
    stub.script({
      toolInput: answer([
        finding({
          category: 'autoscaling',
          title: 'Drop a and b',
          location: { line: 2, quote: 'a: 1' },
          edit: { line: 2, endLine: 4, replacement: '' },
        }),
        finding({
          category: 'autoscaling',
          title: 'Drop d and e',
          location: { line: 5, quote: 'd: 4' },
          edit: { line: 5, endLine: 6, replacement: '' },
        }),
      ]),
    });
    const result = success(
      await runDeepReview(request(stub, { subject: 'k8s', document: { file: 'chart/values.yaml', text } }), FAST),
    );
    assert.equal(result.findings[0].edits.length, 1, 'the first alone is offered');
    assert.deepEqual(
      result.unplaced.map((u) => [u.title, u.reason]),
      [
        [
          'Edit refused: Drop d and e',
          'together with the other edit offered for this file: removes most of the file: 5 of its 6 lines of content would go',
        ],
      ],
    );
  });
});
