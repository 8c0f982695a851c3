import { strict as assert } from 'node:assert';
import { placeDeclarations } from '../../../../src/assistants/decomposition/cluster/declarations';
import { domainCount } from '../../../../src/assistants/decomposition/cluster/domains';
import { chooseGranularity } from '../../../../src/assistants/decomposition/cluster/granularity';
import type { FusedGraph } from '../../../../src/assistants/decomposition/cluster/fused-graph';
import type { DecompositionFacts } from '../../../../src/assistants/decomposition/model';

const imports = (...pairs: [string, string, number?][]) =>
  pairs.map(([from, to, weight]) => ({ from, to, weight: weight ?? 1 }));

describe('decomposition: declarations and domains', () => {
  const groups = [
    ['orders/service.ts', 'orders/controller.ts'],
    ['users/service.ts', 'users/controller.ts'],
    ['billing/service.ts'],
    ['search/service.ts'],
  ];

  it('puts a declaration with the group that imports it most, or in the shared library when most groups do', () => {
    const placed = placeDeclarations(
      groups,
      ['orders/dto.ts', 'schemas/money.ts', 'schemas/order-line.ts', 'schemas/unused.ts'],
      imports(
        ['orders/service.ts', 'orders/dto.ts', 3],
        ['users/service.ts', 'orders/dto.ts', 1],
        ['orders/service.ts', 'schemas/money.ts'],
        ['users/service.ts', 'schemas/money.ts'],
        ['billing/service.ts', 'schemas/money.ts'],
        // A schema only another schema uses follows it: order-line ← dto ← orders.
        ['orders/dto.ts', 'schemas/order-line.ts'],
      ),
    );
    assert.deepEqual(placed.grouped[0], [
      'orders/controller.ts',
      'orders/dto.ts',
      'orders/service.ts',
      'schemas/order-line.ts',
      'schemas/unused.ts',
    ]);
    assert.deepEqual(placed.shared, ['schemas/money.ts']);
    assert.equal(placed.placed, 2);
    // Nothing uses it: it joins the group holding most of its folder's parent (none here: the first).
    assert.deepEqual(placed.unused, [{ file: 'schemas/unused.ts', index: 0 }]);
  });

  it('judges the resolution on the ties between files of code, the declarations still clustered', () => {
    // Two cliques of code, and six declarations tied in three tight pairs hanging off the first clique.
    const code = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'];
    const declarations = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];
    const ties: [string, string, number][] = [
      ['a1', 'a2', 1],
      ['a2', 'a3', 1],
      ['a1', 'a3', 1],
      ['b1', 'b2', 1],
      ['b2', 'b3', 1],
      ['b1', 'b3', 1],
      ['a1', 'b1', 0.2],
      ['d1', 'd2', 5],
      ['d3', 'd4', 5],
      ['d5', 'd6', 5],
      ['d1', 'a1', 0.5],
      ['d3', 'a2', 0.5],
      ['d5', 'b3', 0.5],
    ];
    const fused: FusedGraph = {
      files: [...code, ...declarations],
      edges: ties.map(([a, b, weight]) => ({ a, b, weight, signals: {} })),
      mass: { imports: 0, calls: 0, data: 0, useCases: 0, coupling: 0 },
    };
    const judged = chooseGranularity(fused, undefined, new Set(declarations));
    // Counted on code only: the groups of declarations are no services of their own.
    assert.ok(judged.tried.every((t) => t.services <= code.length));
    const groupOf = (file: string) => judged.communities.findIndex((g) => g.includes(file));
    assert.equal(groupOf('a1'), groupOf('a3'));
    assert.notEqual(groupOf('a1'), groupOf('b1'));
  });

  it('counts table families and route resources', () => {
    const access = (table: string) => ({ table, file: 'x.ts', mode: 'read', source: 'sql' });
    const route = (name: string) => ({ kind: 'http-route', name, file: 'x.ts' });
    const facts = {
      data: ['features', 'feature_strategies', 'public.feature_tag', 'projects', 'project_environments', 'users'].map(
        access,
      ),
      useCases: [
        route('GET /api/v1/orders/:id'),
        route('POST /orders.list'),
        route('POST /documents.create'),
        route('trpc datasetRouter.byId'),
        { kind: 'queue-consumer', name: 'queue mail', file: 'y.ts' },
      ],
    } as unknown as DecompositionFacts;
    assert.deepEqual(domainCount(facts), { tableFamilies: 3, routeResources: 3 });
  });
});
