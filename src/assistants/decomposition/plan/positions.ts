import type { Position, Range } from '../../../core/finding';
import type { Span } from '../../../core/module-graph';

/** Offsets → line and character, for the module graph's spans (which are offsets into the file's text). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }

  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }
}

/** Line indexes of the files that need them; a file it has none for gets the range of its first line. */
export type LineIndexes = ReadonlyMap<string, LineIndex>;

const FIRST_LINE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function rangeOf(indexes: LineIndexes, file: string, span: Span | undefined, range?: Range): Range {
  if (range) return range;
  const index = indexes.get(file);
  return span && index ? index.range(span) : FIRST_LINE;
}
