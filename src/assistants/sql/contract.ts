/**
 * The query optimizer's public face: the only file of assistants/sql/ that code outside assistants/ may
 * import, besides assistants/catalog.ts. A value exported here enters every bundle that imports this file
 * (the extension's main bundle among them): types, and values of modules that import nothing heavy, never
 * anything that reaches the parsers (the TypeScript compiler and the PostgreSQL parser are 10 MB).
 */

// ---- Facts offered to other assistants ----------------------------------------------------------------
// Shapes from core/facts.ts. Consumers never import them from here: they ask the catalog
// (`factsProvider('table-access')`), which loads the implementation (./facts.ts) with the engine's chunk.
import type { FactProviders } from '../../core/facts';

/** The kinds of fact the query optimizer offers, with their providers. */
export type SqlFacts = Pick<FactProviders, 'table-access'>;
