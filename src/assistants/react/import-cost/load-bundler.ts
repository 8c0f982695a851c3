import { createRequire } from 'node:module';
import path from 'node:path';
import type { Bundler } from './bundle';

/**
 * The extension's own esbuild (native: measured 25-50× faster than esbuild-wasm on lodash-es), else the
 * workspace's (Vite and most React toolchains install it), found from the importing file's folder.
 */
export function loadBundler(resolveDir: string, workspaceBundler: boolean): Bundler {
  const name = ['esbuild'].join('');
  const places = workspaceBundler ? [__filename, path.join(resolveDir, 'bundle-entry.js')] : [__filename];
  for (const from of places) {
    try {
      return createRequire(from)(name) as Bundler;
    } catch {
      // Try the next place.
    }
  }
  throw new Error("esbuild is not available (neither the extension's nor the workspace's node_modules has it)");
}

/** The line of a bundler's error that says what failed (esbuild's first line only says that it did). */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() && !/^Build failed/.test(line)) ?? text;
}
