import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createReactAssistant } from '../../../src/assistants/react/index';
import type { ImportCostResult } from '../../../src/assistants/react/import-cost';
import { ImportCostMeasurer, formatBytes, packageNameOf } from '../../../src/assistants/react/import-cost';
import { measureFileImports, packageImports } from '../../../src/assistants/react/import-cost/file-imports';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import { analyzeDocument } from '../../../src/core/pipeline';
import { bulk, write } from './written-packages';

/**
 * Import costs measured in a node_modules written for the test: a CommonJS library (whole whatever is
 * imported), an ES module library that tree-shakes, a pnpm layout (symlinks into .pnpm, a dependency found
 * beside the real folder), a package that is not installed; the cache in memory and on disk; the time budget.
 */

function makeProject(root: string): void {
  write(
    root,
    'node_modules/cjs-lib/package.json',
    JSON.stringify({ name: 'cjs-lib', version: '1.2.3', main: 'index.js' }),
  );
  write(
    root,
    'node_modules/cjs-lib/index.js',
    `exports.small = function small(x) { return x + 1; };\nexports.big = function big() { return ${bulk('cjs', 400)}; };\n`,
  );
  write(root, 'node_modules/cjs-lib/small.js', `module.exports = function small(x) { return x + 1; };\n`);
  write(
    root,
    'node_modules/esm-lib/package.json',
    JSON.stringify({ name: 'esm-lib', version: '2.0.0', type: 'module', module: 'index.js', sideEffects: false }),
  );
  write(
    root,
    'node_modules/esm-lib/index.js',
    `export function small(x) { return x + 1; }\nexport function big() { return ${bulk('esm', 400)}; }\n`,
  );
  // pnpm: node_modules/pnpm-lib → .pnpm/pnpm-lib@3.1.0/node_modules/pnpm-lib, whose dependency is its sibling.
  const store = 'node_modules/.pnpm/pnpm-lib@3.1.0/node_modules';
  write(
    root,
    `${store}/pnpm-lib/package.json`,
    JSON.stringify({ name: 'pnpm-lib', version: '3.1.0', main: 'index.js' }),
  );
  write(root, `${store}/pnpm-lib/index.js`, `module.exports = { helper: require('pnpm-dep').helper };\n`);
  write(
    root,
    'node_modules/.pnpm/pnpm-dep@1.0.0/node_modules/pnpm-dep/package.json',
    JSON.stringify({ name: 'pnpm-dep', version: '1.0.0', main: 'index.js' }),
  );
  write(
    root,
    'node_modules/.pnpm/pnpm-dep@1.0.0/node_modules/pnpm-dep/index.js',
    `exports.helper = function helper() { return ${bulk('dep', 200)}; };\n`,
  );
  fs.symlinkSync(
    path.join(root, 'node_modules/.pnpm/pnpm-dep@1.0.0/node_modules/pnpm-dep'),
    path.join(root, store, 'pnpm-dep'),
  );
  fs.symlinkSync(path.join(root, store, 'pnpm-lib'), path.join(root, 'node_modules/pnpm-lib'));
  // A small lodash of our own: CommonJS whole, one function per module beside it.
  write(
    root,
    'node_modules/lodash/package.json',
    JSON.stringify({ name: 'lodash', version: '4.0.0-test', main: 'lodash.js' }),
  );
  write(
    root,
    'node_modules/lodash/lodash.js',
    `module.exports = { debounce: require('./debounce'), chunkAll: function () { return ${bulk('lodash', 600)}; } };\n`,
  );
  write(
    root,
    'node_modules/lodash/debounce.js',
    `module.exports = function debounce(f, ms) { var t; return function () { clearTimeout(t); t = setTimeout(f, ms); }; };\n`,
  );
  write(
    root,
    'node_modules/lodash-es/package.json',
    JSON.stringify({
      name: 'lodash-es',
      version: '4.0.0-test',
      type: 'module',
      sideEffects: false,
      module: 'lodash.js',
    }),
  );
  write(root, 'node_modules/lodash-es/lodash.js', `export function debounce(f) { return f; }\n`);
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
}

function sizes(result: ImportCostResult) {
  assert.ok('cost' in result, 'notMeasured' in result ? result.notMeasured : 'no cost');
  return result.cost;
}

describe('import cost', function () {
  // The first measurement starts the worker thread (from source: tsx in the worker).
  this.timeout(60_000);
  let root: string;
  let from: string;
  let measurer: ImportCostMeasurer;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sa-import-cost-')));
    makeProject(root);
    from = path.join(root, 'src', 'App.tsx');
    measurer = new ImportCostMeasurer({ cacheDir: path.join(root, 'cache') });
    await loadTypeScript();
  });

  after(() => {
    measurer.dispose();
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 });
  });

  it('names the package of a specifier, and none for relative or built-in ones', () => {
    assert.equal(packageNameOf('lodash/debounce'), 'lodash');
    assert.equal(packageNameOf('@scope/pkg/sub'), '@scope/pkg');
    assert.equal(packageNameOf('./local'), undefined);
    assert.equal(packageNameOf('node:fs'), undefined);
  });

  it('a CommonJS library comes whole for one named import; an ES module library tree-shakes', async () => {
    const cjs = sizes(await measurer.measure(from, [{ module: 'cjs-lib', names: ['small'] }]));
    const cjsAlone = sizes(await measurer.measure(from, [{ module: 'cjs-lib/small', names: ['default'] }]));
    const esmSmall = sizes(await measurer.measure(from, [{ module: 'esm-lib', names: ['small'] }]));
    const esmBig = sizes(await measurer.measure(from, [{ module: 'esm-lib', names: ['big'] }]));
    assert.deepEqual(cjs.packages, ['cjs-lib@1.2.3']);
    assert.ok(cjs.gzipBytes > 5 * cjsAlone.gzipBytes, `${cjs.gzipBytes} vs ${cjsAlone.gzipBytes}`);
    assert.ok(esmBig.gzipBytes > 5 * esmSmall.gzipBytes, `${esmBig.gzipBytes} vs ${esmSmall.gzipBytes}`);
    assert.ok(cjs.minifiedBytes > cjs.gzipBytes);
  });

  it('follows pnpm symlinks to the real folder, its version and its dependency beside it', async () => {
    const cost = sizes(await measurer.measure(from, [{ module: 'pnpm-lib', names: ['helper'] }]));
    assert.deepEqual(cost.packages, ['pnpm-lib@3.1.0']);
    // The dependency's 200 strings are in the bundle: it was resolved from the real folder.
    assert.ok(cost.minifiedBytes > 3000, String(cost.minifiedBytes));
  });

  it('says a package that is not installed was not measured', async () => {
    const result = await measurer.measure(from, [{ module: 'not-installed', names: ['x'] }]);
    assert.ok('notMeasured' in result);
    assert.match(result.notMeasured, /`not-installed` is not installed/);
  });

  it('answers again from memory, and from disk in a new process, by package@version and sorted names', async () => {
    const first = await measurer.measure(from, [{ module: 'esm-lib', names: ['small', 'big'] }]);
    const again = await measurer.measure(from, [{ module: 'esm-lib', names: ['big', 'small'] }]);
    assert.equal(sizes(first).cached, false);
    assert.equal(sizes(again).cached, true);
    assert.equal(sizes(again).gzipBytes, sizes(first).gzipBytes);
    const restarted = new ImportCostMeasurer({ cacheDir: path.join(root, 'cache') });
    try {
      const fromDisk = sizes(await restarted.measure(from, [{ module: 'esm-lib', names: ['small', 'big'] }]));
      assert.equal(fromDisk.cached, true);
      assert.equal(fromDisk.gzipBytes, sizes(first).gzipBytes);
    } finally {
      restarted.dispose();
    }
    // A new version is a new key.
    const manifest = path.join(root, 'node_modules/esm-lib/package.json');
    const before = fs.readFileSync(manifest, 'utf8');
    fs.writeFileSync(manifest, before.replace('2.0.0', '2.0.1'));
    try {
      assert.equal(sizes(await measurer.measure(from, [{ module: 'esm-lib', names: ['small', 'big'] }])).cached, false);
    } finally {
      fs.writeFileSync(manifest, before);
    }
  });

  it('stops a measurement past its time budget, or cancelled, with the reason', async () => {
    const slow = new ImportCostMeasurer({ cacheDir: false, timeoutMs: 1 });
    try {
      const result = await slow.measure(from, [{ module: 'cjs-lib', names: ['big'] }]);
      assert.deepEqual(result, { notMeasured: 'the measurement stopped: over its time budget of 1 ms' });
      const aborted = await slow.measure(from, [{ module: 'cjs-lib', names: ['big'] }], {
        signal: AbortSignal.abort(),
        timeoutMs: 30_000,
      });
      assert.deepEqual(aborted, { notMeasured: 'the measurement stopped: cancelled' });
    } finally {
      slow.dispose();
    }
  });

  it('caches a measurement that finished after its time budget, without stopping the others', async () => {
    const late = new ImportCostMeasurer({ cacheDir: false, timeoutMs: 1, stopAfterMs: 60_000 });
    try {
      const [big, small] = await Promise.all([
        late.measure(from, [{ module: 'cjs-lib', names: ['big'] }]),
        late.measure(from, [{ module: 'esm-lib', names: ['small'] }]),
      ]);
      assert.deepEqual(big, { notMeasured: 'the measurement stopped: over its time budget of 1 ms' });
      assert.deepEqual(small, { notMeasured: 'the measurement stopped: over its time budget of 1 ms' });
      // A caller with time joins the bundling still running; then the size is in the cache.
      const joined = sizes(await late.measure(from, [{ module: 'cjs-lib', names: ['big'] }], { timeoutMs: 60_000 }));
      assert.ok(joined.gzipBytes > 0);
      assert.equal(sizes(await late.measure(from, [{ module: 'cjs-lib', names: ['big'] }])).cached, true);
      assert.equal(
        sizes(await late.measure(from, [{ module: 'esm-lib', names: ['small'] }], { timeoutMs: 60_000 })).gzipBytes > 0,
        true,
      );
    } finally {
      late.dispose();
    }
  });

  it("lists a file's package imports with the names each takes, not relative, type-only or React ones", async () => {
    const ts = await loadTypeScript();
    const text = [
      "import { useState } from 'react';",
      "import _, { debounce as d } from 'lodash';",
      "import * as esm from 'esm-lib';",
      "import type { X } from 'cjs-lib';",
      "import { type Y } from 'cjs-lib';",
      "import './styles.css';",
      "import 'cjs-lib/small';",
      "import { local } from './local';",
    ].join('\n');
    assert.deepEqual(
      packageImports(ts, 'App.tsx', text).map((i) => [i.line, i.entries]),
      [
        [1, [{ module: 'lodash', names: ['default', 'debounce'] }]],
        [2, [{ module: 'esm-lib', names: ['*'] }]],
        [6, [{ module: 'cjs-lib/small', names: [] }]],
      ],
    );
  });

  it('labels each import of a file with its gzip size for the decorations', async () => {
    const text = `import { small } from 'cjs-lib';\nimport { nothing } from 'not-installed';\n`;
    const measured = await measureFileImports(from, text);
    assert.deepEqual(
      measured.map((m) => m.line),
      [0, 1],
    );
    assert.match(measured[0].label ?? '', /^\d+(\.\d)? kB gzip$/);
    assert.match(measured[0].detail, /minified \(measured: cjs-lib@1\.2\.3; esbuild/);
    assert.equal(measured[1].label, undefined);
    assert.match(measured[1].detail, /not measured: `not-installed` is not installed/);
  });

  describe('in whole-library-import', () => {
    const engine = () => createReactAssistant({ importCost: measurer });
    const analyze = (file: string, text: string) => analyzeDocument(engine(), { file, text }, DEFAULT_CONFIG);

    it('carries the measured sizes of the import and of the per-method module', async () => {
      const text = `import { debounce } from 'lodash';\nexport const save = debounce(() => 1, 100);\n`;
      const result = await analyze(from, text);
      assert.equal(result.findings.length, 1);
      const [finding] = result.findings;
      const size = finding.evidence?.measuredSize;
      assert.ok(size && size.afterBytes !== undefined);
      assert.ok(size.beforeBytes > 5 * size.afterBytes, `${size.beforeBytes} vs ${size.afterBytes}`);
      assert.ok(
        finding.message.includes(
          `(\`lodash\` ${formatBytes(size.beforeBytes)} gzip → \`lodash/debounce\` ${formatBytes(size.afterBytes)} (measured))`,
        ),
        finding.message,
      );
      assert.match(size.engine, /lodash@4\.0\.0-test/);
      assert.match(finding.evidence?.notes?.[0] ?? '', /^measured: `lodash` /);
    });

    it('measures for a document named by its file: URI, as the editor names it', async () => {
      const text = `import { debounce } from 'lodash';\nexport const save = debounce(() => 1, 100);\n`;
      const [finding] = (await analyze(pathToFileURL(from).toString(), text)).findings;
      assert.match(finding?.message ?? '', /\(`lodash` [\d.]+ k?B gzip → `lodash\/debounce` [\d.]+ k?B \(measured\)\)/);
    });

    it('says the sizes were not measured without node_modules, and lodash-es named imports are no finding', async () => {
      const bare = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sa-no-modules-')));
      try {
        const result = await analyze(
          path.join(bare, 'App.tsx'),
          `import { debounce } from 'lodash';\ndebounce(() => 1);\n`,
        );
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /sizes not measured: `lodash` is not installed/);
        assert.equal(result.findings[0].evidence, undefined);
      } finally {
        fs.rmSync(bare, { recursive: true, force: true });
      }
      const es = await analyze(from, `import { debounce } from 'lodash-es';\ndebounce(() => 1);\n`);
      assert.deepEqual(es.findings, []);
    });
  });
});
