import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reactAssistant } from '../../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * The workshop sample's storefront (samples/workshop-ecommerce/web) holds the frontend exercise: the
 * frontend optimizer finds each of its problems the sample's README lists that the static rules cover, on the
 * line it names, and nothing else.
 */

const WEB = 'samples/workshop-ecommerce/web';
const ROOT = path.resolve(__dirname, '../../..');

describe('the workshop sample storefront', () => {
  before(() => loadTypeScript());

  it('gets the exercise findings, across files', async () => {
    const files = fs
      .readdirSync(path.join(ROOT, WEB), { recursive: true, encoding: 'utf8' })
      .map((name) => `${WEB}/${name.split(path.sep).join('/')}`)
      .filter((file) => /\.(tsx?|json)$/.test(file) && fs.statSync(path.join(ROOT, file)).isFile());
    const texts = new Map(files.map((file) => [file, fs.readFileSync(path.join(ROOT, file), 'utf8')]));
    const workspace = memoryWorkspace(texts);
    await reactAssistant.prepare!(workspace);
    const found: string[] = [];
    for (const file of files.filter((f) => /\.tsx?$/.test(f))) {
      const result = await analyzeDocument(
        reactAssistant,
        { file, text: texts.get(file)! },
        DEFAULT_CONFIG,
        undefined,
        {
          workspace,
        },
      );
      assert.deepEqual(result.errors, [], file);
      for (const f of result.findings) found.push(`${path.basename(file)}:${f.range.start.line + 1} ${f.ruleId}`);
    }
    assert.deepEqual(found.sort(), [
      'App.tsx:2 whole-library-import',
      'App.tsx:3 whole-library-import',
      'App.tsx:30 unstable-prop-to-unmemoised-child',
      'Cart.tsx:51 unstable-context-value',
      'ProductCard.tsx:2 whole-library-import',
      'ProductList.tsx:2 whole-library-import',
      'ProductList.tsx:34 expensive-render-work',
      'ProductList.tsx:52 unvirtualised-list',
      'ProductList.tsx:56 unstable-prop-to-memo-child',
      'ProductList.tsx:57 unstable-prop-to-memo-child',
      'SearchBox.tsx:25 derived-state-in-effect',
    ]);
  });
});
