import type { AnalysisError, AssistantId, Finding, Position } from './finding';
import type { AnalysisConfig } from './config';
import type { RuleMeta } from './rule';
import type { TimeBudget } from './budget';
import type { Workspace } from './workspace';

/** A document as the engines see it: a path and its text. No vscode, no file system. */
export interface SourceDocument {
  /** Workspace-relative (CLI) or absolute (editor) path; findings and edits use the same string. */
  file: string;
  text: string;
  /** The editor's language id when known; engines must also work from the file name alone. */
  languageId?: string;
}

export interface AnalysisContext {
  config: AnalysisConfig;
  budget: TimeBudget;
  signal?: AbortSignal;
  /** The rest of the workspace, for assistants that reason across files (the HPA reviewer's object graph). */
  workspace?: Workspace;
  /** Assistant-specific settings (`scalingAssistant.<assistant>.*`), already validated by the caller. */
  settings?: Readonly<Record<string, unknown>>;
}

export interface AnalysisResult {
  findings: Finding[];
  errors: AnalysisError[];
}

/** An assistant's engine. Loaded lazily through its descriptor (see assistants/catalog.ts). */
export interface Assistant {
  id: AssistantId;
  rules: readonly RuleMeta[];
  analyze(doc: SourceDocument, context: AnalysisContext): AnalysisResult | Promise<AnalysisResult>;
  /**
   * Warms the engine's caches for a workspace (parses every file it reasons across) before documents
   * are analysed, so cross-file context is complete from the first analysis. Long and cancellable; it
   * yields to the event loop so an extension host stays responsive.
   */
  prepare?(workspace: Workspace, signal?: AbortSignal): Promise<void>;
  /** Markdown explaining what is at `position` (an HPA's effective behaviour, a plan), if anything. */
  hover?(doc: SourceDocument, position: Position, context: AnalysisContext): Promise<string | undefined>;
}
