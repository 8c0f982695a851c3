import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BatchJob } from '../../../src/assistants/react/import-cost/batch';
import { bundleBatch } from '../../../src/assistants/react/import-cost/batch';
import type { Bundler, LocalBundleSizes } from '../../../src/assistants/react/import-cost/bundle';
import { bundleSizes, localBundleSizes } from '../../../src/assistants/react/import-cost/bundle';
import { ExternalList } from '../../../src/assistants/react/import-cost/entry';
import { firstLine, loadBundler } from '../../../src/assistants/react/import-cost/load-bundler';
import { bulk, write } from './written-packages';

/**
 * Several measurements in one esbuild build: each job's sizes, the files its own build would read and the imports
 * it leaves out are exactly those of the job bundled alone; a build that fails is done again job by job.
 */
describe('import costs measured together in one build', function () {
  this.timeout(60000);
  let root: string;
  let bundler: Bundler;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sa-batch-cost-')));
    write(root, 'node_modules/cjs-lib/package.json', JSON.stringify({ name: 'cjs-lib', version: '1.0.0' }));
    write(root, 'node_modules/cjs-lib/index.js', `exports.small = 1;\nexports.big = ${bulk('cjs', 300)};\n`);
    write(
      root,
      'node_modules/esm-lib/package.json',
      JSON.stringify({ name: 'esm-lib', version: '2.0.0', module: 'index.mjs', sideEffects: false }),
    );
    write(root, 'node_modules/esm-lib/index.mjs', `export const small = 1;\nexport const big = ${bulk('esm', 300)};\n`);
    write(root, 'src/data/rows.ts', `export const ROWS = ${bulk('rows', 200)};\n`);
    write(root, 'src/data/more.ts', `export const MORE = ${bulk('more', 100)};\n`);
    write(
      root,
      'src/Panel.tsx',
      [
        "import { ROWS } from './data/rows';",
        "import { big } from 'esm-lib';",
        "import './panel.css';",
        "import Icon from './icon.svg?react';",
        'export function Panel() { return <div><Icon />{ROWS.length + big.length}</div>; }',
      ].join('\n'),
    );
    write(root, 'src/panel.css', '.panel { color: red; }\n');
    write(
      root,
      'src/Table.tsx',
      [
        "import { MORE } from './data/more';",
        "import { ROWS } from './data/rows';",
        "import Missing from 'not-installed-anywhere';",
        'export function Table() { return <table><Missing />{MORE.length + ROWS.length}</table>; }',
      ].join('\n'),
    );
    bundler = await loadBundler(root, false);
  });

  after(() => fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 }));

  const alone = async (job: BatchJob) =>
    job.local
      ? localBundleSizes(bundler, job.entries, job.resolveDir)
      : bundleSizes(bundler, job.entries, job.resolveDir);

  it('gives each package measurement the sizes of its own build', async () => {
    const jobs: BatchJob[] = [
      { entries: [{ module: 'cjs-lib', names: ['small'] }], resolveDir: path.join(root, 'src') },
      { entries: [{ module: 'esm-lib', names: ['small'] }], resolveDir: path.join(root, 'src') },
      { entries: [{ module: 'esm-lib', names: ['big', 'small'] }], resolveDir: root },
      { entries: [{ module: 'esm-lib', names: ['*'] }], resolveDir: root },
    ];
    const together = await bundleBatch(bundler, jobs, firstLine);
    assert.equal(together.length, jobs.length);
    for (const [index, job] of jobs.entries()) assert.deepEqual(together[index], { sizes: await alone(job) });
    // The CommonJS library comes whole, the ES module tree-shakes: the batch did not merge what they keep.
    const gzip = together.map((r) => ('sizes' in r ? r.sizes.gzipBytes : 0));
    assert.ok(gzip[0] > 2 * gzip[1], `cjs ${gzip[0]} vs esm ${gzip[1]}`);
  });

  it('gives each workspace measurement its own files read and imports left out', async () => {
    const external = new ExternalList([path.join(root, 'src/data/more.ts')]);
    const jobs: BatchJob[] = [
      {
        entries: [{ module: path.join(root, 'src/Panel.tsx'), names: ['Panel'], external }],
        resolveDir: root,
        local: true,
      },
      {
        entries: [{ module: path.join(root, 'src/Table.tsx'), names: ['Table'], external }],
        resolveDir: root,
        local: true,
      },
      {
        entries: [{ module: path.join(root, 'src/data/rows.ts'), names: ['*'], external }],
        resolveDir: root,
        local: true,
      },
    ];
    const together = await bundleBatch(bundler, jobs, firstLine);
    for (const [index, job] of jobs.entries()) {
      const own = (await alone(job)) as LocalBundleSizes;
      const answer = together[index];
      assert.ok('sizes' in answer, JSON.stringify(answer));
      const sizes = answer.sizes as LocalBundleSizes;
      assert.deepEqual(
        { ...sizes, inputs: [...sizes.inputs].sort() },
        { ...own, inputs: [...own.inputs].sort() },
        `job ${index}`,
      );
    }
    const [panel, table] = together.map((r) =>
      'sizes' in r ? (r.sizes as { inputs: string[]; unresolved: string[] }) : undefined,
    );
    assert.deepEqual(panel?.unresolved, ['./icon.svg?react']);
    assert.deepEqual(table?.unresolved, ['not-installed-anywhere']);
    assert.ok(panel?.inputs.some((file) => file.endsWith(path.join('esm-lib', 'index.mjs'))));
    assert.ok(!table?.inputs.some((file) => file.includes('esm-lib')), "the package only Panel imports is not Table's");
  });

  it('measures job by job when the build fails, each job with its own answer', async () => {
    const jobs: BatchJob[] = [
      { entries: [{ module: 'esm-lib', names: ['small'] }], resolveDir: root },
      { entries: [{ module: 'esm-lib', names: ['noSuchExport'] }], resolveDir: root },
      { entries: [{ module: 'cjs-lib', names: ['big'] }], resolveDir: root },
    ];
    const together = await bundleBatch(bundler, jobs, firstLine);
    assert.deepEqual(together[0], { sizes: await alone(jobs[0]) });
    assert.ok('error' in together[1] && /noSuchExport/.test(together[1].error), JSON.stringify(together[1]));
    assert.deepEqual(together[2], { sizes: await alone(jobs[2]) });
  });
});
