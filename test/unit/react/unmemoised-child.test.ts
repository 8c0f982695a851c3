import { strict as assert } from 'node:assert';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { applyEdits } from '../helpers/apply-edits';

/**
 * An unstable prop to an unmemoised child defined in another file: a hint only when the child renders a list or
 * other components, whose fix wraps the child in memo() in its own file and stabilises the prop here.
 */

const LIST = `import { useMemo } from 'react';

export function ItemList({ ids, onPick }: { ids: string[]; onPick: (id: string) => void }) {
  const sorted = useMemo(() => [...ids].sort(), [ids]);
  return <ul>{sorted.map((id) => <li key={id} onClick={() => onPick(id)}>{id}</li>)}</ul>;
}

export const Label = ({ text }: { text: string }) => <b>{text}</b>;
`;

const PAGE = `import { useState } from 'react';
import { ItemList, Label } from './ItemList';

export function Page({ ids }: { ids: string[] }) {
  const [picked, setPicked] = useState('');
  return (
    <div>
      <Label text={picked} />
      <ItemList ids={ids} onPick={(id) => setPicked(id)} />
    </div>
  );
}
`;

describe('unstable prop to an unmemoised child in another file', () => {
  before(() => loadTypeScript());

  it('hints with one fix that edits both files', async () => {
    const files = { 'src/ItemList.tsx': LIST, 'src/Page.tsx': PAGE };
    const assistant = createReactAssistant({ importCost: false, compiler: false });
    const result = await analyzeDocument(assistant, { file: 'src/Page.tsx', text: PAGE }, DEFAULT_CONFIG, undefined, {
      workspace: memoryWorkspace(files),
    });
    assert.deepEqual(result.errors, []);
    assert.equal(result.findings.length, 1);
    const [hint] = result.findings;
    assert.equal(hint.severity, 'hint');
    assert.match(hint.message, /^ItemList \(defined in src\/ItemList\.tsx\) renders a list or several components/);
    const fix = hint.fixes?.[0];
    assert.ok(fix);
    const byFile = (file: string) => fix.edits.filter((e) => e.file === file);
    const list = applyEdits(LIST, byFile('src/ItemList.tsx'));
    assert.match(list, /^import \{ useMemo, memo \} from 'react';/);
    assert.match(list, /export const ItemList = memo\(function ItemList\(/);
    assert.match(list, /\{id\}<\/li>\)\}<\/ul>;\n\}\);\n/);
    const page = applyEdits(PAGE, byFile('src/Page.tsx'));
    assert.match(page, /onPick=\{handleItemListPick\}/);
  });
});
