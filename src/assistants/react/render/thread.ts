import { codeCacheFolder } from '../../../core/code-cache';
import { spawn, workerScript } from '../worker-thread';
import type { RenderMeasurement, RenderRequest, RenderResponse } from './protocol';

export class RenderStopped extends Error {
  override name = 'RenderStopped';
}

/**
 * Measures in a worker thread of its own, started for this request and terminated after it: workspace code
 * runs there, so a render that loops forever or a module that changes globals ends with its thread. Past
 * `timeoutMs` or on `signal` the thread is terminated and the promise rejects with RenderStopped.
 */
export function measureInSandbox(
  request: RenderRequest,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<RenderMeasurement> {
  if (options.signal?.aborted) return Promise.reject(new RenderStopped('cancelled'));
  const worker = spawn(workerScript('react-render.js', __dirname));
  return new Promise<RenderMeasurement>((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      worker.removeAllListeners();
      // A terminated thread reports nothing more worth hearing.
      worker.on('error', () => undefined);
      void worker.terminate();
      settle();
    };
    const timer = setTimeout(
      () =>
        finish(() => reject(new RenderStopped(`over its time budget of ${Math.round(options.timeoutMs / 1000)} s`))),
      options.timeoutMs,
    );
    const abort = () => finish(() => reject(new RenderStopped('cancelled')));
    options.signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (response: RenderResponse) =>
      finish(() => ('measurement' in response ? resolve(response.measurement) : reject(new Error(response.error)))),
    );
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the render sandbox stopped (exit code ${code})`))));
    const folder = request.codeCacheFolder ?? codeCacheFolder();
    worker.postMessage(folder ? { ...request, codeCacheFolder: folder } : request);
  });
}
