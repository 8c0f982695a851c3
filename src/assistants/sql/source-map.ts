/**
 * Maps offsets in a SQL fragment's text back to the host document it came from. A fragment is built
 * from pieces: verbatim runs (one SQL character per host character) and replaced runs (a placeholder
 * `$1` standing for `${userId}`, a cooked escape `\n` standing for `\\n`). A position inside a replaced
 * run maps to its edges, so a finding inside a placeholder lands on the whole `${…}`.
 */
export interface Piece {
  sqlStart: number;
  sqlEnd: number;
  hostStart: number;
  hostEnd: number;
  verbatim: boolean;
}

export class SourceMap {
  readonly pieces: Piece[] = [];
  private sqlLength = 0;
  private text = '';

  /** Appends host text copied one to one. */
  verbatim(hostStart: number, text: string): this {
    if (text.length === 0) return this;
    const last = this.pieces[this.pieces.length - 1];
    if (last?.verbatim && last.sqlEnd === this.sqlLength && last.hostEnd === hostStart) {
      last.sqlEnd += text.length;
      last.hostEnd += text.length;
    } else {
      this.pieces.push({
        sqlStart: this.sqlLength,
        sqlEnd: this.sqlLength + text.length,
        hostStart,
        hostEnd: hostStart + text.length,
        verbatim: true,
      });
    }
    this.sqlLength += text.length;
    this.text += text;
    return this;
  }

  /** Appends `text` standing for the host span [hostStart, hostEnd). */
  replaced(hostStart: number, hostEnd: number, text: string): this {
    this.pieces.push({
      sqlStart: this.sqlLength,
      sqlEnd: this.sqlLength + text.length,
      hostStart,
      hostEnd,
      verbatim: false,
    });
    this.sqlLength += text.length;
    this.text += text;
    return this;
  }

  /** The SQL text built so far. */
  get sql(): string {
    return this.text;
  }

  private pieceAt(offset: number, side: 'start' | 'end'): Piece | undefined {
    // A start belongs to the piece it begins; an end to the piece it closes.
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.pieces[mid];
      const before = side === 'start' ? p.sqlEnd <= offset : p.sqlEnd < offset;
      const after = side === 'start' ? p.sqlStart > offset : p.sqlStart >= offset;
      if (before) lo = mid + 1;
      else if (after) hi = mid - 1;
      else return p;
    }
    return this.pieces[Math.min(Math.max(lo, 0), this.pieces.length - 1)];
  }

  /** Host offset of a SQL offset; inside a replaced piece, its start (side 'start') or end (side 'end'). */
  toHost(offset: number, side: 'start' | 'end' = 'start'): number {
    const piece = this.pieceAt(offset, side);
    if (!piece) return offset;
    if (piece.verbatim)
      return piece.hostStart + Math.max(0, Math.min(offset - piece.sqlStart, piece.hostEnd - piece.hostStart));
    if (offset <= piece.sqlStart) return piece.hostStart;
    if (offset >= piece.sqlEnd) return piece.hostEnd;
    return side === 'start' ? piece.hostStart : piece.hostEnd;
  }

  /** Host span of a SQL span; a span inside a placeholder becomes the placeholder. */
  spanToHost(start: number, end: number): { start: number; end: number } {
    const hostStart = this.toHost(start, 'start');
    const hostEnd = end <= start ? hostStart : this.toHost(end, 'end');
    return { start: hostStart, end: Math.max(hostStart, hostEnd) };
  }

  /**
   * Host span for an edit of the SQL span [start, end), only when the span lies inside one verbatim
   * piece (or is an insertion point in or at the edge of one): an edit must never cut a placeholder or an
   * escape sequence in half.
   */
  editableSpan(start: number, end: number): { start: number; end: number } | undefined {
    for (const p of this.pieces) {
      if (!p.verbatim) continue;
      if (start >= p.sqlStart && end <= p.sqlEnd && start <= end) {
        return { start: p.hostStart + (start - p.sqlStart), end: p.hostStart + (end - p.sqlStart) };
      }
    }
    return undefined;
  }
}

/** The identity map of a whole SQL document. */
export function identityMap(text: string): SourceMap {
  return new SourceMap().verbatim(0, text);
}
