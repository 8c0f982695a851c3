import { strict as assert } from 'node:assert';
import { chattyPairs, chattyThresholds } from '../../../../src/assistants/decomposition/contracts/chatty';
import type { OperationKind, Site } from '../../../../src/assistants/decomposition/contracts/sites';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

/** A call site of `operation` (defined by `to`) in a file of `from`; only what the pairing reads. */
function site(
  from: string,
  to: string,
  operation: string,
  loop?: 'for' | 'map',
  kind: OperationKind = 'function',
): Site {
  const target = {
    key: `${to}#${operation}`,
    kind,
    service: to,
    file: `${to}.ts`,
    symbol: operation,
    member: operation,
  };
  return { target, service: from, file: `${from}.ts`, range, ...(loop ? { loop: { kind: loop, range } } : {}) } as Site;
}

describe('decomposition contracts: chatty pairs', () => {
  it('scales the thresholds with the plan, never below 3 operations and 6 call sites', () => {
    assert.deepEqual(chattyThresholds([site('a', 'b', 'x')], 2), { operations: 3, callSites: 6 });
    const many = Array.from({ length: 40 }, (_, i) => site('a', 'b', `op${i % 20}`));
    assert.deepEqual(chattyThresholds(many, 4), { operations: 5, callSites: 10 });
  });

  it('marks a pair past a threshold, or with a call in a loop, and says why', () => {
    const sites = [
      ...['p', 'q', 'r'].map((op) => site('orders', 'catalog', op)),
      site('orders', 'users', 'who'),
      site('billing', 'users', 'who', 'map'),
      site('billing', 'catalog', 'Price', 'for', 'constructor'),
    ];
    const pairs = chattyPairs(sites, 4);
    assert.deepEqual(
      pairs.map((p) => [p.from, p.to, p.operations, p.callSites, p.why]),
      [
        ['orders', 'catalog', 3, 3, ['3 distinct operations (chatty from 3 in this plan)']],
        ['billing', 'users', 1, 1, ['1 call inside loops: one round trip per element']],
      ],
    );
    assert.deepEqual(pairs[1].loops, [{ file: 'billing.ts', range, operation: 'who', loop: 'map' }]);
  });
});
