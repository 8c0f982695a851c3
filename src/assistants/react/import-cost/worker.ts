import { parentPort } from 'node:worker_threads';
import type { Bundler } from './bundle';
import { bundleSizes } from './bundle';
import { firstLine, loadBundler } from './load-bundler';
import type { MeasureRequest, MeasureResponse } from './protocol';

// The import-cost thread: esbuild runs here so a large package never holds up the extension host's thread.
let bundler: Bundler | undefined;

parentPort?.on('message', (request: MeasureRequest) => {
  void (async (): Promise<MeasureResponse> => {
    try {
      bundler ??= loadBundler(request.resolveDir, request.workspaceBundler);
      return { id: request.id, sizes: await bundleSizes(bundler, request.entries, request.resolveDir) };
    } catch (error) {
      return { id: request.id, error: firstLine(error) };
    }
  })().then((response) => parentPort?.postMessage(response));
});
