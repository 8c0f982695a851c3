import type * as LibPgQuery from 'libpg-query';
import type * as TS from 'typescript';
import { loadTypeScript } from '../../core/module-graph/typescript';

/**
 * The two parsers this chunk carries (the TypeScript compiler and libpg_query with its WASM), handed to the AI
 * layer's structural redaction through the catalog, so the AI chunk carries no second copy of either.
 */
export async function loadParsers(): Promise<{ ts: typeof TS; pg: typeof LibPgQuery }> {
  const [ts, pg] = await Promise.all([loadTypeScript(), import('libpg-query')]);
  await pg.loadModule();
  return { ts, pg };
}
