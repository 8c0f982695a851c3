import { strict as assert } from 'node:assert';
import { createSqlAssistant } from '../../../../src/assistants/sql/index';
import type { Assistant } from '../../../../src/core/assistant';
import type { SqlAdviceReport } from '../../../../src/assistants/sql/contract';
import { adviceText, engineLabel, hoverMarkdown } from '../../../../src/assistants/sql/contract';
import { TimeBudget } from '../../../../src/core/budget';
import { DEFAULT_CONFIG } from '../../../../src/core/config';
import type { Finding, TextEdit } from '../../../../src/core/finding';
import { memoryWorkspace } from '../../../../src/core/workspace';

const MIGRATION = `CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE order_items (id bigint PRIMARY KEY, product_id bigint REFERENCES products (id) ON DELETE SET NULL, quantity int NOT NULL);
`;
const QUERIES = `SELECT id, name FROM users WHERE lower(email) = 'someone@example.com';

SELECT id FROM products WHERE id NOT IN (SELECT product_id FROM order_items);
`;

describe('sql advice: advise end to end (real sandbox)', function () {
  this.timeout(300_000);
  const workspace = memoryWorkspace({ 'db/migrations/001_init.sql': MIGRATION, 'db/queries/q.sql': QUERIES });
  let assistant: Assistant<SqlAdviceReport>;
  let result: Awaited<ReturnType<NonNullable<Assistant<SqlAdviceReport>['advise']>>>;
  const context = () => ({
    config: DEFAULT_CONFIG,
    budget: new TimeBudget(Number.MAX_SAFE_INTEGER),
    workspace,
    settings: { rows: 4000 },
  });

  before(async () => {
    assistant = createSqlAssistant();
    result = await assistant.advise!({ file: 'db/queries/q.sql', text: QUERIES }, context());
    if (process.env.DEBUG_ADVICE)
      console.log(
        JSON.stringify(
          result.report.statements.map((s) => ({
            notes: s.notes,
            suggestions: s.suggestions.map((x) => [x.title, x.measured]),
          })),
          null,
          1,
        ),
      );
  });
  after(async () => {
    await assistant?.dispose?.();
  });

  it('reports each statement with its measured plan, in the CLI report shape', () => {
    const report = result.report;
    assert.equal(report.engine, 'pglite');
    assert.equal(report.statements.length, 2);
    const [first] = report.statements;
    assert.deepEqual(first.range.start, { line: 0, character: 0 });
    assert.equal(typeof first.plan?.executionMs, 'number');
    assert.equal(first.plan?.analyzed, true);
    assert.deepEqual(result.errors, []);
  });

  it('measures the expression index and puts the evidence and a migration fix on the static finding', () => {
    const finding = result.findings.find((f) => f.ruleId === 'function-on-indexed-column');
    assert.ok(finding, JSON.stringify(result.findings.map((f) => f.ruleId)));
    const measured = finding.evidence?.measured;
    assert.ok(
      measured && measured.speedup >= 1.2 && measured.engine === 'pglite' && measured.rows === 4000,
      JSON.stringify(measured),
    );
    const fix = finding.fixes![0];
    assert.match(
      fix.title,
      /^Create index users_lower_email_idx in a new migration \(002_add_users_lower_email_idx\.sql\) — ≈[\d.]+× faster on 4,000 synthetic rows \(measured\)$/,
    );
    const edit = fix.edits[0] as TextEdit;
    assert.equal(edit.file, 'db/migrations/002_add_users_lower_email_idx.sql');
    assert.equal(edit.createFile, true);
    assert.match(
      edit.newText,
      /^CREATE INDEX CONCURRENTLY IF NOT EXISTS users_lower_email_idx ON users \(lower\(email\)\);$/m,
    );
    // The plan's sequential scan on the same predicate confirms it: evidence, not a second diagnostic.
    assert.ok(
      finding.evidence?.notes?.some((n) =>
        /^Sequential scan on users: its filter removed 4,000 of the 4,000 rows/.test(n),
      ),
      JSON.stringify(finding.evidence),
    );
    assert.ok(!result.findings.some((f) => f.ruleId === 'plan-seq-scan-filter' && f.range.start.line === 0));
  });

  it('the generated migration passes our own lock-safety rules', async () => {
    const finding = result.findings.find((f) => f.ruleId === 'function-on-indexed-column')!;
    const edit = finding.fixes![0].edits[0];
    const files = { 'db/migrations/001_init.sql': MIGRATION, [edit.file]: edit.newText };
    const checked = await createSqlAssistant().analyze(
      { file: edit.file, text: edit.newText },
      { config: DEFAULT_CONFIG, budget: new TimeBudget(30_000), workspace: memoryWorkspace(files) },
    );
    assert.deepEqual(
      checked.findings.map((f: Finding) => f.ruleId),
      [],
    );
    assert.deepEqual(checked.errors, []);
  });

  it('a NOT IN whose NOT EXISTS rewrite differs on NULLs is advice, not a fix', () => {
    const report = result.report;
    const rewrite = report.statements[1].suggestions.find((s) => s.kind === 'rewrite');
    assert.ok(rewrite);
    assert.equal(rewrite.equivalent, false, rewrite.equivalenceNote);
    const finding = result.findings.find((f) => f.ruleId === 'not-in-subquery')!;
    assert.ok(finding);
    assert.ok(!finding.fixes!.some((f) => /NOT EXISTS/.test(f.title)), finding.fixes!.map((f) => f.title).join());
    assert.ok(finding.evidence?.notes?.some((n) => /not offered as a fix: it returns different rows/.test(n)));
  });

  it('the presenter renders the typed report: hover and CLI text with the plan and its measured time', () => {
    const [first] = result.report.statements;
    const engine = engineLabel({ kind: 'pglite', rows: 4000 }, first.plan);
    const markdown = hoverMarkdown(first, engine);
    assert.match(markdown, /\*\*Query plan\*\*/);
    assert.match(markdown, /execution [\d.]+ ms \(measured\)/);
    assert.match(markdown, /PGlite sandbox, 4,000 synthetic rows/);
    const text = adviceText('db/queries/q.sql', result.report, engine);
    assert.match(text, /^db\/queries\/q\.sql:1:1: SELECT id, name FROM users/m);
    assert.match(
      text,
      /^ {2}plan: PGlite sandbox, 4,000 synthetic rows · total cost [\d.]+ \(estimate\) · execution /m,
    );
    assert.match(text, /^ {2}index: create index users_lower_email_idx .* \(measured\)$/m);
  });

  it('verifies a rewrite proposed from outside: parses, and equivalent or not on the data', async () => {
    const doc = { file: 'db/queries/q.sql', text: QUERIES };
    const start = QUERIES.indexOf('id NOT IN');
    const end = QUERIES.indexOf(');', start) + 1;
    const line = QUERIES.slice(0, start).split('\n').length - 1;
    const character = start - QUERIES.lastIndexOf('\n', start) - 1;
    const range = { start: { line, character }, end: { line, character: character + (end - start) } };
    const notExists = await assistant.verifyRewrite!(
      doc,
      range,
      'NOT EXISTS (SELECT 1 FROM order_items oi WHERE oi.product_id = products.id)',
      context(),
    );
    assert.equal(notExists.parses, true);
    assert.equal(notExists.equivalent, false, notExists.note);
    // Both return no rows (a NULL in the subquery empties NOT IN): equal, but that proves nothing.
    const same = await assistant.verifyRewrite!(
      doc,
      range,
      'id NOT IN (SELECT product_id FROM order_items WHERE true)',
      context(),
    );
    assert.equal(same.equivalent, null, same.note);
    assert.match(same.note ?? '', /no rows/);
    const broken = await assistant.verifyRewrite!(doc, range, 'NOT EXISTS (SELECT FROM WHERE', context());
    assert.equal(broken.parses, false);
  });

  it('maps advice for SQL embedded in TypeScript back onto the host span', async () => {
    const text =
      "export async function find(pool) {\n  return pool.query(`SELECT id FROM users WHERE lower(email) = 'a@b.c'`);\n}\n";
    const embedded = await assistant.advise!({ file: 'src/users.ts', text }, context());
    const finding = embedded.findings.find((f) => f.ruleId === 'function-on-indexed-column');
    assert.ok(finding, JSON.stringify(embedded.findings.map((f) => f.ruleId)));
    const lines = text.split('\n');
    assert.equal(finding.range.start.line, 1);
    assert.equal(lines[1].slice(finding.range.start.character, finding.range.end.character), "lower(email) = 'a@b.c'");
    const statement = embedded.report.statements[0];
    assert.equal(text.slice(statement.start, statement.end), "SELECT id FROM users WHERE lower(email) = 'a@b.c'");
  });

  it('measures a parameterised statement with values drawn from the rows, and shows the values and the worst case', async () => {
    const text =
      'export const byName = (pool, name) =>\n  pool.query(`SELECT id, email FROM users WHERE name = $1 LIMIT $2`, [name, 20]);\n';
    const advice = await assistant.advise!({ file: 'src/by-name.ts', text }, context());
    const [statement] = advice.report.statements;
    assert.equal(statement.plan?.analyzed, true, statement.notes.join('; '));
    const typical = statement.parameters?.[0];
    assert.equal(typical?.case, 'typical');
    assert.deepEqual(
      typical?.values.map((v) => [v.number, v.source]),
      [
        [1, 'users.name'],
        [2, 'LIMIT'],
      ],
    );
    // The value is one the synthetic rows hold, and the plan is the custom plan for it.
    assert.ok(statement.plan?.root && JSON.stringify(statement.plan).includes(typical!.values[0].value));
    const index = statement.suggestions.find((s) => s.kind === 'index');
    assert.ok(index?.measured && index.measured.speedup >= 1.2, JSON.stringify(statement.suggestions));
    const engine = engineLabel({ kind: 'pglite', rows: 4000 }, statement.plan);
    assert.match(hoverMarkdown(statement, engine), /\*\*Measured with\*\* \(values from the synthetic rows\)/);
    assert.match(adviceText('src/by-name.ts', advice.report, engine), /^ {2}parameters, typical values: \$1 = '/m);
  });

  it('limits the advice to the statements overlapping the selection', async () => {
    const selected = await assistant.advise!(
      { file: 'db/queries/q.sql', text: QUERIES },
      { ...context(), selection: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } } },
    );
    assert.deepEqual(
      selected.report.statements.map((s) => s.range.start.line),
      [2],
    );
  });
});
