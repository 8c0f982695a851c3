import type { BundleSizes, LocalBundleSizes } from './bundle';
import type { ImportEntry } from './entry';
import type { MeasureRequest } from './protocol';
import { ThreadStopped, WorkerThread, workerScript } from '../worker-thread';

export { ThreadStopped as MeasureStopped };

interface ThreadOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  workspaceBundler: boolean;
}

/** The caller's side of the import-cost thread (esbuild bundles there, never on the extension host's thread). */
export class MeasureThread {
  private readonly thread = new WorkerThread<MeasureRequest, BundleSizes | LocalBundleSizes>(
    'the import-cost thread',
    () => workerScript('react-import-cost.js', __dirname),
  );

  measure(entries: ImportEntry[], resolveDir: string, options: ThreadOptions): Promise<BundleSizes> {
    return this.thread.run(
      { entries, resolveDir, workspaceBundler: options.workspaceBundler },
      { timeoutMs: options.timeoutMs, signal: options.signal },
    );
  }

  /** Entries that include workspace modules (absolute paths): the answer lists the files the bundle read. */
  measureLocal(entries: ImportEntry[], resolveDir: string, options: ThreadOptions): Promise<LocalBundleSizes> {
    return this.thread.run(
      { entries, resolveDir, workspaceBundler: options.workspaceBundler, local: true },
      { timeoutMs: options.timeoutMs, signal: options.signal },
    ) as Promise<LocalBundleSizes>;
  }

  dispose(): void {
    this.thread.dispose();
  }
}
