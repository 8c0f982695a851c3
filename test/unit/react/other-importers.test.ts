import { strict as assert } from 'node:assert';
import { localModules } from '../../../src/assistants/react/import-cost/for-file';
import { ModuleGraph } from '../../../src/core/module-graph';
import { memoryWorkspace } from '../../../src/core/workspace';

describe('import cost: other importers of a workspace module', () => {
  it('counts the other files importing a value from it, not type-only importers, re-exports or the file itself', async () => {
    const texts: Record<string, string> = {
      '/w/src/ui/index.ts': "export * from './button';\nexport * from './card';\n",
      '/w/src/ui/button.tsx': 'export const Button = () => null;\n',
      '/w/src/ui/card.tsx': 'export const Card = () => null;\nexport type CardProps = {};\n',
      '/w/src/a.tsx': "import { Button } from './ui';\nexport const A = Button;\n",
      '/w/src/b.tsx': "import { Card } from './ui';\nexport const B = Card;\n",
      '/w/src/c.tsx': "import type { CardProps } from './ui';\nexport const c: CardProps = {};\n",
      '/w/src/d.tsx': "export { Card } from './ui';\n",
    };
    const graph = await ModuleGraph.build(memoryWorkspace(texts));
    const of = (file: string) => localModules(graph, file, '/').otherImporters('./ui');
    assert.equal(of('/w/src/a.tsx'), 1, 'b imports it besides a');
    assert.equal(of('/w/src/b.tsx'), 1);
    assert.equal(of('/w/src/c.tsx'), 2, 'a and b: c imports a type only, d re-exports');
    assert.equal(of('/w/src/a.tsx'), 1, 'asked again, the same');

    texts['/w/src/e.tsx'] = "import { Button } from './ui';\nexport const E = Button;\n";
    await graph.update(memoryWorkspace(texts));
    assert.equal(of('/w/src/a.tsx'), 2, 'a file added after the first ask counts once the graph is updated');
  });
});
