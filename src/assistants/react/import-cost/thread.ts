import type { BatchJob, BatchResult } from './batch';
import type { MeasureBatchRequest } from './protocol';
import { ThreadStopped, WorkerThread, workerScript } from '../worker-thread';

export { ThreadStopped as MeasureStopped };

interface ThreadOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  workspaceBundler: boolean;
}

/** The caller's side of the import-cost thread (esbuild bundles there, never on the extension host's thread). */
export class MeasureThread {
  private readonly thread = new WorkerThread<MeasureBatchRequest, BatchResult[]>('the import-cost thread', () =>
    workerScript('react-import-cost.js', __dirname),
  );

  /** Several measurements in one build (batch.ts): an answer or an error per job, in order. */
  measureBatch(jobs: BatchJob[], options: ThreadOptions): Promise<BatchResult[]> {
    return this.thread.run(
      { jobs, workspaceBundler: options.workspaceBundler },
      { timeoutMs: options.timeoutMs, signal: options.signal },
    );
  }

  dispose(): void {
    this.thread.dispose();
  }
}
