import { strict as assert } from 'node:assert';
import { parseDatabaseUrl, redactPassword } from '../../../src/editor/sql-advice/common/database-url';
import { failureMessage } from '../../../src/editor/sql-advice/common/failure';

describe('measured SQL advice failures in the editor (sql-advice/common/failure)', () => {
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
