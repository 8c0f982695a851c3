import { strict as assert } from 'node:assert';
import { createSqlAssistant } from '../../../src/assistants/sql/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

const schema = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);\n';

async function run(file: string, text: string, extra: Record<string, string> = {}) {
  const workspace = memoryWorkspace({ 'db/migrations/001_init.sql': schema, ...extra, [file]: text });
  return analyzeDocument(createSqlAssistant(), { file, text }, DEFAULT_CONFIG, undefined, { workspace });
}

describe('sql engine', function () {
  this.timeout(30_000);

  it('maps a finding in embedded SQL onto the exact host span', async () => {
    const text = 'const r = await pool.query(`\n  SELECT id FROM users\n  WHERE lower(email) = $1`, [e]);\n';
    const result = await run('src/a.ts', text);
    const finding = result.findings.find((f) => f.ruleId === 'function-on-indexed-column')!;
    assert.deepEqual(finding.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 25 } });
  });

  it("suppresses a finding inside a multi-line SQL string with SQL's own comment, which keeps the query valid", async () => {
    const text = 'const r = await pool.query(`\n  SELECT id FROM users\n  WHERE lower(email) = $1`, [e]);\n';
    const finding = (await run('src/a.ts', text)).findings.find((f) => f.ruleId === 'function-on-indexed-column')!;
    const suppress = finding.fixes!.find((f) => f.suppression)!;
    assert.equal(suppress.edits[0].newText, '  -- scaling-assistant-disable-next-line function-on-indexed-column\n');
    const lines = text.split('\n');
    lines.splice(suppress.edits[0].range.start.line, 0, suppress.edits[0].newText.replace(/\n$/, ''));
    const after = await run('src/a.ts', lines.join('\n'));
    assert.deepEqual(
      after.errors.filter((e) => e.kind === 'parse'),
      [],
    );
    assert.ok(!after.findings.some((f) => f.ruleId === 'function-on-indexed-column'));
  });

  it('reports a syntax error once, at its position in the host, and analyses the other statements', async () => {
    const text = 'SELECT id FROM users WHERE lower(email) = $1;\nSELECT FROM WHERE;\nUPDATE users SET email = $1;\n';
    const result = await run('q.sql', text);
    assert.deepEqual(
      result.errors.map((e) => [e.kind, e.range]),
      [['parse', { start: { line: 1, character: 12 }, end: { line: 1, character: 17 } }]],
    );
    assert.deepEqual(result.findings.map((f) => f.ruleId).sort(), [
      'function-on-indexed-column',
      'update-delete-without-where',
    ]);
  });

  it("a syntax error at a placeholder or in interpolated SQL is not the user's: it is not reported", async () => {
    const text = [
      'await sql`SELECT * FROM ${sql.identifier(["users"])} WHERE id = ${id}`;',
      'await pool.query(`SELECT id FROM users ${where}`);',
      'await pool.query(`SELECT id FROM users WHERE`);',
    ].join('\n');
    const result = await run('src/b.ts', text);
    assert.deepEqual(
      result.errors.map((e) => [e.kind, e.range?.start.line]),
      [['parse', 2]],
    );
  });

  it('documents without SQL yield nothing, quickly and without errors', async () => {
    assert.deepEqual(
      await run('src/c.ts', 'export const x = "select a colour";\n').then((r) => [r.findings, r.errors]),
      [[], []],
    );
    assert.deepEqual(await run('README.md', 'SELECT * FROM users').then((r) => [r.findings, r.errors]), [[], []]);
  });

  it('honours suppression comments in SQL and in scripts', async () => {
    const text = '-- scaling-assistant-disable-next-line update-delete-without-where\nUPDATE users SET email = $1;\n';
    assert.deepEqual((await run('q.sql', text)).findings, []);
  });

  it('prepare() reads the workspace schema before the first analysis', async () => {
    const engine = createSqlAssistant();
    const workspace = memoryWorkspace({ 'db/migrations/001_init.sql': schema });
    await engine.prepare!(workspace);
    const text = 'CREATE INDEX users_email_idx2 ON users (email);\n';
    const result = await analyzeDocument(engine, { file: 'db/migrations/002_x.sql', text }, DEFAULT_CONFIG, undefined, {
      workspace,
    });
    assert.ok(result.findings.some((f) => f.ruleId === 'create-index-not-concurrently'));
  });
});
