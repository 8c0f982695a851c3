/**
 * Static SQL rules against their floor and their peers, all measured in this one run on one generated
 * workspace (bench/sql/corpus.ts): thousands of statements mixing the rule patterns with clean SQL, plus
 * one migration per lock-safety pattern.
 *
 *   (a) floor: libpg-query `parse` of every file (the parser the engine uses), WASM loaded beforehand;
 *   (b) our check in-process: a fresh engine (cold caches) over every file, then the same engine again (warm),
 *       wall clock and CPU time (on a shared machine the CPU time is the steadier figure);
 *       and the CLI as a process (`node dist/cli.js check`), when dist/ is built;
 *   (c) peers on the same files, as processes: squawk (devDependency `squawk-cli`) and, when installed,
 *       sql-lint (`npm install --no-save sql-lint`, or SQL_LINT=/path/to/sql-lint).
 *
 * Then detection side by side: for each pattern class, how many of its statements each tool flags (any
 * finding on the statement's lines). For the clean classes every flag is a false positive.
 *
 * Usage: npx tsx bench/sql/static.ts [--files 200] [--per-file 20] [--migrations 300] [--repeat 3] [--no-registry]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadModule, parse } from 'libpg-query';
import { createSqlAssistant } from '../../src/assistants/sql/index';
import { SQL_RULES } from '../../src/assistants/sql/rules';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { analyzeDocument } from '../../src/core/pipeline';
import { memoryWorkspace } from '../../src/core/workspace';
import type { Statement } from './corpus';
import { generateCorpus } from './corpus';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROOT = path.resolve(__dirname, '../..');
const queryFiles = arg('files', 200);
const perFile = arg('per-file', 20);
const migrations = arg('migrations', 300);
const repeat = arg('repeat', 3);
// No budget: the benchmark measures the work, not the cut-off.
const config = { ...DEFAULT_CONFIG, budgetMs: 600_000 };
const staticRules = new Set(SQL_RULES.map((r) => r.id));

interface Flag {
  file: string;
  line: number;
  rule: string;
}

interface ToolRun {
  name: string;
  ms: number[];
  /** CPU time of each run, for the in-process runs. */
  cpu?: number[];
  flags: Flag[];
  note?: string;
  failed?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * CPU time of this process while `fn` runs (all its threads, the collector's included): on a shared machine a
 * wall-clock figure also counts the time other processes held the cores, this one does not.
 */
async function cpuTimed(fn: () => Promise<unknown> | unknown): Promise<{ ms: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const ms = await timed(fn);
  const used = process.cpuUsage(cpu);
  return { ms, cpu: (used.user + used.system) / 1000 };
}

function run(
  command: string,
  args: string[],
  cwd: string,
): { ms: number; stdout: string; stderr: string; status: number | null; error?: Error } {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return {
    ms: performance.now() - start,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    status: result.status,
    error: result.error,
  };
}

function writeCorpus(files: Map<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-sql-bench-'));
  for (const [file, text] of files) {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function ours(files: Map<string, string>): Promise<{ cold: ToolRun; warm: ToolRun }> {
  const cold: ToolRun = { name: 'scaling-assistant, in-process, cold', ms: [], cpu: [], flags: [] };
  const warm: ToolRun = { name: 'scaling-assistant, in-process, warm', ms: [], cpu: [], flags: [] };
  const workspace = memoryWorkspace(files);
  for (let r = 0; r < repeat; r++) {
    const engine = createSqlAssistant();
    for (const target of [cold, warm]) {
      const flags: Flag[] = [];
      const run = await cpuTimed(async () => {
        await engine.prepare?.(workspace);
        for (const [file, text] of files) {
          const result = await analyzeDocument(engine, { file, text }, config, undefined, { workspace });
          if (result.errors.length) throw new Error(`${file}: ${result.errors.map((e) => e.message).join('; ')}`);
          for (const f of result.findings)
            if (staticRules.has(f.ruleId)) flags.push({ file, line: f.range.start.line + 1, rule: f.ruleId });
        }
      });
      target.ms.push(run.ms);
      target.cpu!.push(run.cpu);
      target.flags = flags;
    }
  }
  return { cold, warm };
}

function cli(dir: string): ToolRun {
  const tool: ToolRun = { name: 'scaling-assistant CLI (process)', ms: [], flags: [] };
  const bin = path.join(ROOT, 'dist/cli.js');
  if (!fs.existsSync(bin)) return { ...tool, failed: 'dist/cli.js not built (npm run build)' };
  for (let r = 0; r < repeat; r++) {
    const out = run(process.execPath, [bin, 'check', '.', '--format', 'json', '--budget-ms', '600000'], dir);
    tool.ms.push(out.ms);
    try {
      const json = JSON.parse(out.stdout);
      const findings: { file: string; ruleId: string; range: { start: { line: number } } }[] =
        json.findings ?? json.results?.flatMap((x: { findings: unknown[] }) => x.findings) ?? [];
      tool.flags = findings
        .filter((f) => staticRules.has(f.ruleId))
        .map((f) => ({ file: f.file.replace(/\\/g, '/'), line: f.range.start.line + 1, rule: f.ruleId }));
    } catch {
      return {
        ...tool,
        failed: `no JSON from the CLI (exit ${out.status}): ${(out.stderr || out.stdout).slice(0, 200)}`,
      };
    }
  }
  return tool;
}

function squawk(dir: string, files: string[]): ToolRun {
  const tool: ToolRun = { name: 'squawk (process)', ms: [], flags: [] };
  const bin = path.join(ROOT, 'node_modules/.bin/squawk');
  if (!fs.existsSync(bin)) return { ...tool, failed: 'squawk-cli not installed' };
  const version = run(bin, ['--version'], dir).stdout.trim();
  tool.name = `${version || 'squawk'} (process)`;
  for (let r = 0; r < repeat; r++) {
    const out = run(bin, ['--reporter', 'json', ...files], dir);
    tool.ms.push(out.ms);
    try {
      const list: { file: string; line: number; rule_name: string }[] = JSON.parse(out.stdout);
      // squawk's lines are 0-based.
      tool.flags = list.map((v) => ({ file: v.file.replace(/^\.\//, ''), line: v.line + 1, rule: v.rule_name }));
    } catch {
      return { ...tool, failed: `no JSON from squawk (exit ${out.status}): ${out.stderr.slice(0, 200)}` };
    }
  }
  return tool;
}

function sqlLint(dir: string): ToolRun {
  const tool: ToolRun = { name: 'sql-lint (process)', ms: [], flags: [] };
  const candidates = [process.env.SQL_LINT, path.join(ROOT, 'node_modules/.bin/sql-lint')].filter(
    (p): p is string => !!p,
  );
  const bin = candidates.find((p) => fs.existsSync(p));
  if (!bin)
    return { ...tool, failed: 'not installed (npm install --no-save sql-lint, or SQL_LINT=/path/to/bin/sql-lint)' };
  const version = run(bin, ['--version'], dir).stdout.trim();
  tool.name = `sql-lint ${version} (process)`;
  for (let r = 0; r < repeat; r++) {
    // Directory mode, simple format: "file:line [sql-lint: rule] message" (its JSON omits the file there).
    const out = run(bin, ['--driver', 'postgres', '.'], dir);
    tool.ms.push(out.ms);
    const flags: Flag[] = [];
    let unlintable = 0;
    for (const line of out.stdout.split('\n')) {
      const m = /^(.+?):(\d+) \[sql-lint: ([\w-]+)\]/.exec(line);
      if (m) flags.push({ file: m[1].replace(/^\.\//, ''), line: Number(m[2]), rule: m[3] });
      else if (/unable to lint/.test(line)) unlintable++;
    }
    tool.flags = flags;
    tool.note = `${unlintable} statements it could not lint`;
  }
  return tool;
}

function registryNote(): string {
  if (process.argv.includes('--no-registry'))
    return 'eslint-plugin-postgresql: registry not asked (--no-registry); on 2026-11-29 `npm view` answered E404.';
  const out = spawnSync('npm', ['view', 'eslint-plugin-postgresql', 'version'], { encoding: 'utf8', timeout: 30_000 });
  return out.status === 0 && out.stdout.trim()
    ? `eslint-plugin-postgresql ${out.stdout.trim()} is on the registry but not benchmarked here.`
    : `eslint-plugin-postgresql: not on the npm registry reachable here (npm view: ${/E404|404/.test(out.stderr) ? 'E404 Not Found' : (out.stderr || 'no answer').trim().split('\n')[0]}), so it is compared by its documented rules only.`;
}

/** Statements a tool flags: any of its findings on the statement's lines. */
function flagged(
  statements: Statement[],
  flags: Flag[],
): { hit: Set<Statement>; rules: Map<Statement, Set<string>>; stray: number; strayRules: Map<string, number> } {
  const byFile = new Map<string, Statement[]>();
  for (const s of statements) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  const hit = new Set<Statement>();
  const rules = new Map<Statement, Set<string>>();
  let stray = 0;
  const strayRules = new Map<string, number>();
  for (const f of flags) {
    const s = byFile.get(f.file)?.find((x) => f.line >= x.startLine && f.line <= x.endLine);
    if (!s) {
      stray++;
      strayRules.set(f.rule, (strayRules.get(f.rule) ?? 0) + 1);
      continue;
    }
    hit.add(s);
    rules.set(s, new Set([...(rules.get(s) ?? []), f.rule]));
  }
  return { hit, rules, stray, strayRules };
}

async function main(): Promise<void> {
  const { files, statements } = generateCorpus(queryFiles, perFile, migrations);
  const bytes = [...files.values()].reduce((n, t) => n + t.length, 0);
  const dir = writeCorpus(files);
  const sqlFiles = [...files.keys()];
  console.log(
    `workspace: ${files.size} files, ${statements.length} scored statements (+ the schema and SET lines), ${(bytes / 1024).toFixed(0)} KiB, generated in ${dir}`,
  );
  console.log(
    `node ${process.version}, ${os.cpus().length} cores, ${repeat} repeats, medians; processes include their start-up\n`,
  );

  const initMs = await timed(() => loadModule());
  const floor: number[] = [];
  const floorCpu: number[] = [];
  let parsedStatements = 0;
  for (let r = 0; r < repeat; r++) {
    let count = 0;
    const run = await cpuTimed(async () => {
      for (const text of files.values()) count += (await parse(text)).stmts?.length ?? 0;
    });
    floor.push(run.ms);
    floorCpu.push(run.cpu);
    parsedStatements = count;
  }
  const f = median(floor);
  const fCpu = median(floorCpu);
  // The in-process runs' CPU time against the floor's: what the figures are on a machine others share.
  const cpuNote = (cpu?: number[]) =>
    cpu ? `; CPU ${median(cpu).toFixed(0)} ms, ${(median(cpu) / fCpu).toFixed(2)} × the floor's CPU` : '';

  const { cold, warm } = await ours(files);
  const tools: ToolRun[] = [cold, warm, cli(dir), squawk(dir, sqlFiles), sqlLint(dir)];

  console.log(
    `${'libpg-query parse, every file (floor)'.padEnd(48)} ${f.toFixed(0).padStart(8)} ms   1.00 × floor   (${parsedStatements} statements; WASM init ${initMs.toFixed(0)} ms, not counted; CPU ${fCpu.toFixed(0)} ms)`,
  );
  for (const t of tools) {
    if (t.failed) {
      console.log(`${t.name.padEnd(48)} ${'—'.padStart(8)}      ${t.failed}`);
      continue;
    }
    const ms = median(t.ms);
    console.log(
      `${t.name.padEnd(48)} ${ms.toFixed(0).padStart(8)} ms ${(ms / f).toFixed(2).padStart(6)} × floor   ${t.flags.length} findings${t.note ? `; ${t.note}` : ''}${cpuNote(t.cpu)}`,
    );
  }
  console.log(`\n${registryNote()}\n`);

  // Detection per pattern class.
  const scored = tools.filter((t) => !t.failed && t !== warm);
  const results = scored.map((t) => ({ tool: t, ...flagged(statements, t.flags) }));
  const patterns = [...new Set(statements.map((s) => s.pattern))];
  const header = [
    'pattern (statements)',
    ...scored.map((t) => t.name.replace(/ \(.*\)$/, '').replace(/, in-process, cold$/, '')),
  ];
  const widths = [36, ...header.slice(1).map((h) => Math.max(16, h.length + 2))];
  console.log(
    'detection: statements flagged / statements of the class (bad classes: true positives; clean: false positives)',
  );
  console.log(header.map((h, i) => h.padEnd(widths[i])).join(''));
  for (const pattern of patterns) {
    const of = statements.filter((s) => s.pattern === pattern);
    const bad = of[0].bad;
    const cells = results.map((r) => {
      const n = of.filter((s) => r.hit.has(s)).length;
      return `${n}/${of.length}${bad ? '' : n ? ' FP' : ''}`;
    });
    console.log(
      [`${bad ? '' : '(clean) '}${pattern}`.padEnd(widths[0]), ...cells.map((c, i) => c.padEnd(widths[i + 1]))].join(
        '',
      ),
    );
  }
  const totals = results.map((r) => {
    const bad = statements.filter((s) => s.bad);
    const clean = statements.filter((s) => !s.bad);
    return {
      tp: bad.filter((s) => r.hit.has(s)).length,
      bad: bad.length,
      fp: clean.filter((s) => r.hit.has(s)).length,
      clean: clean.length,
      stray: r.stray,
    };
  });
  console.log(
    ['total'.padEnd(widths[0]), ...totals.map((t, i) => `${t.tp}/${t.bad} TP, ${t.fp} FP`.padEnd(widths[i + 1]))].join(
      '',
    ),
  );
  console.log(
    [
      'findings outside scored statements'.padEnd(widths[0]),
      ...totals.map((t, i) => String(t.stray).padEnd(widths[i + 1])),
    ].join(''),
  );

  console.log('\nrules that fired, per pattern class and tool:');
  for (const pattern of patterns) {
    const of = statements.filter((s) => s.pattern === pattern);
    const parts = results.map((r) => {
      const ids = new Set(of.flatMap((s) => [...(r.rules.get(s) ?? [])]));
      return `${r.tool.name.replace(/ \(.*\)$/, '').replace(/, in-process, cold$/, '')}: ${[...ids].sort().join(', ') || '—'}`;
    });
    console.log(`  ${pattern}: ${parts.join(' | ')}`);
  }
  console.log('\nfindings outside the scored statements (schema, SET lines), by rule:');
  for (const r of results) {
    const list = [...r.strayRules].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${n}`);
    console.log(`  ${r.tool.name}: ${list.join(', ') || 'none'}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
