/**
 * The query optimizer's public face: the only file of `assistants/sql/` (besides the catalog) that code outside
 * `assistants/` may import (scripts/check-layers.mjs holds the rule). Its typed advice report, the presenter that
 * renders it, and the facts it offers. Nothing here loads the parser, PGlite or `pg`: the main bundle may
 * import it.
 */

// --- measured advice: the report `advise` returns, and its presenter ------------------------------------------
export type { AdviceReport as SqlAdviceReport, ReportStatement, ReportSuggestion } from './advice/document';
export type { EngineKind, MeasuredTimes, PlanFinding, PlanNode, PlanSummary, Suggestion } from './advice/types';
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
export { isSchemaPath } from './schema-paths';
export { DATABASE_PASSWORD_SECRET, sqlSettings } from './settings';
export type { SqlSettings } from './settings';
