/**
 * HPA reviewer throughput on a generated workspace of ~10,000 objects, cold and incremental, against
 * the `yaml` parse alone as the floor, all measured in this one run. Prints medians over repeats and
 * the ratios. Usage: npx tsx bench/k8s/run.ts [--objects 10000] [--per-file 20] [--repeat 5]
 */
import { parseAllDocuments } from 'yaml';
import { createK8sAssistant } from '../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { analyzeDocument } from '../../src/core/pipeline';
import { memoryWorkspace } from '../../src/core/workspace';
import { countObjects, generateWorkspace } from './generate';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const objects = arg('objects', 10_000);
const perFile = arg('per-file', 20);
const repeat = arg('repeat', 5);
// No budget: the benchmark measures the work, not the cut-off.
const config = { ...DEFAULT_CONFIG, budgetMs: 600_000 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const files = generateWorkspace(objects, perFile);
  const totalObjects = countObjects(files);
  const bytes = [...files.values()].reduce((n, t) => n + t.length, 0);
  console.log(
    `workspace: ${files.size} files, ${totalObjects} objects, ${(bytes / 1024 / 1024).toFixed(1)} MiB (generated)`,
  );
  console.log(`node ${process.version}, ${repeat} repeats, medians\n`);

  const floor: number[] = [];
  const cold: number[] = [];
  const incremental: number[] = [];
  const singleCold: number[] = [];
  let findings = 0;
  const entries = [...files.entries()];
  const edited = entries[Math.floor(entries.length / 2)][0];

  for (let r = 0; r < repeat; r++) {
    floor.push(
      await timed(() => {
        for (const text of files.values()) parseAllDocuments(text);
      }),
    );

    // Cold: a fresh engine (empty caches) analyses every file with the whole workspace as context,
    // what `scaling-assistant check k8s/` does.
    const engine = createK8sAssistant();
    const workspace = memoryWorkspace(files);
    let count = 0;
    cold.push(
      await timed(async () => {
        for (const [file, text] of entries) {
          count += (await analyzeDocument(engine, { file, text }, config, undefined, { workspace })).findings.length;
        }
      }),
    );
    findings = count;

    // Incremental: one file edited in the editor; only it is parsed again, the graph re-indexed.
    const changed = new Map(files);
    changed.set(edited, files.get(edited)!.replace('averageUtilization: 70', 'averageUtilization: 65'));
    const changedWorkspace = memoryWorkspace(changed);
    incremental.push(
      await timed(() =>
        analyzeDocument(engine, { file: edited, text: changed.get(edited)! }, config, undefined, {
          workspace: changedWorkspace,
        }),
      ),
    );

    // First analysis of one file in a fresh editor session: the workspace is parsed once for context.
    const fresh = createK8sAssistant();
    singleCold.push(
      await timed(() =>
        analyzeDocument(fresh, { file: edited, text: files.get(edited)! }, config, undefined, { workspace }),
      ),
    );
  }

  const f = median(floor);
  const rows: [string, number][] = [
    ['yaml parseAllDocuments, all files (floor)', f],
    ['check every file, cold (fresh caches)', median(cold)],
    ['first analysis of one file (workspace context cold)', median(singleCold)],
    ['re-analysis of one edited file (incremental)', median(incremental)],
  ];
  for (const [label, ms] of rows) {
    console.log(`${label.padEnd(54)} ${ms.toFixed(1).padStart(9)} ms   ${(ms / f).toFixed(2).padStart(6)} × floor`);
  }
  console.log(
    `\nthroughput cold: ${Math.round(totalObjects / (median(cold) / 1000))} objects/s; findings: ${findings}`,
  );
}

void main();
