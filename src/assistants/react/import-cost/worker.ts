import { serveRequests } from '../worker-thread';
import { bundleSizes, localBundleSizes } from './bundle';
import { firstLine, loadBundler } from './load-bundler';
import type { MeasureRequest } from './protocol';

// The import-cost thread: esbuild runs here so a large package never holds up the extension host's thread.
serveRequests(async (request: MeasureRequest) => {
  const bundler = await loadBundler(request.resolveDir, request.workspaceBundler);
  return request.local
    ? localBundleSizes(bundler, request.entries, request.resolveDir)
    : bundleSizes(bundler, request.entries, request.resolveDir);
}, firstLine);
