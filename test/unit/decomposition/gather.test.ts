import { strict as assert } from 'node:assert';
import { gatherFacts, isUnder, refreshFacts } from '../../../src/assistants/decomposition/facts/gather';
import { memoryWorkspace } from '../../../src/core/workspace';

describe('decomposition facts: gathering a folder', () => {
  it('lists the folder’s source files, not tests, declarations or other folders', async () => {
    const workspace = memoryWorkspace({
      'shop/src/orders/service.ts': "import { db } from '../shared/db';\nexport const list = () => db;\n",
      'shop/src/shared/db.ts': 'export const db = {};\n',
      'shop/src/orders/service.test.ts': "import { list } from './service';\n",
      'shop/src/types.d.ts': 'declare const x: number;\n',
      'shop/test/helpers.ts': 'export {};\n',
      'web/src/main.ts': 'export {};\n',
    });
    const facts = await gatherFacts(workspace, 'shop');
    assert.deepEqual(facts.files, ['shop/src/orders/service.ts', 'shop/src/shared/db.ts']);
    assert.deepEqual(
      facts.graph.importsOf('shop/src/orders/service.ts').map((edge) => edge.to),
      ['shop/src/shared/db.ts'],
    );
    assert.equal(facts.root, 'shop');
  });

  it('keeps the graph on refresh and sees an edit', async () => {
    const texts = new Map([
      ['src/a.ts', "import { b } from './b';\nexport const a = b;\n"],
      ['src/b.ts', 'export const b = 1;\n'],
    ]);
    const facts = await gatherFacts(memoryWorkspace(texts), '');
    texts.set('src/a.ts', 'export const a = 1;\n');
    const next = await refreshFacts(facts, memoryWorkspace(texts));
    assert.equal(next.graph, facts.graph);
    assert.deepEqual(next.graph.importsOf('src/a.ts'), []);
  });

  it('decides folder membership on whole path segments', () => {
    assert.equal(isUnder('shop/src/a.ts', 'shop'), true);
    assert.equal(isUnder('shopping/a.ts', 'shop'), false);
    assert.equal(isUnder('anything.ts', ''), true);
  });
});
