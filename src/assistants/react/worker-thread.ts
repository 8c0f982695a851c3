import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker, parentPort } from 'node:worker_threads';

/**
 * One worker thread that answers requests in order of arrival, shared by the frontend optimizer's heavy jobs
 * (bundling an import to measure it, running the React Compiler on a file) so none of them runs on the
 * extension host's thread.
 */

export class ThreadStopped extends Error {
  override name = 'ThreadStopped';
}

export type ThreadMessage<Q> = Q & { id: number };
export type ThreadResponse<R> = { id: number; result: R } | { id: number; error: string };

/**
 * Where a worker script is: built beside the engine chunk (`dist/` or `dist/assistants/`), or (tests, tsx) the
 * TypeScript source beside the module that starts it.
 */
export function workerScript(builtName: string, sourceDir: string, sourceName = 'worker.ts'): string {
  for (const file of [path.join(__dirname, builtName), path.join(__dirname, 'assistants', builtName)])
    if (existsSync(file)) return file;
  const source = path.join(sourceDir, sourceName);
  if (existsSync(source)) return source;
  throw new Error(`the worker script is missing (looked for ${builtName} beside ${__dirname})`);
}

/** Starts the worker script `workerScript` found; from source it registers tsx first. */
export function spawn(script: string): Worker {
  if (!script.endsWith('.ts')) return new Worker(script);
  // From source: the worker registers tsx itself (workers do not inherit the parent's loader hooks).
  const tsx = createRequire(__filename).resolve(['tsx', 'cjs'].join('/'));
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(script)});`, { eval: true });
}

interface Pending<R> {
  resolve(result: R): void;
  reject(error: Error): void;
}

/**
 * The caller's side: started on the first request, unref'd so it never keeps a CLI alive. A request past its
 * time or cancelled cannot be interrupted inside the worker's synchronous work, so the thread is terminated
 * (every request in flight fails with the reason) and the next request starts a new one.
 */
export class WorkerThread<Q extends object, R> {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending<R>>();

  /** `name`: what the errors call the thread (`the import-cost thread`). */
  constructor(
    private readonly name: string,
    private readonly script: () => string,
  ) {}

  run(request: Q, options: { timeoutMs: number; signal?: AbortSignal }): Promise<R> {
    if (options.signal?.aborted) return Promise.reject(new ThreadStopped('cancelled'));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
      };
      const timer = setTimeout(
        () => this.stop(new ThreadStopped(`over its time budget of ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      const abort = () => this.stop(new ThreadStopped('cancelled'));
      options.signal?.addEventListener('abort', abort, { once: true });
      this.pending.set(id, {
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      worker.postMessage({ ...request, id } satisfies ThreadMessage<Q>);
    });
  }

  dispose(): void {
    this.stop(new ThreadStopped(`${this.name} was shut down`));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = spawn(this.script());
    worker.on('message', (response: ThreadResponse<R>) => {
      const pending = this.pending.get(response.id);
      if (!pending) return;
      this.pending.delete(response.id);
      if ('result' in response) pending.resolve(response.result);
      else pending.reject(new Error(response.error));
    });
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.stop(new ThreadStopped(`${this.name} stopped`));
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

/** The worker's side: answers each request with `handle`'s result, or its error described by `describe`. */
export function serveRequests<Q extends object, R>(
  handle: (request: Q) => Promise<R> | R,
  describe: (error: unknown) => string = (error) => (error instanceof Error ? error.message : String(error)),
): void {
  parentPort?.on('message', (request: ThreadMessage<Q>) => {
    void (async (): Promise<ThreadResponse<R>> => {
      try {
        return { id: request.id, result: await handle(request) };
      } catch (error) {
        return { id: request.id, error: describe(error) };
      }
    })().then((response) => parentPort?.postMessage(response));
  });
}
