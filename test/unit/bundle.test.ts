import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkPackage } from '../../scripts/check-package';
import { vscePackage, writeUniversalPackage, zipEntries } from '../../scripts/lib/vsix';
import type * as AiLayer from '../../src/ai/index';
import type { DecompositionEngine } from '../../src/assistants/decomposition/index';
import type { BundleSizes } from '../../src/assistants/react/import-cost/bundle';
import type { ImportCostMeasurer } from '../../src/assistants/react/import-cost/index';
import { memoryWorkspace } from '../../src/core/workspace';
import { bulk, write } from './react/written-packages';

/**
 * Activation stays cheap: the extension's main bundle and the CLI's entry hold registrations and
 * plumbing only; parsers live in the per-assistant chunks, loaded on the first document of their kind.
 */
describe('bundles', () => {
  const root = path.resolve(__dirname, '../..');
  const dist = (file: string) => path.join(root, 'dist', file);

  before(function () {
    this.timeout(60_000);
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'pipe' });
  });

  for (const entry of ['extension.js', 'cli.js']) {
    it(`${entry} bundles no parser and stays small`, () => {
      const text = readFileSync(dist(entry), 'utf8');
      for (const parser of ['yaml', 'typescript', 'libpg-query'])
        assert.ok(!text.includes(`node_modules/${parser}/`), `${entry} must not bundle the ${parser} parser`);
      assert.ok(
        !text.includes('node_modules/@anthropic-ai/sdk/'),
        `${entry} must not bundle the Anthropic SDK (it is dist/ai.js)`,
      );
      assert.ok(text.includes('./assistants/k8s.js'), `${entry} loads the HPA reviewer from its chunk`);
      // A parser would add hundreds of KiB; plumbing grows by a few (the CLI's symlink check is about one).
      const kib = statSync(dist(entry)).size / 1024;
      assert.ok(kib < 150, `${entry} is ${kib.toFixed(1)} KiB`);
    });
  }

  it('the AI chunk carries the SDK, and the CLI loads it lazily', () => {
    assert.ok(readFileSync(dist('ai.js'), 'utf8').includes('node_modules/@anthropic-ai/sdk/'));
    assert.ok(readFileSync(dist('cli.js'), 'utf8').includes('require("./ai.js")'));
  });

  it("the AI chunk carries no parser: redaction reads SQL and TypeScript with the query optimizer's", async () => {
    const text = readFileSync(dist('ai.js'), 'utf8');
    assert.ok(!text.includes('node_modules/typescript/'), 'no second TypeScript compiler');
    assert.ok(!text.includes('node_modules/libpg-query/'), 'no second PostgreSQL parser');
    const ai = (await import(dist('ai.js'))) as typeof AiLayer;
    await ai.loadRedactionParsers();
    // Only the SQL grammar sees that this literal is a secret column's default.
    const sql = ai.redact("ALTER TABLE t ALTER COLUMN api_key SET DEFAULT 'bundledDefault1';\n", 'db/x.sql');
    assert.equal(sql.text, "ALTER TABLE t ALTER COLUMN api_key SET DEFAULT '«redacted:sql-secret»';\n");
    // Only the TypeScript parser sees the fallback of an environment variable.
    const code = ai.redact("const key = process.env.API_KEY ?? 'fallbackSecret1';\n", 'src/x.ts');
    assert.ok(!code.text.includes('fallbackSecret1'), code.text);
  });

  it('the .vsix takes every built chunk (vsce ls, through .vscodeignore)', function () {
    this.timeout(60_000);
    const listed = new Set(
      execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'ls', '--no-dependencies'], {
        cwd: root,
        encoding: 'utf8',
      })
        .split('\n')
        .map((line) => line.trim()),
    );
    const chunks = readdirSync(dist('.')).filter((f) => /\.(?:js|wasm)$/.test(f));
    assert.ok(chunks.includes('deep-review.js') && chunks.includes('cli-advise.js'), chunks.join());
    for (const file of chunks) assert.ok(listed.has(`dist/${file}`), `dist/${file} is packaged`);
    for (const file of readdirSync(dist('assistants')).filter((f) => !f.endsWith('.map')))
      assert.ok(listed.has(`dist/assistants/${file}`), `dist/assistants/${file} is packaged`);
  });

  it('the SQL engine chunk loads the TypeScript compiler from a chunk of its own, only for scripts', () => {
    const sql = readFileSync(dist('assistants/sql.js'), 'utf8');
    assert.ok(sql.includes('node_modules/libpg-query/'), 'the PostgreSQL parser is bundled');
    assert.ok(!sql.includes('node_modules/typescript/'), 'the TypeScript compiler is not');
    assert.ok(sql.includes('require("./typescript.js")'));
    assert.ok(readFileSync(dist('assistants/typescript.js'), 'utf8').includes('node_modules/typescript/'));
  });

  it("the decomposition chunk types contracts with the ES2016-ES2022 libs shipped beside the compiler's chunk", async () => {
    // Each return type below is inferred through a lib newer than ES2015 (an ES2015-only lib leaves them unknown).
    const stock = [
      'const held: Record<string, number> = { apple: 3 };',
      'export function levels() { return Object.entries(held); }',
      'export function newest(ids: string[]) { return ids.at(-1); }',
      'export function settle(ids: string[]) { return Promise.allSettled(ids.map(async (id) => id.length)); }',
      'export function padded(code: string) { return [code.padStart(8, "0")].flat(); }',
    ].join('\n');
    const orders = [
      "import { levels, newest, settle, padded } from '../stock/levels';",
      'export async function checkout(ids: string[]) {',
      '  return [levels().length, newest(ids), (await settle(ids)).length, padded(ids[0])];',
      '}',
    ].join('\n');
    const workspace = memoryWorkspace({
      'app/tsconfig.json': '{ "compilerOptions": { "target": "ES2022", "strict": true } }',
      'app/src/stock/levels.ts': stock,
      'app/src/orders/checkout.ts': orders,
    });
    const { decompositionEngine } = (await import(dist('assistants/decomposition.js'))) as {
      decompositionEngine: DecompositionEngine;
    };
    const planner = await decompositionEngine.createPlanner(workspace, 'app');
    const plan = await planner.plan({ moves: [{ path: 'app/src/stock', service: 'stock' }] });
    const operations = plan.contracts.find((contract) => contract.service === 'stock')?.operations ?? [];
    const returns = Object.fromEntries(operations.map((operation) => [operation.name, operation.returns]));
    const { settle, ...rest } = returns;
    assert.deepEqual(rest, { levels: '[string, number][]', newest: 'string | undefined', padded: 'string[]' });
    // The lib's result types are named (a built-in object is not spelt out in a contract).
    assert.match(settle, /^Promise<\(.*PromiseRejectedResult.*\|.*PromiseFulfilledResult.*\)\[\]>$/);
  });

  it("engines that read TypeScript compile its chunk from beside themselves, with V8's cached code", () => {
    for (const engine of ['sql', 'react', 'decomposition', 'react-render']) {
      const text = readFileSync(dist(`assistants/${engine}.js`), 'utf8');
      assert.ok(text.includes('join(__dirname, "typescript.js")'), `${engine}.js is told where the chunk is`);
      assert.ok(text.includes('createCachedData'), `${engine}.js caches the compiled code`);
    }
  });

  it('the HPA reviewer chunk carries the parser', () => {
    assert.ok(readFileSync(dist('assistants/k8s.js'), 'utf8').includes('node_modules/yaml/'));
  });

  describe("this platform's .vsix, installed", () => {
    const target = `${process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;
    let scratch: string;
    let vsix: string;

    before(function () {
      this.timeout(120_000);
      scratch = mkdtempSync(path.join(os.tmpdir(), 'vsix-'));
      vsix = path.join(scratch, 'extension.vsix');
      execFileSync(process.execPath, vscePackage(root, target, vsix), { cwd: root, stdio: 'pipe' });
    });
    after(() => rmSync(scratch, { recursive: true, force: true }));

    it('holds what the import-cost path needs: the threads with esbuild bundled, the binary, the libs', () => {
      const { problems, target: packaged } = checkPackage(vsix);
      assert.deepEqual(problems, []);
      assert.equal(packaged, target);
    });

    /** Extracted as VS Code installs an extension: the files with their modes, no node_modules anywhere above. */
    function install(file: string, folder: string): string {
      const installed = path.join(scratch, folder);
      for (const entry of zipEntries(readFileSync(file))) {
        if (entry.name.endsWith('/')) continue;
        const to = path.join(installed, entry.name);
        mkdirSync(path.dirname(to), { recursive: true });
        writeFileSync(to, entry.data());
        if (entry.mode & 0o777) chmodSync(to, entry.mode & 0o777);
      }
      return path.join(installed, 'extension/dist/assistants/react-import-cost.js');
    }

    /** A project with an ES module package of a small and a big export, and no esbuild unless one is linked in. */
    function project(folder: string, esbuild?: string): string {
      const dir = path.join(scratch, folder);
      const lib = { name: 'esm-lib', version: '1.0.0', type: 'module', module: 'index.js', sideEffects: false };
      write(dir, 'node_modules/esm-lib/package.json', JSON.stringify(lib));
      write(
        dir,
        'node_modules/esm-lib/index.js',
        `export function small(x) { return x + 1; }\nexport function big() { return ${bulk('esm', 400)}; }\n`,
      );
      if (esbuild) symlinkSync(esbuild, path.join(dir, 'node_modules/esbuild'), 'junction');
      else assert.throws(() => createRequire(path.join(dir, 'x.js')).resolve('esbuild'), 'no esbuild for the project');
      return dir;
    }

    /** Asks the installed import-cost thread for the small export alone, then with the big one. */
    async function measureBoth(threadFile: string, resolveDir: string): Promise<BundleSizes[]> {
      const thread = new Worker(threadFile);
      try {
        const measure = (names: string[]) =>
          new Promise<BundleSizes>((resolve, reject) => {
            // A batch of one measurement (the thread's protocol): one answer, or its error.
            thread.once(
              'message',
              (response: { result?: Array<{ sizes?: BundleSizes; error?: string }>; error?: string }) => {
                const answer = response.result?.[0];
                if (answer?.sizes) resolve(answer.sizes);
                else reject(new Error(answer?.error ?? response.error));
              },
            );
            thread.postMessage({
              id: names.length,
              jobs: [{ entries: [{ module: 'esm-lib', names }], resolveDir }],
              workspaceBundler: true,
            });
          });
        return [await measure(['small']), await measure(['small', 'big'])];
      } finally {
        await thread.terminate();
      }
    }

    function assertMeasured([small, both]: BundleSizes[]): void {
      assert.ok(small.gzipBytes > 0 && small.minifiedBytes < 200, JSON.stringify(small));
      assert.ok(both.minifiedBytes > small.minifiedBytes + 4000, 'the bundle holds exactly the named imports');
    }

    it("measures an import cost with the extension's own esbuild, from a folder with no esbuild installed", async function () {
      this.timeout(60_000);
      assertMeasured(await measureBoth(install(vsix, 'installed'), project('project')));
    });

    describe('the universal .vsix, made from it', () => {
      let universal: string;
      let thread: string;

      before(function () {
        this.timeout(60_000);
        universal = path.join(scratch, 'universal.vsix');
        writeUniversalPackage(vsix, universal);
        thread = install(universal, 'universal');
      });

      it('holds the threads and the libs, and no binary', () => {
        const { problems, target: packaged } = checkPackage(universal);
        assert.deepEqual(problems, []);
        assert.equal(packaged, undefined);
        const names = new Set(zipEntries(readFileSync(universal)).map((entry) => entry.name));
        const platform = new Set(zipEntries(readFileSync(vsix)).map((entry) => entry.name));
        assert.deepEqual(
          [...platform].filter((name) => !names.has(name)),
          ['extension/dist/assistants/esbuild'.concat(process.platform === 'win32' ? '.exe' : '')],
        );
        assert.equal(checkPackage(vsix).problems.length, 0, 'the platform package is left as it was');
      });

      it("measures with the workspace's esbuild, and says why not and what to do when it has none", async function () {
        this.timeout(60_000);
        const checkout = path.dirname(require.resolve('esbuild/package.json'));
        assertMeasured(await measureBoth(thread, project('with-esbuild', checkout)));
        // Through the installed engine's measurer, as the editor and the CLI ask: the reason as it is, kept for the
        // editor to say once.
        const plain = project('without-esbuild');
        const engine = path.join(path.dirname(thread), 'react.js');
        const { importCosts } = (await import(engine)) as { importCosts: ImportCostMeasurer };
        importCosts.useCacheDir(path.join(scratch, 'size-cache'));
        try {
          const result = await importCosts.measure(path.join(plain, 'App.tsx'), [
            { module: 'esm-lib', names: ['small'] },
          ]);
          const reason =
            'no esbuild to bundle with: this installation of the extension carries none (the universal package), ' +
            `and none is installed in a node_modules above ${plain}. Install esbuild in the project`;
          assert.ok('notMeasured' in result && result.notMeasured.startsWith(reason), JSON.stringify(result));
          assert.equal(importCosts.unavailable, result.notMeasured);
        } finally {
          importCosts.dispose();
        }
      });
    });
  });

  it('the CLI is executable with a shebang', () => {
    const text = readFileSync(dist('cli.js'), 'utf8');
    assert.ok(text.startsWith('#!/usr/bin/env node'));
    assert.ok((statSync(dist('cli.js')).mode & 0o111) !== 0);
  });
});
