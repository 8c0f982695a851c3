import type { BundleSizes } from './bundle';
import type { ImportEntry } from './entry';
import type { MeasureRequest } from './protocol';
import { ThreadStopped, WorkerThread, workerScript } from '../worker-thread';

export { ThreadStopped as MeasureStopped };

/** The caller's side of the import-cost thread (esbuild bundles there, never on the extension host's thread). */
export class MeasureThread {
  private readonly thread = new WorkerThread<MeasureRequest, BundleSizes>('the import-cost thread', () =>
    workerScript('react-import-cost.js', __dirname),
  );

  measure(
    entries: ImportEntry[],
    resolveDir: string,
    options: { timeoutMs: number; signal?: AbortSignal; workspaceBundler: boolean },
  ): Promise<BundleSizes> {
    return this.thread.run(
      { entries, resolveDir, workspaceBundler: options.workspaceBundler },
      { timeoutMs: options.timeoutMs, signal: options.signal },
    );
  }

  dispose(): void {
    this.thread.dispose();
  }
}
