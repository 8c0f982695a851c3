/**
 * Module graph build on a generated 5,000-file TypeScript monorepo, written to a temporary folder: the
 * TypeScript parser alone (`preProcessFile` against the `createSourceFile` walk the graph uses), the full
 * cold build (read, parse, resolve), and the update after one edit; then dependency-cruiser and madge on the
 * same folder when they are installed, as ratios. Peers are not dependencies of the project: install them
 * anywhere (`npm install --prefix /tmp/peers dependency-cruiser madge`) and pass `--peers /tmp/peers`;
 * without them the run says so and measures ours alone. Their times include their Node start-up.
 * Usage: npx tsx bench/module-graph/run.ts [--files 5000] [--repeat 5] [--peers <folder>]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ModuleGraph, readModuleSyntax } from '../../src/core/module-graph';
import { diskWorkspace, writeWorkspace } from './disk-workspace';
import { generateWorkspace } from './generate';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const fileCount = Number(option('files') ?? 5000);
const repeat = Number(option('repeat') ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

async function timedAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** A peer's command-line run on the folder, wall time in ms, or why it could not run. */
function peer(bin: string, args: string[], cwd: string): number | string {
  const start = performance.now();
  try {
    execFileSync(bin, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  } catch (error) {
    return `failed: ${String((error as { stderr?: Buffer }).stderr ?? error).slice(0, 200)}`;
  }
  return performance.now() - start;
}

async function main(): Promise<void> {
  const texts = generateWorkspace(fileCount);
  const root = writeWorkspace(texts, 'module-graph-bench-');
  const modules = [...texts].filter(([file]) => /\.tsx?$/.test(file));
  const bytes = modules.reduce((n, [, t]) => n + t.length, 0);
  console.log(
    `workspace: ${texts.size} files (${modules.length} modules, ${(bytes / 1024 / 1024).toFixed(1)} MiB), ${root}`,
  );
  console.log(`node ${process.version}, typescript ${ts.version}, ${repeat} repeats, medians\n`);

  const preProcess = median(
    Array.from({ length: repeat }, () => timed(() => modules.forEach(([, t]) => ts.preProcessFile(t, true, true)))),
  );
  const walk = median(
    Array.from({ length: repeat }, () => timed(() => modules.forEach(([f, t]) => readModuleSyntax(ts, f, t)))),
  );
  console.log(`parse only, ts.preProcessFile (specifiers, no names): ${preProcess.toFixed(0)} ms`);
  console.log(`parse only, createSourceFile walk (names, spans, exports): ${walk.toFixed(0)} ms`);

  const workspace = diskWorkspace(root, texts);
  const cold: number[] = [];
  let graph: ModuleGraph | undefined;
  for (let i = 0; i < repeat; i++)
    cold.push(await timedAsync(async () => (graph = await ModuleGraph.build(workspace))));
  const built = graph!;
  const edges = built.edges();
  const unresolved = built.files.flatMap((f) =>
    built.module(f)!.references.filter((r) => r.unresolved?.reason === 'missing'),
  );
  console.log(
    `cold build (read, parse, resolve): ${median(cold).toFixed(0)} ms — ${built.files.length} modules, ${edges.length} edges, ${unresolved.length} missing`,
  );
  console.log(`  resolution and indexing ≈ ${(median(cold) - walk).toFixed(0)} ms (cold build minus the parse)`);

  const editedRelative = modules[Math.floor(modules.length / 2)][0];
  const incremental: number[] = [];
  for (let i = 0; i < repeat; i++) {
    texts.set(editedRelative, `${texts.get(editedRelative)!}export const edit${i} = ${i};\n`);
    writeFileSync(path.join(root, editedRelative), texts.get(editedRelative)!);
    incremental.push(await timedAsync(() => built.update(workspace)));
  }
  console.log(`one-edit update: ${median(incremental).toFixed(1)} ms (${editedRelative})`);
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(`process RSS after the runs: ${rss.toFixed(0)} MB\n`);

  const peersRoot = option('peers');
  const binOf = (name: string) => {
    const candidates = [peersRoot, process.cwd()]
      .filter(Boolean)
      .map((dir) => path.join(dir!, 'node_modules/.bin', name));
    return candidates.find((file) => existsSync(file));
  };
  const ours = median(cold);
  const runs: [string, string | undefined, string[]][] = [
    [
      'dependency-cruiser',
      binOf('depcruise'),
      ['--no-config', '--ts-config', 'tsconfig.json', '--output-type', 'json', 'packages'],
    ],
    ['madge', binOf('madge'), ['--json', '--extensions', 'ts,tsx', '--ts-config', 'tsconfig.json', 'packages']],
  ];
  for (const [name, bin, args] of runs) {
    if (!bin) {
      console.log(`${name}: not installed, skipped (see the header of this file)`);
      continue;
    }
    const result = peer(bin, args, root);
    console.log(
      typeof result === 'string'
        ? `${name}: ${result}`
        : `${name}: ${result.toFixed(0)} ms, ${(result / ours).toFixed(1)}× our cold build (one run)`,
    );
  }
  rmSync(root, { recursive: true, force: true });
}

void main();
