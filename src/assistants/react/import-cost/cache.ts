import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BundleSizes } from './bundle';

/**
 * Sizes by key (package@version and the sorted names): in memory for the process, and one small JSON file per
 * key under `dir` so a restart (of the extension host, of the CLI) does not bundle again. A version change is a
 * new key; a file that cannot be read or written is a miss, never an error.
 */
export class SizeCache {
  private readonly memory = new Map<string, BundleSizes>();

  constructor(readonly dir?: string) {}

  async get(key: string): Promise<BundleSizes | undefined> {
    const held = this.memory.get(key);
    if (held || !this.dir) return held;
    try {
      const stored = JSON.parse(await fs.readFile(this.fileOf(key), 'utf8')) as Partial<BundleSizes> & { key?: string };
      if (stored.key !== key || typeof stored.gzipBytes !== 'number' || typeof stored.minifiedBytes !== 'number')
        return undefined;
      const sizes = { minifiedBytes: stored.minifiedBytes, gzipBytes: stored.gzipBytes };
      this.memory.set(key, sizes);
      return sizes;
    } catch {
      return undefined;
    }
  }

  async set(key: string, sizes: BundleSizes): Promise<void> {
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
