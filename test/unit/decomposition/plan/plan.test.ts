import { strict as assert } from 'node:assert';
import { partitionFacts } from '../../../../src/assistants/decomposition/metrics/partition';
import { assemblePlan, baselineMetrics, proposeFor } from '../../../../src/assistants/decomposition/plan/build';
import {
  dependencyCruiserConfig,
  eslintConfig,
  pathPattern,
} from '../../../../src/assistants/decomposition/plan/guardrails';
import { planToJson } from '../../../../src/assistants/decomposition/plan/json';
import { planToMarkdown } from '../../../../src/assistants/decomposition/plan/markdown';
import { createDecompositionPlanner } from '../../../../src/assistants/decomposition/planner';
import type { DataAccess, DecompositionFacts } from '../../../../src/assistants/decomposition/model';
import { LineIndex } from '../../../../src/core/text';
import { hashText } from '../../../../src/core/workspace';
import type { Workspace } from '../../../../src/core/workspace';
import { ZERO, shopFacts, shopTexts } from '../cluster/helpers';

const access = (file: string, table: string, mode: 'read' | 'write'): DataAccess => ({
  file: `shop/src/${file}`,
  table,
  mode,
  source: 'sql',
  range: ZERO,
});

/** The shop with its tables: orders writes orders and also invoices (billing's), reads products. */
function withData(facts: DecompositionFacts): DecompositionFacts {
  facts.data = [
    access('orders/place.ts', 'orders', 'write'),
    access('orders/place.ts', 'invoices', 'write'),
    access('billing/invoices.ts', 'invoices', 'write'),
    access('billing/invoices.ts', 'invoices', 'read'),
    access('catalog/products.ts', 'products', 'read'),
    access('orders/place.ts', 'products', 'read'),
  ];
  facts.transactions = [
    {
      file: 'shop/src/orders/place.ts',
      range: ZERO,
      tables: ['orders', 'invoices'],
      files: ['shop/src/orders/place.ts'],
    },
  ];
  return facts;
}

async function shopPlan() {
  const { facts } = await shopFacts();
  withData(facts);
  const pf = partitionFacts(facts);
  // Orders writing billing's table ties the two closely; three services asked for keeps them apart, so the plan
  // has a shared written table and a distributed transaction to deal with.
  const proposed = proposeFor(facts, pf, { services: 3 });
  const texts = await shopTexts();
  const lines = new Map(proposed.needLines.map((file) => [file, new LineIndex(texts.get(file)!)]));
  return assemblePlan(proposed, lines, baselineMetrics(facts, pf));
}

describe('decomposition plan', () => {
  it('gives each service its tables (owner: most writes), tables of others, and operations in and out', async () => {
    const plan = await shopPlan();
    const service = (name: string) => plan.services.find((s) => s.name === name)!;
    // invoices: billing writes it once and reads it once; orders writes it once → billing (more accesses).
    assert.deepEqual(service('billing').tablesOwned, ['invoices']);
    assert.deepEqual(service('orders').tablesOwned, ['orders']);
    assert.deepEqual(service('orders').tablesRead, ['invoices', 'products']);
    assert.deepEqual(service('catalog').tablesOwned, ['products']);
    assert.deepEqual(
      service('billing').operations.map((o) => [o.symbol, o.callers.map((c) => c.service)]),
      [['invoice', ['orders']]],
    );
    assert.deepEqual(
      service('orders').calls.map((o) => `${o.service}.${o.symbol}`),
      ['billing.invoice', 'catalog.findProduct'],
    );
    assert.ok(service('orders').responsibilities.some((r) => /Owns the data of orders/.test(r)));
    assert.equal(plan.metrics.ours.tablesWrittenByMany, 1);
    assert.equal(plan.metrics.ours.distributedTransactions, 1);
    assert.deepEqual(plan.contracts, []);
  });

  it('places crossings on the imported names and the call sites', async () => {
    const plan = await shopPlan();
    assert.deepEqual(
      plan.crossings.map((c) => [
        c.file,
        c.range.start.line,
        c.range.start.character,
        c.fromService,
        c.toService,
        c.symbol,
      ]),
      [
        ['shop/src/orders/place.ts', 0, 9, 'orders', 'billing', 'invoice'],
        ['shop/src/orders/place.ts', 1, 9, 'orders', 'catalog', 'findProduct'],
        // The call sites cross too (the facts' calls).
        ['shop/src/orders/place.ts', 6, 24, 'orders', 'catalog', 'findProduct'],
        ['shop/src/orders/place.ts', 9, 9, 'orders', 'billing', 'invoice'],
      ],
    );
  });

  it('orders the steps: services nobody calls first, then by data risk; phase 3 for all, then phase 4', async () => {
    const plan = await shopPlan();
    // orders has no callers; catalog (one caller, no shared write) before billing (one caller, invoices written
    // by orders too).
    assert.deepEqual(
      plan.steps.map((s) => `${s.order} ${s.phase} ${s.service}`),
      ['1 3 orders', '2 3 catalog', '3 3 billing', '4 4 orders', '5 4 catalog', '6 4 billing'],
    );
    const billing = plan.steps.find((s) => s.service === 'billing' && s.phase === 3)!;
    assert.ok(billing.preconditions.includes('invoices is written only by billing (today also by orders)'));
    assert.deepEqual(
      billing.dataMigrations.map((d) => [d.table, d.from]),
      [['invoices', 'orders']],
    );
    assert.match(billing.effort.basis, /^estimate from edge counts/);
    const split = plan.steps.find((s) => s.service === 'orders' && s.phase === 4)!;
    assert.ok(split.preconditions.some((p) => /saga or an outbox/.test(p)));
    assert.deepEqual(
      split.dataMigrations.map((d) => d.table),
      ['orders', 'invoices', 'products'],
    );
    assert.ok(split.places.some((p) => /transaction over orders, invoices spans services/.test(p.why)));
  });

  it('exports the boundaries as dependency-cruiser and ESLint configurations', async () => {
    const plan = await shopPlan();
    assert.equal(pathPattern(plan, 'orders'), '^(src/orders/)');
    const cruiser = dependencyCruiserConfig(plan);
    const config = JSON.parse(cruiser.slice(cruiser.indexOf('{'), cruiser.lastIndexOf('}') + 1)) as {
      forbidden: { name: string; from: { path: string }; to: { path: string } }[];
    };
    const orders = config.forbidden.find((r) => r.name === 'orders-only-through-facades')!;
    assert.equal(orders.from.path, '^(src/orders/)');
    assert.ok(new RegExp(orders.to.path).test('src/billing/invoices.ts'));
    assert.ok(!new RegExp(orders.to.path).test('src/shared/db.ts'));
    const eslint = eslintConfig(plan);
    assert.match(eslint, /^export default \[/m);
    assert.match(eslint, /"src\/orders\/\*\*"/);
    assert.match(eslint, /"\*\*\/billing\/\*\*"/);
  });

  it('prints the CLI JSON with paths relative to the folder, and Markdown with the metrics table', async () => {
    const plan = await shopPlan();
    const json = planToJson(plan) as {
      services: { name: string; files: string[]; tables: string[] }[];
      shared: string[];
    };
    assert.deepEqual(Object.keys(json), ['version', 'services', 'shared', 'metrics', 'steps']);
    assert.deepEqual(Object.keys(json.services[0]), ['name', 'files', 'tables', 'routes', 'operations']);
    assert.deepEqual(json.shared, ['src/shared/db.ts', 'src/shared/log.ts']);
    assert.ok(json.services.every((s) => s.files.every((f) => f.startsWith('src/'))));
    const markdown = planToMarkdown(plan);
    assert.match(markdown, /^\| Tables written by several services \| lower \| 1 \| \d+ \| \d+ \|$/m);
    assert.match(markdown, /^### 1\. Modular monolith: orders \(phase 3\)$/m);
  });

  it('plans through the planner, re-plans a what-if on the same facts, and sees an edit after refresh', async () => {
    const texts = await shopTexts();
    // A workspace that sees edits to `texts` (memoryWorkspace lists its texts once).
    const workspace: Workspace = {
      files: async (pattern) =>
        [...texts]
          .filter(([file]) => pattern.test(file))
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([file, text]) => ({ file, stamp: hashText(text), read: async () => texts.get(file) })),
    };
    const planner = await createDecompositionPlanner(workspace, 'shop');
    const plan = await planner.plan();
    assert.equal(plan.services.length, 3);
    const moved = await planner.plan({ moves: [{ path: 'shop/src/billing', service: 'orders' }] });
    assert.equal(moved.services.length, 2);
    assert.deepEqual(moved.metrics.folders, plan.metrics.folders);
    assert.ok(moved.metrics.ours.crossServiceOperations < plan.metrics.ours.crossServiceOperations);
    assert.equal(planner.facts.root, 'shop');

    // Orders stops using billing: after a refresh, billing has no caller left.
    texts.set(
      'shop/src/orders/place.ts',
      texts
        .get('shop/src/orders/place.ts')!
        .replace("import { invoice } from '../billing/invoices';\n", '')
        .replace('return invoice(productId, 1);', 'return productId;'),
    );
    await planner.refresh();
    const edited = await planner.plan();
    assert.deepEqual(edited.services.find((s) => s.name === 'billing')?.operations, []);
  });
});
