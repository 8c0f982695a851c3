import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BundleSizes } from './bundle';
import type { Stamps } from './stamps';

/** Sizes, and for workspace modules the stamps of the files read and the imports left out. */
export interface CachedSizes extends BundleSizes {
  stamps?: Stamps;
  unresolved?: string[];
}

/**
 * Sizes by key (package@version and the sorted names, or workspace modules' paths and names): in memory for the
 * process, and one small JSON file per key under `dir` so a restart (of the extension host, of the CLI) does not
 * bundle again. A version change is a new key; a workspace module's entry carries the stamps of the files it read,
 * which its reader checks. A file that cannot be read or written is a miss, never an error.
 */
export class SizeCache {
  private readonly memory = new Map<string, CachedSizes>();

  constructor(readonly dir?: string) {}

  async get(key: string): Promise<CachedSizes | undefined> {
    const held = this.memory.get(key);
    if (held || !this.dir) return held;
    try {
      const stored = JSON.parse(await fs.readFile(this.fileOf(key), 'utf8')) as Partial<CachedSizes> & { key?: string };
      if (stored.key !== key || typeof stored.gzipBytes !== 'number' || typeof stored.minifiedBytes !== 'number')
        return undefined;
      const sizes: CachedSizes = { minifiedBytes: stored.minifiedBytes, gzipBytes: stored.gzipBytes };
      if (stored.stamps && typeof stored.stamps === 'object') sizes.stamps = stored.stamps;
      if (Array.isArray(stored.unresolved)) sizes.unresolved = stored.unresolved.map(String);
      this.memory.set(key, sizes);
      return sizes;
    } catch {
      return undefined;
    }
  }

  async set(key: string, sizes: CachedSizes): Promise<void> {
    this.memory.set(key, sizes);
    if (!this.dir) return;
    try {
      await fs.mkdir(this.dir, { recursive: true });
      await fs.writeFile(this.fileOf(key), JSON.stringify({ key, ...sizes }));
    } catch {
      // A read-only or full disk costs a measurement next time, nothing more.
    }
  }

  private fileOf(key: string): string {
    return path.join(this.dir!, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  }
}
