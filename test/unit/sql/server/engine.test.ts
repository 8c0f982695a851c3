import { strict as assert } from 'node:assert';
import { Client } from 'pg';
import { planNodes } from '../../../../src/assistants/sql/plan-engine/plan';
import type { IndexCandidate, PlanSummary } from '../../../../src/assistants/sql/plan-engine/types';
import type { ServerEngineError, ServerPlanEngine } from '../../../../src/assistants/sql/server';
import { openServerEngine } from '../../../../src/assistants/sql/server';
import type { TestPostgres } from '../../../support/postgres-server';
import { requirePostgres, startTestPostgres } from '../../../support/postgres-server';

/**
 * The real-server engine against Debian's PostgreSQL 15 with HypoPG, started for this suite (see
 * test/support/postgres-server.ts). Skipped with a reason where the binaries are missing, except in CI.
 */
describe('sql server engine on a real PostgreSQL server', function () {
  this.timeout(120_000);
  let server: TestPostgres;
  let engine: ServerPlanEngine;
  const timings: string[] = [];
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = process.hrtime.bigint();
    const result = await work();
    timings.push(`${label} ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)} ms`);
    return result;
  };

  const byName = (sql: string) => `SELECT * FROM users WHERE display_name = 'User 42'${sql}`;
  const candidate: IndexCandidate = {
    kind: 'index',
    ddl: 'CREATE INDEX users_display_name_idx ON users (display_name)',
    table: 'users',
    name: 'users_display_name_idx',
    method: 'btree',
    reason: 'equality on display_name',
  };
  /** Opens an engine on the test server: the password as SecretStorage would hand it, unless `connection` says otherwise. */
  const open = (
    options: Partial<Parameters<typeof openServerEngine>[1]> = {},
    connection?: { url: string; password?: string },
  ) =>
    openServerEngine(connection ?? { url: server.urlWithoutPassword, password: server.password }, {
      analyze: true,
      statementTimeoutMs: 10_000,
      ...options,
    });
  /** Rows a read returns, counted by EXPLAIN ANALYZE on the engine's own session. */
  const sessionRows = async (sql: string) => (await engine.explain(sql, { analyze: true })).rows;
  /**
   * Index names in the plan of `sql` on the engine's own session: a hypothetical index left behind would
   * show up there (HypoPG's own listing, hypopg(), is an extension function the engine never executes).
   */
  const indexesUsed = async (sql: string) =>
    planNodes((await engine.explain(sql, { analyze: false })).root)
      .map((n) => n.indexName)
      .filter(Boolean);

  before(async function () {
    requirePostgres(this);
    server = await startTestPostgres();
    timings.push(
      `initdb ${server.timings.initdbMs} ms, server start ${server.timings.startMs} ms, schema + rows ${server.timings.seedMs} ms`,
    );
    engine = await timed('connect + detect', () => open());
  });

  after(async () => {
    await engine?.close();
    server?.stop();
    if (timings.length) console.log(`      measured: ${timings.join('; ')}`);
  });

  it('connects, reads the server version and finds HypoPG', () => {
    assert.equal(engine.kind, 'postgresql');
    assert.match(engine.serverVersion, /^15\./);
    assert.ok(engine.serverVersionNum >= 150000 && engine.serverVersionNum < 160000);
    assert.equal(engine.hypopg, true);
    assert.equal(typeof engine.explainWithIndex, 'function');
    assert.equal(engine.label, `shop_app@127.0.0.1:${server.port}/shop`);
    assert.deepEqual(engine.notes, []);
  });

  it('plain EXPLAIN unless the user opted in to ANALYZE', async () => {
    const plain = await open({ analyze: false });
    try {
      assert.ok(plain.notes.some((n) => /ANALYZE is off/.test(n)));
      const plan = await timed('plain EXPLAIN', () => plain.explain(byName(''), { analyze: true }));
      assert.equal(plan.engine, 'postgresql');
      assert.equal(plan.analyzed, false, 'asked for ANALYZE, not opted in: estimates only');
      assert.equal(plan.executionMs, undefined);
      assert.equal(plan.root.nodeType, 'Seq Scan');
      assert.equal(plan.root.relation, 'users');
      assert.match(plan.root.filter!, /display_name = 'User 42'/);
      assert.equal(plan.root.actualRows, undefined);
      // Two at once on one connection: each gets its own transaction.
      const [a, b] = await Promise.all([
        plain.explain('SELECT count(*) FROM orders', { analyze: false }),
        plain.explain('SELECT 1', { analyze: false }),
      ]);
      assert.equal(a.root.nodeType, 'Aggregate');
      assert.equal(b.root.nodeType, 'Result');
    } finally {
      await plain.close();
    }
  });

  it('EXPLAIN (ANALYZE, BUFFERS) when opted in: measured', async () => {
    const plan = await timed('EXPLAIN ANALYZE', () => engine.explain(byName(''), { analyze: true }));
    assert.equal(plan.analyzed, true);
    assert.ok(plan.executionMs! >= 0);
    assert.equal(plan.root.actualRows, 1);
    assert.equal(plan.rows, 1);
    const notAsked = await engine.explain(byName(''), { analyze: false });
    assert.equal(notAsked.analyzed, false);
  });

  it('HypoPG what-if: the plan uses the hypothetical index, and nothing is left behind', async () => {
    const before = await engine.explain(byName(''), { analyze: false });
    assert.equal(before.root.nodeType, 'Seq Scan');
    const whatIf: PlanSummary = await timed('EXPLAIN with a HypoPG index', () =>
      engine.explainWithIndex!(candidate, byName(''), { analyze: true }),
    );
    assert.equal(whatIf.analyzed, false, 'hypothetical indexes only exist for plain EXPLAIN');
    assert.equal(whatIf.root.nodeType, 'Index Scan');
    assert.equal(whatIf.root.indexName, 'users_display_name_idx', 'the candidate name, not HypoPG\'s "<oid>btree_…"');
    assert.match(whatIf.root.indexCond!, /display_name = 'User 42'/);
    assert.ok(whatIf.totalCost < before.totalCost / 4, `${whatIf.totalCost} vs ${before.totalCost}`);

    const after = await engine.explain(byName(''), { analyze: false });
    assert.equal(after.root.nodeType, 'Seq Scan', 'the hypothetical index is gone from the session');
    assert.equal(
      server.psql("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_display_name_idx'").trim(),
      '0',
      'no real index',
    );
  });

  it('HypoPG: a failing what-if still leaves no hypothetical index', async () => {
    await assert.rejects(
      engine.explainWithIndex!(candidate, 'SELECT * FROM no_such_table', { analyze: false }),
      (error: ServerEngineError) => {
        assert.equal(error.kind, 'server');
        assert.match(error.message, /relation "no_such_table" does not exist/);
        return true;
      },
    );
    await assert.rejects(
      engine.explainWithIndex!({ ...candidate, ddl: 'CREATE INDEX x ON users (no_such_column)' }, byName(''), {
        analyze: false,
      }),
      /no_such_column/,
    );
    assert.deepEqual(await indexesUsed(byName('')), [], 'no hypothetical index left behind');
  });

  it('$n parameters without values: the generic plan (PREPARE + EXPLAIN EXECUTE on 15), nothing left prepared', async () => {
    const generic = await timed('generic plan', () =>
      engine.explain('SELECT * FROM orders WHERE user_id = $1 AND status = $2', { analyze: true }),
    );
    assert.equal(generic.analyzed, false, 'no values: it cannot be executed');
    const scan = planNodes(generic.root).find((n) => n.indexName === 'orders_user_id_idx');
    assert.ok(scan, JSON.stringify(generic.root));
    assert.match(scan.indexCond!, /user_id = \$1/);
    assert.equal(await sessionRows('SELECT name FROM pg_prepared_statements'), 0);

    const withValues = await engine.explain('SELECT * FROM orders WHERE user_id = $1', { analyze: true, params: [42] });
    assert.equal(withValues.analyzed, true);
    assert.ok(planNodes(withValues.root).some((n) => /user_id = '?42'?/.test(n.indexCond ?? '')));

    const whatIf = await engine.explainWithIndex!(
      {
        ...candidate,
        ddl: 'CREATE INDEX orders_created_at_idx ON orders (created_at)',
        name: 'orders_created_at_idx',
        table: 'orders',
      },
      'SELECT * FROM orders WHERE created_at = $1',
      { analyze: false },
    );
    assert.ok(planNodes(whatIf.root).some((n) => n.indexName === 'orders_created_at_idx'));
    assert.equal(await sessionRows('SELECT name FROM pg_prepared_statements'), 0);
    assert.deepEqual(await indexesUsed("SELECT * FROM orders WHERE created_at = '2024-01-01'"), []);

    await assert.rejects(
      engine.explain('SELECT * FROM orders WHERE user_id = $2', { analyze: false, params: [1] }),
      /uses \$2 but only 1/,
    );
  });

  it('never writes: DML, DDL, data-modifying CTEs, nextval and writing functions change nothing', async () => {
    const state = () =>
      server.psql(`SELECT concat_ws(' ',
        (SELECT count(*) FROM users), (SELECT count(*) FROM orders), (SELECT count(*) FROM order_items),
        (SELECT md5(string_agg(status, ',' ORDER BY id)) FROM orders), (SELECT count(*) FROM audit_log),
        (SELECT last_value || '/' || is_called FROM users_id_seq), (SELECT last_value || '/' || is_called FROM audit_log_id_seq),
        (SELECT count(*) FROM pg_class WHERE relname IN ('evil', 'backup')), (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'))`);
    const before = state();
    const attempts = [
      "INSERT INTO users (email, password_hash, display_name) VALUES ('evil@example.com', 'x', 'evil')",
      "UPDATE orders SET status = 'cancelled'",
      'DELETE FROM order_items',
      "MERGE INTO orders o USING users u ON o.user_id = u.id WHEN MATCHED THEN UPDATE SET status = 'refunded'",
      'WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone',
      "WITH added AS (INSERT INTO audit_log (note) VALUES ('evil') RETURNING id) SELECT * FROM added",
      "SELECT nextval('users_id_seq')",
      "SELECT setval('audit_log_id_seq', 1000)",
      "SELECT write_audit('evil')",
      'SELECT * FROM orders FOR UPDATE',
      'SELECT * INTO backup FROM users',
      'CREATE TABLE evil (a int)',
      'DROP TABLE audit_log',
      'TRUNCATE orders',
      'ALTER TABLE users ADD COLUMN evil int',
      "SELECT 1; INSERT INTO audit_log (note) VALUES ('evil')",
      'COMMIT',
    ];
    const outcomes: string[] = [];
    for (const analyze of [true, false]) {
      for (const sql of attempts) {
        try {
          const plan = await engine.explain(sql, { analyze });
          // Plain EXPLAIN of a DML statement plans it without running it; with ANALYZE asked, the note says why not.
          assert.equal(plan.analyzed, false, `${sql} was executed`);
          if (analyze) assert.match(plan.notes?.join(' ') ?? '', /^not executed: /, sql);
          outcomes.push(`planned: ${sql}`);
        } catch (error) {
          const e = error as ServerEngineError;
          // Refused before sending (statement.ts), or by the server's read-only transaction (SQLSTATE 25006).
          assert.equal(e.kind, 'refused', `${sql}: ${e.kind} ${e.message}`);
          outcomes.push(`${e.kind}: ${sql}`);
        }
      }
      for (const sql of [
        "SELECT write_audit('evil')",
        'WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone',
      ]) {
        await engine.explainWithIndex!(candidate, sql, { analyze }).catch(() => undefined);
      }
    }
    assert.equal(state(), before, `state changed after:\n${outcomes.join('\n')}`);
    assert.equal(outcomes.filter((o) => o.startsWith('planned')).length, 20, outcomes.join('\n'));
    // What a parse of the text cannot see, the server's resolution of the statement does (execution-check.ts).
    const audit = await engine.explain("SELECT write_audit('evil')", { analyze: true });
    assert.equal(audit.analyzed, false);
    assert.match(audit.notes!.join(' '), /calls public\.write_audit\(\), which is user-defined in sql/);
    // And the engine is still usable afterwards.
    assert.equal((await engine.explain('SELECT 1', { analyze: true })).analyzed, true);
  });

  it('statement timeout: a clear error, and the engine goes on', async () => {
    const short = await open({ statementTimeoutMs: 300 });
    try {
      const slow = 'SELECT count(*) FROM generate_series(1, 2000000000)';
      await assert.rejects(short.explain(slow, { analyze: true }), (error: ServerEngineError) => {
        assert.equal(error.kind, 'timeout');
        assert.match(error.message, /statement timeout \(300 ms\)/);
        return true;
      });
      assert.equal((await short.explain('SELECT 1', { analyze: true })).analyzed, true);
    } finally {
      await short.close();
    }
  });

  it('lock timeout: a table locked by a migration does not hold the plan up', async () => {
    const admin = new Client({
      host: server.socketDir,
      port: server.port,
      user: 'postgres',
      database: server.database,
    });
    await admin.connect();
    try {
      await admin.query('BEGIN; LOCK TABLE orders IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      await assert.rejects(engine.explain('SELECT * FROM orders', { analyze: false }), (error: ServerEngineError) => {
        assert.equal(error.kind, 'timeout');
        assert.match(error.message, /lock on a table/);
        return true;
      });
      assert.ok(Date.now() - started < 9_000, 'the lock timeout, not the statement timeout');
      await admin.query('ROLLBACK');
      assert.equal((await engine.explain('SELECT * FROM orders', { analyze: false })).root.relation, 'orders');
    } finally {
      await admin.end();
    }
  });

  it('cancellation: an abort stops the statement on the server', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(
      engine.explain('SELECT count(*) FROM generate_series(1, 2000000001)', {
        analyze: true,
        signal: controller.signal,
      }),
      (error: ServerEngineError) => {
        assert.equal(error.kind, 'cancelled');
        return true;
      },
    );
    assert.ok(Date.now() - started < 10_000);
    assert.equal(
      server
        .psql(
          "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%2000000001%' AND state = 'active' AND pid <> pg_backend_pid()",
        )
        .trim(),
      '0',
    );
    await assert.rejects(
      engine.explain('SELECT 1', { analyze: false, signal: AbortSignal.abort() }),
      (error: ServerEngineError) => error.kind === 'cancelled',
    );
    assert.equal((await engine.explain('SELECT 1', { analyze: true })).analyzed, true, 'the engine goes on');
  });

  it('a connection the server dropped is replaced on the next use', async () => {
    const dropped = await open({ applicationName: 'sa-test-reconnect' });
    try {
      assert.equal(
        (
          await dropped.explain("SELECT * FROM pg_stat_activity WHERE application_name = 'sa-test-reconnect'", {
            analyze: true,
          })
        ).rows,
        1,
        'application_name is set',
      );
      assert.equal(
        server
          .psql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'sa-test-reconnect'",
          )
          .trim(),
        '1',
      );
      const plan = await dropped.explain('SELECT * FROM orders', { analyze: false });
      assert.equal(plan.root.relation, 'orders');
    } finally {
      await dropped.close();
    }
  });

  it('aborting the engine signal closes it', async () => {
    const controller = new AbortController();
    const closing = await open({ signal: controller.signal });
    controller.abort();
    await assert.rejects(closing.explain('SELECT 1', { analyze: false }), /closed/);
  });

  it('wrong or missing password: a clear message without the password', async () => {
    for (const connection of [
      { url: server.urlWithoutPassword, password: 'wrong-Pa55word' },
      { url: server.urlWithoutPassword.replace('shop_app@', 'shop_app:wrong-Pa55word@') },
    ]) {
      await assert.rejects(open({}, connection), (error: ServerEngineError) => {
        assert.equal(error.kind, 'auth');
        assert.match(
          error.message,
          new RegExp(`Authentication failed for shop_app@127\\.0\\.0\\.1:${server.port}/shop`),
        );
        assert.ok(!error.message.includes('wrong-Pa55word'), error.message);
        return true;
      });
    }
    await assert.rejects(
      open({}, { url: server.urlWithoutPassword }),
      (error: ServerEngineError) => error.kind === 'auth' && /none is set/.test(error.message),
    );
    // The SecretStorage password wins over a stale one in the URL.
    const both = await open(
      {},
      { url: server.urlWithoutPassword.replace('shop_app@', 'shop_app:stale@'), password: server.password },
    );
    await both.close();
  });

  it('SSL required by the URL, not offered by the server: an SSL message', async () => {
    await assert.rejects(
      open({}, { url: `${server.urlWithoutPassword}?sslmode=require`, password: server.password }),
      (error: ServerEngineError) => {
        assert.equal(error.kind, 'ssl');
        assert.match(error.message, /SSL/);
        return true;
      },
    );
  });

  it('tableRows: the planner estimate from pg_class.reltuples', async () => {
    assert.equal(engine.rowsAreEstimates, true);
    const expected = Number(server.psql("SELECT reltuples::bigint FROM pg_class WHERE relname = 'orders'"));
    assert.equal(await engine.tableRows('orders'), expected);
    assert.equal(await engine.tableRows('public.orders'), expected);
    assert.equal(await engine.tableRows('no_such_table'), undefined);
  });

  it('server errors are reported as the server said them', async () => {
    await assert.rejects(
      engine.explain('SELECT * FROM no_such_table', { analyze: false }),
      (error: ServerEngineError) => {
        assert.equal(error.kind, 'server');
        assert.equal(error.sqlState, '42P01');
        assert.match(error.message, /relation "no_such_table" does not exist/);
        return true;
      },
    );
  });

  it('a database without HypoPG: no what-if, and a note that says why', async () => {
    server.psql('CREATE DATABASE plain_shop OWNER shop_app');
    const other = await open(
      {},
      { url: server.urlWithoutPassword.replace(/\/shop$/, '/plain_shop'), password: server.password },
    );
    try {
      assert.equal(other.hypopg, false);
      assert.equal(other.explainWithIndex, undefined);
      assert.ok(
        other.notes.some((n) => /HypoPG is available .* but not installed/.test(n) && /never creates it/.test(n)),
        other.notes.join('\n'),
      );
      assert.equal(
        (await other.explain("SELECT * FROM pg_extension WHERE extname = 'hypopg'", { analyze: true })).rows,
        0,
        'and it was not created',
      );
    } finally {
      await other.close();
    }
  });
});
