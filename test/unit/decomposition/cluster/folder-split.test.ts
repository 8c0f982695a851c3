import { strict as assert } from 'node:assert';
import { splitAlongFolders } from '../../../../src/assistants/decomposition/cluster/folder-split';
import type { FusedGraph } from '../../../../src/assistants/decomposition/cluster/fused-graph';

function graph(ties: [string, string, number][]): FusedGraph {
  const files = [...new Set(ties.flatMap(([a, b]) => [a, b]))].sort();
  return {
    files,
    edges: ties.map(([a, b, weight]) => ({ a, b, weight, signals: { imports: weight } })),
    mass: { imports: 1, calls: 0, data: 0, useCases: 0, coupling: 0 },
  };
}

describe('decomposition clustering: splitting merged groups along their folders', () => {
  it('splits two folders that each hold together more than they tie to each other', () => {
    // The sample's catalog and inventory: routes → service in each, and catalog's service reads stock levels.
    const g = graph([
      ['src/catalog/routes.ts', 'src/catalog/service.ts', 3.4],
      ['src/inventory/routes.ts', 'src/inventory/service.ts', 3.7],
      ['src/catalog/service.ts', 'src/inventory/service.ts', 1.6],
      ['src/catalog/routes.ts', 'src/inventory/service.ts', 0.5],
    ]);
    const { groups, splits } = splitAlongFolders([g.files], g);
    assert.equal(splits, 1);
    assert.deepEqual(groups, [
      ['src/catalog/routes.ts', 'src/catalog/service.ts'],
      ['src/inventory/routes.ts', 'src/inventory/service.ts'],
    ]);
  });

  it('keeps a feature spread over layer folders whole: the layers tie only outwards', () => {
    const g = graph([
      ['src/controllers/orders.ts', 'src/services/orders.ts', 3],
      ['src/services/orders.ts', 'src/models/order.ts', 3],
      ['src/controllers/users.ts', 'src/services/users.ts', 3],
      ['src/services/users.ts', 'src/models/user.ts', 3],
      ['src/services/orders.ts', 'src/services/users.ts', 0.5],
    ]);
    const { groups, splits } = splitAlongFolders([g.files], g);
    assert.equal(splits, 0);
    assert.deepEqual(groups, [g.files]);
  });

  it('puts a lone file of another folder with the part it is most tied to', () => {
    const g = graph([
      ['a/x/1.ts', 'a/x/2.ts', 4],
      ['a/y/1.ts', 'a/y/2.ts', 4],
      ['a/x/1.ts', 'a/y/1.ts', 1],
      ['a/jobs/send.ts', 'a/y/2.ts', 2],
      ['a/jobs/send.ts', 'a/x/2.ts', 0.5],
    ]);
    const { groups } = splitAlongFolders([g.files], g);
    assert.deepEqual(groups, [
      ['a/x/1.ts', 'a/x/2.ts'],
      ['a/jobs/send.ts', 'a/y/1.ts', 'a/y/2.ts'],
    ]);
  });

  it('splits again inside a part, and leaves groups of one folder alone', () => {
    const g = graph([
      ['p/a/x/1.ts', 'p/a/x/2.ts', 4],
      ['p/a/y/1.ts', 'p/a/y/2.ts', 4],
      ['p/a/x/1.ts', 'p/a/y/1.ts', 1],
      ['p/b/1.ts', 'p/b/2.ts', 9],
      ['p/b/1.ts', 'p/a/x/1.ts', 1],
      ['q/1.ts', 'q/2.ts', 1],
    ]);
    const p = g.files.filter((f) => f.startsWith('p/'));
    const { groups, splits } = splitAlongFolders([p, ['q/1.ts', 'q/2.ts']], g);
    assert.equal(splits, 2);
    assert.deepEqual(
      groups.map((files) => files.join(' ')),
      ['p/a/x/1.ts p/a/x/2.ts', 'p/a/y/1.ts p/a/y/2.ts', 'p/b/1.ts p/b/2.ts', 'q/1.ts q/2.ts'],
    );
  });
});
