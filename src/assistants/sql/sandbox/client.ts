import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sandboxAborted } from './in-process';
import type { WorkerRequest, WorkerResponse, WorkerResult } from './protocol';

/**
 * The caller's side of the sandbox worker: one worker thread per process, started on the first request,
 * kept warm, stopped after `idleMinutes` without requests. Requests go one at a time (PGlite is one
 * single-user backend). A cancelled or overrunning request cannot be interrupted inside PGlite, so the
 * worker is terminated and the next request starts a fresh one (and reloads the schema); a worker that
 * dies on its own fails the request in flight with a clear message and is restarted the same way.
 */

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface CallOptions {
  signal?: AbortSignal;
  /** Past this the worker is stopped and the request fails with a TimeoutError. */
  timeoutMs?: number;
  /** The TimeoutError's message (default: the statement ran too long). */
  timeoutMessage?: string;
  onProgress?: (message: string) => void;
}

interface Pending extends CallOptions {
  request: Request;
  resolve: (result: WorkerResult) => void;
  reject: (error: Error) => void;
  id?: number;
  timer?: ReturnType<typeof setTimeout>;
  abort?: () => void;
}

export class NotLoadedError extends Error {
  override name = 'NotLoaded';
}

/** Where the worker script is: built beside the chunk, or (tests, tsx) the TypeScript source. */
export function workerScript(): string {
  const override = process.env.SA_SANDBOX_WORKER;
  if (override) return path.resolve(override);
  for (const file of [path.join(__dirname, 'sql-sandbox.js'), path.join(__dirname, 'assistants', 'sql-sandbox.js')])
    if (existsSync(file)) return file;
  const source = path.join(__dirname, 'worker.ts');
  if (existsSync(source)) return source;
  throw new Error(
    `the SQL sandbox worker script is missing (looked for sql-sandbox.js beside ${__dirname}): rebuild the extension`,
  );
}

function spawn(script: string): Worker {
  if (script.endsWith('.ts')) {
    // From source: the worker registers tsx itself (workers do not inherit the parent's loader hooks).
    const tsx = createRequire(__filename).resolve(['tsx', 'cjs'].join('/'));
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(script)});`, { eval: true });
  }
  return new Worker(script);
}

export class SandboxClient {
  private worker?: Worker;
  private nextId = 1;
  private readonly queue: Pending[] = [];
  private current?: Pending;
  private idleTimer?: ReturnType<typeof setTimeout>;
  /** Fingerprint of what the current worker has loaded (set by the load that succeeded). */
  loadedFingerprint?: string;
  /** Times a worker was started, and ms from spawn to the thread running (last start). */
  starts = 0;
  lastSpawnMs?: number;

  constructor(public idleMs = 10 * 60_000) {}

  /** Changes the idle time; an idle worker's countdown starts again with it. */
  setIdleMs(ms: number): void {
    this.idleMs = ms;
    if (this.worker && !this.current && this.queue.length === 0) this.pump();
  }

  call(request: Request, options: CallOptions = {}): Promise<WorkerResult> {
    if (options.signal?.aborted) return Promise.reject(sandboxAborted());
    return new Promise((resolve, reject) => {
      const pending: Pending = { ...options, request, resolve, reject };
      if (options.signal) {
        pending.abort = () => this.cancel(pending);
        options.signal.addEventListener('abort', pending.abort, { once: true });
      }
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Stops the worker; queued requests fail. For deactivate() and tests. */
  async dispose(): Promise<void> {
    const error = new Error('the SQL sandbox was shut down');
    for (const pending of this.queue.splice(0)) this.settle(pending, error);
    await this.stop(error);
  }

  private cancel(pending: Pending): void {
    const at = this.queue.indexOf(pending);
    if (at >= 0) {
      this.queue.splice(at, 1);
      this.settle(pending, sandboxAborted());
    } else if (this.current === pending) {
      void this.stop(sandboxAborted());
    }
  }

  private settle(pending: Pending, outcome: Error | { result: WorkerResult }): void {
    if (pending.timer) clearTimeout(pending.timer);
    if (pending.abort) pending.signal?.removeEventListener('abort', pending.abort);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome.result);
  }

  /** Terminates the worker; the request in flight fails with `reason`. */
  private async stop(reason: Error): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.loadedFingerprint = undefined;
    const current = this.current;
    this.current = undefined;
    if (current) this.settle(current, reason);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (worker) await worker.terminate().catch(() => undefined);
    this.pump();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const started = performance.now();
    const worker = spawn(workerScript());
    this.starts++;
    worker.once('online', () => (this.lastSpawnMs = performance.now() - started));
    worker.on('message', (message: WorkerResponse) => this.onMessage(worker, message));
    worker.on('error', (error: Error) => {
      if (this.worker !== worker) return;
      void this.stop(
        new Error(`the SQL sandbox worker crashed (${error.message}); it starts again on the next request`),
      );
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      void this.stop(
        new Error(`the SQL sandbox worker exited unexpectedly (code ${code}); it starts again on the next request`),
      );
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(worker: Worker, message: WorkerResponse): void {
    const current = this.current;
    if (worker !== this.worker || !current || message.id !== current.id) return;
    if ('progress' in message) {
      current.onProgress?.(message.progress);
      return;
    }
    this.current = undefined;
    if (message.ok) {
      if (current.request.op === 'load') this.loadedFingerprint = current.request.fingerprint;
      this.settle(current, { result: message.result });
    } else {
      const error =
        message.error.name === 'NotLoaded'
          ? new NotLoadedError(message.error.message)
          : new Error(message.error.message);
      if (message.error.name !== 'Error' && message.error.name !== 'NotLoaded') error.name = message.error.name;
      this.settle(current, error);
    }
    this.pump();
  }

  private pump(): void {
    if (this.current) return;
    const next = this.queue.shift();
    if (!next) {
      this.worker?.unref();
      if (this.worker) {
        if (this.idleTimer) clearTimeout(this.idleTimer);
        this.idleTimer = setTimeout(() => void this.stop(new Error('idle')), this.idleMs);
        this.idleTimer.unref();
      }
      return;
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      this.settle(next, error as Error);
      this.pump();
      return;
    }
    worker.ref();
    next.id = this.nextId++;
    this.current = next;
    if (next.timeoutMs && next.timeoutMs > 0) {
      const ms = next.timeoutMs;
      next.timer = setTimeout(() => {
        if (this.current !== next) return;
        const error = new Error(
          next.timeoutMessage ??
            `the statement ran longer than ${ms} ms and was stopped (the sandbox restarts on the next request)`,
        );
        error.name = 'TimeoutError';
        void this.stop(error);
      }, ms);
    }
    worker.postMessage({ ...next.request, id: next.id } as WorkerRequest);
  }
}
