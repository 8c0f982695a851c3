/**
 * The module graph of a TypeScript/JavaScript workspace, shared by the frontend optimizer (which component a
 * JSX element is, across barrels) and the decomposition planner (weighted imports, cycles).
 */
export { ModuleGraph } from './graph';
export type {
  ExportOrigin,
  GraphUpdate,
  SourceProvider,
  ModuleEdge,
  ModuleNode,
  ResolvedReference,
  UnresolvedReason,
} from './graph';
export { MODULE_FILE, readModuleSyntax } from './syntax';
export type { ExportedName, ImportedName, ModuleReference, ModuleSyntax, ReferenceKind, Span } from './syntax';
export { stronglyConnected } from './scc';
