import type { Position, Range } from '../../../core/finding';
import { comparePositions } from '../../../core/finding';

/**
 * Keeps a Claude finding's range on the text it was about while the user edits elsewhere, without vscode (so
 * it is unit-tested): a change before the range moves it, a change that touches it ends it (the finding was
 * about text that is no longer there). The caller also compares the text under the moved range with the text
 * Claude saw, so a finding is never shown on a line it was not about.
 */

/** One edit as VS Code reports it: the range replaced (in the text before this edit) and the new text. */
export interface TextChange {
  range: Range;
  text: string;
}

/** Where `position` ends up after `change`, for a position at or after the change's end. */
function movePosition(position: Position, change: TextChange): Position {
  const lines = change.text.split('\n');
  const insertedLastLine = change.range.start.line + lines.length - 1;
  const lastLineLength = lines[lines.length - 1].length;
  if (position.line === change.range.end.line) {
    // On the change's last line: the characters after the change follow the inserted text.
    const baseCharacter = lines.length === 1 ? change.range.start.character + lastLineLength : lastLineLength;
    return { line: insertedLastLine, character: baseCharacter + (position.character - change.range.end.character) };
  }
  return { line: position.line + (insertedLastLine - change.range.end.line), character: position.character };
}

/**
 * The range after one change, or undefined when the change overlaps or touches it. An insertion exactly at
 * the range's start or end counts as touching: typing against a flagged expression changes what it says.
 */
export function shiftRange(range: Range, change: TextChange): Range | undefined {
  if (comparePositions(change.range.end, range.start) < 0) {
    return { start: movePosition(range.start, change), end: movePosition(range.end, change) };
  }
  if (comparePositions(change.range.start, range.end) > 0) return range;
  return undefined;
}

/** The range after a sequence of changes (VS Code's contentChanges, applied in order), or undefined. */
export function shiftRangeThrough(range: Range, changes: readonly TextChange[]): Range | undefined {
  let current: Range | undefined = range;
  for (const change of changes) {
    if (!current) return undefined;
    current = shiftRange(current, change);
  }
  return current;
}

/** 0-based offset of `position` in `text` (lines split on \n; a \r before it counts as a character). */
export function offsetAt(text: string, position: Position): number | undefined {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const length = (lineEnd < 0 ? text.length : lineEnd) - offset;
  if (position.character > length) return undefined;
  return offset + position.character;
}

/** The text a range covers, or undefined when the range is not inside the text. */
export function textOf(text: string, range: Range): string | undefined {
  const start = offsetAt(text, range.start);
  const end = offsetAt(text, range.end);
  if (start === undefined || end === undefined || end < start) return undefined;
  return text.slice(start, end);
}

/** The position of a 0-based offset in `text` (lines split on \n). */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

/**
 * A whole-line SQL edit narrowed to the statement: when both the replaced text and the replacement end with
 * the statement's semicolon (and trailing blanks), the check sees the statement without it, which is the same
 * change. The query optimizer compares statement spans, and those end before the semicolon.
 */
export function withoutTrailingSemicolon(
  text: string,
  range: Range,
  newText: string,
): { range: Range; newText: string } {
  const start = offsetAt(text, range.start);
  const end = offsetAt(text, range.end);
  if (start === undefined || end === undefined) return { range, newText };
  const replaced = /;\s*$/.exec(text.slice(start, end));
  const replacement = /;\s*$/.exec(newText);
  if (!replaced || !replacement) return { range, newText };
  return {
    range: { start: range.start, end: positionAt(text, end - replaced[0].length) },
    newText: newText.slice(0, newText.length - replacement[0].length),
  };
}
