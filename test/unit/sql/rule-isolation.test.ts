import { strict as assert } from 'node:assert';
import { createSqlAssistant } from '../../../src/assistants/sql/index';
import type { SqlRule } from '../../../src/assistants/sql/rule';
import { SQL_RULES } from '../../../src/assistants/sql/rules';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { describeFinding } from '../helpers/fixture-checks';

const schema = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text);\n';
const file = 'db/queries.sql';
const text = 'SELECT * FROM users WHERE lower(email) = $1;\n\nSELECT id FROM users ORDER BY random() LIMIT 3;\n';
const config = { ...DEFAULT_CONFIG, budgetMs: 60_000 };

const broken: SqlRule = {
  ...SQL_RULES[0],
  id: 'broken-rule',
  check() {
    throw new RangeError('offset out of range');
  },
};

describe('sql engine: a rule that throws', function () {
  this.timeout(30_000);

  it("costs only that rule's findings: an internal error per statement names it, every other rule's findings arrive", async () => {
    const rules = [...SQL_RULES.slice(0, 3), broken, ...SQL_RULES.slice(3)];
    const [expected, actual] = await Promise.all(
      [createSqlAssistant(), createSqlAssistant({ rules })].map((engine) =>
        analyzeDocument(engine, { file, text }, config, undefined, {
          workspace: memoryWorkspace({ 'db/migrations/001_init.sql': schema, [file]: text }),
        }),
      ),
    );
    assert.ok(expected.findings.length >= 2, 'the document has findings to lose');
    assert.deepEqual(actual.findings.map(describeFinding), expected.findings.map(describeFinding));
    assert.deepEqual(expected.errors, []);
    assert.deepEqual(
      actual.errors.map((e) => [e.kind, e.message, e.range?.start.line]),
      [
        ['internal', 'rule broken-rule failed: offset out of range', 0],
        ['internal', 'rule broken-rule failed: offset out of range', 2],
      ],
    );
  });

  it('the injected rules replace the static ones and the plan rules stay listed', () => {
    const engine = createSqlAssistant({ rules: [broken] });
    assert.deepEqual(
      engine.rules.filter((r) => SQL_RULES.includes(r as SqlRule)),
      [],
    );
    assert.ok(engine.rules.includes(broken));
    assert.ok(engine.rules.some((r) => r.id === 'measured-advice'));
  });
});
