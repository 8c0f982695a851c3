import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createReactAssistant } from '../../../src/assistants/react/index';
import type { ImportCostResult } from '../../../src/assistants/react/import-cost';
import { ImportCostMeasurer } from '../../../src/assistants/react/import-cost';
import { ExternalList } from '../../../src/assistants/react/import-cost/entry';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { applyEdits } from '../helpers/apply-edits';
import { bulk, write } from './written-packages';

/**
 * Import costs of the workspace's own modules: bundled with their imports (tsconfig paths, packages), assets
 * empty, imports that resolve to nothing left out and listed; cached by the stamps of the files read, in memory
 * and on disk; and what the rules make of them (an alias barrel's fix keeps the alias).
 */

function costOf(result: ImportCostResult) {
  assert.ok('cost' in result, 'notMeasured' in result ? result.notMeasured : 'no cost');
  return result.cost;
}

describe('import cost of workspace modules', function () {
  this.timeout(60000);
  let root: string;
  let measurer: ImportCostMeasurer;
  let panel: string;
  let app: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sa-local-cost-')));
    write(root, 'tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }));
    write(root, 'node_modules/cjs-lib/package.json', JSON.stringify({ name: 'cjs-lib', version: '1.0.0' }));
    write(root, 'node_modules/cjs-lib/index.js', `exports.rows = ${bulk('pkg', 200)};\n`);
    write(root, 'src/data/rows.ts', `export const ROWS = ${bulk('rows', 400)};\n`);
    write(root, 'src/panel/panel.css', '.panel { color: red; }\n');
    write(
      root,
      'src/panel/Panel.tsx',
      [
        "import { ROWS } from '@/data/rows';",
        "import { rows } from 'cjs-lib';",
        "import './panel.css';",
        "import Icon from './icon.svg?react';",
        'export function Panel() { return <div><Icon />{ROWS.length + rows.length}</div>; }',
        'export function Other() { return null; }',
      ].join('\n'),
    );
    write(root, 'src/App.tsx', '');
    panel = path.join(root, 'src/panel/Panel.tsx');
    app = path.join(root, 'src/App.tsx');
    measurer = new ImportCostMeasurer({ cacheDir: path.join(root, 'cache') });
  });

  after(() => {
    measurer.dispose();
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 });
  });

  it('bundles the module with its imports: tsconfig paths and packages counted, assets empty, unresolved listed', async () => {
    const cost = costOf(await measurer.measure(app, [{ module: panel, names: ['Panel'] }]));
    const rowsOnly = costOf(
      await measurer.measure(app, [{ module: path.join(root, 'src/data/rows.ts'), names: ['*'] }]),
    );
    assert.ok(cost.gzipBytes > rowsOnly.gzipBytes, `${cost.gzipBytes} vs the rows alone ${rowsOnly.gzipBytes}`);
    assert.deepEqual(cost.unresolved, ['./icon.svg?react']);
    assert.deepEqual(cost.packages, []);
    assert.equal(cost.cached, false);
  });

  it("leaves out a module the app's entry already loads, imported by a relative path or an alias", async () => {
    write(
      root,
      'src/panel/Summary.tsx',
      "import { ROWS } from '../data/rows';\nexport const Summary = () => ROWS.length;\n",
    );
    const summary = path.join(root, 'src/panel/Summary.tsx');
    const rows = path.join(root, 'src/data/rows.ts');
    const whole = costOf(await measurer.measure(app, [{ module: summary, names: ['Summary'] }]));
    const net = costOf(
      await measurer.measure(app, [{ module: summary, names: ['Summary'], external: new ExternalList([rows]) }]),
    );
    assert.ok(net.gzipBytes * 4 < whole.gzipBytes, `relative: ${net.gzipBytes} beside ${whole.gzipBytes}`);
    const aliased = costOf(await measurer.measure(app, [{ module: panel, names: ['Panel'] }]));
    const aliasedNet = costOf(
      await measurer.measure(app, [{ module: panel, names: ['Panel'], external: new ExternalList([rows]) }]),
    );
    assert.ok(aliasedNet.gzipBytes < aliased.gzipBytes, `alias: ${aliasedNet.gzipBytes} beside ${aliased.gzipBytes}`);
  });

  it('answers from the cache until a file the bundle read changes, and from disk in a new process', async () => {
    const entries = [{ module: panel, names: ['Panel'] }];
    const first = costOf(await measurer.measure(app, entries));
    assert.equal(costOf(await measurer.measure(app, entries)).cached, true);
    const restarted = new ImportCostMeasurer({ cacheDir: path.join(root, 'cache') });
    try {
      assert.equal(costOf(await restarted.measure(app, entries)).cached, true);
    } finally {
      restarted.dispose();
    }
    write(root, 'src/data/rows.ts', `export const ROWS = ${bulk('rows', 40)};\n`);
    // One stat of a file answers for it for a quarter of a second (stamps.ts); the editor re-analyses later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = costOf(await measurer.measure(app, entries));
    assert.equal(after.cached, false);
    assert.ok(after.gzipBytes < first.gzipBytes, `${after.gzipBytes} after the edit vs ${first.gzipBytes}`);
  });

  it('measures entries marked as a chunk with a package that is not installed left out, not failed', async () => {
    const cost = costOf(
      await measurer.measure(app, [
        { module: 'cjs-lib', names: ['rows'], asChunk: true },
        { module: 'not-installed', names: ['x'], asChunk: true },
      ]),
    );
    assert.deepEqual(cost.unresolved, ['not-installed']);
    assert.ok(cost.gzipBytes > 500, `${cost.gzipBytes}`);
  });

  it('offers the deep import below a tsconfig alias for a workspace barrel that weighs more', async () => {
    const files = new Map<string, string>([
      ['tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } })],
      ['src/widgets/index.ts', "export { Button } from './Button';\nexport { Chart } from './Chart';\n"],
      ['src/widgets/Button.tsx', 'export function Button() { return <button />; }\n'],
      [
        'src/widgets/Chart.tsx',
        `const SERIES = ${bulk('chart', 400)};\n(globalThis as any).charts = SERIES;\nexport function Chart() { return <div />; }\n`,
      ],
      ['src/Form.tsx', "import { Button } from '@/widgets';\nexport function Form() { return <Button />; }\n"],
    ]);
    for (const [file, text] of files) write(root, file, text);
    const engine = createReactAssistant({ importCost: measurer });
    const text = files.get('src/Form.tsx')!;
    // The first analysis of the process loads TypeScript: time is not what this test is about.
    const config = { ...DEFAULT_CONFIG, budgetMs: 60000 };
    const result = await analyzeDocument(engine, { file: 'src/Form.tsx', text }, config, undefined, {
      workspace: memoryWorkspace(files),
      settings: { importCostRoot: root },
    });
    const barrel = result.findings.filter((f) => f.ruleId === 'barrel-import');
    assert.equal(barrel.length, 1, JSON.stringify(result));
    assert.match(barrel[0].message, /`@\/widgets` [\d.]+ kB gzip → `@\/widgets\/Button` \d+ B \(measured\)/);
    assert.equal(
      applyEdits(text, barrel[0].fixes![0].edits).split('\n')[0],
      "import { Button } from '@/widgets/Button';",
    );
    assert.equal(barrel[0].severity, 'warning');
    assert.doesNotMatch(barrel[0].message, /other files? imports? this barrel/);
  });

  it('says how many other files import a workspace barrel, and makes it information when several do', async () => {
    const files = new Map<string, string>([
      ['tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } })],
      ['src/hooks/index.ts', "export { useOne } from './one';\nexport { useTwo } from './two';\n"],
      ['src/hooks/one.ts', 'export function useOne() { return 1; }\n'],
      [
        'src/hooks/two.ts',
        `const TABLE = ${bulk('two', 400)};\n(globalThis as any).table = TABLE;\nexport function useTwo() { return 2; }\n`,
      ],
      ['src/A.tsx', "import { useOne } from '@/hooks';\nexport function A() { return <p>{useOne()}</p>; }\n"],
      ['src/B.tsx', "import { useTwo } from '@/hooks';\nexport function B() { return <p>{useTwo()}</p>; }\n"],
      ['src/C.tsx', "import { useOne } from '@/hooks';\nexport function C() { return <p>{useOne()}</p>; }\n"],
      ['src/D.tsx', "import { useTwo } from '@/hooks';\nexport function D() { return <p>{useTwo()}</p>; }\n"],
      ['src/types.ts', "import type { useOne } from '@/hooks';\nexport type One = ReturnType<typeof useOne>;\n"],
    ]);
    for (const [file, text] of files) write(root, file, text);
    // Its own measurer without a disk cache: a cache file written after the answer would race the folder's removal.
    const ownMeasurer = new ImportCostMeasurer({ cacheDir: false });
    const engine = createReactAssistant({ importCost: ownMeasurer });
    const config = { ...DEFAULT_CONFIG, budgetMs: 60000 };
    const result = await analyzeDocument(
      engine,
      { file: 'src/A.tsx', text: files.get('src/A.tsx')! },
      config,
      undefined,
      {
        workspace: memoryWorkspace(files),
        settings: { importCostRoot: root },
      },
    ).finally(() => ownMeasurer.dispose());
    const barrel = result.findings.filter((f) => f.ruleId === 'barrel-import');
    assert.equal(barrel.length, 1, JSON.stringify(result));
    // B, C and D import it with values; the type-only import in types.ts keeps nothing in the bundle.
    assert.match(barrel[0].message, /3 other files import this barrel too/);
    assert.equal(barrel[0].severity, 'info');
  });
});
