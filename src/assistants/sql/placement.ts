import type { AnalysisError, Finding } from '../../core/finding';
import type { LineIndex } from '../../core/text';
import type { SqlFragment } from './fragment';
import type { SqlSyntaxError } from './parser';

/**
 * Where findings and syntax errors of a fragment with stand-ins go. A stand-in is the engine's text, not
 * the user's: a finding that lies wholly inside one (a `SELECT *` where `${columns}` stood) is moved to the
 * call that runs the statement (`pool.query`), whose line is the user's; in a SQL file there is no call,
 * and the finding is dropped, since it is about text the file does not hold.
 */
export function placeFinding(finding: Finding, fragment: SqlFragment, lines: LineIndex): Finding | undefined {
  const standIns = fragment.map.standInSpans();
  if (standIns.length === 0) return finding;
  const start = lines.offsetAt(finding.range.start);
  const end = lines.offsetAt(finding.range.end);
  if (!standIns.some((s) => start >= s.hostStart && end <= s.hostEnd)) return finding;
  if (!fragment.caller) return undefined;
  const { caller } = fragment;
  // An edit of the stand-in's text has no place in the host; a suppression comment is placed anew by the engine.
  const { fixes: _fixes, ...rest } = finding;
  return { ...rest, range: lines.rangeOf(caller.start, caller.end) };
}

/** A stand-in (or a parameter) at a syntax error or next to it, only spaces between: where the grammar stopped. */
function nearStandIn(
  fragment: SqlFragment,
  error: { start: number; end: number },
): { sqlStart: number; sqlEnd: number; hostStart: number; hostEnd: number } | undefined {
  const spans = [...fragment.map.standInSpans(), ...fragment.placeholders];
  const blank = (from: number, to: number) => from <= to && fragment.sql.slice(from, to).trim() === '';
  return spans.find(
    (p) =>
      (error.start < p.sqlEnd && Math.max(error.end, error.start + 1) > p.sqlStart) ||
      blank(p.sqlEnd, error.start) ||
      blank(Math.max(error.end, error.start + 1), p.sqlStart),
  );
}

/**
 * What to report for a syntax error. In a SQL file: the error, unless it is at a template tag or psql
 * variable, where the statement is reported as not analysed (its rendered text may well parse). In a
 * script: nothing when the SQL is built at run time (text spliced in by string interpolation), or the
 * error is at a stand-in or a driver's own placeholder syntax the engine does not know; else the error.
 */
export function syntaxErrorReport(
  file: string,
  text: string,
  fragment: SqlFragment,
  error: SqlSyntaxError,
  lines: LineIndex,
): AnalysisError | undefined {
  const span = fragment.map.spanToHost(error.start, Math.max(error.end, error.start));
  const range = lines.rangeOf(span.start, span.end);
  if (error.refused) return { file, kind: 'unsupported', message: error.message, range };
  const near = nearStandIn(fragment, error);
  if (fragment.origin === 'file' || fragment.origin === 'body') {
    if (!near) return { file, kind: 'parse', message: error.message, range };
    const written = text.slice(near.hostStart, near.hostEnd).replace(/\s+/g, ' ').trim();
    const shown = written.length > 40 ? `${written.slice(0, 37)}…` : written;
    return {
      file,
      kind: 'unsupported',
      message: `not analysed: the statement does not parse with ${shown} read as a name, a value or nothing (${error.message}); its rendered SQL may`,
      range: lines.rangeOf(near.hostStart, near.hostEnd),
    };
  }
  if (fragment.interpolated || near) return undefined;
  const at = fragment.sql.slice(error.start, Math.max(error.end, error.start + 1));
  return /^(\?|:)/.test(at) ? undefined : { file, kind: 'parse', message: error.message, range };
}
