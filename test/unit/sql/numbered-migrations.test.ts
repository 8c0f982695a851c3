import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sqlAssistant } from '../../../src/assistants/sql/index';
import { PER_REQUEST, routineRunContext } from '../../../src/assistants/sql/run-context';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * SQL files named by their number alone in a folder not called migrations (test/fixtures/sql-numbered): a
 * migration when they hold DDL, with the statements of the functions they create judged as the per-request code
 * they are, and a query file when they hold none.
 */

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const read = (file: string) => fs.readFileSync(path.join(FIXTURES, file), 'utf8');
const config = { ...DEFAULT_CONFIG, budgetMs: 60_000 };

async function findingsOf(file: string): Promise<string[]> {
  const files = {
    'migrations/001_schema.sql': read('sql-shared/migrations/001_schema.sql'),
    'package.json': read('sql-numbered/package.json'),
    'sql/000011.sql': read('sql-numbered/sql/000011.sql'),
    'sql/000012.sql': read('sql-numbered/sql/000012.sql'),
  };
  const text = files[file as keyof typeof files];
  const result = await analyzeDocument(sqlAssistant, { file, text }, config, undefined, {
    workspace: memoryWorkspace(files),
  });
  assert.deepEqual(result.errors, []);
  return result.findings.map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.severity}`);
}

describe('sql: files named by their number alone', function () {
  this.timeout(60_000);

  it('with DDL, a migration: lock-safety rules fire, its own queries and DO blocks are hints, function bodies are not', async () => {
    assert.deepEqual(await findingsOf('sql/000011.sql'), [
      '2 migration-without-lock-timeout warning',
      '9 function-on-indexed-column warning',
      '19 function-on-indexed-column hint',
      '24 function-on-indexed-column hint',
    ]);
  });

  it('without DDL, a query file judged per request', async () => {
    assert.deepEqual(await findingsOf('sql/000012.sql'), ['2 function-on-indexed-column warning']);
  });

  it("a function's body runs per request whatever once-only file creates it; test SQL stays test SQL", () => {
    const migration = { kind: 'once', what: 'a migration' } as const;
    assert.deepEqual(routineRunContext(migration, true), PER_REQUEST);
    assert.deepEqual(routineRunContext(migration, false), migration);
    const test = { kind: 'test', what: 'a test' } as const;
    assert.deepEqual(routineRunContext(test, true), test);
  });
});
