import { strict as assert } from 'node:assert';
import { adviseStatement } from '../../../../src/assistants/sql/advice/advisor';
import type {
  EngineKind,
  IndexCandidate,
  PlanEngine,
  PlanSummary,
} from '../../../../src/assistants/sql/plan-engine/types';
import type { Catalog } from '../../../../src/assistants/sql/schema';
import { suggestionLine } from '../../../../src/assistants/sql/present';
import { catalogOf, SHOP, statementOf } from './helpers';

/**
 * The advisor's steps on an engine whose answers are scripted: which plans it asks for, what it keeps and
 * what it notes. The figures are the script's, not timings (the real sandbox is in advise.test.ts).
 */

const JOIN =
  "SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'open' AND i.quantity > 5";

function plan(engine: EngineKind, analyzed: boolean, cost: number, ms?: number): PlanSummary {
  return {
    engine,
    analyzed,
    totalCost: cost,
    ...(analyzed ? { executionMs: ms } : {}),
    rows: 1,
    root: { nodeType: 'Result', startupCost: 0, totalCost: cost, planRows: 1, children: [] },
  };
}

/** An engine answering from per-index tables: a cost (estimates) and a time (ANALYZE); `fail` throws. */
function scriptedEngine(
  kind: EngineKind,
  script: { base: [number, number]; indexes: Record<string, [number, number] | 'fail'>; pair?: [number, number] },
) {
  const asked: string[] = [];
  const answer = (key: string, entry: [number, number] | 'fail' | undefined, analyze: boolean) => {
    asked.push(`${key}${analyze ? ' analyze' : ''}`);
    if (!entry) throw new Error(`unscripted ${key}`);
    if (entry === 'fail') return Promise.reject(new Error(`cannot build ${key}`));
    return Promise.resolve(plan(kind, analyze, entry[0], entry[1]));
  };
  const engine: PlanEngine = {
    kind,
    explain: (_sql, options) => answer('original', script.base, options.analyze),
    explainWithIndex: (index: IndexCandidate, _sql, options) =>
      answer(index.name, script.indexes[index.name], options.analyze),
    explainWithIndexes: (indexes: readonly IndexCandidate[], _sql, options) =>
      answer(indexes.map((i) => i.name).join('+'), script.pair, options.analyze),
    tableRows: async () => 1000,
    close: async () => undefined,
  };
  return { engine, asked };
}

describe('sql advice: the advisor on a scripted engine', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await catalogOf(SHOP);
  });

  it('times every index, keeps the helpful ones, and offers the pair across tables that beats the best', async () => {
    const { engine } = scriptedEngine('pglite', {
      base: [1000, 100],
      indexes: {
        orders_status_idx: [400, 40],
        order_items_quantity_idx: [950, 95],
        order_items_order_id_quantity_idx: 'fail',
      },
      pair: [200, 20],
    });
    const statement = statementOf(JOIN);
    const advice = await adviseStatement(engine, statement, JOIN, catalog);
    assert.equal(advice.plan?.executionMs, 100);
    assert.equal(advice.rows, 2000);
    assert.deepEqual(
      advice.suggestions.map((s) => [s.title, s.measured?.speedup, s.indexes?.length]),
      [
        ['Create 2 indexes: orders_status_idx and order_items_quantity_idx', 5, 2],
        ['Create index orders_status_idx on orders', 2.5, undefined],
      ],
    );
    assert.match(advice.suggestions[0].sql, /^CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx .*;\nCREATE/);
    assert.ok(
      advice.notes.some((n) => /^index order_items_order_id_quantity_idx not measured: cannot build/.test(n)),
      advice.notes.join('\n'),
    );
  });

  it('offers no index that is faster by ratio but saves hundredths of a millisecond, and says so', async () => {
    const { engine } = scriptedEngine('pglite', {
      base: [1000, 0.08],
      indexes: {
        orders_status_idx: [990, 0.05],
        order_items_quantity_idx: [990, 0.08],
        order_items_order_id_quantity_idx: [990, 0.08],
      },
      pair: [990, 0.05],
    });
    const advice = await adviseStatement(engine, statementOf(JOIN), JOIN, catalog);
    assert.deepEqual(advice.suggestions, []);
    assert.deepEqual(
      advice.notes.filter((n) => /index|candidate/.test(n)),
      [
        'index orders_status_idx is 1.6× faster but saves only 0.03 ms a run (0.08 ms → 0.05 ms), less than timings vary: not offered',
      ],
    );
  });

  it('says so when no candidate is fast enough', async () => {
    const { engine } = scriptedEngine('pglite', {
      base: [1000, 100],
      indexes: {
        orders_status_idx: [990, 99],
        order_items_quantity_idx: [990, 99],
        order_items_order_id_quantity_idx: [990, 99],
      },
      pair: [990, 99],
    });
    const advice = await adviseStatement(engine, statementOf(JOIN), JOIN, catalog);
    assert.deepEqual(advice.suggestions, []);
    assert.ok(
      advice.notes.some((n) =>
        /^3 index candidate\(s\) and 0 rewrite\(s\) tried: none was at least 1.2× faster$/.test(n),
      ),
      advice.notes.join('\n'),
    );
  });

  it('without ANALYZE on a server: the plan and the indexes by planner cost, cheapest first, nothing timed', async () => {
    const { engine, asked } = scriptedEngine('postgresql', {
      base: [1000, 0],
      indexes: {
        orders_status_idx: [300, 0],
        order_items_quantity_idx: [950, 0],
        order_items_order_id_quantity_idx: [100, 0],
      },
    });
    const advice = await adviseStatement(engine, statementOf(JOIN), JOIN, catalog, { analyze: false });
    assert.ok(
      asked.every((a) => !a.endsWith(' analyze')),
      asked.join(', '),
    );
    assert.equal(advice.plan?.analyzed, false);
    assert.deepEqual(
      advice.suggestions.map((s) => [s.candidate.kind === 'index' && s.candidate.name, s.costAfter, s.measured]),
      [
        ['order_items_order_id_quantity_idx', 100, undefined],
        ['orders_status_idx', 300, undefined],
      ],
    );
    assert.match(
      advice.suggestions[1].reason,
      /\(planner cost 1000 → 300, an estimate with a hypothetical index \(HypoPG\), not measured\)$/,
    );
    assert.ok(advice.notes.some((n) => n.startsWith('not executed (EXPLAIN without ANALYZE)')));
  });

  /** An engine whose times depend on the value bound to $1, and whose rows answer the advisor's value queries. */
  function parameterEngine(times: Record<string, Record<string, number>>) {
    const asked: string[] = [];
    const timed = (key: string, params: readonly unknown[] | undefined, analyze: boolean) => {
      asked.push(`${key}${params ? ` $1=${String(params[0])}` : ''}${analyze ? ' analyze' : ''}`);
      const ms = params ? times[key]?.[String(params[0])] : undefined;
      if (analyze && ms === undefined) return Promise.reject(new Error(`unscripted ${key} ${String(params?.[0])}`));
      return Promise.resolve(plan('pglite', analyze, 1000, ms));
    };
    const engine: PlanEngine = {
      kind: 'pglite',
      explain: (_sql, options) => timed('original', options.params, options.analyze),
      explainWithIndex: (index, _sql, options) => timed(index.name, options.params, options.analyze),
      // The most frequent status, one of median frequency, the rarest, each with its rows.
      rows: async () => [['open', 900, 'paid', 60, 'lost', 2]],
      tableRows: async () => 1000,
      close: async () => undefined,
    };
    return { engine, asked };
  }

  it('with $n parameters: values drawn per case from the rows, every candidate measured on each case', async () => {
    const { engine, asked } = parameterEngine({
      original: { paid: 40, open: 100, lost: 30 },
      orders_status_idx: { paid: 2, open: 50, lost: 1 },
    });
    const sql = 'SELECT id FROM orders WHERE status = $1';
    const advice = await adviseStatement(engine, statementOf(sql), sql, catalog);
    assert.deepEqual(
      advice.parameters?.map((c) => [c.case, c.values.map((v) => [v.number, v.value, v.source, v.rows])]),
      [
        ['typical', [[1, 'paid', 'orders.status', 60]]],
        ['frequent', [[1, 'open', 'orders.status', 900]]],
        ['rare', [[1, 'lost', 'orders.status', 2]]],
      ],
    );
    // The typical case first, each case its own warm-up and three timed runs.
    assert.equal(asked.filter((a) => a === 'original $1=paid analyze').length, 4);
    assert.equal(asked.filter((a) => a === 'orders_status_idx $1=open analyze').length, 4);
    const [suggestion] = advice.suggestions;
    assert.deepEqual(suggestion.measured && [suggestion.measured.beforeMs, suggestion.measured.afterMs], [40, 2]);
    assert.deepEqual(
      suggestion.cases?.map((c) => [c.case, c.beforeMs, c.afterMs, c.speedup]),
      [
        ['typical', 40, 2, 20],
        ['frequent', 100, 50, 2],
        ['rare', 30, 1, 30],
      ],
    );
    assert.match(
      suggestionLine(suggestion),
      /≈20× faster .*; worst case \(most frequent values\) ≈2\.0× faster, 100 ms → 50\.0 ms/,
    );
  });

  it('with $n parameters: an index that makes another case clearly slower is not offered, and the note says so', async () => {
    const { engine } = parameterEngine({
      original: { paid: 40, open: 100, lost: 30 },
      orders_status_idx: { paid: 2, open: 300, lost: 1 },
    });
    const sql = 'SELECT id FROM orders WHERE status = $1';
    const advice = await adviseStatement(engine, statementOf(sql), sql, catalog);
    assert.deepEqual(advice.suggestions, []);
    assert.ok(
      advice.notes.some((n) =>
        /orders_status_idx is faster on the typical values but slower on the frequent ones/.test(n),
      ),
      advice.notes.join('\n'),
    );
  });

  it('with $n parameters it cannot give values: the generic plan and every candidate by planner cost, labelled estimates', async () => {
    const { engine, asked } = scriptedEngine('pglite', { base: [1000, 0], indexes: { orders_status_idx: [100, 0] } });
    const sql = 'SELECT id FROM orders WHERE status = $1';
    const advice = await adviseStatement(engine, statementOf(sql), sql, catalog);
    assert.deepEqual(asked, ['original', 'orders_status_idx']);
    assert.equal(advice.plan?.analyzed, false);
    assert.match(advice.notes[0], /\$n parameters get no values \(values for \$n are drawn from the sandbox's rows/);
    assert.deepEqual(
      advice.suggestions.map((s) => [s.costBefore, s.costAfter, s.measured]),
      [[1000, 100, undefined]],
    );
    assert.match(advice.suggestions[0].reason, /an estimate with the index built in the sandbox, not measured/);
  });

  it('an engine that cannot plan leaves a note, not an exception', async () => {
    const { engine } = scriptedEngine('pglite', { base: [1000, 100], indexes: {} });
    engine.explain = () => Promise.reject(new Error('relation "orders" does not exist'));
    const advice = await adviseStatement(engine, statementOf(JOIN), JOIN, catalog);
    assert.equal(advice.plan, undefined);
    assert.deepEqual(advice.notes, ['not measured: relation "orders" does not exist']);
  });

  it('a cancelled request ends the advice with an AbortError', async () => {
    const controller = new AbortController();
    const { engine } = scriptedEngine('pglite', { base: [1000, 100], indexes: {} });
    engine.explain = () => {
      controller.abort();
      return Promise.reject(new Error('stopped'));
    };
    await assert.rejects(
      adviseStatement(engine, statementOf(JOIN), JOIN, catalog, { signal: controller.signal }),
      (error: Error) => error.name === 'AbortError',
    );
  });
});
