import type { Position, Range } from '../../../core/finding';

/**
 * Offsets ↔ positions from line starts alone: the facts keep these per file instead of the text (core/text's
 * LineIndex holds the whole text, which for thousands of cached files is memory spent on nothing).
 */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, character: offset - starts[low] };
}

export function rangeAt(starts: readonly number[], start: number, end: number): Range {
  return { start: positionAt(starts, start), end: positionAt(starts, end) };
}

export function offsetAt(starts: readonly number[], position: Position): number {
  const line = Math.min(Math.max(position.line, 0), starts.length - 1);
  return starts[line] + position.character;
}
