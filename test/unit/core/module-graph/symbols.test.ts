import assert from 'node:assert/strict';
import { ModuleGraph } from '../../../../src/core/module-graph';
import { memoryWorkspace } from '../../../../src/core/workspace';
import { fixtureTexts } from './fixture';

describe('module graph: symbols, weights and cycles', () => {
  let app: ModuleGraph;
  before(async () => {
    app = await ModuleGraph.build(memoryWorkspace(fixtureTexts('app')));
  });

  it('follows export * chains and renames to the defining module', () => {
    const primary = app.resolveExport('/app/src/ui/index.ts', 'Primary');
    assert.equal(primary?.file, '/app/src/ui/primary.tsx');
    assert.equal(primary?.name, 'Primary');
    assert.deepEqual(primary?.via, ['/app/src/ui/index.ts', '/app/src/ui/buttons.ts']);
    const button = app.resolveExport('/app/src/ui/index.ts', 'Button');
    assert.equal(button?.file, '/app/src/ui/secondary.tsx');
    assert.equal(button?.name, 'Secondary');
  });

  it('follows an imported binding exported under another name', () => {
    const card = app.resolveExport('/app/src/ui/index.ts', 'Card');
    assert.equal(card?.file, '/app/src/ui/frame.tsx');
    assert.equal(card?.name, 'Frame');
  });

  it('follows a default export re-exported by name, to its local binding', () => {
    const avatar = app.resolveExport('/app/src/ui/index.ts', 'Avatar');
    assert.equal(avatar?.file, '/app/src/ui/avatar.tsx');
    assert.equal(avatar?.name, 'default');
    assert.equal(avatar?.local, 'Avatar');
    assert.equal(app.resolveExport('/app/src/util/format.ts', 'default')?.local, 'format');
  });

  it('gives a namespace re-export as the whole module, and nothing for names not exported', () => {
    const icons = app.resolveExport('/app/src/ui/index.ts', 'icons');
    assert.deepEqual([icons?.file, icons?.name], ['/app/src/ui/icons.ts', '*']);
    assert.equal(app.resolveExport('/app/src/ui/index.ts', 'Nope'), undefined);
    assert.equal(app.resolveExport('/app/src/ui/index.ts', 'default'), undefined, 'export * never carries default');
  });

  it('ends a search in a cycle of export * without looping', () => {
    assert.equal(app.resolveExport('/app/src/cycle/a.ts', 'b')?.file, '/app/src/cycle/b.ts');
    assert.equal(app.resolveExport('/app/src/cycle/a.ts', 'missing'), undefined);
  });

  it('reads CommonJS exports and follows a required name passed on', () => {
    const legacy = '/app/src/legacy/index.js';
    assert.deepEqual(
      app.module(legacy)?.exports.map((e) => [e.name, e.local]),
      [
        ['help', 'help'],
        ['path', 'path'],
      ],
    );
    const help = app.resolveExport(legacy, 'help');
    assert.deepEqual([help?.file, help?.name], ['/app/src/util/helper.ts', 'helper']);
    assert.deepEqual(app.resolveExport(legacy, 'path')?.unresolved, { specifier: 'path', reason: 'builtin' });
  });

  it('reads exports.a = and module.exports = x', async () => {
    const graph = await ModuleGraph.build(
      memoryWorkspace({
        '/w/a.js': 'exports.one = 1;\nmodule.exports.two = two;\nfunction two() {}\n',
        '/w/b.js': 'const api = {};\nmodule.exports = api;\n',
      }),
    );
    assert.deepEqual(
      graph.module('/w/a.js')?.exports.map((e) => [e.name, e.local]),
      [
        ['one', undefined],
        ['two', 'two'],
      ],
    );
    assert.deepEqual(graph.resolveExport('/w/b.js', 'export=')?.local, 'api');
  });

  it('says where a chain leaves the workspace', () => {
    const graph = new Map([
      ['/w/index.ts', "export { memo as remember } from 'react';"],
      ['/w/use.ts', "import { remember } from './index';"],
    ]);
    return ModuleGraph.build(memoryWorkspace(graph)).then((g) => {
      const origin = g.resolveExport('/w/index.ts', 'remember');
      assert.deepEqual(origin?.unresolved, { specifier: 'react', reason: 'external' });
      assert.equal(origin?.name, 'memo');
    });
  });

  it('weights edges by the symbols imported and indexes importers', () => {
    const main = app.importsOf('/app/src/main.ts');
    const weight = (to: string) => main.find((e) => e.to === to)?.weight;
    assert.equal(weight('/app/src/ui/index.ts'), 2);
    assert.equal(weight('/app/src/util/format.ts'), 1);
    assert.equal(weight('/app/src/lazy/chart.tsx'), 1);
    assert.deepEqual(
      app
        .importersOf('/app/src/util/format.ts')
        .map((e) => e.from)
        .sort(),
      ['/app/src/main.ts', '/app/src/util/helper.ts'],
    );
    assert.deepEqual(
      app.importersOf('/app/src/util/helper.ts').map((e) => e.from),
      ['/app/src/legacy/index.js', '/app/src/main.ts'].filter((f) => app.module(f)),
    );
  });

  it("gives each file's importers the same edges as their own imports list", () => {
    for (const file of app.files) {
      const expected = app.files.flatMap((from) => app.importsOf(from).filter((edge) => edge.to === file));
      const key = (edge: { from: string }) => edge.from;
      assert.deepEqual(
        [...app.importersOf(file)].sort((a, b) => key(a).localeCompare(key(b))),
        expected.sort((a, b) => key(a).localeCompare(key(b))),
        file,
      );
    }
    assert.ok(
      app.files.some((file) => app.importersOf(file).length > 1),
      'the fixture has a file imported twice',
    );
  });

  it('finds import cycles as strongly connected components', () => {
    assert.deepEqual(
      app.cycles().map((c) => [...c].sort()),
      [['/app/src/cycle/a.ts', '/app/src/cycle/b.ts']],
    );
    const components = app.stronglyConnected();
    assert.equal(components.flat().length, app.files.length);
    const position = (file: string) => components.findIndex((c) => c.includes(file));
    assert.ok(position('/app/src/util/format.ts') < position('/app/src/util/helper.ts'), 'dependencies come first');
  });
});
