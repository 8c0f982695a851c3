import { strict as assert } from 'node:assert';
import { createSqlAssistant } from '../../../src/assistants/sql/index';
import type { SqlRule } from '../../../src/assistants/sql/rule';
import { SQL_RULES } from '../../../src/assistants/sql/rules';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import type { Workspace } from '../../../src/core/workspace';
import { memoryWorkspace } from '../../../src/core/workspace';
import { describeFinding } from '../helpers/fixture-checks';

const migration = 'db/migrations/001_init.sql';
const schema = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);\n';
const indexed = `${schema}CREATE INDEX users_name ON users (name);\n`;
const file = 'db/queries.sql';
const text = 'SELECT id FROM users WHERE name = $1;\nSELECT id FROM users ORDER BY id LIMIT 20 OFFSET 5000;\n';
const config = { ...DEFAULT_CONFIG, budgetMs: 60_000 };

/** The static rules, counting the statements they are run on. */
function counted(): { rules: SqlRule[]; checked: () => number } {
  let checked = 0;
  const rules = SQL_RULES.map((rule, i) =>
    i === 0
      ? {
          ...rule,
          check(context: Parameters<SqlRule['check']>[0]) {
            checked++;
            rule.check(context);
          },
        }
      : rule,
  );
  return { rules, checked: () => checked };
}

function analyse(
  engine: ReturnType<typeof createSqlAssistant>,
  workspace: Workspace,
  doc = text,
  settings?: Record<string, unknown>,
) {
  return analyzeDocument(engine, { file, text: doc }, config, undefined, { workspace, settings });
}

describe('sql engine: a document analysed again with nothing changed', function () {
  this.timeout(30_000);

  it('takes its last findings without checking its statements again, and a caller may change the lists it gets', async () => {
    const { rules, checked } = counted();
    const engine = createSqlAssistant({ rules });
    const workspace = memoryWorkspace({ [migration]: schema, [file]: text });
    const first = await analyse(engine, workspace);
    assert.equal(checked(), 2);
    const described = first.findings.map(describeFinding);
    first.findings.length = 0;
    const second = await analyse(engine, workspace);
    assert.equal(checked(), 2);
    assert.deepEqual(second.findings.map(describeFinding), described);
    assert.ok(described.some((d) => d.includes('deep-offset-pagination')));
  });

  it('is checked again when its text, the schema or the settings changed', async () => {
    const { rules, checked } = counted();
    const engine = createSqlAssistant({ rules });
    const before = await analyse(engine, memoryWorkspace({ [migration]: schema, [file]: text }));
    assert.ok(before.findings.some((f) => f.ruleId === 'filter-on-unindexed-column'));
    // The saved migration now indexes the column: the finding goes.
    const schemaChanged = await analyse(engine, memoryWorkspace({ [migration]: indexed, [file]: text }));
    assert.equal(checked(), 4);
    assert.ok(!schemaChanged.findings.some((f) => f.ruleId === 'filter-on-unindexed-column'));
    const edited = `${text}SELECT id FROM users WHERE id = $1;\n`;
    await analyse(engine, memoryWorkspace({ [migration]: indexed, [file]: edited }), edited);
    assert.equal(checked(), 7);
    const settings = await analyse(engine, memoryWorkspace({ [migration]: indexed, [file]: edited }), edited, {
      offsetThreshold: 10_000,
    });
    assert.equal(checked(), 10);
    assert.ok(!settings.findings.some((f) => f.ruleId === 'deep-offset-pagination'));
  });
});
