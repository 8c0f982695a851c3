import { strict as assert } from 'node:assert';
import { localModules } from '../../../src/assistants/react/import-cost/for-file';
import { reactAssistant } from '../../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
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

  it('counts the other files importing a package entry with a value import, exactly as written', async () => {
    const texts: Record<string, string> = {
      '/w/src/a.tsx': "import _ from 'lodash';\nexport const A = _.uniq([1]);\n",
      '/w/src/b.tsx': "import { debounce } from 'lodash';\nexport const B = debounce;\n",
      '/w/src/c.tsx': "import type { DebouncedFunc } from 'lodash';\nexport type C = DebouncedFunc<() => void>;\n",
      '/w/src/d.tsx': "import debounce from 'lodash/debounce';\nexport const D = debounce;\n",
      '/w/src/e.tsx': "import moment from 'moment';\nexport const E = moment;\n",
    };
    const graph = await ModuleGraph.build(memoryWorkspace(texts));
    const of = (file: string, name: string) => localModules(graph, file, '/').otherPackageImporters(name);
    assert.equal(of('/w/src/a.tsx', 'lodash'), 1, 'b: c imports a type only, d a per-method module');
    assert.equal(of('/w/src/c.tsx', 'lodash'), 2);
    assert.equal(of('/w/src/a.tsx', 'moment'), 1);
    assert.equal(of('/w/src/e.tsx', 'moment'), 0, 'the file itself is not another importer');
    assert.equal(of('/w/src/a.tsx', 'date-fns'), 0);
  });

  it('makes whole-library-import information when three other files import the library whole, and says how many', async () => {
    const page = (name: string) =>
      `import _ from 'lodash';\nexport function ${name}() { return <p>{_.uniq([1, 1]).length}</p>; }\n`;
    const texts: Record<string, string> = {
      'src/A.tsx': page('A'),
      'src/B.tsx': page('B'),
      'src/C.tsx': page('C'),
      'src/Alone.tsx': "import moment from 'moment';\nexport function Alone() { return <p>{moment().year()}</p>; }\n",
    };
    const analyse = async (file: string) =>
      (
        await analyzeDocument(
          reactAssistant,
          { file, text: texts[file] },
          { ...DEFAULT_CONFIG, budgetMs: 60000 },
          undefined,
          {
            workspace: memoryWorkspace(texts),
          },
        )
      ).findings.filter((f) => f.ruleId === 'whole-library-import');
    const two = await analyse('src/A.tsx');
    assert.equal(two.length, 1);
    assert.match(two[0].message, /2 other files import `lodash` too/);
    assert.equal(two[0].severity, 'warning', 'two others: still a warning');

    texts['src/D.tsx'] = page('D');
    const three = await analyse('src/A.tsx');
    assert.match(three[0].message, /3 other files import `lodash` too: the bundle keeps the whole library/);
    assert.equal(three[0].severity, 'info');
    assert.ok(three[0].fixes?.length, 'the per-method fix is still offered');

    const alone = await analyse('src/Alone.tsx');
    assert.equal(alone.length, 1);
    assert.equal(alone[0].severity, 'warning');
    assert.doesNotMatch(alone[0].message, /other files? imports?/);
  });
});
