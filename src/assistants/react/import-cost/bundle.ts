import { gzipSync } from 'node:zlib';
import type { ImportEntry } from './entry';
import { entrySource } from './entry';

/** The part of esbuild's API a measurement uses (the native package and esbuild-wasm both have it). */
export interface Bundler {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: Array<{ contents: Uint8Array }> }>;
}

export interface BundleSizes {
  minifiedBytes: number;
  gzipBytes: number;
}

/** React is the page's already: a component library's cost is what it adds beside it. */
const EXTERNALS = ['react', 'react-dom', 'react/*', 'react-dom/*'];

/**
 * Bundles exactly `entries` as a browser build would (minified, production, React external) and returns the
 * output's size, raw and gzipped. `resolveDir` is where the imports are resolved from: the importing file's folder.
 */
export async function bundleSizes(
  bundler: Bundler,
  entries: readonly ImportEntry[],
  resolveDir: string,
): Promise<BundleSizes> {
  const result = await bundler.build({
    stdin: { contents: entrySource(entries), resolveDir, loader: 'js', sourcefile: 'import-cost-entry.js' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external: EXTERNALS,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    legalComments: 'none',
  });
  const output = result.outputFiles?.[0]?.contents ?? new Uint8Array();
  return { minifiedBytes: output.byteLength, gzipBytes: gzipSync(output).byteLength };
}
