import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findAppEntry } from '../../../src/assistants/react/import-cost/app-entry';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { ModuleGraph } from '../../../src/core/module-graph';
import { ImportCostMeasurer } from '../../../src/assistants/react/import-cost';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { bulk, write } from './written-packages';

/**
 * lazy-load-heavy-component in a project on disk: the framework read from the project (Next.js without a
 * `next/…` import in the file), and the size net of what the app's entry already loads (its static imports'
 * packages and modules left out of the measurement).
 */

const RULE = 'lazy-load-heavy-component';
// The first analysis of the process may load TypeScript: time is not what these tests are about.
const CONFIG = { ...DEFAULT_CONFIG, budgetMs: 60000 };

describe('lazy-load-heavy-component in a project', function () {
  this.timeout(60000);
  let root: string;
  let measurer: ImportCostMeasurer;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sa-lazy-project-')));
    measurer = new ImportCostMeasurer({ cacheDir: false });
  });

  after(() => {
    measurer.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Writes `files` under `root/<project>` and analyses `file` there with the whole project as the workspace. */
  async function analyse(project: string, files: Record<string, string>, file: string): Promise<Finding[]> {
    const texts = new Map<string, string>();
    for (const [name, text] of Object.entries(files)) {
      write(root, `${project}/${name}`, text);
      texts.set(`${project}/${name}`, text);
    }
    const engine = createReactAssistant({ importCost: measurer });
    const target = `${project}/${file}`;
    const result = await analyzeDocument(engine, { file: target, text: texts.get(target)! }, CONFIG, undefined, {
      workspace: memoryWorkspace(texts),
      settings: { importCostRoot: root, lazyLoadMinKb: 2 },
    });
    assert.deepEqual(result.errors, []);
    return result.findings.filter((f) => f.ruleId === RULE);
  }

  const CHART = `const SERIES = ${bulk('series', 400)};\nexport function Chart() { return <div>{SERIES.length}</div>; }\n`;
  const PAGE = [
    "'use client';",
    "import { useState } from 'react';",
    "import { Chart } from './Chart';",
    '',
    'export function Report() {',
    '  const [open, setOpen] = useState(false);',
    '  return <div><button onClick={() => setOpen(true)}>Show</button>{open && <Chart />}</div>;',
    '}',
    '',
  ].join('\n');

  it('offers next/dynamic first in a Next.js project file that imports nothing from next', async () => {
    const findings = await analyse(
      'next-app',
      {
        'package.json': JSON.stringify({ dependencies: { next: '15.0.0' } }),
        'src/Chart.tsx': CHART,
        'src/Report.tsx': PAGE,
      },
      'src/Report.tsx',
    );
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.match(findings[0].message, /load it with `next\/dynamic`/);
    const preferred = findings[0].fixes!.find((f) => f.isPreferred)!;
    assert.equal(preferred.title, 'Load Chart with next/dynamic');
    assert.ok(preferred.edits.some((e) => e.newText.includes("import dynamic from 'next/dynamic';")));
  });

  it('offers React.lazy in a project that is not Next.js', async () => {
    const findings = await analyse(
      'vite-app',
      {
        'package.json': JSON.stringify({ dependencies: { vite: '6.0.0' } }),
        'src/Chart.tsx': CHART,
        'src/Report.tsx': PAGE,
      },
      'src/Report.tsx',
    );
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.match(findings[0].message, /load it with React\.lazy/);
    assert.deepEqual(
      findings[0].fixes!.map((f) => f.title),
      ['Load Chart with React.lazy and render it in <Suspense>'],
    );
  });

  describe('net of the entry bundle', () => {
    const HEAVY_LIB = {
      'node_modules/heavy-lib/package.json': JSON.stringify({ name: 'heavy-lib', version: '1.0.0', main: 'index.js' }),
      'node_modules/heavy-lib/index.js': `exports.TABLE = ${bulk('lib', 800)};\n`,
    };
    /** A chart whose weight is the package's, or its own data's too. */
    const chart = (ownData: number) =>
      [
        "import { TABLE } from 'heavy-lib';",
        `const OWN = ${bulk('own', ownData)};`,
        'export function Chart() { return <div>{TABLE.length + OWN.length}</div>; }',
        '',
      ].join('\n');
    const app = (alsoChart: boolean) =>
      [
        "import { TABLE } from 'heavy-lib';",
        "import { Report } from './Report';",
        ...(alsoChart ? ["import { Chart } from './Chart';"] : []),
        `export function App() { return <main>{TABLE.length}<Report />${alsoChart ? '<Chart />' : ''}</main>; }`,
        '',
      ].join('\n');
    const vite = (files: Record<string, string>) => ({
      'package.json': JSON.stringify({ name: 'spa', dependencies: { vite: '6.0.0', 'heavy-lib': '1.0.0' } }),
      'index.html': '<div id="root"></div><script type="module" src="/src/main.tsx"></script>\n',
      'src/main.tsx': "import { App } from './App';\nexport const root = <App />;\n",
      ...HEAVY_LIB,
      ...files,
    });
    const sizeOf = (finding: Finding) => Number(/([\d.]+) kB gzip/.exec(finding.message)?.[1]);

    it('leaves out the packages the entry already loads: a chart heavy only by them is not a finding', async () => {
      const findings = await analyse(
        'spa-shared',
        vite({ 'src/App.tsx': app(false), 'src/Chart.tsx': chart(20), 'src/Report.tsx': PAGE }),
        'src/Report.tsx',
      );
      assert.deepEqual(findings, []);
    });

    it('reports what the chart adds beside the entry, and says so; without an entry the figure is higher', async () => {
      const files = { 'src/App.tsx': app(false), 'src/Chart.tsx': chart(400), 'src/Report.tsx': PAGE };
      const [netted] = await analyse('spa-own', vite(files), 'src/Report.tsx');
      assert.ok(netted, 'the chart is still a finding: its own data is not in the entry bundle');
      assert.match(netted.message, /\(\.\/Chart, [\d.]+ kB gzip not already in the entry bundle, measured\)/);
      assert.match(
        netted.evidence!.measuredSize!.engine,
        /the app's entry spa-own\/src\/main\.tsx \(index\.html's module script\) loads .* \(\d+ package\(s\), 3 module\(s\), left out\)/,
      );
      const { 'index.html': _html, 'src/main.tsx': _main, ...noEntry } = vite(files);
      const [whole] = await analyse('spa-no-entry', noEntry, 'src/Report.tsx');
      assert.ok(whole && !/entry bundle/.test(whole.message), JSON.stringify(whole));
      assert.ok(sizeOf(whole) > sizeOf(netted) + 3, `${whole.message} vs ${netted.message}`);
    });

    it("does not follow the route modules TanStack Router's autoCodeSplitting splits", async () => {
      const routed = (splitting: boolean) => ({
        ...vite({
          'src/main.tsx': "import './routes/report';\nimport './routes/other';\n",
          'src/routes/report.tsx': "import { Report } from '../Report';\nexport const route = { component: Report };\n",
          'src/routes/other.tsx': "import { Other } from '../Other';\nexport const route = { component: Other };\n",
          'src/Other.tsx':
            "import { TABLE } from 'heavy-lib';\nexport function Other() { return <p>{TABLE.length}</p>; }\n",
          'src/Chart.tsx': chart(20),
          'src/Report.tsx': PAGE,
        }),
        ...(splitting
          ? { 'vite.config.ts': 'export default { plugins: [tanstackRouter({ autoCodeSplitting: true })] };\n' }
          : {}),
      });
      // Without the plugin's splitting the other route's package is in the entry bundle: the chart adds little.
      assert.deepEqual(await analyse('routes-whole', routed(false), 'src/Report.tsx'), []);
      const [split] = await analyse('routes-split', routed(true), 'src/Report.tsx');
      assert.ok(split, 'with the routes split, heavy-lib is not in the entry bundle');
      assert.match(
        split.evidence!.measuredSize!.engine,
        /the route modules of routes-split\/src\/routes, which TanStack Router's autoCodeSplitting splits, not followed/,
      );
    });

    it('is not a finding when the entry imports the chart statically elsewhere', async () => {
      const findings = await analyse(
        'spa-eager',
        vite({ 'src/App.tsx': app(true), 'src/Chart.tsx': chart(400), 'src/Report.tsx': PAGE }),
        'src/Report.tsx',
      );
      assert.deepEqual(findings, []);
    });

    describe("net of the chunk the file loads with (a route's, a page's)", () => {
      /** A route module split off with a dynamic import (React Router's `lazy`), and what it renders. */
      const routed = (files: Record<string, string>) =>
        vite({
          'src/main.tsx': [
            "export const routes = [{ path: '/users', lazy: () => import('./routes/users') }];",
            '',
          ].join('\n'),
          'src/routes/users.tsx': [
            "import { Report } from '../Report';",
            "import { Other } from '../Other';",
            'export function Component() { return <><Report /><Other /></>; }',
            '',
          ].join('\n'),
          'src/Chart.tsx': chart(400),
          'src/Report.tsx': PAGE,
          ...files,
        });
      const other = (imports: string, renders: string) =>
        `${imports}\nexport function Other() { return <section>${renders}</section>; }\n`;

      it("is not a finding when another module of the page's chunk imports the component statically", async () => {
        const eager = routed({ 'src/Other.tsx': other("import { Chart } from './Chart';", '<Chart />') });
        assert.deepEqual(await analyse('chunk-eager', eager, 'src/Report.tsx'), []);
        const [alone] = await analyse('chunk-alone', routed({ 'src/Other.tsx': other('', '') }), 'src/Report.tsx');
        assert.ok(alone, 'without the other import the chart is a finding');
        assert.match(alone.message, /gzip not already in the entry bundle or the page's chunk, measured/);
        assert.match(
          alone.evidence!.measuredSize!.engine,
          /the chunk the file loads with \(chunk-alone\/src\/routes\/users\.tsx\)/,
        );
      });

      it("leaves out the packages the page's chunk imports, as the entry's are", async () => {
        const files = {
          'src/Chart.tsx': chart(20),
          'src/Other.tsx': other("import { TABLE } from 'heavy-lib';", '{TABLE.length}'),
        };
        assert.deepEqual(await analyse('chunk-package', routed(files), 'src/Report.tsx'), []);
        // The same chunk with the other module outside it (rendered by a route of its own): the package is the chart's.
        const apart = routed({
          ...files,
          'src/routes/users.tsx': "import { Report } from '../Report';\nexport const Component = Report;\n",
        });
        apart['src/main.tsx'] += "export const other = () => import('./Other');\n";
        const [own] = await analyse('chunk-apart', apart, 'src/Report.tsx');
        assert.ok(own, 'heavy-lib is in another chunk, not in the one the chart would leave');
      });

      it('treats Next.js pages as chunks of their own', async () => {
        const next = (withPackage: boolean) => ({
          'package.json': JSON.stringify({ name: 'site', dependencies: { next: '15.0.0', 'heavy-lib': '1.0.0' } }),
          'pages/_app.tsx': 'export default function App({ Component }) { return <Component />; }\n',
          'pages/report.tsx': `${withPackage ? "import { TABLE } from 'heavy-lib';\n" : ''}import { Report } from '../src/Report';\nexport default function Page() { return <Report />; }\n`,
          'src/Chart.tsx': chart(20),
          'src/Report.tsx': PAGE,
          ...HEAVY_LIB,
        });
        assert.deepEqual(await analyse('next-page-shared', next(true), 'src/Report.tsx'), []);
        const [own] = await analyse('next-page-own', next(false), 'src/Report.tsx');
        assert.ok(own, "heavy-lib is in no chunk of the page: it is the chart's");
        assert.match(own.message, /not already in the entry bundle or the page's chunk/);
      });
    });

    it('is not a finding when the file imports another value of the same module (it stays in the page)', async () => {
      const panels = `${chart(400)}export function Frame() { return <hr />; }\n`;
      const report = PAGE.replace(
        "import { Chart } from './Chart';",
        "import { Chart, Frame } from './Panels';",
      ).replace('<div><button', '<div><Frame /><button');
      const files = { 'src/App.tsx': app(false), 'src/Panels.tsx': panels, 'src/Report.tsx': report };
      assert.deepEqual(await analyse('spa-same-module', vite(files), 'src/Report.tsx'), []);
    });

    it('measures the part of a package the page imports, not the whole package', async () => {
      const files = {
        'node_modules/parts-lib/package.json': JSON.stringify({
          name: 'parts-lib',
          version: '1.0.0',
          module: 'index.mjs',
          sideEffects: false,
        }),
        'node_modules/parts-lib/index.mjs': `export const SMALL = ['small'];\nexport const LARGE = ${bulk('large', 800)};\n`,
        'src/App.tsx': [
          "import { SMALL } from 'parts-lib';",
          "import { Report } from './Report';",
          'export function App() { return <main>{SMALL.length}<Report /></main>; }',
          '',
        ].join('\n'),
        'src/Chart.tsx':
          "import { LARGE } from 'parts-lib';\nexport function Chart() { return <div>{LARGE.length}</div>; }\n",
        'src/Report.tsx': PAGE,
      };
      const [part] = await analyse('spa-part', vite(files), 'src/Report.tsx');
      assert.ok(part, 'the entry loads SMALL alone: LARGE is what the chart adds');
      assert.ok(sizeOf(part) > 4, part.message);
      assert.match(
        part.evidence!.measuredSize!.engine,
        /the part of parts-lib the page imports measured with and without the chunk/,
      );
      // Where the entry takes what the chart takes, the package is left out whole.
      const same = { ...files, 'src/App.tsx': files['src/App.tsx'].replace('{ SMALL }', '{ SMALL, LARGE }') };
      assert.deepEqual(await analyse('spa-part-same', vite(same), 'src/Report.tsx'), []);
    });

    it('finds the entry: index.html, package.json module or main, Next.js pages/_app or app/layout, src/main', async () => {
      const cases: [Record<string, string>, string | undefined][] = [
        [
          {
            'package.json': '{}',
            'index.html': '<script src="/src/boot.ts" type="module"></script>',
            'src/boot.ts': '',
            'src/main.tsx': '',
          },
          'src/boot.ts',
        ],
        [{ 'package.json': '{"module": "./lib/entry.js", "main": "dist/x.js"}', 'lib/entry.js': '' }, 'lib/entry.js'],
        [
          { 'package.json': '{"main": "dist/x.js"}', 'src/pages/_app.tsx': '', 'src/main.tsx': '' },
          'src/pages/_app.tsx',
        ],
        [{ 'package.json': '{}', 'app/layout.tsx': '' }, 'app/layout.tsx'],
        [{ 'package.json': '{}', 'src/index.jsx': '' }, 'src/index.jsx'],
        [{ 'package.json': '{}', 'src/App.tsx': '' }, undefined],
      ];
      for (const [files, expected] of cases) {
        const texts = new Map(
          Object.entries({ ...files, 'src/components/Chart.tsx': '' }).map(([f, t]) => [`web/${f}`, t]),
        );
        texts.set('package.json', '{}');
        const workspace = memoryWorkspace(texts);
        const graph = await ModuleGraph.build(workspace);
        const entry = await findAppEntry(workspace, graph, 'web/src/components/Chart.tsx', undefined);
        const label = JSON.stringify(files);
        if (expected === undefined) assert.equal(entry, undefined, label);
        // The nearest package.json (web/'s) makes the project folder, not the one at the top.
        else assert.equal(entry?.file, `web/${expected}`, label);
      }
    });
  });

  it("reads the entry's config files once while they keep their stamps", async () => {
    const texts = new Map([
      ['web/package.json', '{}'],
      ['web/index.html', '<script type="module" src="/src/boot.ts"></script>'],
      ['web/src/boot.ts', ''],
      ['web/src/main.ts', ''],
      ['web/src/Chart.tsx', ''],
    ]);
    let reads = 0;
    // One workspace whose files can change, as the editor's does.
    let current = memoryWorkspace(texts);
    const workspace = {
      files: async (pattern: RegExp) =>
        (await current.files(pattern)).map((f) => ({ ...f, read: () => (reads++, f.read()) })),
    };
    const graph = await ModuleGraph.build(workspace);
    assert.equal((await findAppEntry(workspace, graph, 'web/src/Chart.tsx', undefined))?.file, 'web/src/boot.ts');
    const first = reads;
    assert.ok(first > 0);
    assert.equal((await findAppEntry(workspace, graph, 'web/src/Chart.tsx', undefined))?.file, 'web/src/boot.ts');
    assert.equal(reads, first, 'nothing read again');
    // index.html changed (a new stamp): read again, and the new entry answered.
    current = memoryWorkspace(new Map([...texts, ['web/index.html', '<p>no script</p>']]));
    assert.equal((await findAppEntry(workspace, graph, 'web/src/Chart.tsx', undefined))?.file, 'web/src/main.ts');
    assert.ok(reads > first);
  });
});
