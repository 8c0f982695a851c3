import type * as TS from 'typescript';
import { requireWithCodeCache } from '../code-cache';
import { bundledTypeScriptFile } from './typescript-chunk';

let loaded: typeof TS | undefined;

/**
 * The TypeScript compiler, loaded on the first graph build rather than at import: an engine that imports the
 * module graph keeps its start-up free of the compiler's ~9 MB (esbuild makes it its own chunk, esbuild.mjs).
 * The bundled chunk is compiled with V8's code cached by an earlier run when the caller gave a cache folder
 * (code-cache.ts): about 130 ms of CPU less per start.
 */
export async function loadTypeScript(): Promise<typeof TS> {
  if (!loaded) {
    const module = bundledTypeScriptFile
      ? (requireWithCodeCache(bundledTypeScriptFile) as typeof TS)
      : await import('typescript');
    loaded = (module as { default?: typeof TS }).default ?? module;
  }
  return loaded;
}
