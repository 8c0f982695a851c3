import os from 'node:os';
import path from 'node:path';
import type { BundleSizes } from './bundle';
import { SizeCache } from './cache';
import type { ImportEntry } from './entry';
import { entriesKey } from './entry';
import { findInstalledPackage, packageNameOf } from './resolve';
import { MeasureStopped, MeasureThread } from './thread';

export type { ImportEntry } from './entry';
export { packageNameOf } from './resolve';

/** What importing `entries` costs in a browser bundle, measured in the workspace's node_modules. */
export interface ImportCost extends BundleSizes {
  /** `lodash@4.17.21`, one per package the entries import. */
  packages: string[];
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

/** `$XDG_CACHE_HOME/scaling-assistant/import-cost` (or `~/.cache/…`): the CLI's; the editor passes its global storage. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'scaling-assistant', 'import-cost');
}

/**
 * Import costs measured from the workspace's own node_modules: the packages are found from the importing file's
 * folder upwards (pnpm's symlinks resolved to their real folders), exactly the imported names are bundled with
 * esbuild on a worker thread (minified, browser, React external) and gzipped, and the sizes are cached by
 * package@version and names. A package that is not installed, a bundle that fails or runs past its time budget
 * is a `notMeasured` reason, never an exception.
 */
export class ImportCostMeasurer {
  private readonly thread = new MeasureThread();
  private cache: SizeCache;
  private readonly inFlight = new Map<string, Promise<BundleSizes>>();

  readonly timeoutMs: number;
  /**
   * Whether the workspace's own esbuild may be loaded when the extension has none: it is the workspace's code,
   * so the editor turns this off in Restricted Mode. Bundling itself runs nothing of the packages.
   */
  trustWorkspace = true;

  constructor(options: { cacheDir?: string | false; timeoutMs?: number } = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.cache = new SizeCache(options.cacheDir === false ? undefined : (options.cacheDir ?? defaultCacheDir()));
  }

  /** Moves the disk cache (the extension's global storage); what is in memory stays. */
  useCacheDir(dir: string): void {
    if (dir !== this.cache.dir) this.cache = new SizeCache(dir);
  }

  async measure(fromFile: string, entries: ImportEntry[], options: MeasureOptions = {}): Promise<ImportCostResult> {
    if (!path.isAbsolute(fromFile)) return { notMeasured: 'the file has no folder on disk to find node_modules from' };
    const fromDir = path.dirname(fromFile);
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
    if (cached) return { cost: { ...cached, packages, cached: true } };
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    let running = this.inFlight.get(key);
    if (!running) {
      running = this.thread.measure(entries, fromDir, {
        timeoutMs,
        signal: options.signal,
        workspaceBundler: this.trustWorkspace,
      });
      this.inFlight.set(key, running);
      void running.then(
        (sizes) => this.cache.set(key, sizes),
        () => undefined,
      );
      void running.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    try {
      return { cost: { ...(await running), packages, cached: false } };
    } catch (error) {
      if (error instanceof MeasureStopped) return { notMeasured: `the measurement stopped: ${error.message}` };
      return { notMeasured: `esbuild could not bundle it: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  dispose(): void {
    this.thread.dispose();
  }
}

/** 24,310 bytes → `24.3 kB` (kilo = 1000, as bundle analysers print). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const kb = bytes / 1000;
  return kb >= 100 ? `${Math.round(kb)} kB` : `${kb.toFixed(1)} kB`;
}

/** The process's measurer: the engine and the editor's decorations share its cache and its thread. */
export const importCosts = new ImportCostMeasurer();
