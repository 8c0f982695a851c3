import { strict as assert } from 'node:assert';
import { otherSqlDialect } from '../../../src/assistants/sql/dialect';
import { createSqlAssistant } from '../../../src/assistants/sql/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * What the engine passes over without a closer look (comparisons with no typed value, ALTER TABLE sub-commands of
 * another kind, paths without a dialect's name) is only what could never draw a finding.
 */
describe('sql engine: what its shortcuts pass over', function () {
  this.timeout(60_000);
  const config = { ...DEFAULT_CONFIG, budgetMs: 60_000 };
  const schema = [
    'CREATE TABLE t (id integer PRIMARY KEY, code char(3), name varchar(20), qty integer);',
    'CREATE INDEX t_code_idx ON t (code);',
    'CREATE INDEX t_name_idx ON t (name);',
    'CREATE INDEX t_qty_idx ON t (qty);',
  ].join('\n');

  async function findings(file: string, text: string, files: Record<string, string> = {}): Promise<Finding[]> {
    const all = new Map(Object.entries({ 'db/migrations/001_schema.sql': schema, ...files, [file]: text }));
    const result = await analyzeDocument(createSqlAssistant(), { file, text }, config, undefined, {
      workspace: memoryWorkspace(all),
    });
    assert.deepEqual(result.errors, []);
    return result.findings;
  }

  const lineOf = (f: Finding) => f.range.start.line;

  it('implicit-cast: a typed value on either side or in a list is still found; untyped values are not', async () => {
    const queries = [
      'SELECT 1 FROM t WHERE 1.0 = id;',
      'SELECT 1 FROM t WHERE $1::numeric = qty;',
      'SELECT 1 FROM t WHERE qty IN (1, 2.5);',
      'SELECT 1 FROM t WHERE qty BETWEEN 1 AND 2.0;',
      'SELECT 1 FROM t WHERE code = $1::text;',
      'SELECT 1 FROM t WHERE qty = ANY($1::numeric[]);',
      'SELECT 1 FROM t WHERE id = 1;',
      'SELECT 1 FROM t WHERE qty = $1;',
      "SELECT 1 FROM t WHERE name = 'x';",
      'SELECT 1 FROM t WHERE qty = $1::bigint;',
      "SELECT 1 FROM t WHERE name = 'x'::text;",
    ];
    const found = (await findings('app/q.sql', queries.join('\n'))).filter((f) => f.ruleId === 'implicit-cast');
    assert.deepEqual(found.map(lineOf), [0, 1, 2, 3, 4, 5], found.map((f) => f.message).join('\n'));
  });

  it('lock-safety rules: each finds its own sub-command of one ALTER TABLE, the same on a second look', async () => {
    const migration = [
      "SET lock_timeout = '5s';",
      'ALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid(),',
      '  ALTER COLUMN name SET NOT NULL,',
      '  ALTER COLUMN qty TYPE bigint;',
    ].join('\n');
    const file = 'db/migrations/002_change.sql';
    const describe_ = (f: Finding) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}`;
    const first = (await findings(file, migration)).map(describe_).sort();
    assert.deepEqual(first, ['add-column-volatile-default@1:14', 'alter-column-type@3:2', 'set-not-null@2:2']);
    assert.deepEqual((await findings(file, migration)).map(describe_).sort(), first);
  });

  it("dialect hints: a folder named for another dialect in capitals is still that dialect's", () => {
    assert.equal(otherSqlDialect('db/MySQL/001_init.sql', 'SELECT 1;')?.dialect, 'MySQL');
    assert.equal(otherSqlDialect('ClickHouse_Migrations/001.sql', 'SELECT 1;')?.dialect, 'ClickHouse');
    assert.equal(otherSqlDialect('db/migrations/001_copy_users.sql', 'SELECT 1;'), undefined);
  });
});
