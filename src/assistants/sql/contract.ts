/**
 * The query optimizer's public face: the only file of `assistants/sql/` (besides the catalog) that code outside
 * `assistants/` may import (scripts/check-layers.mjs holds the rule). Its typed advice report, the presenter that
 * renders it, and the facts it offers. A value exported here enters every bundle that imports this file (the
 * extension's main bundle among them): types, and values of modules that import nothing heavy, never anything that
 * reaches the parsers (the TypeScript compiler and the PostgreSQL parser are 10 MB).
 */

// --- measured advice: the report `advise` returns, and its presenter ------------------------------------------
export type { AdviceReport as SqlAdviceReport, ReportStatement, ReportSuggestion } from './advice/document';
export type {
  EngineKind,
  MeasuredCase,
  MeasuredTimes,
  ParameterCase,
  ParameterValue,
  PlanFinding,
  PlanNode,
  PlanSummary,
  Suggestion,
} from './advice/types';
export type { PrivilegedRole } from './plan-engine/types';
export {
  adviceJson,
  adviceText,
  engineLabel,
  escapeMarkdown,
  gainPhrase,
  hoverMarkdown,
  measuredPhrase,
  planDocument,
  planTree,
  rankedSuggestions,
  suggestionLine,
  summaryText,
} from './present';
export type { EngineDescription, PresentedStatement, PresentedSuggestion } from './present';

// --- settings the editor reads without loading the engine ----------------------------------------------------
export { embedsSql } from './file-kinds';
export { isSchemaPath } from './schema-paths';
export { DATABASE_PASSWORD_SECRET, sqlSettings } from './settings';
export type { SqlSettings } from './settings';

// --- facts offered to other assistants -----------------------------------------------------------------------
// Shapes from core/facts.ts. Consumers never import them from here: they ask the catalog
// (`factsProvider('table-access')`), which loads the implementation (./facts.ts) with the engine's chunk.
import type { FactProviders } from '../../core/facts';

/** The kinds of fact the query optimizer offers, with their providers. */
export type SqlFacts = Pick<FactProviders, 'table-access'>;

// --- the syntax tree of `Assistant.statements()`, for checks made outside the engine (the AI layer's edit guard) --
// ast.ts imports nothing at run time: these add no parser to a bundle.
export type { NodeRef, Payload } from './ast';
export { asRef, columnParts, conjuncts, constValue, funcName, names, operatorName, unwrap, walk } from './ast';
