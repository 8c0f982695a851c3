import type { Range } from '../../../core/finding';
import type { Span } from '../../../core/module-graph';
import type { LineIndex } from '../../../core/text';

/** Line indexes (the module graph's spans are offsets) of the files that need them; a file it has none for gets the range of its first line. */
export type LineIndexes = ReadonlyMap<string, LineIndex>;

const FIRST_LINE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function rangeOf(indexes: LineIndexes, file: string, span: Span | undefined, range?: Range): Range {
  if (range) return range;
  const index = indexes.get(file);
  return span && index ? index.rangeOf(span.start, span.end) : FIRST_LINE;
}
