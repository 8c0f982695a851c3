/**
 * Where a cold static run's time goes: the engine of bench:sql-static's in-process cold run (a fresh engine over
 * the generated workspace), under the inspector's CPU profiler, after warm-up rounds (so the profile shows the
 * engine's work rather than the JIT's). Writes a .cpuprofile (open it in Chrome's DevTools or VS Code) and prints
 * the functions with the most self and inclusive time.
 *
 * Usage: npx tsx bench/sql/profile.ts [--rounds 4] [--warmup 2] [--no-rules] [--out /tmp/sql-cold.cpuprofile]
 *   --no-rules: the engine without its rules (extraction, parse, schema as of each migration, the rule loop).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { Session } from 'node:inspector/promises';
import { loadModule } from 'libpg-query';
import { createSqlAssistant } from '../../src/assistants/sql/index';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { analyzeDocument } from '../../src/core/pipeline';
import { memoryWorkspace } from '../../src/core/workspace';
import { generateCorpus } from './corpus';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Self and inclusive milliseconds by function (`name file`), recursion counted once. */
function summarise(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const k = key(byId.get(id)!);
    self.set(k, (self.get(k) ?? 0) + us);
    const seen = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const name = key(byId.get(x)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  });
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
      )
      .join('\n');
  return `sampled ${(total / 1000).toFixed(0)} ms\n-- self --\n${list(self)}\n-- inclusive --\n${list(inclusive)}`;
}

async function main(): Promise<void> {
  const rounds = Number(arg('rounds', '4'));
  const warmup = Number(arg('warmup', '2'));
  const out = arg('out', '/tmp/sql-cold.cpuprofile');
  const options = process.argv.includes('--no-rules') ? { rules: [] } : {};
  const { files } = generateCorpus(200, 20, 300);
  await loadModule();
  const config = { ...DEFAULT_CONFIG, budgetMs: 600_000 };
  const workspace = memoryWorkspace(files);
  let findings = 0;
  const coldRun = async () => {
    const engine = createSqlAssistant(options);
    await engine.prepare?.(workspace);
    for (const [file, text] of files)
      findings += (await analyzeDocument(engine, { file, text }, config, undefined, { workspace })).findings.length;
  };
  for (let i = 0; i < warmup; i++) await coldRun();
  findings = 0;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  for (let i = 0; i < rounds; i++) await coldRun();
  const used = process.cpuUsage(cpu);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  fs.writeFileSync(out, JSON.stringify(profile));
  console.log(
    `${rounds} cold runs profiled after ${warmup} unprofiled: ${findings / rounds} findings each, CPU ${((used.user + used.system) / 1000 / rounds).toFixed(0)} ms each (profiler included); load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; profile in ${out}`,
  );
  console.log(summarise(profile as never, Number(arg('top', '40'))));
}

void main();
