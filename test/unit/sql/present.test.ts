import { strict as assert } from 'node:assert';
import type { PlanNode, StatementAdvice, Suggestion } from '../../../src/assistants/sql/advice/types';
import { parseDatabaseUrl, redactPassword } from '../../../src/editor/database-url';
import {
  engineLabel,
  failureMessage,
  hoverMarkdown,
  planDocument,
  planTree,
  rankedSuggestions,
  statementsOf,
  suggestionLine,
  summaryText,
  withMeasuredMessage,
} from '../../../src/editor/sql-advice-format';

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

describe('measured SQL advice in the editor (sql-advice-format)', () => {
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

  it('accepts only well-formed reports', () => {
    assert.deepEqual(statementsOf(undefined), []);
    assert.deepEqual(statementsOf({ statements: 'x' }), []);
    assert.equal(statementsOf({ statements: [statement, { start: 'a' }, null] }).length, 1);
    assert.deepEqual(statementsOf({ statements: [{ start: 1, end: 2, sql: 'x' }] })[0].notes, []);
  });

  it('explains failures without the password: login, connection, timeout, sandbox', () => {
    const url = parseDatabaseUrl('postgres://reader:s3cr%2Ft@db.internal:5432/shop');
    assert.ok(!('error' in url));
    const settings = { database: url, statementTimeoutMs: 5000 };
    const login = failureMessage(
      Object.assign(new Error('password authentication failed for user "reader"'), { code: '28P01' }),
      settings,
      's3cr/t',
    );
    assert.match(login, /^Could not log in to reader@db\.internal:5432\/shop: .*Set Database Password/);
    const refused = failureMessage(
      new Error('connect ECONNREFUSED 127.0.0.1:5432 (postgres://reader:s3cr/t@db.internal:5432/shop)'),
      settings,
      's3cr/t',
    );
    assert.match(refused, /^Could not connect to postgres:\/\/reader@db\.internal:5432\/shop:/);
    assert.ok(!refused.includes('s3cr'), refused);
    assert.match(
      failureMessage(new Error('canceling statement due to statement timeout'), settings),
      /timed out \(scalingAssistant\.sql\.statementTimeoutMs is 5000 ms\)/,
    );
    assert.match(
      failureMessage(new Error('PGlite worker exited'), { statementTimeoutMs: 1000 }),
      /^The PGlite sandbox could not run: PGlite worker exited$/,
    );
  });
});

describe('database URL setting (database-url)', () => {
  it('keys a password by user, host, port and database, without the password', () => {
    const url = parseDatabaseUrl('postgresql://reader:p%40ss@db.internal:6432/shop?sslmode=require');
    assert.ok(!('error' in url));
    assert.equal(url.key, 'reader@db.internal:6432/shop');
    assert.equal(url.label, 'db.internal/shop');
    assert.equal(url.inlinePassword, 'p@ss');
    assert.equal(url.safe, 'postgresql://reader@db.internal:6432/shop?sslmode=require');
    const same = parseDatabaseUrl('postgresql://reader@db.internal:6432/shop');
    assert.ok(!('error' in same));
    assert.equal(same.key, url.key);
    assert.equal(same.inlinePassword, undefined);
  });

  it('takes a ?password= parameter as a password too, and refuses what is not a postgres URL', () => {
    const url = parseDatabaseUrl('postgres://app@localhost/app?password=hunter2&application_name=x');
    assert.ok(!('error' in url));
    assert.equal(url.inlinePassword, 'hunter2');
    assert.ok(!url.safe.includes('hunter2'));
    assert.ok('error' in parseDatabaseUrl('host=localhost dbname=app'));
    assert.ok('error' in parseDatabaseUrl('mysql://root@localhost/db'));
  });

  it('redacts passwords in URLs and the password itself from messages', () => {
    assert.equal(redactPassword('failed for postgres://u:pw@h/db', undefined), 'failed for postgres://u:***@h/db');
    assert.equal(redactPassword('secret p@ss and p%40ss', 'p@ss'), 'secret *** and ***');
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
