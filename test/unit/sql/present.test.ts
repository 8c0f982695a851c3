import { strict as assert } from 'node:assert';
import type { PlanNode, StatementAdvice, Suggestion } from '../../../src/assistants/sql/advice/types';
import {
  engineLabel,
  hoverMarkdown,
  planDocument,
  planTree,
  rankedSuggestions,
  suggestionLine,
  summaryText,
  withMeasuredMessage,
} from '../../../src/assistants/sql/present';

const seqScan: PlanNode = {
  nodeType: 'Seq Scan',
  relation: 'orders',
  alias: 'o',
  startupCost: 0,
  totalCost: 1834,
  planRows: 10,
  actualRows: 12,
  actualLoops: 1,
  actualTotalMs: 41.23,
  filter: '(customer_id = 42)',
  rowsRemovedByFilter: 99988,
  children: [],
};

const indexSuggestion: Suggestion = {
  kind: 'index',
  title: 'Create index orders_customer_id_idx on orders (customer_id)',
  sql: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id)',
  reason: 'serves the filter customer_id = 42',
  measured: { beforeMs: 41.2, afterMs: 1.08, speedup: 38.1, rows: 100_000, engine: 'pglite' },
  candidate: {
    kind: 'index',
    ddl: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id)',
    table: 'orders',
    name: 'orders_customer_id_idx',
    method: 'btree',
    reason: 'filter',
  },
};

const rewriteSuggestion: Suggestion = {
  kind: 'rewrite',
  title: 'Rewrite NOT IN as NOT EXISTS',
  sql: 'SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)',
  reason: 'NOT IN returns no rows when the subquery yields a NULL',
  measured: { beforeMs: 20, afterMs: 8, speedup: 2.5, rows: 100_000, engine: 'pglite' },
  equivalent: true,
  candidate: { kind: 'rewrite', rewrite: 'not-exists', title: 'NOT EXISTS', sql: '…', reason: '…' },
};

const statement: StatementAdvice = {
  start: 0,
  end: 45,
  sql: 'SELECT * FROM orders o WHERE customer_id = 42',
  plan: {
    engine: 'pglite',
    analyzed: true,
    totalCost: 1834,
    executionMs: 41.3,
    planningMs: 0.2,
    rows: 12,
    root: seqScan,
  },
  planFindings: [
    {
      kind: 'seq-scan-filter',
      message: 'Seq Scan on orders removes 99,988 of 100,000 rows by filter',
      start: 29,
      end: 45,
      node: seqScan,
    },
  ],
  suggestions: [rewriteSuggestion, indexSuggestion],
  notes: [],
};

describe('the query optimizer presenter: measured advice as the editor and the CLI show it', () => {
  it('summarises the best suggestion with its measured gain, saying it was measured', () => {
    assert.equal(
      summaryText([statement], 'PGlite sandbox, 100,000 synthetic rows'),
      '2 suggestions: create index orders_customer_id_idx on orders (customer_id) — ≈38× faster on 100,000 synthetic rows (measured) (and 1 more)',
    );
    assert.deepEqual(
      rankedSuggestions([statement]).map((s) => s.kind),
      ['index', 'rewrite'],
    );
  });

  it('names the timeout setting when a statement ran past it', () => {
    const stopped: StatementAdvice = {
      ...statement,
      plan: undefined,
      suggestions: [],
      planFindings: [],
      notes: ['not measured: the statement ran longer than 300 ms and was stopped'],
    };
    assert.equal(
      summaryText([stopped], 'PGlite sandbox'),
      'no plan for the statement: not measured: the statement ran longer than 300 ms and was stopped (the limit is scalingAssistant.sql.statementTimeoutMs)',
    );
  });

  it('says a rewrite is proven equivalent, and an estimate is an estimate', () => {
    assert.equal(
      suggestionLine(rewriteSuggestion),
      'rewrite NOT IN as NOT EXISTS — ≈2.5× faster on 100,000 synthetic rows (measured) (proven equivalent on 100,000 synthetic rows)',
    );
    const estimated: Suggestion = { ...indexSuggestion, measured: undefined, costBefore: 1834, costAfter: 8.5 };
    assert.match(suggestionLine(estimated), /planner cost 1,834 → 9 \(≈216× by estimate\)$/);
    assert.doesNotMatch(suggestionLine(estimated), /measured/);
    const unproven: Suggestion = { ...rewriteSuggestion, equivalent: null };
    assert.match(suggestionLine(unproven), /\(equivalence not proven\)$/);
  });

  it('labels the engine: sandbox rows, or a server with estimates unless it was analysed', () => {
    assert.equal(engineLabel({ kind: 'pglite', rows: 100_000 }), 'PGlite sandbox, 100,000 synthetic rows');
    assert.equal(
      engineLabel(
        { kind: 'postgresql', server: 'db.internal/shop' },
        { ...statement.plan!, engine: 'postgresql', analyzed: false },
      ),
      'server db.internal/shop, estimates',
    );
    assert.equal(
      engineLabel({ kind: 'postgresql', server: 'db.internal/shop' }, { ...statement.plan!, engine: 'postgresql' }),
      'server db.internal/shop, measured (EXPLAIN ANALYZE)',
    );
  });

  it('renders the hover with top nodes, cost, measured time and engine, escaping plan text', () => {
    const hostile: StatementAdvice = {
      ...statement,
      plan: { ...statement.plan!, root: { ...seqScan, filter: '[x](command:evil) <b>' } },
    };
    const markdown = hoverMarkdown(hostile, 'PGlite sandbox, 100,000 synthetic rows');
    assert.match(
      markdown,
      /\*\*PGlite sandbox, 100,000 synthetic rows\*\* · total cost 1834\.00 \(estimate\) · execution 41\.3 ms \(measured\)/,
    );
    assert.match(markdown, /Seq Scan on orders o · cost 0\.00\.\.1834\.00 · 12 rows \(est\. 10\) · 41\.2 ms/);
    assert.ok(!markdown.includes('[x](command:evil)'), 'a link in plan text is escaped');
    assert.ok(markdown.includes('\\[x\\](command:evil) \\<b\\>'));
    assert.match(markdown, /\*\*Plan problems\*\*/);
  });

  it('limits the hover tree and names what it left out; the plan document keeps everything with JSON', () => {
    let node: PlanNode = { ...seqScan, children: [] };
    for (let i = 0; i < 9; i++)
      node = { nodeType: 'Nested Loop', startupCost: 0, totalCost: 10 + i, planRows: 1, children: [node] };
    const lines = planTree(node, 6);
    assert.equal(lines.length, 7);
    assert.equal(lines[6], '- … 4 more nodes (Show plan for all)');
    const doc = planDocument(
      { ...statement, plan: { ...statement.plan!, root: node } },
      'PGlite sandbox, 100,000 synthetic rows',
      'db/queries/orders.sql',
    );
    assert.equal(doc.split('\n').filter((l) => /^\s*- /.test(l) && /cost/.test(l)).length, 10);
    assert.match(doc, /## Plan \(JSON\)\n\n```json\n\{/);
    assert.match(doc, /Measured: 41\.2 ms → 1\.1 ms, ≈38× faster on 100,000 synthetic rows \(measured\)\./);
    assert.match(doc, /Same rows as the original on the synthetic data, edge cases included\./);
  });
});

describe('measured findings in the Problems view (withMeasuredMessage)', () => {
  it('adds the measured numbers to a finding whose text does not have them, once', () => {
    const finding = {
      message: 'orders is filtered on customer_id, which no index serves',
      evidence: { measured: { beforeMs: 41.2, afterMs: 1.08, speedup: 38.1, rows: 100_000, engine: 'pglite' } },
    };
    const shown = withMeasuredMessage(finding);
    assert.equal(
      shown.message,
      'orders is filtered on customer_id, which no index serves. Fix measured: ≈38× faster on 100,000 synthetic rows (measured), 41.2 ms → 1.1 ms.',
    );
    assert.equal(withMeasuredMessage(shown).message, shown.message);
    const plain = { message: 'no evidence' };
    assert.equal(withMeasuredMessage(plain), plain);
  });
});
