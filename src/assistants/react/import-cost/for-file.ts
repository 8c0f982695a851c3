import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleGraph } from '../../../core/module-graph';
import type { FileModel } from '../model';
import type { ReactRule } from '../rule';
import type { ImportCostMeasurer, ImportCostResult, ImportEntry } from './index';
import type { AppEntry } from './app-entry';
import type { PageLoads } from './page-loads';
import { STATIC, pageLoads } from './page-loads';
import { packageNameOf } from './resolve';

/** `scalingAssistant.react.*` keys the measurement reads (the CLI passes its own). */
interface ImportCostSettings {
  /** Milliseconds one measurement may take (bundling a package the first time). */
  importCostTimeoutMs?: unknown;
  /** The folder relative document paths are relative to (the CLI's working folder). */
  importCostRoot?: unknown;
}

/**
 * Measures, before the rules run, every import the enabled rules ask for (all at once, on the measurer's
 * thread), and answers the rules' synchronous lookups from the results.
 */
export async function measureImports(
  measurer: ImportCostMeasurer | false,
  model: FileModel,
  rules: readonly ReactRule[],
  options: { signal?: AbortSignal; settings?: Readonly<Record<string, unknown>>; local?: LocalModules },
): Promise<(entries: ImportEntry[]) => ImportCostResult> {
  const local = options.local ?? NO_LOCAL_MODULES;
  const settings = (options.settings ?? {}) as ImportCostSettings & Record<string, unknown>;
  const file = fileOnDisk(model.file, settings.importCostRoot);
  const missing: ImportCostResult = {
    notMeasured: !measurer
      ? 'import costs are not measured in this run'
      : 'the file is not on disk, so there is no node_modules to measure in',
  };
  const results = new Map<string, ImportCostResult>();
  const lookup = (entries: ImportEntry[]) => results.get(keyOf(entries)) ?? missing;
  const timeoutMs = positive(settings.importCostTimeoutMs);
  // Two rounds: what the rules ask for, then what they ask for in the light of the answers.
  for (const measured of [undefined, lookup]) {
    const wanted = new Map<string, ImportEntry[]>();
    for (const rule of rules)
      for (const entries of rule.measures?.(model, { local, settings, ...(measured ? { measured } : {}) }) ?? [])
        if (!results.has(keyOf(entries))) wanted.set(keyOf(entries), entries);
    if (!measurer || !file || !wanted.size) break;
    await Promise.all(
      [...wanted].map(async ([key, entries]) =>
        results.set(
          key,
          await measurer.measure(file, entries, { signal: options.signal, ...(timeoutMs ? { timeoutMs } : {}) }),
        ),
      ),
    );
  }
  return lookup;
}

function keyOf(entries: readonly ImportEntry[]): string {
  return JSON.stringify(entries);
}

/**
 * The analysed file's path on disk: a `file:` URI's path (the editor names documents by URI), as given when
 * absolute, else under `root` (the CLI's working folder).
 */
export function fileOnDisk(file: string, root: unknown): string | undefined {
  if (file.startsWith('file://')) return fileURLToPath(file);
  if (path.isAbsolute(file)) return file;
  return typeof root === 'string' && path.isAbsolute(root) ? path.join(root, file) : undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Tests and stories: never in a page's bundle. */
export const NOT_BUNDLED = /(?:\.(?:test|spec|stories)\.[cm]?[jt]sx?$)|(?:^|[\\/])__tests__[\\/]/;

/** The analysed file's imports of workspace modules, as the module graph resolves them, on disk. */
export interface LocalModules {
  /** The analysed file on disk (absolute), when it is on disk. */
  file?: string;
  /** The workspace module (absolute path) `specifier` leads to from the analysed file; undefined for a package. */
  fileOf(specifier: string): string | undefined;
  /** The module (absolute path) that defines `name` as the module `specifier` leads to exports it. */
  definingModule(specifier: string, name: string): { file: string; name: string } | undefined;
  /** How many modules the workspace module `specifier` leads to re-exports from (a barrel: two or more). */
  reExportedModules(specifier: string): number;
  /** Whether a workspace module other than the analysed file imports the package `name`. */
  importedElsewhere(name: string): boolean;
  /**
   * Whether the module `specifier` leads to imports the analysed file back, directly or through others (static
   * imports and re-exports): the two are then in one chunk whatever this file's import looks like.
   */
  importsBack(specifier: string): boolean;
  /**
   * How many workspace modules other than the analysed file import the module `specifier` leads to with a value
   * import (type-only imports and re-exports left out): while any of them does, the bundle keeps it.
   */
  otherImporters(specifier: string): number;
  /**
   * How many workspace modules other than the analysed file import the package entry `specifier` (a bare name such
   * as `lodash`, exactly as written) with a value import: while any of them does, the bundle keeps the whole entry.
   */
  otherPackageImporters(specifier: string): number;
  /**
   * What is loaded whenever the analysed file is, when its imports of `skip` are made lazy: the app entry's static
   * imports, those of the chunks the file sits in (a route, a page) and its own (page-loads.ts). Undefined when the
   * file is not in the module graph.
   */
  pageLoads(skip: readonly string[]): PageLoads | undefined;
}

/**
 * The modules that import `target` with a value import, kept per graph version: every file importing a shared
 * barrel asks this of it, in each round of measurements and again when it is checked, and walking its importers
 * each time was 10% of a check of 400 components importing one UI barrel.
 */
const valueImporters = new WeakMap<object, Map<string, Set<string>>>();

function valueImportersOf(graph: ModuleGraph, target: string): Set<string> {
  let byTarget = valueImporters.get(graph.version);
  if (!byTarget) valueImporters.set(graph.version, (byTarget = new Map()));
  let importers = byTarget.get(target);
  if (!importers) {
    importers = new Set();
    for (const edge of graph.importersOf(target))
      if (edge.references.some((r) => r.kind === 'import' && !r.typeOnly)) importers.add(edge.from);
    byTarget.set(target, importers);
  }
  return importers;
}

/**
 * From this many other importers on, a finding that an import pulls in a whole barrel or library is information:
 * changing one import alone saves nothing while the others keep it in the bundle.
 */
export const SHARED_IMPORTERS_FOR_INFO = 3;

/** Per graph version, each package entry's value importers, all found in one pass over the graph. */
const packageImporters = new WeakMap<object, Map<string, Set<string>>>();

function packageImportersOf(graph: ModuleGraph, specifier: string): Set<string> | undefined {
  let bySpecifier = packageImporters.get(graph.version);
  if (!bySpecifier) {
    bySpecifier = new Map();
    for (const name of graph.files) {
      const node = graph.module(name);
      if (!node) continue;
      for (const r of node.references) {
        if (r.kind !== 'import' || r.typeOnly || !(r.external || r.unresolved?.reason === 'external')) continue;
        let importers = bySpecifier.get(r.specifier);
        if (!importers) bySpecifier.set(r.specifier, (importers = new Set()));
        importers.add(node.file);
      }
    }
    packageImporters.set(graph.version, bySpecifier);
  }
  return bySpecifier.get(specifier);
}

/** No module graph (a file analysed alone): no workspace module is known. */
export const NO_LOCAL_MODULES: LocalModules = {
  fileOf: () => undefined,
  definingModule: () => undefined,
  reExportedModules: () => 0,
  importedElsewhere: () => false,
  importsBack: () => false,
  otherImporters: () => 0,
  otherPackageImporters: () => 0,
  pageLoads: () => undefined,
};

/**
 * The workspace modules `file` imports, through the module graph (relative paths, tsconfig `paths`, workspace
 * packages resolved to their source), as files on disk (`root`: the folder relative paths are relative to).
 */
export function localModules(graph: ModuleGraph, file: string, root: unknown, entry?: AppEntry): LocalModules {
  const targetOf = (specifier: string): string | undefined => {
    const reference = graph
      .module(file)
      ?.references.find((r) => r.specifier === specifier && r.kind === 'import' && r.target && !r.external);
    return reference?.target;
  };
  const onDisk = fileOnDisk(file, root);
  let packages: Set<string> | undefined;
  // The rules ask the same questions in each round of measurements and again when they check (one analysis, one
  // graph): each walk is answered once.
  const backs = new Map<string, boolean>();
  const loads = new Map<string, PageLoads | undefined>();
  return {
    ...(onDisk ? { file: onDisk } : {}),
    fileOf(specifier) {
      const target = targetOf(specifier);
      return target === undefined ? undefined : fileOnDisk(target, root);
    },
    definingModule(specifier, name) {
      const target = targetOf(specifier);
      const origin = target === undefined ? undefined : graph.resolveExport(target, name);
      if (!origin || origin.unresolved || origin.name === '*' || origin.file === target) return undefined;
      const onDisk = fileOnDisk(origin.file, root);
      return onDisk ? { file: onDisk, name: origin.name } : undefined;
    },
    reExportedModules(specifier) {
      const target = targetOf(specifier);
      const references = target === undefined ? [] : (graph.module(target)?.references ?? []);
      const sources = references.filter((r) => (r.kind === 're-export' || r.kind === 'export-star') && r.target);
      return new Set(sources.map((r) => r.target)).size;
    },
    importedElsewhere(name) {
      if (!packages) {
        packages = new Set();
        const self = graph.module(file);
        for (const other of graph.files) {
          const node = graph.module(other);
          if (!node || node === self) continue;
          for (const r of node.references)
            if (r.external || r.unresolved?.reason === 'external') packages.add(packageNameOf(r.specifier) ?? '');
        }
      }
      return packages.has(name);
    },
    importsBack(specifier) {
      let answer = backs.get(specifier);
      if (answer === undefined) backs.set(specifier, (answer = importsBack(specifier)));
      return answer;
    },
    otherImporters(specifier) {
      const target = targetOf(specifier);
      if (target === undefined) return 0;
      const importers = valueImportersOf(graph, target);
      const self = graph.module(file)?.file;
      return importers.size - (self !== undefined && importers.has(self) ? 1 : 0);
    },
    otherPackageImporters(specifier) {
      const importers = packageImportersOf(graph, specifier);
      if (!importers) return 0;
      const self = graph.module(file)?.file;
      return importers.size - (self !== undefined && importers.has(self) ? 1 : 0);
    },
    pageLoads(skip) {
      const key = skip.join('\0');
      if (!loads.has(key))
        loads.set(
          key,
          pageLoads(graph, file, entry, skip, (name) => fileOnDisk(name, root)),
        );
      return loads.get(key);
    },
  };

  function importsBack(specifier: string): boolean {
    const start = targetOf(specifier);
    const self = graph.module(file)?.file;
    if (start === undefined || self === undefined) return false;
    const seen = new Set([start]);
    for (const queue = [start]; queue.length;) {
      for (const edge of graph.importsOf(queue.pop()!)) {
        if (!edge.references.some((r) => STATIC.has(r.kind) && !r.typeOnly)) continue;
        if (edge.to === self) return true;
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
    return false;
  }
}
