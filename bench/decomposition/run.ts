/**
 * The decomposition planner's benchmark, all figures from this one run:
 * 1. graph: on a generated 5,000-file TypeScript monorepo (bench/module-graph's generator), our cold module-graph
 *    build (what dependency-cruiser does), our whole cold facts gathering (the graph, then data, use cases and
 *    calls), and dependency-cruiser, each a child process measured the same way (wall time from spawn to exit,
 *    Node's start-up included; peak RSS and CPU time from getrusage at exit), ours bundled to JavaScript as shipped;
 *    medians and ratios;
 * 2. update: the planner's refresh and plan after saving one file of that repository (wall and CPU time);
 * 3. quality: on each real split in truth/ (the monolith at its commit before the split), MoJoFM and adjusted
 *    Rand index of each partition against the services the project really became.
 * dependency-cruiser is installed from npm into --peers on first use (where bench:module-graph's peers go).
 * Usage: npx tsx bench/decomposition/run.ts [--files 5000] [--repeat 3] [--peers /tmp/peers] [--clones <folder>]
 *        [--only graph,update,quality] [--seeds 3]
 */
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { loadDecompositionPlanner } from '../../src/assistants/catalog';
import { partitionOf, type Partition } from '../../src/assistants/decomposition/evaluation';
import { gatherFacts, refreshFacts } from '../../src/assistants/decomposition/facts/gather';
import { folderAssignment, louvainAssignment } from '../../src/assistants/decomposition/metrics/baselines';
import { partitionFacts } from '../../src/assistants/decomposition/metrics/partition';
import { createDecompositionPlanner } from '../../src/assistants/decomposition/planner';
import { FileWorkspace } from '../../src/cli/file-workspace';
import { MAX_FILE_BYTES } from '../../src/cli/read-source';
import { walk } from '../../src/cli/walk';
import { diskWorkspace, writeWorkspace } from '../module-graph/disk-workspace';
import { generateWorkspace } from '../module-graph/generate';
import { bundleChild } from './bundle-child';
import { runChild, type ChildRun } from '../common/child-run';
import { ensurePeer } from './peers';
import { checkoutMonolith, cloneOf, relativeToInput, score, signalPrecision, type Scored } from './quality';
import { fuseSignals } from '../../src/assistants/decomposition/cluster/fused-graph';
import { LOUVAIN_SEED } from '../../src/assistants/decomposition/cluster/louvain';
import { clusterFacts, ENTRY } from '../../src/assistants/decomposition/cluster/propose';
import { readTruths } from './truth/truth';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const fileCount = Number(option('files') ?? 5000);
const repeat = Number(option('repeat') ?? 3);
const peersFolder = option('peers') ?? path.join(tmpdir(), 'peers');
const sections = new Set((option('only') ?? 'graph,update,quality').split(','));

/** This process's user + system CPU time, ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Summary {
  ms: number;
  cpuMs: number;
  peakMiB: number;
}

function summary(runs: ChildRun[]): Summary {
  return {
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    peakMiB: median(runs.map((r) => r.peakMiB)),
  };
}

function figures(s: Summary): string {
  return `${s.ms.toFixed(0)} ms wall, ${s.cpuMs.toFixed(0)} ms CPU, peak ${s.peakMiB.toFixed(0)} MiB`;
}

function ratios(name: string, ours: Summary, peer: Summary): string {
  return (
    `  dependency-cruiser ÷ ${name}: ${(peer.ms / ours.ms).toFixed(2)}× the wall time, ` +
    `${(peer.cpuMs / ours.cpuMs).toFixed(2)}× the CPU, ${(peer.peakMiB / ours.peakMiB).toFixed(2)}× the memory`
  );
}

/** Runs a bundled child of ours `repeat` times on the folder. */
function runOurs(child: string, root: string): ChildRun[] {
  const runs: ChildRun[] = [];
  for (let i = 0; i < repeat; i++) runs.push(runChild([child, root], process.cwd()));
  return runs;
}

/** The machine's load average (1, 5 and 15 minutes), printed beside timings: other work shifts them. */
function load(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}

function graphSection(root: string): void {
  console.log(`── graph: cold build, a child process per run, each bundled like a shipped command (${load()}) ──`);
  // Both of ours run as plain JavaScript, as the peer does: measured through tsx, the loader's start-up and its
  // compiling of our sources counted as ours.
  const graphChild = bundleChild(path.join(__dirname, 'graph-child.ts'));
  const factsChild = bundleChild(path.join(__dirname, 'facts-child.ts'));
  try {
    measureAll(root, graphChild, factsChild);
  } finally {
    for (const child of [graphChild, factsChild]) rmSync(path.dirname(child), { recursive: true, force: true });
  }
}

function measureAll(root: string, graphChild: string, factsChild: string): void {
  const graphRuns = runOurs(graphChild, root);
  const built = JSON.parse(graphRuns[0].stdout) as { modules: number; edges: number };
  const graph = summary(graphRuns);
  console.log(
    `ours, module graph (walk, read, parse, resolve: what dependency-cruiser does): ${figures(graph)} — ` +
      `${built.modules} modules, ${built.edges} edges`,
  );
  const factsRuns = runOurs(factsChild, root);
  const gathered = JSON.parse(factsRuns[0].stdout) as { files: number; calls: number; useCases: number };
  const facts = summary(factsRuns);
  console.log(
    `ours, all facts (the graph, then data, use cases and calls scanned and linked): ${figures(facts)} — ` +
      `${gathered.files} source files, ${gathered.calls} call sites, ${gathered.useCases} use cases`,
  );
  const peer = ensurePeer(peersFolder, 'dependency-cruiser', 'depcruise', [`typescript@${ts.version}`]);
  if (!peer) return;
  const theirs: ChildRun[] = [];
  try {
    for (let i = 0; i < repeat; i++)
      theirs.push(
        runChild(
          [
            peer.script,
            '--no-config',
            '--ts-pre-compilation-deps',
            '--ts-config',
            'tsconfig.json',
            '--output-type',
            'json',
            'packages',
            'app',
          ],
          root,
        ),
      );
  } catch (error) {
    console.log(`dependency-cruiser ${peer.version}: failed, ${String(error).slice(0, 300)}`);
    return;
  }
  const peerSummary = summary(theirs);
  const cruised = (
    JSON.parse(theirs[0].stdout) as { summary: { totalCruised: number; totalDependenciesCruised: number } }
  ).summary;
  console.log(
    `dependency-cruiser ${peer.version}: ${figures(peerSummary)} — ` +
      `${cruised.totalCruised} modules, ${cruised.totalDependenciesCruised} dependencies`,
  );
  console.log(`${ratios('our graph', graph, peerSummary)} (target ≥ 5×, ≤ 300 MB)`);
  console.log(`${ratios('our facts', facts, peerSummary)}\n  at the end: ${load()}\n`);
}

async function updateSection(root: string, texts: Map<string, string>): Promise<void> {
  console.log(`── update: one saved file (${load()}) ──`);
  const workspace = diskWorkspace(root, texts);
  let start = performance.now();
  const planner = await createDecompositionPlanner(workspace, '');
  const first = await planner.plan();
  const cold = performance.now() - start;
  const edited = planner.facts.files[Math.floor(planner.facts.files.length / 2)];
  const relative = path.relative(root, edited);
  const refresh: number[] = [];
  const replan: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeat; i++) {
    texts.set(relative, `${texts.get(relative)!}export const saved${i} = ${i};\n`);
    writeFileSync(path.join(root, relative), texts.get(relative)!);
    const cpuStart = cpuMs();
    start = performance.now();
    await planner.refresh();
    refresh.push(performance.now() - start);
    start = performance.now();
    await planner.plan();
    replan.push(performance.now() - start);
    cpu.push(cpuMs() - cpuStart);
  }
  console.log(
    `planner, cold (facts and first plan): ${cold.toFixed(0)} ms — ${planner.facts.files.length} source files, ` +
      `${first.services.length} services`,
  );
  // The facts' own share of the refresh, on a second set of facts over the same files.
  const facts = await gatherFacts(workspace, '');
  const factsOnly: number[] = [];
  for (let i = 0; i < repeat; i++) {
    texts.set(relative, `${texts.get(relative)!}export const again${i} = ${i};\n`);
    writeFileSync(path.join(root, relative), texts.get(relative)!);
    start = performance.now();
    await refreshFacts(facts, workspace);
    factsOnly.push(performance.now() - start);
  }
  const total = median(refresh.map((ms, i) => ms + replan[i]));
  console.log(
    `after saving ${relative}: refresh ${median(refresh).toFixed(0)} ms + plan ${median(replan).toFixed(0)} ms = ` +
      `${total.toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms CPU (target ≤ 1 s); of the refresh, refreshFacts alone: ${median(factsOnly).toFixed(0)} ms\n`,
  );
}

/** The planner's clustering as a partition, as a plan lists it: the shared library is one more cluster. */
function clusteringPartition(assignment: ReadonlyMap<string, string>): Partition {
  const partition = new Map<string, string>();
  for (const [file, service] of assignment) if (service !== ENTRY) partition.set(file, service);
  return partition;
}

/** The same partition scored once per seed: MoJoFM and ARI per seed and their means. */
interface SeededRow {
  name: string;
  runs: Scored[];
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function printScores(rows: SeededRow[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  const list = (values: number[], show: (v: number) => string) =>
    values.length > 1 ? `${values.map(show).join(' ')} (${show(mean(values))})` : show(values[0]);
  console.log(`  ${'partition'.padEnd(width)}  services  files  MoJoFM per seed (mean)  ARI per seed (mean)`);
  for (const row of rows)
    console.log(
      `  ${row.name.padEnd(width)}  ${row.runs
        .map((r) => r.services)
        .join('/')
        .padStart(8)}  ` +
        `${String(row.runs[0].compared).padStart(5)}  ` +
        `${list(
          row.runs.map((r) => r.mojoFm),
          (v) => `${(v * 100).toFixed(1)}%`,
        ).padEnd(22)}  ${list(
          row.runs.map((r) => r.ari),
          (v) => v.toFixed(3),
        )}`,
    );
}

/** Louvain's seeds: the fixed one every plan uses, then 1, 2, …; --seeds says how many. */
const seeds = [LOUVAIN_SEED, ...Array.from({ length: Number(option('seeds') ?? 3) - 1 }, (_, i) => i + 1)];

async function qualitySection(): Promise<void> {
  console.log(
    `── quality: against real splits (${load()}; Louvain seeds ${seeds.map((s) => `0x${s.toString(16)}`).join(', ')}) ──`,
  );
  for (const truth of readTruths()) {
    const services = Object.keys(truth.services).length;
    console.log(
      `${truth.name}${truth.heldOut ? ' (held out)' : ''} (${truth.repository} ${truth.input} at ${truth.before.slice(0, 10)} → ${truth.after.slice(0, 10)}): ` +
        `${Object.keys(truth.files).length} files in ${services} services`,
    );
    let folder: string;
    try {
      folder = checkoutMonolith(truth, cloneOf(truth, option('clones')));
    } catch (error) {
      console.log(`  skipped: ${String(error).slice(0, 300)}\n`);
      continue;
    }
    try {
      const walked = await walk([folder], folder);
      // As the CLI makes it: with the query optimizer's table-access facts, so SQL written in code is read too.
      const engine = await loadDecompositionPlanner();
      const planner = await engine.createPlanner(new FileWorkspace(walked.files, MAX_FILE_BYTES), truth.input);
      const { facts } = planner;
      const pf = partitionFacts(facts);
      const reference = partitionOf(truth.files);
      const scored = (name: string, partition: Partition) => score(name, relativeToInput(truth, partition), reference);
      const perSeed = (name: string, partitionFor: (seed: number) => Partition): SeededRow => ({
        name,
        runs: seeds.map((seed) => scored(name, partitionFor(seed))),
      });
      const once = (name: string, partition: Partition): SeededRow => ({ name, runs: [scored(name, partition)] });
      const free = clusterFacts(facts, pf, {});
      const rows = [
        perSeed(`ours, --services ${services}`, (seed) =>
          clusteringPartition(clusterFacts(facts, pf, { services, seed }).assignment),
        ),
        perSeed('ours, free', (seed) => clusteringPartition(clusterFacts(facts, pf, { seed }).assignment)),
        once('folders', folderAssignment(truth.input, facts.files)),
        perSeed('plain Louvain', (seed) => louvainAssignment(pf, seed)),
        // What any partition must beat: the monolith left whole.
        once('everything in one service', new Map(facts.files.map((f) => [f, 'monolith']))),
      ];
      printScores(rows);
      console.log(`  free, fixed seed: ${free.notes.join('; ')}`);
      // Every signal at weight 1, so one the defaults leave out is judged too.
      const everySignal = { imports: 1, calls: 1, data: 1, useCases: 1, coupling: 1 };
      const inWorkspace = new Map([...reference].map(([file, service]) => [`${truth.input}/${file}`, service]));
      const precision = signalPrecision(fuseSignals(facts, facts.files, everySignal), inWorkspace);
      console.log(
        `  tie weight inside one later service (chance ${(precision.chance * 100).toFixed(0)}%): ` +
          precision.signals.map((s) => `${s.signal} ${(s.inside * 100).toFixed(0)}% of ${s.pairs} ties`).join(', '),
      );
      console.log(
        `  ${facts.files.length} source files read, ${facts.errors.length} errors; data, use cases and calls: ` +
          `${facts.data.length} accesses, ${facts.useCases.length} use cases, ${facts.calls.length} call sites; ` +
          `declared processes: ${(facts.processes ?? []).map((p) => `${p.name} (${p.entry.slice(truth.input.length + 1)}, reaches ${p.reaches.length})`).join(', ') || 'none'}` +
          facts.errors
            .slice(0, 3)
            .map((e) => `\n  error: ${e.file}: ${e.message}`)
            .join('') +
          '\n',
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

async function main(): Promise<void> {
  console.log(
    `node ${process.version}, typescript ${ts.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${repeat} runs, medians; other work on the machine shifts the times\n`,
  );
  if (sections.has('graph') || sections.has('update')) {
    const texts = generateWorkspace(fileCount);
    const root = writeWorkspace(texts, 'decomposition-bench-');
    console.log(`workspace: ${texts.size} generated files, ${root}\n`);
    try {
      if (sections.has('graph')) graphSection(root);
      if (sections.has('update')) await updateSection(root, texts);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  if (sections.has('quality')) await qualitySection();
}

void main();
