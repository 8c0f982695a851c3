import assert from 'node:assert/strict';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReactRenderReport } from '../../../src/assistants/react/contract';
import { defaultCacheDir, importCosts } from '../../../src/assistants/react/import-cost';
import { english } from '../../../src/core/translate';
import { memoryWorkspace } from '../../../src/core/workspace';
import { checkExercise } from '../../../src/workshop/check';
import type { CheckInput } from '../../../src/workshop/check-input';
import type { DiskFile, FrontendMeasures } from '../../../src/workshop/frontend-figures';
import type { Criterion, ExerciseResult } from '../../../src/workshop/result';
import { installStorefrontModules, participant, participantTexts, sampleText } from './sample-workspace';

/** A participant's folder on disk: the storefront as given, and web/node_modules unless `modules` is false. */
async function workshopFolder(texts: Record<string, string>, modules = true): Promise<string> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-frontend-figures-'));
  for (const [file, text] of Object.entries(texts)) {
    if (!file.startsWith('web/src/')) continue;
    await fs.mkdir(path.dirname(path.join(folder, file)), { recursive: true });
    await fs.writeFile(path.join(folder, file), text);
  }
  if (modules) await installStorefrontModules(path.join(folder, 'web'));
  return folder;
}

const folders: string[] = [];

async function checkFrontend(
  overlays: string[],
  extra: Partial<CheckInput> = {},
  modules = true,
): Promise<{ result: ExerciseResult; folder: string }> {
  const texts = participantTexts(overlays);
  const folder = await workshopFolder(texts, modules);
  folders.push(folder);
  const result = await checkExercise('frontend', {
    workspace: memoryWorkspace(texts),
    original: participant(),
    t: english,
    folder,
    ...extra,
  });
  return { result, folder };
}

function figures(result: ExerciseResult, id: string): Record<string, string> {
  const criterion = result.criteria.find((c: Criterion) => c.id === id);
  return Object.fromEntries((criterion?.figures ?? []).map((f) => [f.label, f.value]));
}

const IMPORTS = 'Package imports of the storefront (gzip, bundled with esbuild)';
const RENDERS = 'Renders per parent update of ProductList';

/** "29.7 kB → 9.9 kB (the sample as shipped → yours)" → [29.7, 9.9]. */
function sizes(value: string | undefined): [number, number] {
  const match = /^([\d.,]+) kB → ([\d.,]+) kB \(the sample as shipped → yours\)$/.exec(value ?? '');
  assert.ok(match, `a measured before → after, not ${value}`);
  return [Number(match[1].replace(/,/g, '')), Number(match[2].replace(/,/g, ''))];
}

describe("workshop: the frontend exercise's measured figures", function () {
  this.timeout(300_000);

  let cache: string;
  before(async () => {
    cache = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-frontend-figures-cache-'));
    importCosts.useCacheDir(cache);
  });

  after(async () => {
    importCosts.useCacheDir(defaultCacheDir());
    for (const folder of [...folders, cache]) await fs.rm(folder, { recursive: true, force: true });
  });

  describe("with the frontend optimizer's own measurements (esbuild, the happy-dom sandbox)", () => {
    it('passing: the solved storefront bundles less, and ProductCard no longer renders on every update', async () => {
      const { result } = await checkFrontend(['solved'], { trusted: true });
      assert.equal(result.status, 'passed', JSON.stringify(result.criteria));
      const [before, after] = sizes(figures(result, 'no-whole-library-import')[IMPORTS]);
      assert.ok(after < before / 2, `whole lodash and moment gone: ${before} kB → ${after} kB`);
      const renders = figures(result, 'stable-props-to-memo-child');
      assert.equal(
        renders['ProductCard renders per parent update of ProductList'],
        '200 → 0 (the sample as shipped → yours)',
      );
      assert.match(renders['Render time per parent update of ProductList'], /^[\d.,]+ ms → [\d.,]+ ms$/);
      assert.match(
        renders['Render measurement'],
        /^200 products, 3 parent updates, happy-dom, react-dom 18\.\d+\.\d+ /,
      );
    });

    it('a different correct solution (lodash-es, date-fns): measured the same way, also smaller', async () => {
      const { result } = await checkFrontend(['other'], { trusted: false });
      assert.equal(result.status, 'passed', JSON.stringify(result.criteria));
      const [before, after] = sizes(figures(result, 'no-whole-library-import')[IMPORTS]);
      assert.ok(after < before / 2, `${before} kB → ${after} kB`);
    });

    it('failing: the sample as shipped weighs the same before and after', async () => {
      const { result } = await checkFrontend([], { trusted: false });
      assert.equal(result.status, 'failed');
      const [before, after] = sizes(figures(result, 'no-whole-library-import')[IMPORTS]);
      assert.equal(after, before);
      assert.ok(before > 0);
    });
  });

  describe('what is measured, and why a figure is not', () => {
    function recording(reports: Array<Partial<ReactRenderReport>>) {
      const renders: Array<{ file: DiskFile; siblings: boolean; modules: boolean }> = [];
      const imports: DiskFile[][] = [];
      const measures: FrontendMeasures = {
        async importCost(files) {
          imports.push([...files]);
          return { value: { gzipBytes: imports.length === 1 ? 29_700 : 9_940 } };
        },
        async renders(file) {
          const web = path.dirname(path.dirname(file.path));
          renders.push({
            file,
            siblings: existsSync(path.join(web, 'src', 'ProductCard.tsx')),
            modules: existsSync(path.join(web, 'node_modules', 'react')),
          });
          const report = reports[renders.length - 1];
          return {
            file: file.path,
            component: 'ProductList',
            providers: [],
            generatedProps: [],
            stubbedLoaders: [],
            itemCount: 200,
            updates: 3,
            engine: 'happy-dom, react-dom 18.3.1 profiling build',
            candidates: [],
            ...report,
          };
        },
      };
      return { measures, renders, imports };
    }

    const baseline = (card: number, ms: number) => ({
      label: 'as written',
      rendersPerUpdate: { ProductList: 1, ProductCard: card, CartProvider: 1 },
      renderMsPerUpdate: {},
      mountRenders: {},
      updateMs: ms,
      mountMs: 10,
    });

    it("measures the sample's files before (laid out on disk beside the participant's node_modules) and the participant's after", async () => {
      const { measures, renders, imports } = recording([
        { baseline: baseline(200, 80) },
        { baseline: baseline(0, 0.7) },
      ]);
      const { result, folder } = await checkFrontend(['solved'], { trusted: true, frontendMeasures: measures });
      const storefront = ['App.tsx', 'Cart.tsx', 'ProductCard.tsx', 'ProductList.tsx', 'SearchBox.tsx', 'api.ts']
        .concat(['main.tsx', 'types.ts'])
        .map((name) => `web/src/${name}`);
      assert.deepEqual(
        imports.map((files) => files.map((f) => path.relative(folder, f.path))),
        [storefront, storefront],
        "the imports of the participant's folder, where its node_modules is found",
      );
      assert.equal(imports[0][0].text, sampleText('web/src/App.tsx'), 'before: the sample as shipped');
      assert.equal(
        imports[1][0].text,
        readFileSync(path.join(folder, 'web/src/App.tsx'), 'utf8'),
        "after: the participant's",
      );

      const [was, is] = renders;
      assert.equal(was.file.text, sampleText('web/src/ProductList.tsx'));
      assert.ok(!was.file.path.startsWith(folder), 'the sample is measured from a copy, not over the participant');
      assert.ok(
        was.siblings && was.modules,
        "the copy has the sample's other files and the participant's node_modules",
      );
      assert.ok(!existsSync(was.file.path), 'and is removed afterwards');
      assert.equal(is.file.path, path.join(folder, 'web', 'src', 'ProductList.tsx'));

      assert.deepEqual(figures(result, 'no-whole-library-import'), {
        [IMPORTS]: '29.7 kB → 9.9 kB (the sample as shipped → yours)',
      });
      assert.deepEqual(figures(result, 'stable-props-to-memo-child'), {
        'ProductCard renders per parent update of ProductList': '200 → 0 (the sample as shipped → yours)',
        'Render time per parent update of ProductList': '80.0 ms → 0.70 ms',
        'Render measurement': '200 products, 3 parent updates, happy-dom, react-dom 18.3.1 profiling build',
      });
      assert.equal(figures(result, 'stable-context-value')[IMPORTS], undefined, 'figures go with their criterion');
    });

    it('names the most rendered child when the change moved no renders (a failing state)', async () => {
      const { measures } = recording([{ baseline: baseline(200, 80) }, { baseline: baseline(200, 79) }]);
      const { result } = await checkFrontend([], { trusted: true, frontendMeasures: measures });
      assert.equal(
        figures(result, 'stable-props-to-memo-child')['ProductCard renders per parent update of ProductList'],
        '200 → 200 (the sample as shipped → yours)',
      );
    });

    it('says why a figure was not measured, and makes none up', async () => {
      const { measures } = recording([{ baseline: baseline(200, 80) }, { notRendered: 'react is not installed' }]);
      const rendered = await checkFrontend(['solved'], { trusted: true, frontendMeasures: measures });
      assert.deepEqual(figures(rendered.result, 'stable-props-to-memo-child'), {
        [RENDERS]: 'not measured: react is not installed',
      });

      const untrusted = await checkFrontend(['solved'], { trusted: false, frontendMeasures: recording([]).measures });
      assert.deepEqual(figures(untrusted.result, 'stable-props-to-memo-child'), {
        [RENDERS]: "not measured: rendering runs the workspace's code, so only in a trusted workspace",
      });
      const off = await checkFrontend(['solved'], {
        trusted: true,
        measure: false,
        frontendMeasures: recording([]).measures,
      });
      assert.deepEqual(figures(off.result, 'stable-props-to-memo-child'), {
        [RENDERS]: 'not measured: the sandbox measurements were switched off for this check',
      });

      const uninstalled = await checkFrontend(['solved'], { trusted: true }, false);
      assert.equal(uninstalled.result.status, 'passed', 'a figure is not a criterion');
      assert.deepEqual(figures(uninstalled.result, 'no-whole-library-import'), {
        [IMPORTS]: 'not measured: web/node_modules is missing: run npm install in web/',
      });
      assert.deepEqual(figures(uninstalled.result, 'stable-props-to-memo-child'), {
        [RENDERS]: 'not measured: web/node_modules is missing: run npm install in web/',
      });

      const virtual = await checkExercise('frontend', {
        workspace: participant(['solved']),
        original: participant(),
        t: english,
      });
      assert.deepEqual(figures(virtual, 'no-whole-library-import'), {
        [IMPORTS]: 'not measured: the workspace is not a folder on disk',
      });
    });
  });
});
