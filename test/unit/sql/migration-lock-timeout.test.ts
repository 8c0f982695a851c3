import { strict as assert } from 'node:assert';
import { sqlAssistant } from '../../../src/assistants/sql/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

const config = { ...DEFAULT_CONFIG, budgetMs: 60_000 };
const schema = 'CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);\n';

/** The lines (0-based) of the document's migration-without-lock-timeout findings, and their preferred fixes' text. */
async function lockTimeoutFindings(file: string, text: string) {
  const workspace = memoryWorkspace({ 'db/migrations/001_orders.sql': schema, [file]: text });
  const result = await analyzeDocument(sqlAssistant, { file, text }, config, undefined, { workspace });
  assert.deepEqual(result.errors, []);
  return result.findings
    .filter((f) => f.ruleId === 'migration-without-lock-timeout')
    .map((f) => ({ line: f.range.start.line, fix: f.fixes?.find((x) => x.isPreferred)?.edits[0].newText }));
}

describe('migration-without-lock-timeout in migration scripts', function () {
  this.timeout(60_000);

  const mikro = (calls: string[]) =>
    [
      "import { Migration } from '@mikro-orm/migrations';",
      'export class Migration20240101000000 extends Migration {',
      '  async up(): Promise<void> {',
      ...calls.map((c) => `    ${c}`),
      '  }',
      '}',
      '',
    ].join('\n');

  it('reports the first locking call of the up direction once, with a call of the same callee before it', async () => {
    const text = mikro([
      'this.addSql(\'alter table "orders" add column "note" text;\');',
      'this.addSql(\'alter table "orders" add column "tag" text;\');',
    ]);
    assert.deepEqual(await lockTimeoutFindings('db/migrations/002_note.ts', text), [
      { line: 3, fix: "this.addSql('SET lock_timeout = \\'5s\\';');\n    " },
    ]);
  });

  it('a SET lock_timeout in an earlier call covers the later ones, one after them does not', async () => {
    const before = mikro([
      'this.addSql("set lock_timeout = \'5s\';");',
      "this.addSql('alter table orders add note text;');",
    ]);
    assert.deepEqual(await lockTimeoutFindings('db/migrations/002_note.ts', before), []);
    const after = mikro([
      "this.addSql('alter table orders add note text;');",
      'this.addSql("set lock_timeout = \'5s\';");',
    ]);
    assert.equal((await lockTimeoutFindings('db/migrations/002_note.ts', after)).length, 1);
  });

  it('no fix where the call is not a statement of its own line', async () => {
    const text = "exports.up = (knex) => knex.raw('ALTER TABLE orders ADD COLUMN note text');\n";
    assert.deepEqual(await lockTimeoutFindings('db/migrations/002_note.js', text), [{ line: 0, fix: undefined }]);
  });

  it('the rollback is not judged, even for a document analysed without a workspace', async () => {
    const file = 'db/migrations/002_note.js';
    const text = [
      'exports.up = async (knex) => {',
      "  await knex.raw('CREATE TABLE notes (id bigint PRIMARY KEY)');",
      '};',
      'exports.down = async (knex) => {',
      "  await knex.raw('ALTER TABLE orders DROP COLUMN note');",
      '};',
      '',
    ].join('\n');
    assert.deepEqual(await lockTimeoutFindings(file, text), []);
    const alone = await analyzeDocument(sqlAssistant, { file, text }, config);
    assert.deepEqual(
      alone.findings.filter((f) => f.ruleId === 'migration-without-lock-timeout').map((f) => f.range.start.line),
      [],
    );
  });

  it("the other rules' findings on a rollback are hints that say so; the same statement in `up` is not", async () => {
    const statement = 'CREATE INDEX orders_status ON orders (status)';
    const file = 'db/migrations/003_status.js';
    const text = [
      'exports.up = async (knex) => {',
      `  await knex.raw('${statement}');`,
      '};',
      'exports.down = async (knex) => {',
      `  await knex.raw('${statement}');`,
      '};',
      '',
    ].join('\n');
    const workspace = memoryWorkspace({ 'db/migrations/001_orders.sql': schema, [file]: text });
    const result = await analyzeDocument(sqlAssistant, { file, text }, config, undefined, { workspace });
    const found = result.findings.filter((f) => f.ruleId === 'create-index-not-concurrently');
    assert.deepEqual(
      found.map((f) => [f.range.start.line, f.severity]),
      [
        [1, 'warning'],
        [4, 'hint'],
      ],
    );
    assert.match(found[1].message, /^In the migration's rollback, which runs only when the migration is reverted/);
    const downFile = 'db/migrations/003_status.down.sql';
    const down = await analyzeDocument(sqlAssistant, { file: downFile, text: `${statement};\n` }, config, undefined, {
      workspace: memoryWorkspace({ 'db/migrations/001_orders.sql': schema, [downFile]: `${statement};\n` }),
    });
    assert.deepEqual(
      down.findings.filter((f) => f.ruleId === 'create-index-not-concurrently').map((f) => f.severity),
      ['hint'],
    );
  });

  it('a script outside a migrations folder is not judged', async () => {
    const text = "export const up = (knex) => knex.raw('ALTER TABLE orders ADD COLUMN note text');\n";
    assert.deepEqual(await lockTimeoutFindings('src/admin/tools.ts', text), []);
  });
});
