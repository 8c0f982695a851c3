import { strict as assert } from 'node:assert';
import { createSqlAssistant } from '../../../../src/assistants/sql/index';
import type { Assistant } from '../../../../src/core/assistant';
import { TimeBudget } from '../../../../src/core/budget';
import { DEFAULT_CONFIG } from '../../../../src/core/config';
import { memoryWorkspace } from '../../../../src/core/workspace';

const MIGRATION = `CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), total numeric(10,2) NOT NULL);
`;
const QUERIES = `SELECT id, email FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > 100);
  SELECT id FROM orders WHERE total > 100;
`;

describe('sql assistant: verifyRewrite of whole-line edits (real sandbox)', function () {
  this.timeout(300_000);
  const workspace = memoryWorkspace({ 'db/migrations/001_init.sql': MIGRATION, 'db/queries/q.sql': QUERIES });
  const doc = { file: 'db/queries/q.sql', text: QUERIES };
  const context = () => ({
    config: DEFAULT_CONFIG,
    budget: new TimeBudget(Number.MAX_SAFE_INTEGER),
    workspace,
    settings: { rows: 2000 },
  });
  let assistant: Assistant;
  before(() => {
    assistant = createSqlAssistant();
  });
  after(async () => {
    await assistant?.dispose?.();
  });
  const line = (n: number) => QUERIES.split('\n')[n];
  /** The whole line, `;` and indentation included, as Claude's edits replace it. */
  const wholeLine = (n: number, throughNewline = false) =>
    throughNewline
      ? { start: { line: n, character: 0 }, end: { line: n + 1, character: 0 } }
      : { start: { line: n, character: 0 }, end: { line: n, character: line(n).length } };

  it('a proposed statement ending in `;` over a range ending in `;` is checked, and a changed threshold is caught', async () => {
    const widened = await assistant.verifyRewrite!(
      doc,
      wholeLine(0),
      'SELECT id, email FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > 50);',
      context(),
    );
    assert.equal(widened.parses, true, widened.note);
    assert.equal(widened.equivalent, false, widened.note);
    const exists = await assistant.verifyRewrite!(
      doc,
      wholeLine(0),
      'SELECT u.id, u.email FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.total > 100);\n',
      context(),
    );
    assert.equal(exists.parses, true, exists.note);
    assert.equal(exists.equivalent, true, exists.note);
  });

  it('an indented line replaced through its newline: the same query on numeric(10,2) is proven, one cent off is not', async () => {
    const same = await assistant.verifyRewrite!(
      doc,
      wholeLine(1, true),
      '  SELECT id FROM orders WHERE total >= 100.01;\n',
      context(),
    );
    assert.equal(same.parses, true, same.note);
    assert.equal(same.equivalent, true, same.note);
    assert.match(same.note ?? '', /rows seeded around the queries' \d+ constants/);
    const off = await assistant.verifyRewrite!(
      doc,
      wholeLine(1),
      'SELECT id FROM orders WHERE total >= 100;',
      context(),
    );
    assert.equal(off.equivalent, false, off.note);
  });

  it('a range over two statements is still refused', async () => {
    const both = await assistant.verifyRewrite!(
      doc,
      { start: { line: 0, character: 0 }, end: { line: 1, character: line(1).length } },
      'SELECT 1;',
      context(),
    );
    assert.equal(both.parses, false);
    assert.match(both.note ?? '', /not inside one SQL statement/);
  });
});
