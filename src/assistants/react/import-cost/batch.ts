import path from 'node:path';
import type { BundleSizes, Bundler, LocalBundleSizes } from './bundle';
import { bundleSizes, commonOptions, localBundleSizes, localOptions, sizesOf } from './bundle';
import type { ImportEntry } from './entry';
import { entrySource, externalsOf } from './entry';

/** One measurement of a batch: what `bundleSizes` (or, `local`, `localBundleSizes`) would bundle on its own. */
export interface BatchJob {
  entries: ImportEntry[];
  resolveDir: string;
  /** The entries include workspace modules: the answer lists the files read and the imports left out. */
  local?: boolean;
}

export type BatchResult = { sizes: BundleSizes | LocalBundleSizes } | { error: string };

/**
 * Where the batch's outputs would be written (they never are: `write: false`): esbuild's working folder, where a
 * build of one job's own puts its output too. It matters: an import left out that names a workspace module by path
 * is printed relative to the output, so another folder would change the sizes by a few bytes.
 */
const OUT_DIR = '.';
const NAMESPACE = 'import-cost';
const entryName = (index: number) => `import-cost-entry-${index}.js`;

/**
 * Measures several jobs with one esbuild build, one entry point each: a large library (a component library's
 * barrel, reached from most of a workspace's modules) is then read, parsed and linked once for all of them
 * instead of once per job. Without code splitting esbuild writes one self-contained output per entry point,
 * tree-shaken from that entry alone: the same bytes as the job's own build (checked on a real app's
 * measurements), so the sizes are those of a real bundle of exactly the job's imports. The jobs must share what
 * the build's options hold: workspace modules or packages, and what is left out (`externalsOf`). A build that
 * fails (one job's import) is done again job by job, so each job gets its own answer or its own error.
 */
export async function bundleBatch(
  bundler: Bundler,
  jobs: readonly BatchJob[],
  describe: (error: unknown) => string,
): Promise<BatchResult[]> {
  const alone = (job: BatchJob): Promise<BatchResult> =>
    (job.local
      ? localBundleSizes(bundler, job.entries, job.resolveDir)
      : bundleSizes(bundler, job.entries, job.resolveDir)
    ).then(
      (sizes) => ({ sizes }),
      (error: unknown) => ({ error: describe(error) }),
    );
  if (jobs.length === 1) return [await alone(jobs[0])];
  try {
    return await together(bundler, jobs);
  } catch {
    const out: BatchResult[] = [];
    for (const job of jobs) out.push(await alone(job));
    return out;
  }
}

async function together(bundler: Bundler, jobs: readonly BatchJob[]): Promise<BatchResult[]> {
  const local = jobs[0].local ? localOptions(externalsOf(jobs[0].entries)) : undefined;
  // The options every job shares; each entry point brings its own imports and the folder they resolve from.
  const { stdin: _stdin, ...shared } = commonOptions(jobs[0].entries, jobs[0].resolveDir);
  const entries = {
    name: 'import-cost-entries',
    setup(build: {
      onResolve(
        options: { filter: RegExp },
        callback: (args: { path: string; kind: string }) => { path: string; namespace: string } | undefined,
      ): void;
      onLoad(
        options: { filter: RegExp; namespace: string },
        callback: (args: { path: string }) => { contents: string; resolveDir: string; loader: string },
      ): void;
    }) {
      build.onResolve({ filter: /^import-cost-entry-\d+\.js$/ }, (args) =>
        args.kind === 'entry-point' ? { path: args.path, namespace: NAMESPACE } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const job = jobs[Number(/(\d+)\.js$/.exec(args.path)![1])];
        return { contents: entrySource(job.entries), resolveDir: job.resolveDir, loader: 'js' };
      });
    },
  };
  const result = await bundler.build({
    ...shared,
    ...local?.options,
    metafile: true,
    entryPoints: jobs.map((_, index) => entryName(index)),
    outdir: OUT_DIR,
    plugins: [entries, ...((local?.options.plugins as unknown[]) ?? [])],
  });
  const outputs = new Map((result.outputFiles ?? []).map((file) => [path.basename(file.path), file.contents]));
  const inputs = result.metafile?.inputs ?? {};
  return jobs.map((_, index): BatchResult => {
    const contents = outputs.get(entryName(index));
    if (!contents) return { error: 'esbuild wrote no output for this measurement' };
    const sizes = sizesOf(contents);
    if (!local) return { sizes };
    // What the job's own build would have read: every input reached from its entry point, followed through the
    // imports the metafile records (tree-shaken or not, as a build of its own reads them).
    const reached = reach(inputs, `${NAMESPACE}:${entryName(index)}`);
    const files = [...reached].filter((input) => !/^[a-z-]+:/.test(input)).map((input) => path.resolve(input));
    const unresolved = new Set<string>();
    for (const importer of [`${NAMESPACE}:${entryName(index)}`, ...files])
      for (const specifier of local.unresolved.get(importer) ?? []) unresolved.add(specifier);
    return { sizes: { ...sizes, inputs: files, unresolved: [...unresolved].sort() } };
  });
}

type MetafileInputs = Record<string, { imports?: Array<{ path: string; external?: boolean }> }>;

function reach(inputs: MetafileInputs, start: string): Set<string> {
  const seen = new Set<string>([start]);
  for (const queue = [start]; queue.length;) {
    for (const imported of inputs[queue.pop()!]?.imports ?? []) {
      if (imported.external || seen.has(imported.path) || !(imported.path in inputs)) continue;
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return seen;
}
