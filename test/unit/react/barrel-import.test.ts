import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { ImportCostMeasurer, formatBytes } from '../../../src/assistants/react/import-cost';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import { analyzeDocument } from '../../../src/core/pipeline';
import { applyEdits } from '../helpers/apply-edits';
import { bulk, write } from './written-packages';

/**
 * barrel-import measured in a node_modules written for the test: a CommonJS icon barrel that requires every
 * icon (the barrel weighs far more than one icon's module: reported, with the sizes and the deep imports), and
 * an ES module component kit marked side-effect free (its barrel tree-shakes to the same size: not reported).
 */

describe('barrel-import, measured', function () {
  this.timeout(60000);
  let root: string;
  let measurer: ImportCostMeasurer;

  before(async () => {
    await loadTypeScript();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sa-barrel-')));
    const icons = 'node_modules/@mui/icons-material';
    write(
      root,
      `${icons}/package.json`,
      JSON.stringify({ name: '@mui/icons-material', version: '9.0.0-test', main: 'index.js' }),
    );
    const names = ['Delete', 'Edit', 'Home', 'Search', 'Star', 'Menu', 'Close', 'Add', 'Share', 'Info'];
    for (const name of names)
      write(
        root,
        `${icons}/${name}.js`,
        `exports.__esModule = true;\nexports.default = function ${name}() { return ${bulk(name, 300)}; };\n`,
      );
    write(
      root,
      `${icons}/index.js`,
      names.map((name) => `exports.${name} = require('./${name}.js').default;`).join('\n'),
    );
    const kit = 'node_modules/react-bootstrap';
    write(
      root,
      `${kit}/package.json`,
      JSON.stringify({
        name: 'react-bootstrap',
        version: '9.0.0-test',
        type: 'module',
        module: 'index.js',
        sideEffects: false,
      }),
    );
    for (const name of ['Button', 'Modal'])
      write(root, `${kit}/${name}.js`, `export default function ${name}() { return ${bulk(name, 300)}; }\n`);
    write(
      root,
      `${kit}/index.js`,
      `export { default as Button } from './Button.js';\nexport { default as Modal } from './Modal.js';\n`,
    );
    // The analysed file's folder: measurements resolve packages from it.
    fs.mkdirSync(path.join(root, 'src'));
    measurer = new ImportCostMeasurer({ cacheDir: false });
  });

  after(() => {
    measurer.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const analyze = (text: string) =>
    analyzeDocument(
      createReactAssistant({ importCost: measurer }),
      { file: path.join(root, 'src/Toolbar.tsx'), text },
      DEFAULT_CONFIG,
    );

  it('reports a barrel that weighs more than the icons it gives, with both sizes and the deep imports as the fix', async () => {
    const text = `import { Delete, Edit as EditIcon } from '@mui/icons-material';\nexport const icons = [Delete, EditIcon];\n`;
    const result = await analyze(text);
    const found = result.findings.filter((f) => f.ruleId === 'barrel-import');
    assert.equal(found.length, 1, JSON.stringify(result));
    const size = found[0].evidence?.measuredSize;
    assert.ok(size && size.afterBytes !== undefined && size.beforeBytes > 2 * size.afterBytes, JSON.stringify(size));
    assert.ok(
      found[0].message.includes(
        `(\`@mui/icons-material\` ${formatBytes(size.beforeBytes)} gzip → the 2 per-export modules ${formatBytes(size.afterBytes)} (measured))`,
      ),
      found[0].message,
    );
    assert.equal(
      applyEdits(text, found[0].fixes![0].edits),
      `import Delete from '@mui/icons-material/Delete';\nimport EditIcon from '@mui/icons-material/Edit';\nexport const icons = [Delete, EditIcon];\n`,
    );
  });

  it('does not report a barrel that tree-shakes to the size of the modules', async () => {
    const result = await analyze(`import { Button } from 'react-bootstrap';\nexport const B = Button;\n`);
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === 'barrel-import'),
      [],
    );
  });
});
