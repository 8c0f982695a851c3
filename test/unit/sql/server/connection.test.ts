import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import type { ServerEngineError } from '../../../../src/assistants/sql/server';
import { describeConnection, openServerEngine, passwordInUrl } from '../../../../src/assistants/sql/server';
import { connectError, secretsOf } from '../../../../src/assistants/sql/server/connection';
import { checkIndexDdl, checkStatement } from '../../../../src/assistants/sql/server/statement';
import { loadSqlParser } from '../../../../src/assistants/sql/parser';

/** These need no PostgreSQL server: URLs, the statement guard, and failures to connect. */
describe('sql server engine: connection URLs', () => {
  it('describeConnection removes the password wherever it is', () => {
    assert.equal(
      describeConnection('postgres://app:s3cret@db.example:5432/shop'),
      'postgres://app:***@db.example:5432/shop',
    );
    assert.equal(
      describeConnection('postgresql://app:p%40ss@db.example/shop?sslmode=require'),
      'postgresql://app:***@db.example/shop?sslmode=require',
    );
    assert.equal(
      describeConnection('postgres://app@db/shop?password=s3cret&sslmode=require'),
      'postgres://app@db/shop?password=***&sslmode=require',
    );
    assert.equal(describeConnection('postgres://app@db.example/shop'), 'postgres://app@db.example/shop');
    assert.equal(
      describeConnection("host=db user=app password='s3 cret' dbname=shop"),
      'host=db user=app password=*** dbname=shop',
    );
    assert.equal(describeConnection('postgres://app:s3cret@db:notaport/shop'), 'postgres://app:***@db:notaport/shop');
    for (const url of [
      'postgres://app:s3cret@db/shop',
      'postgres://app@db/shop?password=s3cret',
      'host=db password=s3cret',
      'postgres://app:s3cret@db:99999999/shop',
    ]) {
      assert.ok(!describeConnection(url).includes('s3cret'), url);
    }
  });

  it('passwordInUrl tells when a password should move to SecretStorage', () => {
    assert.equal(passwordInUrl('postgres://app:s3cret@db/shop'), true);
    assert.equal(passwordInUrl('postgres://app@db/shop?password=x'), true);
    assert.equal(passwordInUrl('host=db password=x'), true);
    assert.equal(passwordInUrl('postgres://app@db/shop'), false);
    assert.equal(passwordInUrl('postgres://db/shop?sslmode=require'), false);
    assert.equal(passwordInUrl('not a url'), false);
    assert.equal(passwordInUrl('postgres://app:s3cret@db:notaport/shop'), true);
  });

  it('refuses a URL that is not PostgreSQL before touching the network', async () => {
    for (const url of ['', 'mysql://app:pw123@db/shop', 'just text']) {
      await assert.rejects(
        openServerEngine({ url }, { analyze: false, statementTimeoutMs: 1000 }),
        (error: ServerEngineError) => {
          assert.equal(error.kind, 'config');
          assert.ok(!error.message.includes('pw123'));
          return true;
        },
      );
    }
  });
});

describe('sql server engine: what may be sent', () => {
  before(() => loadSqlParser());

  const refused = (sql: string, pattern: RegExp) =>
    assert.throws(
      () => checkStatement(sql),
      (error: ServerEngineError) => {
        assert.equal(error.kind, 'refused');
        assert.match(error.message, pattern);
        return true;
      },
      sql,
    );

  it('one statement at a time', () => {
    refused('SELECT 1; DELETE FROM users', /2 statements/);
    refused('SELECT 1; COMMIT; DROP TABLE users', /3 statements/);
    refused('   ', /no statement/);
    refused('SELEC 1', /syntax error/);
    assert.equal(checkStatement('  SELECT 1 ;  ').sql, 'SELECT 1');
  });

  it('plans only what EXPLAIN can plan', () => {
    refused('DROP TABLE users', /DROP statement cannot be planned/);
    refused('CREATE TABLE t (a int)', /cannot be planned/);
    refused('TRUNCATE users', /cannot be planned/);
    refused('DO $$ BEGIN DELETE FROM users; END $$', /cannot be planned/);
    refused('COPY users TO STDOUT', /cannot be planned/);
    refused('EXPLAIN ANALYZE DELETE FROM users', /cannot be planned/);
    refused('SELECT * INTO backup FROM users', /SELECT … INTO creates a table/);
    for (const sql of [
      'SELECT 1',
      'VALUES (1)',
      'WITH a AS (SELECT 1) SELECT * FROM a',
      'DELETE FROM users',
      "UPDATE users SET email = 'x'",
      "INSERT INTO users (email) VALUES ('x')",
    ]) {
      assert.doesNotThrow(() => checkStatement(sql), sql);
    }
  });

  it('what the text shows is not a pure read is never executed, and says why', () => {
    const why = (sql: string) => checkStatement(sql).notExecuted;
    assert.match(why('DELETE FROM users')!, /it is a DELETE, and only reads/);
    assert.match(why("UPDATE users SET email = 'x'")!, /UPDATE/);
    assert.match(why("INSERT INTO users (email) VALUES ('x')")!, /an INSERT/);
    assert.match(
      why('WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone')!,
      /data-modifying DELETE/,
    );
    assert.match(
      why('SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x) s, LATERAL (SELECT 1) l FOR UPDATE')!,
      /FOR UPDATE/,
    );
    // What a read calls is the server's to say (execution-check.ts), not the text's.
    for (const sql of [
      'SELECT 1',
      'VALUES (1), (2)',
      'WITH a AS (SELECT 1) SELECT * FROM a',
      'SELECT pg_terminate_backend(1)',
    ])
      assert.equal(why(sql), undefined, sql);
  });

  it('counts $n parameters', () => {
    assert.equal(checkStatement('SELECT * FROM users WHERE id = $1 OR id = $3').parameterCount, 3);
    assert.equal(checkStatement("SELECT '$1', 1").parameterCount, 0);
  });

  it('HypoPG gets exactly one CREATE INDEX', () => {
    assert.equal(checkIndexDdl('CREATE INDEX i ON users (email);'), 'CREATE INDEX i ON users (email)');
    assert.equal(checkIndexDdl('CREATE INDEX CONCURRENTLY i ON users (email)'), 'CREATE INDEX i ON users (email)');
    assert.throws(() => checkIndexDdl('CREATE INDEX i ON users (email); DROP TABLE users'), /single CREATE INDEX/);
    assert.throws(() => checkIndexDdl('DROP INDEX i'), /single CREATE INDEX/);
  });
});

describe('sql server engine: connection failures (no server needed)', function () {
  this.timeout(20_000);

  it('driver errors a loopback test cannot provoke (DNS, certificates) still read well, without secrets', () => {
    const secrets = secretsOf({ url: 'postgres://app:p%40ss-word@db.example/shop', password: 'vault-secret' });
    assert.deepEqual(
      secrets.filter((s) => s.includes('@')),
      ['p@ss-word'],
    );
    const label = 'app@db.example:5432/shop';
    const cases: [object, string, RegExp][] = [
      [
        { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND db.example' },
        'connect',
        /Cannot resolve the host of app@db\.example:5432\/shop/,
      ],
      [
        { code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' },
        'ssl',
        /SSL problem .* sslmode/,
      ],
      [
        { code: '28P01', message: 'password authentication failed for user "app" (tried vault-secret)' },
        'auth',
        /Authentication failed for app@db/,
      ],
      [{ code: '3D000', message: 'database "shop" does not exist' }, 'connect', /Database does not exist/],
      [{ message: 'connection to p@ss-word failed' }, 'connect', /Cannot connect to app@db/],
    ];
    for (const [error, kind, pattern] of cases) {
      const mapped = connectError(error, label, secrets, 1000);
      assert.equal(mapped.kind, kind, mapped.message);
      assert.match(mapped.message, pattern);
      assert.ok(!/vault-secret|p@ss-word|p%40ss-word/.test(mapped.message), mapped.message);
    }
  });

  it('connection refused: says so, names the server, not the password', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(p));
      });
    });
    await assert.rejects(
      openServerEngine(
        { url: `postgres://app:hunter2secret@127.0.0.1:${port}/shop` },
        { analyze: false, statementTimeoutMs: 1000 },
      ),
      (error: ServerEngineError) => {
        assert.equal(error.kind, 'connect');
        assert.match(error.message, /Connection refused by app@127\.0\.0\.1:\d+\/shop/);
        assert.ok(!error.message.includes('hunter2secret'));
        return true;
      },
    );
  });

  it('a server that never answers: connect timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      await assert.rejects(
        openServerEngine(
          { url: `postgres://app@127.0.0.1:${port}/shop`, password: 'hunter2secret' },
          { analyze: false, statementTimeoutMs: 1000, connectTimeoutMs: 300 },
        ),
        (error: ServerEngineError) => {
          assert.equal(error.kind, 'timeout');
          assert.match(error.message, /timed out after 300 ms/);
          assert.ok(!error.message.includes('hunter2secret'));
          return true;
        },
      );
      assert.ok(Date.now() - started < 10_000, 'gives up at the connect timeout, not later');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('an abort while connecting stops the attempt', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(
        openServerEngine(
          { url: `postgres://app@127.0.0.1:${port}/shop` },
          { analyze: false, statementTimeoutMs: 1000, connectTimeoutMs: 15_000, signal: controller.signal },
        ),
        (error: ServerEngineError) => error.kind === 'cancelled',
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
