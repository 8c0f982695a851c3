import { strict as assert } from 'node:assert';
import { toPanelView } from '../../../../src/editor/decomposition/common/view-model';
import { bestColumns, cssId, dropMove, movableRows } from '../../../../webview-ui/src/decomposition/derive';
import { LABELS, shopPlan } from './sample-plan';

describe('decomposition panel: what the webview derives from the view', () => {
  const view = toPanelView(shopPlan(), { moves: [], history: true, labels: LABELS });

  it('lists folders then files with the service each is in; a folder split across services has none', () => {
    const rows = movableRows(view, '');
    assert.deepEqual(rows.slice(0, 3), [
      { path: 'shop/src', folder: true, service: '', place: 'split' },
      { path: 'shop/src/catalog', folder: true, service: 'Catalog', place: 'service' },
      { path: 'shop/src/orders', folder: true, service: 'Orders', place: 'service' },
    ]);
    assert.deepEqual(
      rows.find((r) => r.path === 'shop/src/shared/db.ts'),
      { path: 'shop/src/shared/db.ts', folder: false, service: '', place: 'shared' },
    );
    assert.equal(rows.find((r) => r.path === 'shop/src/main.ts')?.place, 'outlier');
    assert.deepEqual(
      movableRows(view, 'PAYMENTS/pro').map((r) => r.path),
      ['shop/src/payments/provider.ts'],
    );
  });

  it('lists an outlier the planner still put in a service once, in that service', () => {
    const plan = shopPlan();
    plan.outliers.push({
      file: 'shop/src/payments/provider.ts',
      why: 'nothing ties it; put in Payments by its folder',
    });
    const rows = movableRows(toPanelView(plan, { moves: [], history: true, labels: LABELS }), 'provider');
    assert.deepEqual(rows, [
      { path: 'shop/src/payments/provider.ts', folder: false, service: 'Payments', place: 'service' },
    ]);
  });

  it('marks the best column by the metric’s direction, none for counts or a three-way tie', () => {
    const row = (key: string) => view.metrics.find((m) => m.key === key)!;
    assert.deepEqual([...bestColumns(row('crossServiceOperations'))].sort(), ['louvain', 'ours']);
    assert.deepEqual([...bestColumns(row('modularity'))], ['louvain']);
    assert.equal(bestColumns(row('services')).size, 0);
    assert.equal(bestColumns(row('tablesWrittenByMany')).size, 0);
    assert.deepEqual([...bestColumns({ ...row('routePurity'), ours: null, folders: 0.1, louvain: 0.2 })], ['louvain']);
    assert.equal(bestColumns({ ...row('routePurity'), ours: null, folders: null, louvain: null }).size, 0);
  });

  it('turns a drop into a move only for a path of the plan onto another service of it', () => {
    assert.deepEqual(dropMove(view, 'shop/src/payments/provider.ts', 'Orders'), {
      path: 'shop/src/payments/provider.ts',
      service: 'Orders',
    });
    assert.deepEqual(dropMove(view, 'shop/src/orders', 'Catalog'), { path: 'shop/src/orders', service: 'Catalog' });
    assert.deepEqual(dropMove(view, 'shop/src/shared/db.ts', 'Orders'), {
      path: 'shop/src/shared/db.ts',
      service: 'Orders',
    });
    assert.equal(dropMove(view, 'shop/src/orders', 'Orders'), undefined, 'already there');
    assert.equal(dropMove(view, 'shop/src/payments/provider.ts', 'Payments'), undefined, 'already there');
    assert.equal(dropMove(view, 'shop/src/nowhere.ts', 'Orders'), undefined, 'not in the plan');
    assert.equal(dropMove(view, 'https://example.test/x', 'Orders'), undefined, 'text dragged from elsewhere');
    assert.equal(dropMove(view, 'shop/src/orders', 'No Such Service'), undefined, 'not a service');
  });

  it('gives every service name an element id of safe characters', () => {
    assert.equal(cssId('orders'), 'orders');
    assert.equal(cssId('a b/"c"'), 'a_20b_2f_22c_22');
  });
});
