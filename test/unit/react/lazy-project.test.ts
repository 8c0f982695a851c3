import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { ImportCostMeasurer } from '../../../src/assistants/react/import-cost';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { bulk, write } from './written-packages';

/**
 * lazy-load-heavy-component in a project on disk: the framework read from the project (Next.js without a
 * `next/…` import in the file).
 */

const RULE = 'lazy-load-heavy-component';
// The first analysis of the process may load TypeScript: time is not what these tests are about.
const CONFIG = { ...DEFAULT_CONFIG, budgetMs: 60000 };

describe('lazy-load-heavy-component in a project', function () {
  this.timeout(60000);
  let root: string;
  let measurer: ImportCostMeasurer;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sa-lazy-project-')));
    measurer = new ImportCostMeasurer({ cacheDir: false });
  });

  after(() => {
    measurer.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Writes `files` under `root/<project>` and analyses `file` there with the whole project as the workspace. */
  async function analyse(project: string, files: Record<string, string>, file: string): Promise<Finding[]> {
    const texts = new Map<string, string>();
    for (const [name, text] of Object.entries(files)) {
      write(root, `${project}/${name}`, text);
      texts.set(`${project}/${name}`, text);
    }
    const engine = createReactAssistant({ importCost: measurer });
    const target = `${project}/${file}`;
    const result = await analyzeDocument(engine, { file: target, text: texts.get(target)! }, CONFIG, undefined, {
      workspace: memoryWorkspace(texts),
      settings: { importCostRoot: root, lazyLoadMinKb: 2 },
    });
    assert.deepEqual(result.errors, []);
    return result.findings.filter((f) => f.ruleId === RULE);
  }

  const CHART = `const SERIES = ${bulk('series', 400)};\nexport function Chart() { return <div>{SERIES.length}</div>; }\n`;
  const PAGE = [
    "'use client';",
    "import { useState } from 'react';",
    "import { Chart } from './Chart';",
    '',
    'export function Report() {',
    '  const [open, setOpen] = useState(false);',
    '  return <div><button onClick={() => setOpen(true)}>Show</button>{open && <Chart />}</div>;',
    '}',
    '',
  ].join('\n');

  it('offers next/dynamic first in a Next.js project file that imports nothing from next', async () => {
    const findings = await analyse(
      'next-app',
      {
        'package.json': JSON.stringify({ dependencies: { next: '15.0.0' } }),
        'src/Chart.tsx': CHART,
        'src/Report.tsx': PAGE,
      },
      'src/Report.tsx',
    );
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.match(findings[0].message, /load it with `next\/dynamic`/);
    const preferred = findings[0].fixes!.find((f) => f.isPreferred)!;
    assert.equal(preferred.title, 'Load Chart with next/dynamic');
    assert.ok(preferred.edits.some((e) => e.newText.includes("import dynamic from 'next/dynamic';")));
  });

  it('offers React.lazy in a project that is not Next.js', async () => {
    const findings = await analyse(
      'vite-app',
      {
        'package.json': JSON.stringify({ dependencies: { vite: '6.0.0' } }),
        'src/Chart.tsx': CHART,
        'src/Report.tsx': PAGE,
      },
      'src/Report.tsx',
    );
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.match(findings[0].message, /load it with React\.lazy/);
    assert.deepEqual(
      findings[0].fixes!.map((f) => f.title),
      ['Load Chart with React.lazy and render it in <Suspense>'],
    );
  });
});
