import { strict as assert } from 'node:assert';
import { parseHostMessage } from '../../../../src/editor/decomposition/common/messages';
import { addMove, checkMove, serviceEdges, toPanelView } from '../../../../src/editor/decomposition/common/view-model';
import { LABELS, shopPlan } from './sample-plan';

describe('decomposition panel: the view of a plan', () => {
  const view = () => toPanelView(shopPlan(), { moves: [], history: true, labels: LABELS });

  it('keeps each service with its files, tables, routes and operations both ways', () => {
    const orders = view().services.find((s) => s.name === 'Orders');
    assert.ok(orders);
    assert.deepEqual(orders.files, ['shop/src/orders/routes.ts', 'shop/src/orders/service.ts']);
    assert.deepEqual(orders.tablesOwned, ['orders', 'order_items']);
    assert.deepEqual(orders.tablesRead, ['products']);
    assert.deepEqual(
      orders.outbound.map((o) => [o.service, o.name, o.callSites]),
      [
        ['Payments', 'charge', 2],
        ['Payments', 'refund', 1],
        ['Catalog', 'priceOf', 1],
      ],
    );
    const payments = view().services.find((s) => s.name === 'Payments');
    assert.deepEqual(
      payments?.inbound.map((o) => [o.name, o.callerServices]),
      [
        ['charge', ['Orders']],
        ['refund', ['Orders']],
      ],
    );
    assert.equal(payments?.inbound[0].signature, '(orderId: string, cents: number) => Promise<Receipt>');
  });

  it('puts the three partitions side by side for every metric, with the direction that is better', () => {
    const rows = view().metrics;
    const share = rows.find((r) => r.key === 'interCallShare');
    assert.deepEqual(share && [share.ours, share.folders, share.louvain, share.better, share.percent], [
      0.25,
      0.4,
      0.25,
      'lower',
      true,
    ]);
    assert.equal(rows.find((r) => r.key === 'services')?.better, 'none');
    assert.equal(rows.length, 11);
  });

  it('says a metric does not apply where the planner has nothing to measure (NaN), and still validates', () => {
    const plan = shopPlan();
    plan.metrics.ours.routePurity = Number.NaN;
    plan.metrics.folders.routePurity = Number.NaN;
    plan.metrics.louvain.routePurity = Number.NaN;
    const v = toPanelView(plan, { moves: [], history: true, labels: LABELS });
    const row = v.metrics.find((r) => r.key === 'routePurity');
    assert.deepEqual(row && [row.ours, row.folders, row.louvain], [null, null, null]);
    assert.ok(parseHostMessage({ type: 'plan', view: v }).ok);
  });

  it('draws one edge per pair of services, weighted by operations and call sites, chatty as planned', () => {
    assert.deepEqual(serviceEdges(shopPlan()), [
      { from: 'Orders', to: 'Catalog', operations: 1, callSites: 1, chatty: false },
      { from: 'Orders', to: 'Payments', operations: 2, callSites: 3, chatty: true },
    ]);
  });

  it('lays the map out with every service as a box that does not overlap another, larger with more files', () => {
    const { map } = view();
    assert.deepEqual(
      map.nodes.map((n) => n.service),
      ['Orders', 'Payments', 'Catalog'],
    );
    for (const a of map.nodes)
      for (const b of map.nodes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        assert.ok(apart, `${a.service} and ${b.service} overlap`);
      }
    for (const n of map.nodes) {
      assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= map.width && n.y + n.height <= map.height);
    }
    const orders = map.nodes.find((n) => n.service === 'Orders');
    const catalog = map.nodes.find((n) => n.service === 'Catalog');
    assert.ok(orders && catalog && orders.height > catalog.height);
    // Callers above the services they call.
    assert.ok(orders.y < catalog.y);
    assert.ok(map.edges.every((e) => e.points.length >= 2));
  });

  it('offers every folder under the root for a whole-folder move, and the contracts as text', () => {
    const v = view();
    assert.deepEqual(v.folders, [
      'shop/src',
      'shop/src/catalog',
      'shop/src/orders',
      'shop/src/payments',
      'shop/src/shared',
    ]);
    assert.equal(v.contracts[0].service, 'Payments');
    assert.deepEqual(JSON.parse(v.contracts[0].openapi), shopPlan().contracts[0].openapi);
    assert.equal(v.crossings, 3);
    assert.deepEqual(v.errors, [{ file: 'shop/src/broken.ts', message: 'could not be parsed' }]);
  });

  it('passes its own validation as the webview receives it', () => {
    const parsed = parseHostMessage({ type: 'plan', view: view() });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(parsed.value, { type: 'plan', view: view() });
  });

  it('carries the moves and the asked number of services', () => {
    const v = toPanelView(shopPlan(), {
      moves: [{ path: 'shop/src/payments/provider.ts', service: 'Orders' }],
      requestedServices: 4,
      history: false,
      labels: LABELS,
    });
    assert.deepEqual(v.moves, [{ path: 'shop/src/payments/provider.ts', service: 'Orders' }]);
    assert.equal(v.requestedServices, 4);
    assert.equal(v.history, false);
  });
});

describe('decomposition panel: what-if moves', () => {
  it('accepts a file or a folder of the plan and a service it has', () => {
    const plan = shopPlan();
    assert.equal(checkMove(plan, { path: 'shop/src/payments/provider.ts', service: 'Orders' }), undefined);
    assert.equal(checkMove(plan, { path: 'shop/src/payments', service: 'Orders' }), undefined);
    assert.equal(checkMove(plan, { path: 'shop/src/shared/db.ts', service: 'Catalog' }), undefined);
  });

  it('refuses a path or a service the plan does not have', () => {
    const plan = shopPlan();
    assert.match(checkMove(plan, { path: 'shop/src/pay', service: 'Orders' }) ?? '', /not a file or folder/);
    assert.match(checkMove(plan, { path: 'shop/src/orders', service: 'Billing' }) ?? '', /no service named Billing/);
  });

  it('keeps one move per path, the latest last, so undo steps back one decision', () => {
    let moves = addMove([], { path: 'a/x.ts', service: 'A' });
    moves = addMove(moves, { path: 'a/y.ts', service: 'B' });
    moves = addMove(moves, { path: 'a/x.ts', service: 'C' });
    assert.deepEqual(moves, [
      { path: 'a/y.ts', service: 'B' },
      { path: 'a/x.ts', service: 'C' },
    ]);
  });
});
