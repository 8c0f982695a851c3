import { strict as assert } from 'node:assert';
import { AppEntries } from '../../../src/assistants/react/import-cost/app-entries';
import { ModuleGraph } from '../../../src/core/module-graph';
import type { Workspace } from '../../../src/core/workspace';
import { memoryWorkspace } from '../../../src/core/workspace';

/** The app entry is found once per folder while the workspace's modules and configs stay as they were. */
describe('app entries', () => {
  /** A workspace over `texts` (which a test may change between calls) that counts the reads of each file. */
  const counted = (texts: Map<string, string>) => {
    const reads = new Map<string, number>();
    const workspace: Workspace = {
      async files(pattern) {
        return (await memoryWorkspace(texts).files(pattern)).map((entry) => ({
          ...entry,
          read: () => {
            reads.set(entry.file, (reads.get(entry.file) ?? 0) + 1);
            return entry.read();
          },
        }));
      },
    };
    return { workspace, reads };
  };

  const project = new Map([
    ['web/package.json', '{}'],
    ['web/index.html', '<script type="module" src="/src/main.tsx"></script>'],
    ['web/src/main.tsx', ''],
    ['web/src/boot.tsx', ''],
    ['web/src/a/One.tsx', ''],
    ['web/src/a/Two.tsx', ''],
    ['web/src/b/Three.tsx', ''],
  ]);

  it('finds the entry of each folder once, and again for a new module state or a changed config', async () => {
    const { workspace, reads } = counted(project);
    const built = await ModuleGraph.build(workspace);
    // Each look-up asks the graph which candidate names are modules: counted, to see when one happens.
    let lookups = 0;
    const graph = Object.assign(Object.create(built) as ModuleGraph, {
      module: (name: string) => (lookups++, built.module(name)),
    });
    const entries = new AppEntries();
    const state = {};
    const of = (file: string, modules: object = state) => entries.of(workspace, graph, modules, file, undefined);
    assert.equal((await of('web/src/a/One.tsx'))?.file, 'web/src/main.tsx');
    const one = lookups;
    assert.ok(one > 0);
    assert.equal((await of('web/src/a/Two.tsx'))?.file, 'web/src/main.tsx');
    assert.equal(lookups, one, 'one folder: one look-up');
    assert.equal((await of('web/src/b/Three.tsx'))?.file, 'web/src/main.tsx');
    assert.equal(lookups, 2 * one, 'another folder: its own look-up');
    await of('web/src/a/One.tsx', {});
    assert.equal(lookups, 3 * one, 'the modules changed: found again');
    // The config texts are read once while their stamps hold, whichever folder or module state asks.
    assert.equal(reads.get('web/index.html'), 1);

    // index.html edited in the same workspace: its stamp changes, and the entry found is the new one.
    project.set('web/index.html', '<script type="module" src="/src/boot.tsx"></script>');
    assert.equal((await of('web/src/a/One.tsx'))?.file, 'web/src/boot.tsx');
    assert.equal(reads.get('web/index.html'), 2);
  });
});
