import assert from 'node:assert/strict';
import { ModuleGraph } from '../../../../src/core/module-graph';
import type { ResolvedReference } from '../../../../src/core/module-graph';
import { memoryWorkspace } from '../../../../src/core/workspace';
import { fixtureTexts } from './fixture';

function reference(graph: ModuleGraph, file: string, specifier: string): ResolvedReference {
  const found = graph.module(file)?.references.find((r) => r.specifier === specifier);
  assert.ok(found, `${file} references ${specifier}`);
  return found;
}

describe('module graph: resolution', () => {
  let app: ModuleGraph;
  before(async () => {
    app = await ModuleGraph.build(memoryWorkspace(fixtureTexts('app')));
  });

  it('follows tsconfig paths inherited through extends', () => {
    assert.equal(reference(app, '/app/src/main.ts', '@ui/index').target, '/app/src/ui/index.ts');
    assert.equal(reference(app, '/app/src/main.ts', '@ui/types').target, '/app/src/ui/types.ts');
    assert.equal(reference(app, '/app/src/main.ts', '@shared').target, '/app/src/shared/index.ts');
    assert.deepEqual(app.configErrors, []);
  });

  it("follows a jsconfig's baseUrl where its paths entry leads nowhere (Create React App's src/src/*)", async () => {
    const graph = await ModuleGraph.build(memoryWorkspace(fixtureTexts('cra')));
    const table = reference(graph, '/cra/src/views/admin/index.jsx', 'views/admin/components/Table');
    assert.equal(table.target, '/cra/src/views/admin/components/Table.js');
    assert.equal(reference(graph, '/cra/src/views/admin/index.jsx', 'react').target, undefined);
  });

  it('resolves files named by file: URI, as the editor names them, and gives back the URIs', async () => {
    const texts = new Map([...fixtureTexts('app')].map(([file, text]) => [`file:///work%20space${file}`, text]));
    const graph = await ModuleGraph.build(memoryWorkspace(texts));
    assert.equal(
      reference(graph, 'file:///work%20space/app/src/ui/buttons.ts', './primary').target,
      'file:///work%20space/app/src/ui/primary.tsx',
    );
  });

  it('resolves files named relative to a folder beside the project (the CLI run on ../project)', async () => {
    const texts = new Map([...fixtureTexts('app')].map(([file, text]) => [`../..${file}`, text]));
    const graph = await ModuleGraph.build(memoryWorkspace(texts));
    assert.equal(reference(graph, '../../app/src/ui/buttons.ts', './primary').target, '../../app/src/ui/primary.tsx');
    assert.equal(reference(graph, '../../app/src/main.ts', '@ui/index').target, '../../app/src/ui/index.ts');
  });

  it('resolves a .js specifier to the .ts file and an extensionless one to .ts/.tsx', () => {
    assert.equal(reference(app, '/app/src/main.ts', './util/helper.js').target, '/app/src/util/helper.ts');
    assert.equal(reference(app, '/app/src/main.ts', './util/format').target, '/app/src/util/format.ts');
    assert.equal(reference(app, '/app/src/ui/buttons.ts', './primary').target, '/app/src/ui/primary.tsx');
  });

  it('reads dynamic import() and require() with their kinds and destructured names', () => {
    const lazy = reference(app, '/app/src/main.ts', './lazy/chart');
    assert.equal(lazy.kind, 'dynamic');
    assert.equal(lazy.target, '/app/src/lazy/chart.tsx');
    const required = reference(app, '/app/src/legacy/index.js', '../util/helper');
    assert.equal(required.kind, 'require');
    assert.equal(required.target, '/app/src/util/helper.ts');
    assert.deepEqual(
      required.names.map((n) => [n.name, n.local]),
      [['helper', 'help']],
    );
  });

  it('keeps what it cannot resolve, with the reason', () => {
    assert.deepEqual(reference(app, '/app/src/main.ts', 'lodash').unresolved, {
      reason: 'external',
      packageName: 'lodash',
    });
    assert.deepEqual(reference(app, '/app/src/main.ts', 'node:fs').unresolved, { reason: 'builtin' });
    assert.deepEqual(reference(app, '/app/src/legacy/index.js', 'path').unresolved, { reason: 'builtin' });
    assert.deepEqual(reference(app, '/app/src/main.ts', './gone').unresolved, { reason: 'missing' });
  });

  it('records imported names with their spans and type-only imports', () => {
    const text = fixtureTexts('app').get('/app/src/main.ts')!;
    const ui = reference(app, '/app/src/main.ts', '@ui/index');
    assert.deepEqual(
      ui.names.map((n) => [n.name, n.local, text.slice(n.span.start, n.span.end)]),
      [
        ['Button', 'Button', 'Button'],
        ['Card', 'Panel', 'Card as Panel'],
      ],
    );
    assert.equal(text.slice(ui.span.start, ui.span.end), "'@ui/index'");
    assert.equal(reference(app, '/app/src/main.ts', '@ui/types').typeOnly, true);
  });

  it('resolves packages of a pnpm-style workspace to their source, and node_modules through exports', async () => {
    const texts = fixtureTexts('mono');
    texts.set(
      '/mono/node_modules/left-pad/package.json',
      '{ "name": "left-pad", "exports": { ".": { "import": "./esm/index.mjs" } } }',
    );
    texts.set('/mono/node_modules/left-pad/esm/index.mjs', 'export default function leftPad(s) { return s; }');
    const mono = await ModuleGraph.build(memoryWorkspace(texts));
    const ui = '/mono/packages/ui/src/index.ts';
    assert.equal(reference(mono, ui, '@mono/core').target, '/mono/packages/core/src/index.ts');
    assert.equal(reference(mono, ui, '@mono/core/dates').target, '/mono/packages/core/src/dates.ts');
    assert.equal(reference(mono, ui, '@mono/ui/theme').target, '/mono/packages/ui/src/theme.ts');
    const pad = reference(mono, '/mono/packages/ui/src/pad.ts', 'left-pad');
    assert.equal(pad.target, '/mono/node_modules/left-pad/esm/index.mjs');
    assert.equal(pad.external, true);
    assert.ok(!mono.files.some((f) => f.includes('node_modules')), 'node_modules files are targets, not nodes');
  });

  it('picks the exports condition by how the module is taken: import, import() or require', async () => {
    const pkg = '{ "name": "dual", "exports": { ".": { "import": "./esm/index.mjs", "require": "./cjs/index.cjs" } } }';
    const texts = {
      '/w/node_modules/dual/package.json': pkg,
      '/w/node_modules/dual/esm/index.mjs': 'export const x = 1;',
      '/w/node_modules/dual/cjs/index.cjs': 'exports.x = 1;',
      '/w/a.ts': "import { x } from 'dual';\nconst y = require('dual');\nvoid import('dual');\n",
      '/n/package.json': '{ "name": "n" }',
      '/n/tsconfig.json': '{ "compilerOptions": { "module": "nodenext", "moduleResolution": "nodenext" } }',
      '/n/node_modules/dual/package.json': pkg,
      '/n/node_modules/dual/esm/index.mjs': 'export const x = 1;',
      '/n/node_modules/dual/cjs/index.cjs': 'exports.x = 1;',
      '/n/b.ts': "import { x } from 'dual';\n",
      '/n/c.mts': "import { x } from 'dual';\n",
    };
    const graph = await ModuleGraph.build(memoryWorkspace(texts));
    const targets = (file: string) => graph.module(file)?.references.map((r) => [r.kind, r.target]);
    assert.deepEqual(targets('/w/a.ts'), [
      ['import', '/w/node_modules/dual/esm/index.mjs'],
      ['require', '/w/node_modules/dual/cjs/index.cjs'],
      ['dynamic', '/w/node_modules/dual/esm/index.mjs'],
    ]);
    assert.deepEqual(targets('/n/b.ts'), [['import', '/n/node_modules/dual/cjs/index.cjs']], 'a CommonJS package');
    assert.deepEqual(targets('/n/c.mts'), [['import', '/n/node_modules/dual/esm/index.mjs']]);
  });

  it('reports a config it cannot read and resolves the rest with defaults', async () => {
    const graph = await ModuleGraph.build(
      memoryWorkspace({
        '/w/tsconfig.json': '{ "extends": "./missing.json", "compilerOptions": { "paths": { "@x": ["./x.ts"] } } }',
        '/w/x.ts': 'export const x = 1;',
        '/w/a.ts': "import { x } from '@x';\nimport { x as y } from './x';\n",
      }),
    );
    assert.equal(graph.configErrors.length, 1);
    assert.equal(graph.configErrors[0].file, '/w/tsconfig.json');
    assert.match(graph.configErrors[0].message, /missing\.json/);
    assert.deepEqual(
      graph.module('/w/a.ts')?.references.map((r) => r.target),
      ['/w/x.ts', '/w/x.ts'],
      'the config read as far as it goes',
    );
  });

  it('reports a file it cannot read and still analyses the others', async () => {
    const workspace = memoryWorkspace({ '/w/a.ts': "import { b } from './b';", '/w/b.ts': 'export const b = 1;' });
    const broken = {
      async files(pattern: RegExp) {
        const files = await workspace.files(pattern);
        return files.map((f) => (f.file === '/w/b.ts' ? { ...f, read: async () => undefined } : f));
      },
    };
    const graph = await ModuleGraph.build(broken);
    assert.deepEqual(graph.errors, [{ file: '/w/b.ts', message: 'could not be read' }]);
    assert.equal(graph.importsOf('/w/a.ts')[0].to, '/w/b.ts');
  });
});
