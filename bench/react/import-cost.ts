/**
 * Import cost: the first measurement of a package (worker thread started, esbuild bundling, gzip), the same
 * import again (memory cache), and again in a new measurer (disk cache, as after a restart). Measured from a
 * file at the root of `--project` (default: this repository, whose node_modules holds lodash, yaml and ajv).
 * Usage: npx tsx bench/react/import-cost.ts [--project <folder>] [--module lodash --names debounce]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportCostResult, ImportEntry } from '../../src/assistants/react/import-cost';
import { ImportCostMeasurer, formatBytes } from '../../src/assistants/react/import-cost';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const project = path.resolve(option('project') ?? path.join(__dirname, '../..'));
const from = path.join(project, 'index.js');
const custom = option('module');
const cases: ImportEntry[][] = custom
  ? [[{ module: custom, names: (option('names') ?? 'default').split(',') }]]
  : [
      [{ module: 'lodash', names: ['debounce'] }],
      [{ module: 'lodash/debounce', names: ['default'] }],
      [{ module: 'yaml', names: ['parse'] }],
      [{ module: 'ajv', names: ['default'] }],
    ];

function describe(result: ImportCostResult): string {
  return 'cost' in result
    ? `${formatBytes(result.cost.gzipBytes)} gzip, ${formatBytes(result.cost.minifiedBytes)} min (${result.cost.packages.join(', ')})`
    : `not measured: ${result.notMeasured}`;
}

async function timed(run: () => Promise<ImportCostResult>): Promise<[ImportCostResult, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

async function main(): Promise<void> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'sa-import-cost-bench-'));
  const measurer = new ImportCostMeasurer({ cacheDir, timeoutMs: 60_000 });
  const restarted = new ImportCostMeasurer({ cacheDir });
  try {
    console.log(`import cost, measured from ${from}`);
    for (const entries of cases) {
      const label = entries.map((e) => `{ ${e.names.join(', ')} } from '${e.module}'`).join(' + ');
      const [first, firstMs] = await timed(() => measurer.measure(from, entries));
      const [, memoryMs] = await timed(() => measurer.measure(from, entries));
      const [, diskMs] = await timed(() => restarted.measure(from, entries));
      console.log(
        `  ${label.padEnd(40)} ${describe(first)}\n    first ${firstMs.toFixed(0)} ms, cached ${memoryMs.toFixed(2)} ms (memory), ${diskMs.toFixed(2)} ms (disk)`,
      );
    }
  } finally {
    measurer.dispose();
    restarted.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

void main();
