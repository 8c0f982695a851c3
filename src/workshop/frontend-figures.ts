import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAssistant, loadImportCosts } from '../assistants/catalog';
import type { ReactRenderReport } from '../assistants/react/contract';
import { TimeBudget } from '../core/budget';
import { DEFAULT_CONFIG } from '../core/config';
import { formatCount, formatMs, formatNumber } from '../core/format';
import type { Workspace } from '../core/workspace';
import { memoryWorkspace } from '../core/workspace';
import type { CheckInput } from './check-input';
import type { Translate } from '../core/translate';
import type { Figure } from './result';

/** The storefront's sources; web/node_modules (a participant's npm install) is never read. */
export const STOREFRONT = /^web\/src\/.+\.[jt]sx?$/;
/** The exercise's component: ProductList renders the memoised ProductCard for every product. */
export const RENDERED_COMPONENT = 'web/src/ProductList.tsx';
/** Enough products to show a card rendering on every update, few enough to measure twice in a check. */
const RENDER_SETTINGS = { renderItems: 200, renderUpdates: 3 };

/** A file of the storefront with its absolute path on disk (where node_modules is looked for) and its text. */
export interface DiskFile {
  path: string;
  text: string;
}

export type Measured<T> = { value: T } | { notMeasured: string };

/**
 * How the frontend exercise measures, the frontend optimizer's own engine by default (tests hand in their own):
 * what the files' package imports cost together in a browser bundle, and how a component renders in the sandbox.
 */
export interface FrontendMeasures {
  /** The gzip size of every package import of `files` bundled together, from their node_modules. */
  importCost(files: readonly DiskFile[], signal?: AbortSignal): Promise<Measured<{ gzipBytes: number }>>;
  /** The render report of the component of `file` (its code as written), every file of `files` beside it. */
  renders(file: DiskFile, files: readonly DiskFile[], signal?: AbortSignal): Promise<ReactRenderReport>;
}

export const ENGINE_MEASURES: FrontendMeasures = {
  async importCost(files, signal) {
    const { importCosts, measureFileImports } = await loadImportCosts();
    const measured = await Promise.all(files.map((f) => measureFileImports(f.path, f.text, { signal })));
    const imports = measured.flat();
    if (imports.length === 0) return { value: { gzipBytes: 0 } };
    const unmeasured = imports.find((i) => !('cost' in i.result));
    if (unmeasured && 'notMeasured' in unmeasured.result) return { notMeasured: unmeasured.result.notMeasured };
    // Bundled together, as the page ships them: two files importing lodash count it once.
    const seen = new Set<string>();
    const entries = imports
      .flatMap((i) => i.entries)
      .filter((e) => {
        const key = `${e.module}\0${[...e.names].sort().join(',')}`;
        return !seen.has(key) && seen.add(key);
      });
    const result = await importCosts.measure(files[0].path, entries, { signal });
    return 'cost' in result ? { value: { gzipBytes: result.cost.gzipBytes } } : { notMeasured: result.notMeasured };
  },
  async renders(file, files, signal) {
    const engine = await loadAssistant('react');
    if (!engine.advise) throw new Error('the frontend optimizer cannot measure renders');
    const workspace: Workspace = memoryWorkspace(Object.fromEntries(files.map((f) => [f.path, f.text])));
    const result = await engine.advise(
      { file: file.path, text: file.text },
      {
        config: DEFAULT_CONFIG,
        budget: new TimeBudget(Number.MAX_SAFE_INTEGER, signal),
        signal,
        workspace,
        settings: RENDER_SETTINGS,
      },
    );
    return result.report;
  },
};

/**
 * The frontend exercise's measured figures, before (the sample as shipped) → after (the participant's storefront),
 * both measured against the participant's node_modules: the package imports' gzip size (the bundle criterion), and
 * the renders per parent update under ProductList (the memo criterion). A figure that cannot be measured says why.
 */
export async function frontendFigures(input: CheckInput): Promise<{ imports: Figure[]; renders: Figure[] }> {
  const { t } = input;
  const measures = input.frontendMeasures ?? ENGINE_MEASURES;
  const folder = input.folder;
  const importLabel = t('Package imports of the storefront (gzip, bundled with esbuild)');
  const renderLabel = t('Renders per parent update of ProductList');
  if (!folder) {
    const why = t('the workspace is not a folder on disk');
    return { imports: notMeasured(t, importLabel, why), renders: notMeasured(t, renderLabel, why) };
  }
  const nodeModules = nodeModulesAbove(path.join(folder, 'web', 'src'), folder);
  if (!nodeModules) {
    const why = t('web/node_modules is missing: run npm install in web/');
    return { imports: notMeasured(t, importLabel, why), renders: notMeasured(t, renderLabel, why) };
  }
  const before = await storefront(input.original, folder);
  const after = await storefront(input.workspace, folder);
  const run: Run = { input, measures, before, after, folder, nodeModules };
  return { imports: await importFigures(run, importLabel), renders: await renderFigures(run, renderLabel) };
}

/** What both figures compare: the sample's storefront and the participant's, measured the same way. */
interface Run {
  input: CheckInput;
  measures: FrontendMeasures;
  before: DiskFile[];
  after: DiskFile[];
  /** The participant's folder, and the node_modules above its storefront both are measured against. */
  folder: string;
  nodeModules: string;
}

function notMeasured(t: Translate, label: string, why: string): Figure[] {
  return [{ label, value: t('not measured: {0}', why) }];
}

async function importFigures({ input, measures, before, after }: Run, label: string): Promise<Figure[]> {
  const { t } = input;
  const [was, is] = [await measures.importCost(before, input.signal), await measures.importCost(after, input.signal)];
  if (!('value' in was)) return notMeasured(t, label, was.notMeasured);
  if (!('value' in is)) return notMeasured(t, label, is.notMeasured);
  return [
    { label, value: t('{0} → {1} (the sample as shipped → yours)', kB(was.value.gzipBytes), kB(is.value.gzipBytes)) },
  ];
}

async function renderFigures(run: Run, label: string): Promise<Figure[]> {
  const { input, measures, after } = run;
  const { t } = input;
  const none = (why: string) => notMeasured(t, label, why);
  if (input.measure === false) return none(t('the sandbox measurements were switched off for this check'));
  if (input.trusted !== true) return none(t("rendering runs the workspace's code, so only in a trusted workspace"));
  const target = (files: DiskFile[]) =>
    files.find((f) => f.path.endsWith(RENDERED_COMPONENT.split('/').join(path.sep)));
  const mine = target(after);
  if (!mine) return none(t('{0} is missing.', RENDERED_COMPONENT));
  input.onProgress?.(t('Rendering ProductList as shipped in the sandbox…'));
  const was = await withOriginalOnDisk(run, (files) => measures.renders(target(files)!, files, input.signal));
  input.onProgress?.(t('Rendering your ProductList in the sandbox…'));
  const is = await measures.renders(mine, after, input.signal);
  const failed = [was, is].find((r) => r.notRendered !== undefined || !r.baseline || r.baseline.error);
  if (failed) return none(failed.notRendered ?? failed.baseline?.error ?? t('nothing was rendered'));
  const from = was.baseline!;
  const to = is.baseline!;
  // The children whose renders the participant's change moved; when none moved, the most rendered one.
  const children = [...new Set([...Object.keys(from.rendersPerUpdate), ...Object.keys(to.rendersPerUpdate)])]
    .filter((name) => name !== was.component)
    .sort((a, b) => (from.rendersPerUpdate[b] ?? 0) - (from.rendersPerUpdate[a] ?? 0));
  const moved = children.filter((name) => (from.rendersPerUpdate[name] ?? 0) !== (to.rendersPerUpdate[name] ?? 0));
  const names = (moved.length > 0 ? moved : children).slice(0, 2);
  const count = (n: number | undefined) => formatNumber(n ?? 0);
  return [
    ...names.map((name) => ({
      label: t('{0} renders per parent update of ProductList', name),
      value: t(
        '{0} → {1} (the sample as shipped → yours)',
        count(from.rendersPerUpdate[name]),
        count(to.rendersPerUpdate[name]),
      ),
    })),
    {
      label: t('Render time per parent update of ProductList'),
      value: `${formatMs(from.updateMs)} → ${formatMs(to.updateMs)}`,
    },
    {
      label: t('Render measurement'),
      value: t('{0} products, {1} parent updates, {2}', formatCount(is.itemCount), is.updates, is.engine),
    },
  ];
}

/** `24,310` bytes → `24.3 kB` (kilo = 1000, as bundle analysers print). */
function kB(bytes: number): string {
  return `${formatNumber(Math.round(bytes / 100) / 10)} kB`;
}

/** The workspace's storefront files, each at its path on disk under `folder`. */
async function storefront(workspace: Workspace, folder: string): Promise<DiskFile[]> {
  const out: DiskFile[] = [];
  for (const file of await workspace.files(STOREFRONT)) {
    const text = await file.read();
    if (text !== undefined) out.push({ path: path.join(folder, ...file.file.split('/')), text });
  }
  return out;
}

/** The nearest node_modules from `dir` up to `top`, where the engine's measurements find their packages. */
function nodeModulesAbove(dir: string, top: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const candidate = path.join(at, 'node_modules');
    if (existsSync(candidate)) return candidate;
    if (at === top || path.dirname(at) === at) return undefined;
  }
}

/**
 * Runs `measure` on the sample's storefront written to a temporary folder laid out like the participant's, its
 * node_modules a link to theirs: the sandbox bundles from disk, and the "before" must be the sample's files, not
 * the participant's beside one shipped file.
 */
async function withOriginalOnDisk<T>(
  { folder, nodeModules: modules, before: files }: Run,
  measure: (files: DiskFile[]) => Promise<T>,
): Promise<T> {
  const copy = await fs.mkdtemp(path.join(os.tmpdir(), 'scaling-assistant-workshop-'));
  try {
    const relocated = files.map((f) => ({ path: path.join(copy, path.relative(folder, f.path)), text: f.text }));
    for (const file of relocated) {
      await fs.mkdir(path.dirname(file.path), { recursive: true });
      await fs.writeFile(file.path, file.text);
    }
    await fs.symlink(modules, path.join(copy, path.relative(folder, modules)), 'junction');
    return await measure(relocated);
  } finally {
    await fs.rm(copy, { recursive: true, force: true });
  }
}
