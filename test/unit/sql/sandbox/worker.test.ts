import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Catalog } from '../../../../src/assistants/sql/schema';
import {
  configureSandbox,
  disposeSandbox,
  openSandbox,
  sandboxClient,
  sandboxStats,
} from '../../../../src/assistants/sql/sandbox/index';
import { bundleClosure } from '../source-imports';
import { workshopCatalog } from './helpers';

const ROOT = path.resolve(__dirname, '../../../..');
const BUILT_WORKER = path.join(ROOT, 'dist/assistants/sql-sandbox.js');

/** The built worker is stale when any source it bundles is newer: then build (esbuild.mjs) first. */
function ensureBuilt(): void {
  const sources = [
    ...bundleClosure(path.join(ROOT, 'src/assistants/sql/sandbox/worker.ts')).files,
    path.join(ROOT, 'esbuild.mjs'),
  ];
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  const fresh =
    existsSync(BUILT_WORKER) &&
    existsSync(path.join(ROOT, 'dist/pglite/pglite.wasm')) &&
    statSync(BUILT_WORKER).mtimeMs >= newest;
  if (!fresh) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore', timeout: 300_000 });
}

/**
 * The sandbox off the main thread, for real: a worker thread (from source through tsx, then the built
 * dist/assistants/sql-sandbox.js with PGlite from dist/pglite), kept warm, cancelled, crashed, timed out.
 * Every restart is a PGlite cold start (4–20 s here), hence the timeouts.
 */
describe('sql sandbox: worker thread (real PGlite off the main thread)', function () {
  this.timeout(300_000);
  let catalog: Catalog;
  const setup = () => ({ catalog, rows: 1500, rowsPerTable: { order_items: 3000 } });

  before(async () => {
    catalog = await workshopCatalog();
    await disposeSandbox();
  });

  after(async () => {
    delete process.env.SA_SANDBOX_WORKER;
    await disposeSandbox();
  });

  it('loads the workshop schema in a worker thread and keeps it warm for the next handle', async () => {
    const progress: string[] = [];
    const engine = await openSandbox({ ...setup(), onProgress: (m) => progress.push(m) });
    assert.equal(engine.kind, 'pglite');
    assert.notEqual(engine.loadReport.thread, threadId, 'PGlite runs on another thread');
    assert.equal(engine.loadReport.reused, false);
    assert.equal(engine.loadReport.rows['public.orders'], 1500);
    assert.equal(engine.loadReport.rows['public.order_items'], 3000);
    assert.ok(
      progress.some((m) => /generating .* rows for public\.orders/.test(m)),
      'progress reaches the caller',
    );
    const plan = await engine.explain(
      'SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = $1',
      { analyze: true, params: ['paid'] },
    );
    assert.equal(plan.analyzed, true);
    assert.equal(plan.engine, 'pglite');
    const again = await openSandbox(setup());
    assert.equal(again.loadReport.reused, true, 'same schema and rows: the loaded database is reused');
    assert.equal(sandboxStats().starts, 1, 'one worker so far');
    assert.deepEqual(await again.rows!('SELECT count(*) FROM users'), [[1500]]);
  });

  it('a cancelled request stops the worker; the next request restarts it and reloads', async () => {
    const engine = await openSandbox(setup());
    const controller = new AbortController();
    const long = engine.rows!('SELECT count(*) FROM generate_series(1, 3000000000)', { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(long, (error: Error) => error.name === 'AbortError');
    assert.equal(sandboxStats().loaded, false, 'the worker was terminated');
    const already = new AbortController();
    already.abort();
    await assert.rejects(
      engine.explain('SELECT 1', { analyze: true, signal: already.signal }),
      (error: Error) => error.name === 'AbortError',
    );
    const plan = await engine.explain('SELECT count(*) FROM orders', { analyze: true });
    assert.equal(plan.rows, 1);
    assert.equal(sandboxStats().starts, 2, 'restarted once, lazily');
    assert.equal(engine.loadReport.reused, false, 'the handle reloaded its schema into the new worker');
  });

  it('a crashed worker fails the request in flight with a clear error and recovers on the next', async () => {
    const engine = await openSandbox(setup());
    const starts = sandboxStats().starts;
    await assert.rejects(
      sandboxClient().call({ op: 'crash' }),
      /SQL sandbox worker crashed .*starts again on the next request/,
    );
    const rows = await engine.rows!('SELECT count(*) FROM products');
    assert.deepEqual(rows, [[1500]]);
    assert.equal(sandboxStats().starts, starts + 1);
  });

  it('a statement past its timeout is stopped (PGlite cannot be interrupted) and the sandbox recovers', async () => {
    const engine = await openSandbox({ ...setup(), statementTimeoutMs: 1000 });
    await assert.rejects(
      engine.rows!('SELECT count(*) FROM generate_series(1, 3000000000)'),
      (error: Error) => error.name === 'TimeoutError' && /longer than 1000 ms/.test(error.message),
    );
    assert.deepEqual(await engine.rows!('SELECT 1'), [[1]]);
  });

  it('the BUILT worker (dist/assistants/sql-sandbox.js) loads PGlite and its extensions from dist/pglite', async function () {
    ensureBuilt();
    const bundle = readFileSync(BUILT_WORKER, 'utf8');
    assert.ok(
      !bundle.includes('node_modules/@electric-sql/pglite/'),
      'PGlite is not bundled into the worker (it would lose its assets)',
    );
    for (const file of [
      'index.cjs',
      'pglite.wasm',
      'pglite.data',
      'initdb.wasm',
      'pg_trgm.tar.gz',
      'contrib/pg_trgm.cjs',
    ])
      assert.ok(existsSync(path.join(ROOT, 'dist/pglite', file)), file);
    await disposeSandbox();
    process.env.SA_SANDBOX_WORKER = BUILT_WORKER;
    const engine = await openSandbox({ catalog, rows: 500 });
    assert.equal(path.relative(ROOT, engine.loadReport.pglite), path.join('dist', 'pglite'));
    assert.deepEqual([...engine.loadReport.extensions].sort(), ['btree_gin', 'pg_trgm']);
    const plan = await engine.explainWithIndex!(
      {
        kind: 'index',
        ddl: 'CREATE INDEX p_name_trgm ON products USING gin (name gin_trgm_ops)',
        table: 'public.products',
        name: 'p_name_trgm',
        method: 'gin',
        reason: 'LIKE',
        extensions: ['pg_trgm'],
      },
      "SELECT id FROM products WHERE name LIKE '%amp 1%'",
      { analyze: true },
    );
    assert.equal(plan.analyzed, true);
    assert.deepEqual(await engine.rows!(`SELECT count(*) FROM pg_indexes WHERE indexname = 'p_name_trgm'`), [[0]]);
  });

  it('an idle worker is stopped after the configured minutes', async () => {
    assert.equal(sandboxStats().loaded, true);
    configureSandbox({ idleMinutes: 0.005 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(sandboxStats().loaded, false, 'released after 0.3 s idle');
    } finally {
      configureSandbox({ idleMinutes: 10 });
    }
  });
});
