import type { AnalysisError, AssistantId, Finding, Position, Range } from './finding';
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
  /**
   * The engine's workspace context (`prepare`) is still being read, and the caller analyses the document again
   * once it is (the editor's open documents): the engine may answer now, without waiting for the context, with the
   * findings that need none of it, and say so in the result's `partial`.
   */
  contextPending?: boolean;
}

export interface AnalysisResult {
  findings: Finding[];
  errors: AnalysisError[];
  /** Why findings are missing from this answer and when they come (`contextPending`); absent when complete. */
  partial?: string;
}

/**
 * Options of a measured review (the query optimizer's sandbox or server). Long-running and cancellable
 * through `signal`; `onProgress` reports steps a user can read ("loading 100,000 synthetic rows").
 */
export interface AdviseContext extends AnalysisContext {
  /** Only the statements overlapping this range (the selection); the whole document when absent. */
  selection?: Range;
  /** Secrets the settings refer to (a database password from SecretStorage), never logged. */
  secrets?: Readonly<Record<string, string>>;
  onProgress?: (message: string) => void;
}

/**
 * What a measured review returns: findings with measured evidence and fixes (static findings enriched,
 * plus findings from plans), and the assistant's own report, typed by the assistant's `contract.ts` (the
 * SQL advisor's statements with plans and timed suggestions). The editor, the hover and the CLI read the
 * report through that type and the assistant's presenter, never by guessing its shape.
 */
export interface AdviceResult<Report = unknown> extends AnalysisResult {
  report: Report;
}

/** The verdict on a rewrite someone else proposed (Claude): parsed, and equivalent on the sandbox's data? */
export interface RewriteVerdict {
  parses: boolean;
  /** true: same rows on the synthetic data incl. edge cases; false: they differ; null: not proven. */
  equivalent: boolean | null;
  note?: string;
}

/**
 * One statement of a document as the engine's own parser reads it (the query optimizer's SQL), for checks
 * made outside the engine: the AI layer's edit guard compares these before and after a proposed edit.
 */
export interface ParsedStatement {
  /** The statement's node type (`DeleteStmt`) and its syntax tree, as the engine's parser returns them. */
  type: string;
  node: unknown;
  /** The source text of a node of this statement's tree (a WHERE condition), for a reason shown to users. */
  textOf(node: unknown): string | undefined;
  /** The statement's tokens without comments, joined by single spaces: equal texts, the same statement. */
  normalized: string;
  /** Span of the statement in the document. */
  start: number;
  end: number;
  /**
   * False for SQL found only because a string literal starts like a statement (not passed to a query call
   * nor tagged `sql`): it may be prose that happens to parse.
   */
  certain: boolean;
}

export interface ParsedStatements {
  statements: ParsedStatement[];
  /** Text the engine takes for SQL but cannot parse (`normalized` as for statements). */
  errors: Array<{ message: string; normalized: string; start: number; end: number }>;
}

/**
 * What `prepare` could not take into the context, one error per problem in the file at fault (a syntax error,
 * a statement or manifest not analysed, a file that failed to parse); the files themselves report the same when
 * they are analysed, so callers show these for files they do not analyse.
 */
export interface PrepareResult {
  errors: AnalysisError[];
}

/**
 * An assistant's engine. Loaded lazily through its descriptor (see assistants/catalog.ts). `Report` is the
 * type of its measured advice (`unknown` where the caller does not care which engine it is).
 */
export interface Assistant<Report = unknown> {
  id: AssistantId;
  rules: readonly RuleMeta[];
  analyze(doc: SourceDocument, context: AnalysisContext): AnalysisResult | Promise<AnalysisResult>;
  /**
   * Warms the engine's caches for a workspace (parses every file it reasons across) before documents
   * are analysed, so cross-file context is complete from the first analysis. Long and cancellable; it
   * yields to the event loop so an extension host stays responsive. A file it cannot read is an error of
   * the result, for that file, never an exception: the rest of the context is still read.
   */
  prepare?(workspace: Workspace, signal?: AbortSignal): Promise<PrepareResult | void>;
  /** Markdown explaining what is at `position` (an HPA's effective behaviour, a plan), if anything. */
  hover?(doc: SourceDocument, position: Position, context: AnalysisContext): Promise<string | undefined>;
  /** Measured advice (plans, candidate indexes and rewrites timed before and after), when the engine has it. */
  advise?(doc: SourceDocument, context: AdviseContext): Promise<AdviceResult<Report>>;
  /** Checks a replacement of `range` in `doc` proposed from outside (Claude) before it is offered as a fix. */
  verifyRewrite?(doc: SourceDocument, range: Range, newText: string, context: AdviseContext): Promise<RewriteVerdict>;
  /**
   * Every statement of the document, parsed: a SQL file whole (even one that looks like a template), and in
   * scripts every string literal that starts like a statement, not only those the rules analyse.
   */
  statements?(doc: SourceDocument): Promise<ParsedStatements>;
  /** Releases what the engine keeps warm between requests (the SQL sandbox, a database connection). */
  dispose?(): Promise<void>;
}
