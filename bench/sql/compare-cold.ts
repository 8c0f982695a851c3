/**
 * Two versions of the engine's cold static run on bench:sql-static's generated workspace, measured alternately: on a
 * machine others share, a before/after measured minutes apart compares the load as much as the code. Each
 * measurement is a process of its own: it runs the libpg-query parse floor and a fresh engine over every file, one round
 * left out for the JIT's warm-up, then `--rounds` rounds, and reports the medians' CPU time, as the bench does. The
 * processes alternate A, B, B, A, A, B… `--pairs` times.
 *
 * Usage: npx tsx bench/sql/compare-cold.ts <checkout A> <checkout B> [--pairs 3] [--rounds 4] [--no-rules]
 *   A checkout is a folder with this repository's src/ and tsconfig.json (a `git archive` of a commit, a worktree)
 *   and a node_modules (a link to this one's will do). Without its tsconfig.json tsx compiles the same code
 *   differently: a checkout against a copy of itself lacking it measured 15% apart.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadModule, parse } from 'libpg-query';
import type { Assistant } from '../../src/core/assistant';
import type { analyzeDocument as AnalyzeDocument } from '../../src/core/pipeline';
import type { memoryWorkspace as MemoryWorkspace } from '../../src/core/workspace';
import type { DEFAULT_CONFIG as DefaultConfig } from '../../src/core/config';
import type { SqlRule } from '../../src/assistants/sql/rule';
import { generateCorpus } from './corpus';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function cpuOf(fn: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface Measured {
  floor: number;
  cold: number;
  findings: number;
}

/** One checkout's measurement, in this process. */
async function measure(root: string, rounds: number, noRules: boolean): Promise<Measured> {
  const at = (module: string) => path.resolve(root, 'src', module);
  const sql: { createSqlAssistant(options: { rules?: SqlRule[] }): Assistant<unknown> } = await import(
    at('assistants/sql/index')
  );
  const { analyzeDocument }: { analyzeDocument: typeof AnalyzeDocument } = await import(at('core/pipeline'));
  const { memoryWorkspace }: { memoryWorkspace: typeof MemoryWorkspace } = await import(at('core/workspace'));
  const { DEFAULT_CONFIG }: { DEFAULT_CONFIG: typeof DefaultConfig } = await import(at('core/config'));
  const { files } = generateCorpus(200, 20, 300);
  await loadModule();
  const config = { ...DEFAULT_CONFIG, budgetMs: 600_000 };
  const workspace = memoryWorkspace(files);
  const floor: number[] = [];
  const cold: number[] = [];
  let findings = 0;
  for (let round = 0; round <= rounds; round++) {
    floor.push(
      await cpuOf(async () => {
        for (const text of files.values()) await parse(text);
      }),
    );
    findings = 0;
    cold.push(
      await cpuOf(async () => {
        const engine = sql.createSqlAssistant(noRules ? { rules: [] } : {});
        await engine.prepare?.(workspace);
        for (const [file, text] of files)
          findings += (await analyzeDocument(engine, { file, text }, config, undefined, { workspace })).findings.length;
      }),
    );
  }
  return { floor: median(floor.slice(1)), cold: median(cold.slice(1)), findings };
}

async function main(): Promise<void> {
  const rounds = arg('rounds', 4);
  const noRules = process.argv.includes('--no-rules');
  const child = process.argv.indexOf('--child');
  if (child > 0) {
    console.log(JSON.stringify(await measure(process.argv[child + 1], rounds, noRules)));
    return;
  }
  const roots = process.argv.slice(2, 4);
  if (roots.length !== 2 || roots.some((r) => r.startsWith('--')))
    throw new Error('usage: compare-cold.ts <checkout A> <checkout B> [--pairs 3] [--rounds 4] [--no-rules]');
  const results = new Map<string, Measured[]>(roots.map((r) => [r, []]));
  const loads: string[] = [];
  for (let pair = 0; pair < arg('pairs', 3); pair++) {
    for (const root of pair % 2 ? [...roots].reverse() : roots) {
      const out = spawnSync(
        process.execPath,
        [
          ...process.execArgv,
          __filename,
          '--child',
          root,
          '--rounds',
          String(rounds),
          ...(noRules ? ['--no-rules'] : []),
        ],
        { encoding: 'utf8' },
      );
      if (out.status !== 0) throw new Error(`${root}: ${out.stderr}`);
      results.get(root)!.push(JSON.parse(out.stdout.trim().split('\n').pop()!));
      loads.push(os.loadavg()[0].toFixed(1));
    }
  }
  console.log(`load (1 min) after each process: ${loads.join(' ')}; ${rounds} rounds per process, medians`);
  for (const root of roots) {
    const list = results.get(root)!;
    const ratios = list.map((m) => m.cold / m.floor);
    console.log(
      `${root}: cold CPU ${list.map((m) => m.cold.toFixed(0)).join(' / ')} ms, floor ${list.map((m) => m.floor.toFixed(0)).join(' / ')} ms; ` +
        `× the floor ${ratios.map((r) => r.toFixed(2)).join(' / ')} (median ${median(ratios).toFixed(2)}); ${list[0].findings} findings`,
    );
  }
}

void main();
