import { strict as assert } from 'node:assert';
import { lastMigration, migrationText, nextMigrationPath } from '../../../../src/assistants/sql/advice/fixes';
import { embeddedSuppressionFix } from '../../../../src/assistants/sql/suppress';
import type { IndexCandidate } from '../../../../src/assistants/sql/plan-engine/types';
import { LineIndex } from '../../../../src/core/text';
import { extractFragments, loadTypeScript } from '../../../../src/assistants/sql/sources';

const index: IndexCandidate = {
  kind: 'index',
  ddl: 'CREATE INDEX orders_status_idx ON orders (status)',
  table: 'public.orders',
  name: 'orders_status_idx',
  method: 'btree',
  reason: 'serves equality on status',
};

describe('sql advice: fixes', () => {
  it("names the next migration in the folder's own scheme", () => {
    const now = new Date('2026-11-29T14:05:09Z');
    assert.deepEqual(nextMigrationPath('db/migrations/007_release.sql', 'add_x', now), {
      path: 'db/migrations/008_add_x.sql',
      downPath: undefined,
    });
    assert.deepEqual(nextMigrationPath('db/migrations/0099-x.sql', 'add_x', now), {
      path: 'db/migrations/0100-add_x.sql',
      downPath: undefined,
    });
    assert.equal(
      nextMigrationPath('migrations/20240101120000_init.sql', 'add_x', now).path,
      'migrations/20261129140509_add_x.sql',
    );
    assert.equal(nextMigrationPath('sql/V12__init.sql', 'add_x', now).path, 'sql/V13__add_x.sql');
    assert.deepEqual(nextMigrationPath('migrations/000004_users.up.sql', 'add_x', now), {
      path: 'migrations/000005_add_x.up.sql',
      downPath: 'migrations/000005_add_x.down.sql',
    });
    assert.equal(
      lastMigration(['db/schema.sql', 'db/migrations/2_b.sql', 'db/migrations/10_c.sql']),
      'db/migrations/10_c.sql',
    );
    assert.equal(lastMigration(['db/schema.sql']), undefined);
  });

  it('writes CREATE INDEX CONCURRENTLY, idempotent, with the no-transaction marker dbmate knows', () => {
    const plain = migrationText([index], 'why', 'CREATE TABLE orders ();');
    assert.match(
      plain.up,
      /^-- why\n-- CREATE INDEX CONCURRENTLY cannot run inside a transaction block: run this migration outside one\.\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders \(status\);\n$/,
    );
    const dbmate = migrationText([index], 'why', '-- migrate:up\nCREATE TABLE orders ();\n-- migrate:down\n');
    assert.match(dbmate.up, /^-- migrate:up transaction:false\n/);
    assert.match(
      dbmate.up,
      /-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\n$/,
    );
  });

  it("suppresses inside a multi-line SQL string with --, and leaves a one-line call to the editor's // comment", async () => {
    await loadTypeScript();
    const text = 'const rows = await pool.query(`\n  SELECT id FROM orders\n  WHERE status = $1`, [s]);\n';
    const [fragment] = extractFragments('src/a.ts', text);
    const inside = embeddedSuppressionFix(
      'src/a.ts',
      text,
      new LineIndex(text),
      fragment,
      'plan-seq-scan-filter',
      text.indexOf('status ='),
    );
    assert.ok(inside?.suppression);
    assert.equal(inside.edits[0].newText, '  -- scaling-assistant-disable-next-line plan-seq-scan-filter\n');
    assert.deepEqual(inside.edits[0].range.start, { line: 2, character: 0 });
    const oneLine = 'const r = await pool.query("SELECT id FROM orders WHERE status = $1", [s]);\n';
    const [f2] = extractFragments('src/b.ts', oneLine);
    assert.equal(
      embeddedSuppressionFix(
        'src/b.ts',
        oneLine,
        new LineIndex(oneLine),
        f2,
        'measured-advice',
        oneLine.indexOf('SELECT'),
      ),
      undefined,
    );
  });
});
