import { strict as assert } from 'node:assert';
import type { AdviceReport } from '../../../../src/assistants/sql/advice/document';
import { createSqlAssistant } from '../../../../src/assistants/sql/index';
import { disposeSandbox, openSandbox } from '../../../../src/assistants/sql/sandbox/index';
import type { Catalog } from '../../../../src/assistants/sql/schema';
import { TimeBudget } from '../../../../src/core/budget';
import { DEFAULT_CONFIG } from '../../../../src/core/config';
import { memoryWorkspace } from '../../../../src/core/workspace';
import { catalogOf } from './helpers';

/** A schema whose CHECK sleeps for every row: loading it would take the rest of the afternoon. */
const SLOW_SCHEMA = 'CREATE TABLE slow (id int PRIMARY KEY, v int CHECK (pg_sleep(0.05) IS NOT NULL));\n';
const FAST_SCHEMA = 'CREATE TABLE fast (id int PRIMARY KEY, v int);\n';

/**
 * The sandbox's load step is bounded (its own timeout stops the worker) and so is a whole advise run (the
 * statements it did not get to are reported, not dropped). Real worker threads: each restart is a PGlite
 * cold start, hence the generous mocha timeout.
 */
describe('sql sandbox: a slow schema cannot hang the load or the run', function () {
  this.timeout(300_000);
  let slow: Catalog;
  let fast: Catalog;

  before(async () => {
    slow = await catalogOf({ 'db/migrations/001_slow.sql': SLOW_SCHEMA });
    fast = await catalogOf({ 'db/migrations/001_fast.sql': FAST_SCHEMA });
    await disposeSandbox();
  });

  after(async () => {
    await disposeSandbox();
  });

  it('a load past its timeout stops the worker with a clear error; the next load starts a fresh one', async () => {
    // Started first, so the timeout below measures the load and not PGlite's start-up.
    await openSandbox({ catalog: fast, rows: 100 });
    await assert.rejects(openSandbox({ catalog: slow, rows: 1_000, loadTimeoutMs: 3_000 }), (error: Error) => {
      assert.equal(error.name, 'TimeoutError');
      assert.match(error.message, /did not finish starting and loading the schema and synthetic rows within 3000 ms/);
      assert.match(error.message, /CHECK or DEFAULT/);
      assert.match(error.message, /scalingAssistant\.sql\.sandbox\.loadTimeoutMs/);
      return true;
    });
    const again = await openSandbox({ catalog: fast, rows: 100 });
    assert.equal(again.loadReport.rows['public.fast'], 100);
    assert.equal((await again.explain('SELECT count(*) FROM fast', { analyze: true })).analyzed, true);
  });

  it('the run’s time limit also stops a load in progress: every statement is reported with the reason', async () => {
    const queries = 'SELECT * FROM slow WHERE v = 1;\nSELECT count(*) FROM slow;\n';
    const assistant = createSqlAssistant();
    try {
      const result = await assistant.advise!(
        { file: 'q.sql', text: queries, languageId: 'sql' },
        {
          config: DEFAULT_CONFIG,
          budget: new TimeBudget(Number.MAX_SAFE_INTEGER),
          workspace: memoryWorkspace({ 'db/migrations/001_slow.sql': SLOW_SCHEMA, 'q.sql': queries }),
          settings: { rows: 1_000, runTimeoutMs: 3_000, sandboxLoadTimeoutMs: 600_000 },
        },
      );
      const { statements } = result.report as AdviceReport;
      assert.equal(statements.length, 2);
      for (const statement of statements)
        assert.deepEqual(statement.notes, [
          'not measured: the run reached its time limit of 3 s (scalingAssistant.sql.runTimeoutMs, advise --run-timeout-ms) before this statement was done',
        ]);
    } finally {
      await assistant.dispose?.();
    }
  });
});
