/**
 * The one model every layer shares. Ranges are 0-based (line and UTF-16 character), like VS Code and LSP,
 * so the CLI's JSON, SARIF and the editor all speak of the same place without conversion bugs.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type Impact = 'high' | 'medium' | 'low';
export type Effort = 'small' | 'medium' | 'large';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** Higher is more severe; used for --fail-on and sorting. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/** A text edit. `file` is the same kind of path as the finding's `file`. */
export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
  /**
   * The edit creates `file` (a new migration) with `newText` as its content; `range` is 0:0. Applying it
   * fails rather than overwrite a file that already exists.
   */
  createFile?: boolean;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor marks as preferred (one per finding at most). */
  isPreferred?: boolean;
  /** Longer text shown beside the fix: caveats a user must read before applying. */
  detail?: string;
  /**
   * A suppression comment the engine placed itself (in the comment syntax of the spot, e.g. SQL's `--`
   * inside a template literal); the editor then offers no generic one for the finding.
   */
  suppression?: boolean;
}

export interface RelatedInformation {
  file: string;
  range: Range;
  message: string;
}

export interface MeasuredEvidence {
  beforeMs: number;
  afterMs: number;
  speedup: number;
  rows?: number;
  engine: string;
}

/**
 * What a change saves in bytes a browser downloads, measured (an import's bundle, gzipped). Kept apart from
 * `measured` (times and speedups, which the roadmap and the SQL advice read as such); a finding with one also
 * says it in `notes`, which every consumer shows.
 */
export interface MeasuredSize {
  beforeBytes: number;
  /** Absent when only the current cost was measured (no smaller import to compare with). */
  afterBytes?: number;
  /** What was measured and how ("esbuild, minified, gzip; lodash@4.17.21"). */
  engine: string;
}

export interface Evidence {
  measured?: MeasuredEvidence;
  measuredSize?: MeasuredSize;
  /** Free-form facts an assistant established (estimates must say they are estimates). */
  notes?: string[];
}

export type AssistantId = 'sql' | 'k8s' | 'react' | 'decomposition';

export interface Finding {
  file: string;
  assistant: AssistantId;
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  related?: RelatedInformation[];
  impact: Impact;
  effort: Effort;
  evidence?: Evidence;
  fixes?: Fix[];
}

/** Something that stopped part of an analysis: unreadable file, syntax error, over budget. */
export interface AnalysisError {
  file: string;
  message: string;
  range?: Range;
  /** Stable kind so presentation can group and tests can assert. */
  /**
   * `partial`: the analysis ran, but with incomplete context (the workspace was still being read), so
   * checks that need it were held back; the editor analyses again once the context is complete.
   */
  kind: 'read' | 'parse' | 'budget' | 'internal' | 'unsupported' | 'partial';
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: pos(startLine, startChar), end: pos(endLine, endChar) };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Stable order: file, then position, then rule. The CLI and tests rely on determinism. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    comparePositions(a.range.start, b.range.start) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
