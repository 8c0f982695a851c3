import { userCacheFolder } from '../../../core/code-cache';
import path from 'node:path';
import type { BatchJob } from './batch';
import type { BundleSizes, LocalBundleSizes } from './bundle';
import type { CachedSizes } from './cache';
import { SizeCache } from './cache';
import type { ImportEntry } from './entry';
import { entriesKey } from './entry';
import { NO_BUNDLER } from './protocol';
import { findInstalledPackage, packageNameOf } from './resolve';
import { stampsHold, stampsOf } from './stamps';
import { MeasureStopped, MeasureThread } from './thread';

export type { ImportEntry } from './entry';
export { packageNameOf } from './resolve';

/** What importing `entries` costs in a browser bundle, measured in the workspace's node_modules. */
export interface ImportCost extends BundleSizes {
  /** `lodash@4.17.21`, one per package the entries import (none listed for workspace modules). */
  packages: string[];
  /** Workspace modules: how many files the figure depends on (a package's files counting once). */
  files?: number;
  /** Workspace modules: imports that resolved to no file, left out of the figure. */
  unresolved?: string[];
  /** Answered from the cache (memory or disk) rather than bundled now. */
  cached: boolean;
}

export type ImportCostResult = { cost: ImportCost } | { notMeasured: string };

export interface MeasureOptions {
  signal?: AbortSignal;
  /** Past this the bundling stops and the result says so (default: the measurer's). */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Bundlings (each of up to MAX_BATCH measurements) run at once; the rest wait their turn, their budget starting then. */
const CONCURRENT_BUNDLES = 2;
/**
 * Measurements bundled together at most (batch.ts): one build reads a library once for all of them, but answers
 * only when the last is done, and their time budgets start together.
 */
const MAX_BATCH = 8;
/** How long a measurement waits for others to join its batch when callers are still on their way (cache look-ups). */
const GATHER_MS = 50;

/** A measurement waiting for its batch. */
interface Queued {
  job: BatchJob;
  /** Jobs of one group can share a build: packages, or workspace modules with the same things left out. */
  group: string;
  /** The thread's limit for the measurement (its batch takes the largest). */
  timeoutMs: number;
  signal?: AbortSignal;
  started(): void;
  resolve(sizes: BundleSizes | LocalBundleSizes): void;
  reject(error: Error): void;
}

/** `$XDG_CACHE_HOME/scaling-assistant/import-cost` (or `~/.cache/…`): the CLI's; the editor passes its global storage. */
export function defaultCacheDir(): string {
  return path.join(userCacheFolder(), 'import-cost');
}

/**
 * Import costs measured from the workspace's own node_modules: the packages are found from the importing file's
 * folder upwards (pnpm's symlinks resolved to their real folders), exactly the imported names are bundled with
 * esbuild on a worker thread (minified, browser, React external) and gzipped, and the sizes are cached by
 * package@version and names. A package that is not installed, a bundle that fails or runs past its time budget
 * is a `notMeasured` reason, never an exception. Workspace modules (entries named by absolute path) are bundled
 * with their own imports, on the same thread and time budget, and cached by the stamps of the files read.
 */
export class ImportCostMeasurer {
  private readonly thread = new MeasureThread();
  private cache: SizeCache;
  private readonly inFlight = new Map<string, { turn: Promise<void>; result: Promise<CachedSizes> }>();
  private active = 0;
  private queue: Queued[] = [];
  /** Measurements asked for that have not yet reached the queue or an answer (their cache look-ups run). */
  private arriving = 0;
  private pumpSoon?: NodeJS.Immediate;
  private pumpLater?: NodeJS.Timeout;

  readonly timeoutMs: number;
  /** When a bundling that went on past its budget is taken for stuck and its thread stopped (6× the budget). */
  readonly stopAfterMs: number;
  /**
   * Whether the workspace's own esbuild may be loaded when the extension has none: it is the workspace's code,
   * so the editor turns this off in Restricted Mode. Bundling itself runs nothing of the packages.
   */
  trustWorkspace = true;
  /**
   * Why nothing can bundle (neither the extension nor the workspace has an esbuild that runs), from the latest
   * measurement that found so; undefined once one succeeds. The editor says it once rather than per import.
   */
  unavailable?: string;

  constructor(options: { cacheDir?: string | false; timeoutMs?: number; stopAfterMs?: number } = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.stopAfterMs = options.stopAfterMs ?? this.timeoutMs * 6;
    this.cache = new SizeCache(options.cacheDir === false ? undefined : (options.cacheDir ?? defaultCacheDir()));
  }

  /** Moves the disk cache (the extension's global storage); what is in memory stays. */
  useCacheDir(dir: string): void {
    if (dir !== this.cache.dir) this.cache = new SizeCache(dir);
  }

  /**
   * What `entries` cost. An entry whose module is an absolute path is a workspace module (the caller resolved
   * it): it is bundled with its own imports and cached by the stamps of the files read, as are entries marked
   * `asChunk`; the rest are packages, found installed above `fromFile` and cached by version.
   */
  async measure(fromFile: string, entries: ImportEntry[], options: MeasureOptions = {}): Promise<ImportCostResult> {
    // The measurements a file asks for at once arrive over a few look-ups each: the queue waits for them all, so
    // they share a build.
    this.arriving++;
    let arrived = false;
    const arrive = () => {
      if (arrived) return;
      arrived = true;
      this.arriving--;
      this.schedulePump();
    };
    try {
      return await this.measureArriving(fromFile, entries, options, arrive);
    } finally {
      arrive();
    }
  }

  private async measureArriving(
    fromFile: string,
    entries: ImportEntry[],
    options: MeasureOptions,
    arrive: () => void,
  ): Promise<ImportCostResult> {
    if (!path.isAbsolute(fromFile)) return { notMeasured: 'the file has no folder on disk to find node_modules from' };
    const fromDir = path.dirname(fromFile);
    if (entries.some((entry) => entry.asChunk || path.isAbsolute(entry.module)))
      return this.measureLocal(fromDir, entries, options, arrive);
    const versions = new Map<string, string>();
    const packages: string[] = [];
    for (const entry of entries) {
      const name = packageNameOf(entry.module);
      if (!name) return { notMeasured: `\`${entry.module}\` is not a package` };
      const installed = await findInstalledPackage(fromDir, name);
      if (!installed) return { notMeasured: `\`${name}\` is not installed in a node_modules above this file` };
      versions.set(entry.module, installed.version);
      const id = `${installed.name}@${installed.version}`;
      if (!packages.includes(id)) packages.push(id);
    }
    const key = entriesKey(entries, versions);
    const cached = await this.cache.get(key);
    if (cached) return { cost: { ...sizesOnly(cached), packages, cached: true } };
    return this.run(
      key,
      options,
      { job: { entries, resolveDir: fromDir }, group: 'packages', arrive },
      async (sizes) => sizesOnly(sizes),
      (sizes) => ({
        ...sizesOnly(sizes),
        packages,
      }),
    );
  }

  private async measureLocal(
    fromDir: string,
    entries: ImportEntry[],
    options: MeasureOptions,
    arrive: () => void,
  ): Promise<ImportCostResult> {
    // Packages beside workspace modules resolve from the importing file's folder: then it is part of the key.
    // Workspace modules alone resolve the same from anywhere, so every importer shares their measurement.
    const alone = entries.every((entry) => path.isAbsolute(entry.module));
    const resolveDir = alone ? path.dirname(entries[0].module) : fromDir;
    const key = `local:${alone ? '' : fromDir}\0${entriesKey(entries, new Map())}`;
    const cached = await this.cache.get(key);
    if (cached?.stamps && (await stampsHold(cached.stamps))) return { cost: { ...localCost(cached), cached: true } };
    // What is left out is the build's: only jobs leaving out the same lists share one.
    const leftOut = [...new Set(entries.flatMap((entry) => (entry.external ? [entry.external.key] : [])))].sort();
    return this.run(
      key,
      options,
      { job: { entries, resolveDir, local: true }, group: `local\0${leftOut.join(',')}`, arrive },
      async (found) => {
        const sizes = found as LocalBundleSizes;
        return { ...sizesOnly(sizes), stamps: await stampsOf(sizes.inputs), unresolved: sizes.unresolved };
      },
      localCost,
    );
  }

  /** Starts the queued jobs' builds, up to CONCURRENT_BUNDLES, once no caller is still on its way to the queue. */
  private schedulePump(): void {
    if (!this.queue.length) return;
    if (this.arriving === 0) {
      this.pumpSoon ??= setImmediate(() => {
        this.pumpSoon = undefined;
        this.pump();
      });
    } else {
      // A caller slow on its way (a busy disk) does not hold up the others for longer than this.
      this.pumpLater ??= setTimeout(() => {
        this.pumpLater = undefined;
        this.pump();
      }, GATHER_MS);
    }
  }

  /**
   * Sends the oldest job's group (up to MAX_BATCH of its jobs, in the order asked) to the thread as one build
   * while fewer than CONCURRENT_BUNDLES run: a large project asks for dozens of measurements at once, and started
   * one by one each would read the same library again and share the cores with the others.
   */
  private pump(): void {
    while (this.active < CONCURRENT_BUNDLES) {
      const waiting: Queued[] = [];
      for (const queued of this.queue)
        if (queued.signal?.aborted) queued.reject(new MeasureStopped('cancelled'));
        else waiting.push(queued);
      if (!waiting.length) {
        this.queue = [];
        return;
      }
      const group = waiting[0].group;
      const batch: Queued[] = [];
      this.queue = [];
      for (const queued of waiting)
        (queued.group === group && batch.length < MAX_BATCH ? batch : this.queue).push(queued);
      this.active++;
      for (const queued of batch) queued.started();
      this.thread
        .measureBatch(
          batch.map((queued) => queued.job),
          {
            timeoutMs: Math.max(...batch.map((queued) => queued.timeoutMs)),
            workspaceBundler: this.trustWorkspace,
          },
        )
        .then(
          (results) =>
            batch.forEach((queued, index) => {
              const result = results[index];
              if (result && 'sizes' in result) queued.resolve(result.sizes);
              else queued.reject(new Error(result?.error ?? 'the import-cost thread gave no answer'));
            }),
          (error: unknown) =>
            batch.forEach((queued) => queued.reject(error instanceof Error ? error : new Error(String(error)))),
        )
        .finally(() => {
          this.active--;
          this.pump();
        });
    }
  }

  /**
   * One bundling per key at a time (callers asking the same wait for the same answer), cached when it succeeds.
   * Past its time budget the caller gets its answer (not measured) but the bundling goes on and its size is
   * cached: stopping the thread would fail every bundling in flight beside it and orphan esbuild's process, and on
   * a busy machine a large package (a component library's barrel) would then never be measured, each importer
   * starting it again. Only a bundling past `stopAfterMs` stops the thread; a cancelled caller stops waiting.
   */
  private async run(
    key: string,
    options: MeasureOptions,
    queued: { job: BatchJob; group: string; arrive: () => void },
    finish: (sizes: BundleSizes | LocalBundleSizes) => Promise<CachedSizes>,
    costOf: (sizes: CachedSizes) => Omit<ImportCost, 'cached'>,
  ): Promise<ImportCostResult> {
    if (options.signal?.aborted) return { notMeasured: 'the measurement stopped: cancelled' };
    const budget = options.timeoutMs ?? this.timeoutMs;
    let running = this.inFlight.get(key);
    if (!running) {
      let started!: () => void;
      const turn = new Promise<void>((resolve) => (started = resolve));
      const bundled = new Promise<BundleSizes | LocalBundleSizes>((resolve, reject) =>
        this.queue.push({
          job: queued.job,
          group: `${queued.group}\0${this.trustWorkspace}`,
          timeoutMs: Math.max(budget, this.stopAfterMs),
          ...(options.signal ? { signal: options.signal } : {}),
          started,
          resolve,
          reject,
        }),
      );
      const result = bundled.then(finish);
      running = { turn, result };
      this.inFlight.set(key, running);
      void result.then(
        (sizes) => this.cache.set(key, sizes),
        () => undefined,
      );
      void result.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    queued.arrive();
    let timer: NodeJS.Timeout | undefined;
    // The budget counts from the bundling's turn (or from now, for a caller joining one already running).
    const overBudget = running.turn.then(
      () =>
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new MeasureStopped(`over its time budget of ${budget} ms`)), budget);
        }),
    );
    let onAbort: (() => void) | undefined;
    const cancelled = new Promise<never>((_, reject) => {
      onAbort = () => reject(new MeasureStopped('cancelled'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const cost = { ...costOf(await Promise.race([running.result, overBudget, cancelled])), cached: false };
      this.unavailable = undefined;
      return { cost };
    } catch (error) {
      if (error instanceof MeasureStopped) return { notMeasured: `the measurement stopped: ${error.message}` };
      const message = error instanceof Error ? error.message : String(error);
      if (!message.startsWith(NO_BUNDLER)) return { notMeasured: `esbuild could not bundle it: ${message}` };
      // No esbuild at all: the reason says what to install or allow, it is not this import's failure.
      this.unavailable = message;
      return { notMeasured: message };
    } finally {
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
      overBudget.catch(() => undefined);
      cancelled.catch(() => undefined);
    }
  }

  dispose(): void {
    for (const queued of this.queue.splice(0))
      queued.reject(new MeasureStopped('the import-cost thread was shut down'));
    this.thread.dispose();
  }
}

function sizesOnly(sizes: BundleSizes): BundleSizes {
  return { minifiedBytes: sizes.minifiedBytes, gzipBytes: sizes.gzipBytes };
}

function localCost(sizes: CachedSizes): Omit<ImportCost, 'cached'> {
  return {
    ...sizesOnly(sizes),
    packages: [],
    files: Object.keys(sizes.stamps ?? {}).length,
    unresolved: sizes.unresolved ?? [],
  };
}

/** 24,310 bytes → `24.3 kB` (kilo = 1000, as bundle analysers print). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const kb = bytes / 1000;
  return kb >= 100 ? `${Math.round(kb)} kB` : `${kb.toFixed(1)} kB`;
}

/** The process's measurer: the engine and the editor's decorations share its cache and its thread. */
export const importCosts = new ImportCostMeasurer();
