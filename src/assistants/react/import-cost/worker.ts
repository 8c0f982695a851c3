import { createRequire } from 'node:module';
import path from 'node:path';
import { serveRequests } from '../worker-thread';
import type { Bundler } from './bundle';
import { bundleSizes } from './bundle';
import type { MeasureRequest } from './protocol';

// The import-cost thread: esbuild runs here so a large package never holds up the extension host's thread.
let bundler: Bundler | undefined;

/**
 * The extension's own esbuild (native: measured 25-50× faster than esbuild-wasm on lodash-es), else the
 * workspace's (Vite and most React toolchains install it), found from the importing file's folder.
 */
function loadBundler(resolveDir: string, workspaceBundler: boolean): Bundler {
  const name = ['esbuild'].join('');
  const places = workspaceBundler ? [__filename, path.join(resolveDir, 'import-cost-entry.js')] : [__filename];
  for (const from of places) {
    try {
      return createRequire(from)(name) as Bundler;
    } catch {
      // Try the next place.
    }
  }
  throw new Error("esbuild is not available (neither the extension's nor the workspace's node_modules has it)");
}

serveRequests((request: MeasureRequest) => {
  bundler ??= loadBundler(request.resolveDir, request.workspaceBundler);
  return bundleSizes(bundler, request.entries, request.resolveDir);
}, firstLine);

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() && !/^Build failed/.test(line)) ?? text;
}
