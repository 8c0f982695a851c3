import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-file';
import type { BundleSizes } from './bundle';
import type { ImportEntry } from './entry';
import type { MeasureRequest, MeasureResponse } from './protocol';

export class MeasureStopped extends Error {
  override name = 'MeasureStopped';
}

interface Pending {
  resolve(sizes: BundleSizes): void;
  reject(error: Error): void;
}

/**
 * The caller's side of the import-cost thread: started on the first request, unref'd so it never keeps a CLI
 * alive. A request past its time or cancelled cannot be interrupted inside esbuild, so the thread is
 * terminated (every request in flight fails with the reason) and the next request starts a new one.
 */
export class MeasureThread {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  measure(
    entries: ImportEntry[],
    resolveDir: string,
    options: { timeoutMs: number; signal?: AbortSignal; workspaceBundler: boolean },
  ): Promise<BundleSizes> {
    if (options.signal?.aborted) return Promise.reject(new MeasureStopped('cancelled'));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<BundleSizes>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
      };
      const timer = setTimeout(
        () => this.stop(new MeasureStopped(`over its time budget of ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      const abort = () => this.stop(new MeasureStopped('cancelled'));
      options.signal?.addEventListener('abort', abort, { once: true });
      this.pending.set(id, {
        resolve: (sizes) => {
          done();
          resolve(sizes);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      worker.postMessage({
        id,
        entries,
        resolveDir,
        workspaceBundler: options.workspaceBundler,
      } satisfies MeasureRequest);
    });
  }

  dispose(): void {
    this.stop(new MeasureStopped('the import-cost thread was shut down'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker('react-import-cost.js', path.join(__dirname, 'worker.ts'), 'import-cost');
    worker.on('message', (response: MeasureResponse) => {
      const pending = this.pending.get(response.id);
      if (!pending) return;
      this.pending.delete(response.id);
      if ('sizes' in response) pending.resolve(response.sizes);
      else pending.reject(new Error(response.error));
    });
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.stop(new MeasureStopped('the import-cost thread stopped'));
    });
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(reason);
    if (worker) void worker.terminate();
  }
}
