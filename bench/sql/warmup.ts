/**
 * How much of a cold static run is V8 warming up: the same process runs a fresh engine `--runs` times, each time on a
 * fresh copy of bench:sql-static's generated workspace (other table names, so no cache keyed by text carries over),
 * after the libpg-query parse floor on the same copy. For each run it prints the CPU time, split (on Linux, from
 * /proc) into the main thread and V8's other threads: the optimizing compiler and the collector's helpers work there,
 * and process.cpuUsage (what the bench reports) counts them too. The first run pays for compiling and optimizing the
 * engine's code; how fast the later ones fall is how long the JIT keeps at it.
 *
 * Usage: npx tsx bench/sql/warmup.ts [--runs 8]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { loadModule, parse } from 'libpg-query';
import { createSqlAssistant } from '../../src/assistants/sql/index';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { analyzeDocument } from '../../src/core/pipeline';
import { memoryWorkspace } from '../../src/core/workspace';
import { generateCorpus } from './corpus';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Clock ticks per second of /proc's stat times: 100 on Linux everywhere this runs. */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds of this process's main thread and of its other threads, or undefined without /proc. */
function threadCpu(): { main: number; other: number } | undefined {
  let tasks: string[];
  try {
    tasks = fs.readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  let main = 0;
  let other = 0;
  for (const tid of tasks) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // The thread ended since the listing.
    }
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    if (Number(tid) === process.pid) main += ms;
    else other += ms;
  }
  return { main, other };
}

async function measured(fn: () => Promise<void>): Promise<string> {
  const threads = threadCpu();
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  const after = threadCpu();
  const cpu = ((used.user + used.system) / 1000).toFixed(0).padStart(5);
  return threads && after
    ? `${cpu} ms CPU (main thread ${(after.main - threads.main).toFixed(0)}, other threads ${(after.other - threads.other).toFixed(0)})`
    : `${cpu} ms CPU`;
}

async function main(): Promise<void> {
  const runs = arg('runs', 8);
  const config = { ...DEFAULT_CONFIG, budgetMs: 600_000 };
  await loadModule();
  console.log(
    `node ${process.version}, ${os.cpus().length} cores; thread times in steps of ${1000 / TICKS_PER_SECOND} ms`,
  );
  for (let run = 0; run < runs; run++) {
    const { files: generated } = generateCorpus(200, 20, 300);
    const files = new Map(
      [...generated].map(([file, text]) => [file, text.replace(/\bitems_(\d+)/g, (_, n) => `t${run}_${n}`)]),
    );
    const workspace = memoryWorkspace(files);
    const floor = await measured(async () => {
      for (const text of files.values()) await parse(text);
    });
    let findings = 0;
    const cold = await measured(async () => {
      const engine = createSqlAssistant();
      await engine.prepare?.(workspace);
      for (const [file, text] of files)
        findings += (await analyzeDocument(engine, { file, text }, config, undefined, { workspace })).findings.length;
    });
    console.log(`run ${run}: floor ${floor}; fresh engine ${cold}; ${findings} findings`);
  }
  console.log(
    `load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}

void main();
