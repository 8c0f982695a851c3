import { strict as assert } from 'node:assert';
import {
  crossServiceOperations,
  interCallShare,
  interfaceCount,
} from '../../../../src/assistants/decomposition/metrics/communication';
import { modularity } from '../../../../src/assistants/decomposition/metrics/modularity';
import type { Dependency, Partition } from '../../../../src/assistants/decomposition/metrics/partition';
import { routePurity } from '../../../../src/assistants/decomposition/metrics/route-purity';
import { sizeBalance, sizeBounds } from '../../../../src/assistants/decomposition/metrics/size-balance';
import { structuralModularity } from '../../../../src/assistants/decomposition/metrics/structural-modularity';
import {
  distributedTransactions,
  tableOwners,
  tableOwnershipPurity,
  tablesWrittenByMany,
} from '../../../../src/assistants/decomposition/metrics/tables';
import type { DataAccess, TransactionFact, UseCase } from '../../../../src/assistants/decomposition/model';

/**
 * The tiny system every test reads: service A = {a1, a2}, service B = {b1, b2}, library file L.
 * Imports: a1→a2 (1), b1→b2 (1), a2→b1 (1).
 */
const partition: Partition = {
  assignment: new Map([
    ['a1', 'A'],
    ['a2', 'A'],
    ['b1', 'B'],
    ['b2', 'B'],
    ['L', 'shared'],
  ]),
  library: new Set(['L']),
};
const imports = [
  { from: 'a1', to: 'a2', weight: 1 },
  { from: 'b1', to: 'b2', weight: 1 },
  { from: 'a2', to: 'b1', weight: 1 },
];
const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const use = (from: string, to: string, symbol: string): Dependency => ({ from, to, symbol, kind: 'call', range: zero });

describe('decomposition metrics on a hand-computed system', () => {
  it('modularity Q', () => {
    // m = 3. A: L = 1, d = 1+1 (a1–a2) + 1 (a2's end of a2–b1) = 3; B the same.
    // Q = 2 × (1/3 − (3/6)²) = 2 × (0.3333… − 0.25) = 0.1666…
    assert.ok(Math.abs(modularity(imports, partition.assignment) - 1 / 6) < 1e-9);
    assert.equal(modularity([], partition.assignment), 0);
  });

  it('structural modularity SM', () => {
    // Only A and B have edges; the library module 'shared' (1 file, no edges) counts as a third service:
    // cohesion = (1/2² + 1/2² + 0/1²) / 3 = 0.5/3; coupling = σ_AB / (2·2·2) = 1/8 over K(K−1)/2 = 3 pairs.
    // SM = 0.16667 − 0.041667 = 0.125
    assert.ok(Math.abs(structuralModularity(imports, partition.assignment) - 0.125) < 1e-9);
    // Without the library file: K = 2, cohesion 0.25, coupling 0.125 / 1 → SM = 0.125 as well.
    const two = new Map([...partition.assignment].filter(([f]) => f !== 'L'));
    assert.ok(Math.abs(structuralModularity(imports, two) - 0.125) < 1e-9);
  });

  it('inter-call share, interface count and cross-service operations', () => {
    // Uses between service files: a1→a2 x, a2→b1 f (twice), a2→b1 g, b2→b1 f = 5; crossing: 3 → ICP 0.6.
    // a1→L is a library use and left out.
    const uses = [
      use('a1', 'a2', 'x'),
      use('a2', 'b1', 'f'),
      use('a2', 'b1', 'f'),
      use('a2', 'b1', 'g'),
      use('b2', 'b1', 'f'),
      use('a1', 'L', 'log'),
    ];
    assert.equal(interCallShare(uses, partition), 0.6);
    // Exposed to another service: b1#f and b1#g → 2 over 2 services = 1.
    assert.equal(interfaceCount(uses, partition), 1);
    // (A, B, b1#f) and (A, B, b1#g).
    assert.equal(crossServiceOperations(uses, partition), 2);
    assert.equal(interCallShare([], partition), 0);
  });

  it('size balance with bounds rescaled to the folder', () => {
    // 40 files: bounds 5% → 2, 20% → 8. Services of 20, 8, 7 and 5 files: 8 + 7 + 5 = 20 of 40 → 0.5.
    assert.deepEqual(sizeBounds(40), { lower: 2, upper: 8 });
    const assignment = new Map<string, string>();
    const sizes = { A: 20, B: 8, C: 7, D: 5 };
    for (const [service, n] of Object.entries(sizes))
      for (let i = 0; i < n; i++) assignment.set(`${service}${i}`, service);
    assert.equal(sizeBalance({ assignment, library: new Set() }), 0.5);
  });

  it('route purity', () => {
    const useCase = (id: string, reaches: string[]): UseCase => ({
      id,
      kind: 'http-route',
      name: id,
      file: reaches[0],
      range: zero,
      reaches,
    });
    // u1 reaches A and the library → pure; u2 reaches A and B → not; u3 reaches only the library → not counted.
    const useCases = [useCase('u1', ['a1', 'a2', 'L']), useCase('u2', ['a1', 'b1']), useCase('u3', ['L'])];
    assert.equal(routePurity(useCases, partition), 0.5);
    assert.ok(Number.isNaN(routePurity([], partition)));
  });

  it('table ownership, purity, tables written by many and distributed transactions', () => {
    const access = (file: string, table: string, mode: 'read' | 'write'): DataAccess => ({
      file,
      table,
      mode,
      source: 'sql',
      range: zero,
    });
    const data = [
      // t1: A writes twice, B reads → owner A; two services → impure.
      access('a1', 't1', 'write'),
      access('a2', 't1', 'write'),
      access('b1', 't1', 'read'),
      // t2: B writes twice, A once → owner B; written by two services.
      access('b1', 't2', 'write'),
      access('b2', 't2', 'write'),
      access('a1', 't2', 'write'),
      // t3: only B reads it → owner B; pure. The library's write is left out.
      access('b2', 't3', 'read'),
      access('L', 't3', 'write'),
    ];
    assert.deepEqual([...tableOwners(data, partition)].sort(), [
      ['t1', 'A'],
      ['t2', 'B'],
      ['t3', 'B'],
    ]);
    // One pure table (t3) of three.
    assert.ok(Math.abs(tableOwnershipPurity(data, partition) - 1 / 3) < 1e-9);
    assert.equal(tablesWrittenByMany(data, partition), 1);
    const tx = (files: string[], tables: string[]): TransactionFact => ({ file: files[0], range: zero, files, tables });
    // tx1: A's file on A's table → local; tx2: A's file on t1 (A) and t2 (B) → distributed; tx3: library on t3 → B only.
    assert.equal(
      distributedTransactions([tx(['a1'], ['t1']), tx(['a1'], ['t1', 't2']), tx(['L'], ['t3'])], data, partition),
      1,
    );
    assert.ok(Number.isNaN(tableOwnershipPurity([], partition)));
  });

  it('gives a table to the service named after it when that service writes it', () => {
    const named: Partition = {
      assignment: new Map([
        ['o', 'orders'],
        ['p', 'payments'],
      ]),
      library: new Set(),
    };
    const access = (file: string, table: string, mode: 'read' | 'write'): DataAccess => ({
      file,
      table,
      mode,
      source: 'sql',
      range: zero,
    });
    // payments writes orders three times, orders once: orders is still its owner; order_items too; payments' own.
    const data = [
      access('p', 'orders', 'write'),
      access('p', 'orders', 'write'),
      access('p', 'orders', 'write'),
      access('o', 'orders', 'write'),
      access('o', 'order_items', 'write'),
      access('p', 'public.payments', 'write'),
      access('o', 'public.payments', 'read'),
    ];
    assert.deepEqual(Object.fromEntries(tableOwners(data, named)), {
      orders: 'orders',
      order_items: 'orders',
      'public.payments': 'payments',
    });
    // Named after it but only reading while another writes: the writer owns it.
    assert.equal(
      tableOwners([access('o', 'orders', 'read'), access('p', 'orders', 'write')], named).get('orders'),
      'payments',
    );
  });

  it('breaks an ownership tie by accesses of any kind, then by name', () => {
    const access = (file: string, mode: 'read' | 'write'): DataAccess => ({
      file,
      table: 't',
      mode,
      source: 'sql',
      range: zero,
    });
    // One write each; B also reads → B.
    assert.equal(
      tableOwners([access('a1', 'write'), access('b1', 'write'), access('b2', 'read')], partition).get('t'),
      'B',
    );
    // One write each, nothing else → A by name.
    assert.equal(tableOwners([access('b1', 'write'), access('a1', 'write')], partition).get('t'), 'A');
  });
});
