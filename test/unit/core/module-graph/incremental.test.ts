import assert from 'node:assert/strict';
import * as ts from 'typescript';
import { ModuleGraph } from '../../../../src/core/module-graph';
import type { Workspace, WorkspaceFile } from '../../../../src/core/workspace';
import { hashText, memoryWorkspace } from '../../../../src/core/workspace';
import { fixtureTexts } from './fixture';

/** A workspace whose texts can change between updates, counting the reads. */
function mutableWorkspace(texts: Map<string, string>): Workspace & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async files(pattern) {
      return [...texts.keys()]
        .sort()
        .filter((file) => pattern.test(file))
        .map((file): WorkspaceFile => {
          const text = texts.get(file)!;
          return { file, stamp: `${text.length}:${hashText(text)}`, read: async () => (reads.push(file), text) };
        });
    },
  };
}

function snapshot(graph: ModuleGraph): unknown {
  return graph.files.map((file) => ({
    ...graph.module(file),
    edges: graph.importsOf(file),
    in: graph.importersOf(file),
  }));
}

describe('module graph: incremental update', () => {
  it('re-reads only the edited file and ends equal to a fresh build', async () => {
    const texts = fixtureTexts('app');
    const workspace = mutableWorkspace(texts);
    const graph = await ModuleGraph.build(workspace);
    workspace.reads.length = 0;
    texts.set(
      '/app/src/util/helper.ts',
      "import { shout } from '@shared';\n\nexport const helper = (): string => shout('x');\n",
    );
    const update = await graph.update(workspace);
    assert.deepEqual(workspace.reads, ['/app/src/util/helper.ts']);
    assert.deepEqual(update, { read: 1, resolvedAll: false });
    const fresh = await ModuleGraph.build(memoryWorkspace(texts));
    assert.deepEqual(snapshot(graph), snapshot(fresh));
    assert.deepEqual(
      graph.importersOf('/app/src/util/format.ts').map((e) => e.from),
      ['/app/src/main.ts'],
    );
  });

  it('re-resolves everything when a file comes or a config changes, and still equals a fresh build', async () => {
    const texts = fixtureTexts('app');
    const workspace = mutableWorkspace(texts);
    const graph = await ModuleGraph.build(workspace);
    texts.set('/app/src/gone.ts', 'export const nothing = null;\n');
    assert.equal((await graph.update(workspace)).resolvedAll, true);
    assert.equal(
      graph.module('/app/src/main.ts')?.references.find((r) => r.specifier === './gone')?.target,
      '/app/src/gone.ts',
    );
    texts.set(
      '/app/tsconfig.base.json',
      '{ "compilerOptions": { "baseUrl": ".", "paths": { "@ui/*": ["src/shared/*"] } } }',
    );
    workspace.reads.length = 0;
    const update = await graph.update(workspace);
    assert.deepEqual(update, { read: 0, resolvedAll: true });
    assert.ok(
      workspace.reads.every((file) => file.endsWith('.json')),
      'modules are not read again',
    );
    assert.deepEqual(snapshot(graph), snapshot(await ModuleGraph.build(memoryWorkspace(texts))));
    texts.delete('/app/src/gone.ts');
    await graph.update(workspace);
    assert.deepEqual(snapshot(graph), snapshot(await ModuleGraph.build(memoryWorkspace(texts))));
  });

  it('answers resolveExport after an edit as a fresh build does (kept answers dropped where the edit reaches)', async () => {
    const texts = new Map([
      ['/w/index.ts', "export * from './early';\nexport * from './late';\n"],
      ['/w/early.ts', 'export const first = 1;\n'],
      ['/w/late.ts', 'export const shared = 2;\nexport const last = 3;\n'],
      ['/w/use.ts', "import { shared, last, first } from './index';\nexport const all = [shared, last, first];\n"],
    ]);
    const workspace = mutableWorkspace(texts);
    const graph = await ModuleGraph.build(workspace);
    const ask = (g: ModuleGraph) => ['shared', 'last', 'first', 'none'].map((n) => g.resolveExport('/w/index.ts', n));
    assert.equal(ask(graph)[0]?.file, '/w/late.ts');
    // An earlier barrel member now exports the name: the lookup never passed through it before.
    texts.set('/w/early.ts', 'export const first = 1;\nexport const shared = 0;\n');
    await graph.update(workspace);
    assert.equal(ask(graph)[0]?.file, '/w/early.ts');
    assert.deepEqual(ask(graph), ask(await ModuleGraph.build(memoryWorkspace(texts))));
    // An edit that moves a definition: its place is read again.
    texts.set('/w/late.ts', '// moved down\n\nexport const shared = 2;\nexport const last = 3;\n');
    await graph.update(workspace);
    assert.deepEqual(ask(graph), ask(await ModuleGraph.build(memoryWorkspace(texts))));
    const answer = graph.resolveExport('/w/index.ts', 'last')!;
    answer.via.push('/w/mutated.ts');
    assert.deepEqual(graph.resolveExport('/w/index.ts', 'last')?.via, ['/w/index.ts'], 'callers get their own copy');
  });
  it('does nothing when no file came, went or changed, and reads a tree its user hands it', async () => {
    const texts = fixtureTexts('app');
    const workspace = mutableWorkspace(texts);
    const handed: string[] = [];
    const graph = new ModuleGraph((file, text) => {
      handed.push(file);
      return file.endsWith('main.ts') ? ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true) : undefined;
    });
    await graph.update(workspace);
    const fresh = await ModuleGraph.build(memoryWorkspace(texts));
    // A tree with parent pointers, made by the caller, reads as the graph's own does.
    assert.deepEqual(snapshot(graph), snapshot(fresh));
    assert.ok(handed.includes('/app/src/main.ts'));
    workspace.reads.length = 0;
    handed.length = 0;
    assert.deepEqual(await graph.update(workspace), { read: 0, resolvedAll: false });
    assert.deepEqual([workspace.reads, handed], [[], []]);
    assert.deepEqual(snapshot(graph), snapshot(fresh));
  });
});
