import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import type { PlanSummary } from '../../../../src/assistants/sql/advice/types';
import type { ServerEngineError, ServerPlanEngine } from '../../../../src/assistants/sql/server';
import { openServerEngine } from '../../../../src/assistants/sql/server';
import type { TestPostgres } from '../../../support/postgres-server';
import { requirePostgres, startTestPostgres } from '../../../support/postgres-server';

/**
 * The server path under attack, on a throwaway PostgreSQL 15 (test/support/postgres-server.ts): statements a
 * hostile workspace could hold, sent with EXPLAIN ANALYZE opted in. Each must come back planned only (with a
 * note saying why) or not planned at all, and afterwards the victim session is alive, the rows are there,
 * the sequence has not moved and no file was written. A control test first shows the shapes are real: run
 * directly in a read-only transaction they do kill the victim, delete the rows and write the file.
 */
describe('sql server engine: only what cannot change anything outside its transaction is executed', function () {
  this.timeout(180_000);
  let server: TestPostgres;
  let engine: ServerPlanEngine;
  let victim: Client;
  let largeObject: string;
  const killVictims = `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'sa-victim'`;
  const password = 'Sa-role-pw-1';

  const connect = async (user: string, applicationName: string) => {
    const client = new Client({
      host: server.socketDir,
      port: server.port,
      user,
      database: server.database,
      application_name: applicationName,
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const spawnVictim = async () => {
    victim = await connect('shop_app', 'sa-victim');
  };
  const victimAlive = async () => {
    try {
      await victim.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  };
  const auditRows = () => server.psql('SELECT count(*) FROM audit_log').trim();
  const sequence = () => server.psql("SELECT last_value || '/' || is_called FROM users_id_seq").trim();
  const open = (user = 'shop_app', options: Partial<Parameters<typeof openServerEngine>[1]> = {}) =>
    openServerEngine(
      {
        url: `postgres://${user}@127.0.0.1:${server.port}/${server.database}`,
        password: user === 'shop_app' ? server.password : password,
      },
      { analyze: true, statementTimeoutMs: 10_000, ...options },
    );
  const label = (user: string) => `${user}@127.0.0.1:${server.port}/${server.database}`;

  type Outcome = { executed: boolean; note: string } | { refused: string };
  const attempt = async (sql: string, on: ServerPlanEngine = engine): Promise<Outcome> => {
    try {
      const plan: PlanSummary = await on.explain(sql, { analyze: true });
      return { executed: plan.analyzed, note: (plan.notes ?? []).join(' ') };
    } catch (error) {
      const e = error as ServerEngineError;
      assert.equal(e.kind, 'refused', `${sql}: ${e.kind}: ${e.message}`);
      return { refused: e.message };
    }
  };
  /** Planned with EXPLAIN only, the note matching `why`. */
  const plannedOnly = async (sql: string, why: RegExp, on?: ServerPlanEngine) => {
    const outcome = await attempt(sql, on);
    assert.ok('executed' in outcome, `${sql} was not planned: ${'refused' in outcome ? outcome.refused : ''}`);
    assert.equal(outcome.executed, false, `${sql} was executed`);
    assert.match(outcome.note, /^not executed: /, sql);
    assert.match(outcome.note, why, sql);
  };
  /** Not even planned (the planner itself would have run it), the message matching `why`. */
  const notPlanned = async (sql: string, why: RegExp, on?: ServerPlanEngine) => {
    const outcome = await attempt(sql, on);
    assert.ok('refused' in outcome, `${sql} was planned: ${JSON.stringify(outcome)}`);
    assert.match(outcome.refused, /^Not planned: /, sql);
    assert.match(outcome.refused, why, sql);
  };

  before(async function () {
    requirePostgres(this);
    server = await startTestPostgres({ rows: 5_000 });
    const dir = server.socketDir;
    // Objects the application role owns: what a database's own helpers might look like.
    server.psql(
      `
      CREATE FUNCTION kill_victims() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (${killVictims}); END $$;
      CREATE FUNCTION kill_victims_stable() RETURNS bigint LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN (${killVictims}); END $$;
      CREATE FUNCTION kill_victims_immutable(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM (${killVictims}); RETURN $1; END $$;
      CREATE FUNCTION innocent() RETURNS bigint LANGUAGE sql VOLATILE AS 'SELECT kill_victims_stable()';
      CREATE FUNCTION length(bigint) RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM kill_victims(); RETURN 1; END $$;
      CREATE FUNCTION victim_count(orders) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN kill_victims(); END $$;
      CREATE FUNCTION kill_eq(text, text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM kill_victims(); RETURN $1 = $2; END $$;
      CREATE OPERATOR === (leftarg = text, rightarg = text, function = kill_eq, restrict = eqsel);
      CREATE OPERATOR =~~ (leftarg = text, rightarg = text, function = kill_eq);
      CREATE OPERATOR =~= (leftarg = text, rightarg = text, function = texteq, restrict = eqsel, commutator = =~~);
      CREATE TYPE ticket AS (n bigint);
      CREATE FUNCTION make_ticket(bigint) RETURNS ticket LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM kill_victims(); RETURN ROW($1); END $$;
      CREATE CAST (bigint AS ticket) WITH FUNCTION make_ticket(bigint);
      CREATE TYPE stub AS (n int);
      CREATE FUNCTION make_stub(int) RETURNS stub LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM kill_victims(); RETURN ROW($1); END $$;
      CREATE CAST (int AS stub) WITH FUNCTION make_stub(int);
      CREATE FUNCTION kill_check(int) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM kill_victims(); RETURN true; END $$;
      CREATE DOMAIN checked_int AS int CHECK (kill_check(VALUE));
      CREATE FUNCTION kill_step(bigint, bigint) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM kill_victims(); RETURN coalesce($1, 0) + $2; END $$;
      CREATE AGGREGATE kill_sum(bigint) (sfunc = kill_step, stype = bigint);
      CREATE VIEW sneaky AS SELECT id, kill_victims() AS k FROM orders;
      CREATE FUNCTION save_blob(oid, text) RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN lo_export($1, $2); END $$;
      CREATE SCHEMA app;
      CREATE FUNCTION app.lower(text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM public.kill_victims(); RETURN $1; END $$;
      INSERT INTO audit_log (note) SELECT 'kept ' || g FROM generate_series(1, 5) g;
      `,
      { user: 'shop_app' },
    );
    // What only a superuser sets up: extensions, foreign tables, roles, a view and a policy owned by it.
    server.psql(`
      CREATE EXTENSION dblink;
      CREATE EXTENSION file_fdw;
      CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
      CREATE FOREIGN TABLE touched (line text) SERVER files OPTIONS (program 'touch ${dir}/fdw-ran');
      CREATE TABLE lines (line text);
      ALTER FOREIGN TABLE touched INHERIT lines;
      GRANT SELECT ON touched, lines TO shop_app;
      CREATE VIEW evil_view AS SELECT public.kill_victims() AS x;
      GRANT SELECT ON evil_view TO shop_app;
      CREATE TABLE guarded (id int);
      INSERT INTO guarded VALUES (1);
      ALTER TABLE guarded ENABLE ROW LEVEL SECURITY;
      CREATE POLICY watch ON guarded USING (public.kill_victims() >= 0);
      GRANT SELECT ON guarded TO shop_app;
      CREATE ROLE sa_super LOGIN SUPERUSER PASSWORD '${password}';
      CREATE ROLE sa_ops NOLOGIN;
      GRANT pg_signal_backend TO sa_ops;
      CREATE ROLE sa_signal LOGIN PASSWORD '${password}';
      GRANT sa_ops TO sa_signal;
      GRANT shop_app TO sa_signal;
      CREATE ROLE sa_pathy LOGIN PASSWORD '${password}';
      GRANT shop_app TO sa_pathy;
      ALTER ROLE sa_pathy SET search_path = app, pg_catalog, public;
    `);
    largeObject = server.psql("SELECT lo_from_bytea(0, 'secret')").trim();
    await spawnVictim();
    engine = await open();
  });

  afterEach(async () => {
    if (!victim) return;
    // Every shape leaves the victim alive (a test that killed it on purpose starts a new one).
    assert.equal(await victimAlive(), true, 'the victim session was terminated');
  });

  after(async () => {
    await victim?.end().catch(() => undefined);
    await engine?.close();
    server?.stop();
  });

  it('control: the shapes are real (run directly in a read-only transaction they do their harm)', async () => {
    const attacker = await connect('shop_app', 'sa-control');
    const readOnly = async (sql: string) => {
      await attacker.query('BEGIN READ ONLY');
      try {
        await attacker.query(sql);
      } finally {
        await attacker.query('ROLLBACK');
      }
    };
    try {
      for (const sql of [
        `SELECT query_to_xml('${killVictims.replace(/'/g, "''")}', true, true, '')`,
        // Plain EXPLAIN, nothing executed by name: the planner runs these itself.
        'EXPLAIN SELECT * FROM orders WHERE user_id = kill_victims_stable()',
        "EXPLAIN SELECT * FROM orders WHERE status === 'paid'",
        'EXPLAIN SELECT * FROM orders WHERE id = innocent()',
        "EXPLAIN SELECT * FROM users WHERE email = table_to_xml('evil_view', true, true, '')::text",
      ]) {
        await readOnly(sql);
        assert.equal(await victimAlive(), false, `${sql} did not kill the victim: the control proves nothing`);
        await spawnVictim();
      }
      await readOnly(
        `SELECT dblink_exec('host=127.0.0.1 port=${server.port} dbname=shop user=shop_app password=${server.password}', 'DELETE FROM audit_log')`,
      );
      assert.equal(auditRows(), '0', 'dblink_exec committed its DELETE through a read-only transaction');
      server.psql("INSERT INTO audit_log (note) SELECT 'kept ' || g FROM generate_series(1, 5) g");
    } finally {
      await attacker.end();
    }
    server.psql(`BEGIN READ ONLY; SELECT lo_export(${largeObject}, '${server.socketDir}/control-export'); ROLLBACK;`);
    assert.ok(fs.existsSync(path.join(server.socketDir, 'control-export')), 'lo_export writes through read-only');
  });

  it('SQL text runners: query_to_xml and kin are never executed, nor planned where the planner would run them', async () => {
    const kill = killVictims.replace(/'/g, "''");
    await plannedOnly(
      `SELECT query_to_xml('${kill}', true, true, '')`,
      /calls query_to_xml\(\), which runs SQL given as text/,
    );
    await plannedOnly(
      `SELECT * FROM orders WHERE status = query_to_xml('${kill}', true, true, '')::text`,
      /query_to_xml/,
    );
    await plannedOnly(`SELECT cursor_to_xml('c', 1, true, true, '')`, /cursor_to_xml\(\)/);
    await notPlanned(
      "SELECT * FROM users WHERE email = table_to_xml('evil_view', true, true, '')::text",
      /table_to_xml\(\) \(STABLE, a built-in\)/,
    );
    await plannedOnly(
      "SELECT ts_stat('SELECT to_tsvector(email) FROM users')",
      /ts_stat\(\), which runs SQL given as text/,
    );
  });

  it('terminating and signalling sessions, in any spelling', async () => {
    const shapes = [
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sa-victim'`,
      `SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sa-victim'`,
      `SELECT U&"pg_terminate\\005fbackend"(pid) FROM pg_stat_activity WHERE application_name = 'sa-victim'`,
      `SELECT * FROM pg_stat_activity a WHERE a.application_name = 'sa-victim' AND pg_cancel_backend(a.pid)`,
      `SELECT (SELECT pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'sa-victim'`,
    ];
    for (const sql of shapes)
      await plannedOnly(sql, /pg_(?:terminate|cancel)_backend\(\), which ends or interrupts other sessions/);
  });

  it('large objects and server files: lo_export directly, through query_to_xml and through a user function', async () => {
    const sa = await open('sa_super', { analyzeWithPrivilegedRole: [label('sa_super')] });
    try {
      const dir = server.socketDir;
      await plannedOnly(
        `SELECT lo_export(${largeObject}, '${dir}/export-1')`,
        /lo_export\(\), which reads or writes large objects/,
        sa,
      );
      await plannedOnly(
        `SELECT query_to_xml('select lo_export(${largeObject}, ''${dir}/export-2'')', true, true, '')`,
        /query_to_xml/,
        sa,
      );
      await plannedOnly(
        `SELECT save_blob(${largeObject}, '${dir}/export-3')`,
        /public\.save_blob\(\), which is user-defined in plpgsql/,
        sa,
      );
      await plannedOnly(
        `SELECT pg_read_file('${dir}/server.log')`,
        /pg_read_file\(\), which reaches the server's files/,
        sa,
      );
      await plannedOnly('SELECT pg_stat_reset()', /resets server statistics/, sa);
      await plannedOnly('SELECT pg_reload_conf()', /acts on the server itself/, sa);
      await plannedOnly(`SELECT pg_logical_emit_message(false, 'p', 'x')`, /replication/, sa);
      for (const file of ['export-1', 'export-2', 'export-3'])
        assert.equal(fs.existsSync(path.join(dir, file)), false, `${file} was written`);
    } finally {
      await sa.close();
    }
  });

  it('dblink_exec committing a DELETE through a second connection', async () => {
    const before = auditRows();
    const conn = `host=127.0.0.1 port=${server.port} dbname=shop user=shop_app password=${server.password}`;
    await plannedOnly(
      `SELECT dblink_exec('${conn}', 'DELETE FROM audit_log')`,
      /dblink_exec\(\), which runs SQL on another connection/,
    );
    await plannedOnly(
      `SELECT query_to_xml('select dblink_exec(''${conn.replace(/'/g, "''")}'', ''DELETE FROM audit_log'')', true, true, '')`,
      /query_to_xml/,
    );
    await plannedOnly(`SELECT * FROM dblink('${conn}', 'SELECT 1') AS t(a int)`, /dblink\(\)/);
    assert.equal(auditRows(), before, 'rows were deleted');
  });

  it('sequences, advisory locks, notifications, settings, sleeps and transaction IDs', async () => {
    const seq = sequence();
    await plannedOnly("SELECT nextval('users_id_seq')", /calls nextval\(\), which changes a sequence/);
    await plannedOnly("SELECT setval('users_id_seq', 99999)", /setval\(\)/);
    await plannedOnly('SELECT pg_advisory_lock(42)', /takes advisory locks/);
    await plannedOnly('SELECT pg_try_advisory_xact_lock(42)', /advisory/);
    await plannedOnly("SELECT pg_notify('channel', 'payload')", /notifies other sessions/);
    await plannedOnly("SELECT set_config('search_path', 'app', false)", /changes session settings/);
    await plannedOnly('SELECT pg_sleep(30)', /sleeps/);
    // STABLE: the planner might evaluate it, so it is not even planned.
    await notPlanned('SELECT txid_current()', /txid_current\(\) \(STABLE, a built-in\)/);
    assert.equal(sequence(), seq, 'the sequence moved');
    assert.equal(server.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'").trim(), '0');
  });

  it('user-defined functions: called, qualified, hidden in views, policies, domains, aggregates and FROM', async () => {
    await plannedOnly('SELECT kill_victims()', /calls public\.kill_victims\(\), which is user-defined in plpgsql/);
    await plannedOnly('SELECT public.kill_victims()', /public\.kill_victims\(\)/);
    await plannedOnly('SELECT * FROM ROWS FROM (kill_victims())', /kill_victims/);
    await plannedOnly('SELECT o.victim_count FROM orders o LIMIT 1', /public\.victim_count\(\)/);
    await plannedOnly('SELECT id FROM sneaky LIMIT 1', /public\.kill_victims\(\)/);
    await plannedOnly('SELECT * FROM guarded', /public\.kill_victims\(\)/);
    await plannedOnly('SELECT 5::checked_int', /kill_check\(\) in a CHECK of domain checked_int/);
    await plannedOnly('SELECT kill_sum(id) FROM orders', /public\.kill_sum\(\)/);
    await plannedOnly("SELECT write_audit('evil')", /public\.write_audit\(\), which is user-defined in sql/);
    await plannedOnly('SELECT 1 AS ":funcid 1", kill_victims() AS "x) (y"', /kill_victims/);
  });

  it('what the planner itself would run is not even planned', async () => {
    await notPlanned(
      'SELECT * FROM orders WHERE user_id = kill_victims_stable()',
      /public\.kill_victims_stable\(\) \(STABLE, user-defined in plpgsql\)/,
    );
    await notPlanned('SELECT kill_victims_immutable(1)', /IMMUTABLE/);
    // With ANALYZE off too: plain EXPLAIN is where the planner would run it.
    const plain = await open('shop_app', { analyze: false });
    try {
      await notPlanned('SELECT * FROM orders WHERE user_id = kill_victims_stable()', /kill_victims_stable/, plain);
      assert.equal((await plain.explain('SELECT kill_victims()', { analyze: true })).analyzed, false);
    } finally {
      await plain.close();
    }
    await notPlanned('SELECT * FROM orders WHERE id = innocent()', /may inline public\.innocent\(\)/);
    await notPlanned('SELECT * FROM orders LIMIT kill_victims_stable()', /kill_victims_stable/);
    // $n without values: the generic plan is planning too.
    await notPlanned('SELECT * FROM orders WHERE user_id = kill_victims_stable() AND id = $1', /kill_victims_stable/);
    await assert.rejects(
      engine.explainWithIndex!(
        {
          kind: 'index',
          ddl: 'CREATE INDEX orders_user_id_x ON orders (user_id)',
          table: 'orders',
          name: 'orders_user_id_x',
          method: 'btree',
          reason: 'test',
        },
        'SELECT * FROM orders WHERE user_id = kill_victims_stable()',
        { analyze: false },
      ),
      /Not planned: .*kill_victims_stable/,
    );
  });

  it('operators and casts whose functions are user-defined', async () => {
    await notPlanned(
      "SELECT * FROM orders WHERE status === 'paid'",
      /operator function public\.kill_eq\(\) .* on column statistics .*operator ===\(text,text\)/,
    );
    // A built-in function behind the operator, but its commutator (which the planner may swap in) is not.
    await notPlanned("SELECT * FROM orders WHERE 'paid' =~= status", /public\.kill_eq\(\).*operator =~~\(text,text\)/);
    await plannedOnly('SELECT id::ticket FROM orders LIMIT 1', /casts with public\.make_ticket\(\)/);
    await notPlanned('SELECT 5::stub', /public\.make_stub\(\) \(IMMUTABLE/);
  });

  it("name resolution is the server's: an overload and a same-named function earlier on search_path", async () => {
    // public.length(bigint) is a better match for a bigint than the built-in length(text).
    await plannedOnly('SELECT length(id) FROM orders LIMIT 1', /calls public\.length\(\)/);
    const pathy = await open('sa_pathy');
    try {
      // app.lower(text) comes before pg_catalog on this role's search_path.
      await plannedOnly('SELECT lower(email) FROM users LIMIT 1', /calls app\.lower\(\)/, pathy);
      assert.equal((await pathy.explain('SELECT upper(email) FROM users LIMIT 1', { analyze: true })).analyzed, true);
    } finally {
      await pathy.close();
    }
  });

  it('foreign tables run their wrapper (here a program): never executed, also through a parent table', async () => {
    await plannedOnly('SELECT * FROM touched', /reads the foreign table public\.touched/);
    await plannedOnly('SELECT * FROM lines', /reads the foreign table public\.touched/);
    assert.equal(fs.existsSync(path.join(server.socketDir, 'fdw-ran')), false, 'the program ran');
  });

  it('a built-in operator slipped into a user-defined operator family is not trusted', async () => {
    server.psql(`
      CREATE FUNCTION trap_hash(bigint) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN hashint8($1); END $$;
      CREATE OPERATOR FAMILY trap_ops USING hash;
      ALTER OPERATOR FAMILY trap_ops USING hash ADD OPERATOR 1 = (bigint, bigint), FUNCTION 1 trap_hash(bigint);
    `);
    const fresh = await open();
    try {
      await notPlanned(
        'SELECT user_id, count(*) FROM orders GROUP BY user_id',
        /public\.trap_hash\(\) \(operator family public\.trap_ops \(hash\)\), which is user-defined in plpgsql/,
        fresh,
      );
    } finally {
      await fresh.close();
      server.psql('DROP OPERATOR FAMILY trap_ops USING hash; DROP FUNCTION trap_hash(bigint);');
    }
  });

  it('writes the text shows are planned, never executed', async () => {
    const rows = auditRows();
    await plannedOnly('DELETE FROM audit_log', /it is a DELETE/);
    await plannedOnly("INSERT INTO audit_log (note) VALUES ('x')", /it is an INSERT/);
    await plannedOnly(
      'WITH gone AS (DELETE FROM audit_log RETURNING id) SELECT count(*) FROM gone',
      /data-modifying DELETE/,
    );
    await plannedOnly('SELECT * FROM orders FOR UPDATE', /locks rows/);
    assert.equal(auditRows(), rows);
  });

  it('safe reads still run with ANALYZE', async () => {
    for (const sql of [
      'SELECT 1',
      "SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = 'paid' LIMIT 10",
      'SELECT user_id, count(*), sum(total), avg(total) FROM orders GROUP BY user_id HAVING count(*) > 1',
      "SELECT lower(email) FROM users WHERE lower(email) LIKE 'user1%'",
      "SELECT * FROM orders WHERE created_at > now() - interval '1 day'",
      "SELECT date_trunc('day', created_at), count(*) FROM orders GROUP BY 1 ORDER BY 1",
      "SELECT coalesce(display_name, email), nullif(billing_country, 'DE') FROM users",
      "SELECT id::text, total::int, '2024-01-01'::date, created_at::date, status::varchar(10) FROM orders",
      "SELECT * FROM users WHERE email ILIKE '%example%' AND id = ANY (ARRAY[1, 2, 3]) AND billing_country IN ('DE', 'FR')",
      'SELECT id, row_number() OVER (PARTITION BY user_id ORDER BY created_at DESC) FROM orders',
      'WITH recent AS (SELECT * FROM orders ORDER BY created_at DESC LIMIT 100) SELECT count(*) FROM recent',
      'SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)',
      "SELECT CASE WHEN total > 100 THEN 'big' ELSE 'small' END, shipping_address->>'city' FROM orders",
      'SELECT g, random() FROM generate_series(1, 10) g',
      'SELECT * FROM orders WHERE id = $1',
    ]) {
      const plan = await engine.explain(sql, { analyze: true, params: sql.includes('$1') ? [1] : undefined });
      assert.equal(plan.analyzed, true, `${sql}: ${plan.notes?.join(' ')}`);
    }
  });

  it('a superuser gets plans only until confirmed for that database, with a warning naming the risk', async () => {
    const unconfirmed = await open('sa_super');
    try {
      const role = unconfirmed.privilegedRole!;
      assert.equal(role.superuser, true);
      assert.equal(role.needsConfirmation, true);
      assert.equal(role.database, label('sa_super'));
      assert.match(role.warning, /superuser .*end other sessions, read and write server files and run programs/);
      assert.ok(unconfirmed.notes.includes(role.warning));
      await plannedOnly(
        'SELECT 1',
        /role sa_super is a superuser and EXPLAIN ANALYZE with it is not confirmed/,
        unconfirmed,
      );
    } finally {
      await unconfirmed.close();
    }
    const otherDatabase = await open('sa_super', { analyzeWithPrivilegedRole: ['sa_super@127.0.0.1:1/shop'] });
    try {
      assert.equal(otherDatabase.privilegedRole!.needsConfirmation, true, 'confirmed for another database only');
    } finally {
      await otherDatabase.close();
    }
    const confirmed = await open('sa_super', { analyzeWithPrivilegedRole: [label('sa_super')] });
    try {
      assert.equal(confirmed.privilegedRole!.confirmed, true);
      assert.equal(confirmed.privilegedRole!.needsConfirmation, false);
      assert.equal((await confirmed.explain('SELECT count(*) FROM orders', { analyze: true })).analyzed, true);
      // Confirming the role does not widen the allow-list.
      await plannedOnly(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sa-victim'`,
        /ends or interrupts/,
        confirmed,
      );
    } finally {
      await confirmed.close();
    }
  });

  it('a member of pg_signal_backend through a nested role: the same, and no warning without ANALYZE', async () => {
    const signal = await open('sa_signal');
    try {
      const role = signal.privilegedRole!;
      assert.equal(role.superuser, false);
      assert.deepEqual(role.memberOf, ['pg_signal_backend']);
      assert.match(role.warning, /member of pg_signal_backend \(cancel or end other sessions\)/);
      await plannedOnly('SELECT count(*) FROM orders', /member of pg_signal_backend/, signal);
    } finally {
      await signal.close();
    }
    const plain = await open('sa_signal', { analyze: false });
    try {
      assert.equal(plain.privilegedRole!.needsConfirmation, false, 'nothing is executed anyway');
    } finally {
      await plain.close();
    }
    assert.equal(engine.privilegedRole, undefined, 'the application role is ordinary');
  });
});
