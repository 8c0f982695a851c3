/**
 * The frontend optimizer against ESLint on the generated corpus (bench/react/corpus.ts), in one run:
 * - cold, each tool a child process of its own measured the same way (wall, CPU, peak memory, Node's start-up
 *   included): our CLI (`check --assistant react`, built first) and ESLint 9 with typescript-eslint's parser,
 *   react-hooks (with the React Compiler rules), react-perf and react-x; ESLint with the parser alone and no
 *   rule as its own floor; on the 400 component files and on the 8,000-line file;
 * - warm, in this process: one edited component re-analysed in a prepared workspace, against ESLint's
 *   lintText of the same edit with the same ESLint instance kept (as an editor's ESLint server does);
 * - detection: per planted category, how many problems each tool found, its findings that are noise, and the
 *   near-misses (clean code a careless check would report) it flagged.
 * The peers are installed from npm into --peers on first use (where the other benchmarks' peers go).
 * With --baseline <cli.js> (another build of our CLI, such as main's), that build is measured in the same rounds
 * as `ours`, so a change is compared under the same load, and whether its findings are the same is printed.
 * Usage: npx tsx bench/react/run.ts [--repeat 3] [--edits 9] [--peers /tmp/peers] [--baseline /tmp/main/dist/cli.js]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { createReactAssistant } from '../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { loadTypeScript } from '../../src/core/module-graph/typescript';
import { analyzeDocument } from '../../src/core/pipeline';
import type { ChildRun } from '../common/child-run';
import { runChild } from '../common/child-run';
import type { ReactCorpus } from './corpus';
import { generateLargeFile, generateReactCorpus, PLANTED_CATEGORIES } from './corpus';
import type { DetectionScore, Family, ToolFinding } from './detection';
import { FAMILIES, familyOf, peerRule, score } from './detection';
import { eslintConfig, FULL_CONFIG, PARSE_CONFIG } from './eslint-config';
import { median, option, workspaceOf } from './measure';
import type { PeerName, PeerPackage } from './peers';
import { ensureEslintPeers } from './peers';

const repeat = Number(option('repeat') ?? 3);
const edits = Number(option('edits') ?? 9);
const peersFolder = option('peers') ?? path.join(tmpdir(), 'peers');
const repoRoot = path.resolve(__dirname, '../..');
const cli = path.join(repoRoot, 'dist/cli.js');
const baselineCli = option('baseline');

function writeTree(root: string, files: Map<string, string>): void {
  for (const [relative, text] of files) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
}

/** The corpus without its component files: configs, the UI package and the context, for the large file's folder. */
function scaffold(corpus: ReactCorpus): Map<string, string> {
  const components = new Set(corpus.components);
  return new Map([...corpus.files].filter(([file]) => !components.has(file)));
}

interface Tool {
  name: string;
  args: string[];
  okCodes?: number[];
}

interface Measured {
  runs: ChildRun[];
  /** The first run's output, for the detection comparison. */
  stdout: string;
}

const summary = (runs: ChildRun[]) => ({
  ms: median(runs.map((r) => r.ms)),
  cpuMs: median(runs.map((r) => r.cpuMs)),
  peakMiB: median(runs.map((r) => r.peakMiB)),
});

/** Each tool once per round, rounds interleaved, so a load spike on the shared machine hits all of them alike. */
function measureTools(tools: Tool[], cwd: string): Map<string, Measured> {
  const out = new Map<string, Measured>(tools.map((t) => [t.name, { runs: [], stdout: '' }]));
  for (let round = 0; round < repeat; round++)
    for (const tool of tools) {
      const run = runChild(tool.args, cwd, tool.okCodes);
      const measured = out.get(tool.name)!;
      if (round === 0) measured.stdout = run.stdout;
      measured.runs.push({ ...run, stdout: '' });
    }
  return out;
}

function printTimes(title: string, measured: Map<string, Measured>, reference: string, floor: number): void {
  console.log(`\n${title}`);
  const ref = summary(measured.get(reference)!.runs);
  for (const [name, { runs }] of measured) {
    const s = summary(runs);
    console.log(
      `  ${name.padEnd(44)} ${s.ms.toFixed(0).padStart(7)} ms wall ${(s.ms / ref.ms).toFixed(2).padStart(6)} ×` +
        `   ${s.cpuMs.toFixed(0).padStart(7)} ms CPU ${(s.cpuMs / ref.cpuMs).toFixed(2).padStart(6)} ×` +
        `   peak ${s.peakMiB.toFixed(0).padStart(4)} MiB   (minus Node start-up: ${(s.ms - floor).toFixed(0)} ms)`,
    );
  }
}

/** Two runs of our CLI found the same (the JSON report's findings and errors, whatever the timings). */
function sameFindings(a: string, b: string): boolean {
  const of = (stdout: string) => {
    const report = JSON.parse(stdout) as { findings: unknown; errors: unknown };
    return JSON.stringify([report.findings, report.errors]);
  };
  return of(a) === of(b);
}

function ourFindings(stdout: string): ToolFinding[] {
  const report = JSON.parse(stdout) as {
    findings: { file: string; ruleId: string; range: { start: { line: number } } }[];
    errors: unknown[];
  };
  if (report.errors.length) console.log(`  our CLI reported ${report.errors.length} errors`);
  return report.findings.map((f) => ({ file: f.file, rule: f.ruleId, line: f.range.start.line + 1 }));
}

function eslintFindings(stdout: string, root: string): ToolFinding[] {
  const results = JSON.parse(stdout) as {
    filePath: string;
    messages: { ruleId: string | null; messageId?: string; message: string; line: number; fatal?: boolean }[];
  }[];
  return results.flatMap((r) =>
    r.messages.map((m) => ({
      file: path.relative(root, r.filePath).split(path.sep).join('/'),
      rule: peerRule(m.ruleId ?? 'fatal parse error', m.messageId, m.message),
      line: m.line,
    })),
  );
}

function printDetection(corpus: ReactCorpus, ours: ToolFinding[], eslint: ToolFinding[]): void {
  const scores = new Map<Family, DetectionScore>(
    FAMILIES.map((family) => [
      family,
      score(
        corpus.planted,
        [...ours, ...eslint].filter((f) => familyOf(f.rule).includes(family)),
        corpus.clean,
      ),
    ]),
  );
  console.log(
    '\ndetection on the 400 component files: found of the planted problems; +N: findings of the category on nothing ' +
      'planted (noise), (M near): near-misses of the category flagged',
  );
  const width = 22;
  console.log(
    `  ${'category'.padEnd(32)}${'planted'.padStart(8)}${'near'.padStart(6)}${FAMILIES.map((f) => f.padStart(width)).join('')}`,
  );
  for (const category of PLANTED_CATEGORIES) {
    const cells = FAMILIES.map((family) => {
      const s = scores.get(family)!.byCategory.get(category)!;
      const near = s.nearMissesFlagged ? ` (${s.nearMissesFlagged} near)` : '';
      return `${s.found}${s.noise ? ` +${s.noise}` : ''}${near}`.padStart(width);
    });
    const { planted, nearMisses } = scores.get('ours')!.byCategory.get(category)!;
    console.log(
      `  ${category.padEnd(32)}${String(planted).padStart(8)}${String(nearMisses).padStart(6)}${cells.join('')}`,
    );
  }
  for (const family of FAMILIES) {
    const other = [...scores.get(family)!.other].sort((a, b) => b[1] - a[1]);
    if (family !== 'eslint (all peers)' && other.length)
      console.log(`  other findings, ${family}: ${other.map(([rule, n]) => `${rule} ${n}`).join(', ')}`);
  }
}

const NO_BUDGET = { ...DEFAULT_CONFIG, budgetMs: 600_000 };

/** A value's CPU time in this process alongside its wall time. */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}

/** The edit an editor sends: the component's initial query changed, `round` making each text new. */
const edited = (text: string, round: number) => text.replace(`useState('')`, `useState('q${round}')`);

async function warmOurs(corpus: ReactCorpus, file: string): Promise<{ ms: number[]; cpuMs: number[] }> {
  await loadTypeScript();
  const texts = new Map(corpus.files);
  const workspace = workspaceOf(texts);
  const engine = createReactAssistant();
  await engine.prepare!(workspace);
  for (const component of corpus.components)
    await analyzeDocument(engine, { file: component, text: texts.get(component)! }, NO_BUDGET, undefined, {
      workspace,
    });
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (let round = 0; round < edits; round++) {
    texts.set(file, edited(corpus.files.get(file)!, round));
    const run = await timed(() =>
      analyzeDocument(engine, { file, text: texts.get(file)! }, NO_BUDGET, undefined, { workspace }),
    );
    ms.push(run.ms);
    cpuMs.push(run.cpuMs);
  }
  return { ms, cpuMs };
}

interface EslintApi {
  ESLint: new (options: { cwd: string; overrideConfigFile: string }) => {
    lintText(text: string, options: { filePath: string }): Promise<unknown[]>;
  };
}

async function warmEslint(
  corpus: ReactCorpus,
  file: string,
  root: string,
  peers: Record<PeerName, PeerPackage>,
): Promise<{ ms: number[]; cpuMs: number[] }> {
  const { ESLint } = (await import(peers.eslint.entry)) as EslintApi;
  const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, FULL_CONFIG) });
  const filePath = path.join(root, file);
  // The server has linted the open files before the edit: config loaded, plugins and parser warm.
  for (const component of corpus.components.slice(0, 20))
    await eslint.lintText(corpus.files.get(component)!, { filePath: path.join(root, component) });
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (let round = 0; round < edits; round++) {
    const run = await timed(() => eslint.lintText(edited(corpus.files.get(file)!, round), { filePath }));
    ms.push(run.ms);
    cpuMs.push(run.cpuMs);
  }
  return { ms, cpuMs };
}

async function main(): Promise<void> {
  const peers = ensureEslintPeers(peersFolder);
  console.log('building dist/cli.js …');
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'ignore' });

  const corpus = generateReactCorpus(400);
  const large = generateLargeFile(8000);
  const root = mkdtempSync(path.join(tmpdir(), 'react-bench-'));
  const corpusRoot = path.join(root, 'components');
  const largeRoot = path.join(root, 'large');
  writeTree(corpusRoot, corpus.files);
  writeTree(largeRoot, new Map([...scaffold(corpus), ['src/features/large/Large.tsx', large]]));
  const lines = (text: string) => text.split('\n').length;
  const componentLines = corpus.components.reduce((n, f) => n + lines(corpus.files.get(f)!), 0);
  console.log(
    `corpus: ${corpus.components.length} component files (${componentLines} lines) + ${corpus.files.size - corpus.components.length} ` +
      `scaffold files; large file ${lines(large)} lines (with the same scaffold); ${root}`,
  );
  console.log(
    `node ${process.version}, ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${repeat} rounds, medians; child processes include Node's start-up`,
  );
  if (!peers) {
    console.log('the ESLint peers are not installed: nothing to compare with');
    return;
  }
  console.log(
    `peers: ${Object.entries(peers)
      .map(([name, p]) => `${name} ${p.version}`)
      .join(', ')} (in ${peersFolder})`,
  );

  const ours = 'scaling-assistant check --assistant react';
  const full = 'eslint (hooks + perf + react-x)';
  const parse = 'eslint parse only (no rules: its floor)';
  const eslintBin = path.join(peersFolder, 'node_modules/eslint/bin/eslint.js');
  const checkArgs = (build: string) => [
    build,
    'check',
    '--assistant',
    'react',
    '--format',
    'json',
    '--fail-on',
    'never',
    '--budget-ms',
    '600000',
    '.',
  ];
  const baseline = `the same, baseline build (${baselineCli})`;
  const tools: Tool[] = [
    { name: 'node -e 0 (start-up)', args: ['-e', '0'] },
    { name: ours, args: checkArgs(cli) },
    ...(baselineCli ? [{ name: baseline, args: checkArgs(baselineCli) }] : []),
    { name: full, args: [eslintBin, '--config', FULL_CONFIG, '--format', 'json', '.'], okCodes: [0, 1] },
    { name: parse, args: [eslintBin, '--config', PARSE_CONFIG, '--format', 'json', '.'], okCodes: [0, 1] },
  ];
  for (const folder of [corpusRoot, largeRoot]) {
    writeFileSync(path.join(folder, FULL_CONFIG), eslintConfig(peers, false));
    writeFileSync(path.join(folder, PARSE_CONFIG), eslintConfig(peers, true));
  }

  // Our CLI keeps TypeScript's compiled code between runs (src/core/code-cache.ts): one run first, untimed, so
  // every round measures the state a user is in from the second run on.
  for (const folder of [corpusRoot, largeRoot]) runChild(checkArgs(cli), folder);
  const onComponents = measureTools(tools, corpusRoot);
  const startUp = median(onComponents.get(tools[0].name)!.runs.map((r) => r.ms));
  onComponents.delete(tools[0].name);
  printTimes('400 component files, cold (×: against ours)', onComponents, ours, startUp);
  const onLarge = measureTools(tools.slice(1), largeRoot);
  const scaffoldFiles = corpus.files.size - corpus.components.length;
  printTimes(`the 8,000-line file (and the ${scaffoldFiles} scaffold files), cold`, onLarge, ours, startUp);
  if (baselineCli)
    for (const [title, measured] of [
      ['400 files', onComponents],
      ['8,000-line file', onLarge],
    ] as const)
      console.log(
        `findings of the baseline build on the ${title}: ` +
          (sameFindings(measured.get(ours)!.stdout, measured.get(baseline)!.stdout) ? 'the same' : 'DIFFERENT'),
      );
  const ratio = (m: Map<string, Measured>, a: string, key: 'ms' | 'cpuMs') =>
    (summary(m.get(a)!.runs)[key] / summary(m.get(ours)!.runs)[key]).toFixed(1);
  console.log(
    `\nESLint takes ${ratio(onComponents, full, 'ms')}× our wall time (${ratio(onComponents, full, 'cpuMs')}× our CPU) ` +
      `on the 400 files (target 20×), ${ratio(onLarge, full, 'ms')}× (${ratio(onLarge, full, 'cpuMs')}× CPU) ` +
      `on the 8,000-line file; its parse alone takes ${ratio(onComponents, parse, 'ms')}× and ${ratio(onLarge, parse, 'ms')}×`,
  );
  if (baselineCli) {
    const against = (m: Map<string, Measured>, key: 'ms' | 'cpuMs') =>
      (summary(m.get(full)!.runs)[key] / summary(m.get(baseline)!.runs)[key]).toFixed(1);
    console.log(
      `against the baseline build: ${against(onComponents, 'ms')}× (${against(onComponents, 'cpuMs')}× CPU) on the ` +
        `400 files, ${against(onLarge, 'ms')}× (${against(onLarge, 'cpuMs')}× CPU) on the 8,000-line file`,
    );
  }
  console.log(
    `load after the cold runs: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  const file = corpus.components[7];
  const warm = await warmOurs(corpus, file);
  const eslintWarm = await warmEslint(corpus, file, corpusRoot, peers);
  console.log(`\none edited component (${file}), warm, median of ${edits} edits`);
  console.log(
    `  ours, re-analysed in the prepared workspace: ${median(warm.ms).toFixed(1)} ms wall, ` +
      `${median(warm.cpuMs).toFixed(1)} ms CPU (target ≤ 30 ms)`,
  );
  console.log(
    `  eslint, lintText with the instance kept: ${median(eslintWarm.ms).toFixed(1)} ms wall, ` +
      `${median(eslintWarm.cpuMs).toFixed(1)} ms CPU`,
  );

  printDetection(
    corpus,
    ourFindings(onComponents.get(ours)!.stdout),
    eslintFindings(onComponents.get(full)!.stdout, corpusRoot),
  );
  rmSync(root, { recursive: true, force: true });
}

void main();
