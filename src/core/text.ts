import type { Position, Range } from './finding';

/**
 * Offset ↔ position conversion for one text. Built once per analysis; lookups are binary searches so
 * mapping thousands of parser offsets stays cheap on large files.
 */
export class LineIndex {
  private readonly lineStarts: number[];
  /** Most frequent line break; '\n' when the text has none. */
  private readonly dominantEol: string;

  constructor(readonly text: string) {
    const starts = [0];
    let lf = 0;
    let crlf = 0;
    let cr = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 /* \n */) {
        lf++;
        starts.push(i + 1);
      } else if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) {
          i++;
          crlf++;
        } else {
          cr++;
        }
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
    // Ties go to CRLF (the old behaviour: any CRLF meant a Windows file), then to LF.
    const most = Math.max(lf, crlf, cr);
    this.dominantEol = most === 0 || (lf === most && crlf < most) ? '\n' : crlf === most ? '\r\n' : '\r';
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset just before the line break of `line`. */
  lineEnd(line: number): number {
    const start = this.lineStart(line);
    let end = this.nextLineStart(line);
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end;
  }

  /** Offset of the start of the next line (after the line break), or the end of text. */
  nextLineStart(line: number): number {
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** Whole-line range including its line break: what a "delete this line" edit replaces. */
  fullLineRange(line: number): Range {
    return this.rangeOf(this.lineStart(line), this.nextLineStart(line));
  }

  /** The line break this text mostly uses, so inserted lines match the user's file. */
  get eol(): string {
    return this.dominantEol;
  }
}

/**
 * Maps a UTF-8 byte offset in `text` to `base` + its UTF-16 offset. Identity (plus base) for ASCII text,
 * which is nearly all SQL; otherwise a table built once per text.
 */
export function byteOffsetMapper(text: string, base = 0): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return (b) => base + b;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) bytes.push(i);
    if (code >= 0x10000) i++;
  }
  bytes.push(text.length);
  return (b) => base + (b >= 0 && b < bytes.length ? bytes[b] : b < 0 ? 0 : text.length);
}
