import type * as TS from 'typescript';

let loaded: typeof TS | undefined;

/**
 * The TypeScript compiler, loaded on the first graph build rather than at import: an engine that imports the
 * module graph keeps its start-up free of the compiler's ~9 MB (esbuild makes it its own chunk, esbuild.mjs).
 */
export async function loadTypeScript(): Promise<typeof TS> {
  if (!loaded) {
    const module = await import('typescript');
    loaded = (module as { default?: typeof TS }).default ?? module;
  }
  return loaded;
}
