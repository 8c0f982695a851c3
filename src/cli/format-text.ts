import type { AnalysisError, Finding, Position, Severity } from '../core/finding';
import { SEVERITIES } from '../core/finding';
import type { CheckReport } from './check';

/**
 * Compiler-style lines (`file:line:col severity rule message`, 1-based) that editors, terminals and CI log
 * viewers turn into links. Only findings and errors go to stdout, so it stays parseable; the summary is
 * separate and goes to stderr. Names from the files (a YAML name, a file name) are written as they are:
 * `main()` escapes the control characters in everything the CLI prints (terminal-safe.ts).
 */
export function formatText(report: CheckReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    lines.push(
      `${at(finding.file, finding.range.start)} ${finding.severity} ${finding.ruleId} ${oneLine(finding.message)}`,
    );
    if (options.verbose) lines.push(...details(finding));
  }
  for (const error of report.errors) lines.push(formatError(error));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function formatError(error: AnalysisError): string {
  const where = error.range ? at(error.file, error.range.start) : `${error.file}:`;
  return `${where} error ${error.kind} ${oneLine(error.message)}`;
}

/** An analysis error as `advise` and `roadmap` write it to stderr: `file:line:col: kind: message`. */
export function describeError(error: AnalysisError): string {
  const where = error.range ? at(error.file, error.range.start) : error.file;
  return `${where}: ${error.kind === 'parse' ? '' : `${error.kind}: `}${error.message}`;
}

/** E.g. `2 findings (1 error, 1 warning) in 3 files, 1 analysis error`. */
export function formatSummary(report: CheckReport): string {
  const counts = new Map<Severity, number>();
  for (const finding of report.findings) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  const bySeverity = SEVERITIES.filter((s) => counts.has(s)).map((s) => plural(counts.get(s) ?? 0, s));
  return (
    `${plural(report.findings.length, 'finding')}${bySeverity.length > 0 ? ` (${bySeverity.join(', ')})` : ''} ` +
    `in ${plural(report.filesAnalysed, 'file')}, ${plural(report.errors.length, 'analysis error')}`
  );
}

function details(finding: Finding): string[] {
  const lines = (finding.related ?? []).map((r) => `  related: ${at(r.file, r.range.start)} ${oneLine(r.message)}`);
  for (const fix of finding.fixes ?? []) lines.push(`  fix: ${oneLine(fix.title)}`);
  return lines;
}

function at(file: string, position: Position): string {
  return `${file}:${position.line + 1}:${position.character + 1}`;
}

/** A message with a line break would break the one-line-per-finding shape that tools parse. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
