/**
 * Maps offsets in a SQL fragment's text back to the host document it came from. A fragment is built
 * from pieces: verbatim runs (one SQL character per host character) and replaced runs (a placeholder
 * `$1` standing for `${userId}`, a cooked escape `\n` standing for `\\n`, a stand-in `"schema"` for
 * `${schema}`). A position inside a replaced run maps to its edges, so a finding inside a placeholder lands
 * on the whole `${…}`.
 *
 * Text composed from elsewhere in the host (a `const where = sql.fragment…` spliced in at `${where}`) keeps
 * its own host offsets, so a finding inside it lands on the fragment where it is written; each such piece
 * carries its anchors, the `${…}` spans it was spliced in through (outermost first), and a span that
 * starts and ends at different depths is lifted to the anchor they share.
 */
export interface Anchor {
  hostStart: number;
  hostEnd: number;
}

export interface Piece {
  sqlStart: number;
  sqlEnd: number;
  hostStart: number;
  hostEnd: number;
  verbatim: boolean;
  /** Text the engine put there for host code it cannot read (an interpolated name, a template tag). */
  standIn?: true;
  /** The splices this piece came through, outermost first; absent for text written in place. */
  anchors?: readonly Anchor[];
}

export class SourceMap {
  readonly pieces: Piece[] = [];
  private sqlLength = 0;
  private text = '';
  private anchorStack: Anchor[] = [];
  private anchors: readonly Anchor[] | undefined;

  /** Appends host text copied one to one. */
  verbatim(hostStart: number, text: string): this {
    if (text.length === 0) return this;
    const last = this.pieces[this.pieces.length - 1];
    if (
      last?.verbatim &&
      last.sqlEnd === this.sqlLength &&
      last.hostEnd === hostStart &&
      last.anchors === this.anchors
    ) {
      last.sqlEnd += text.length;
      last.hostEnd += text.length;
    } else {
      this.pieces.push({
        sqlStart: this.sqlLength,
        sqlEnd: this.sqlLength + text.length,
        hostStart,
        hostEnd: hostStart + text.length,
        verbatim: true,
        ...(this.anchors ? { anchors: this.anchors } : {}),
      });
    }
    this.sqlLength += text.length;
    this.text += text;
    return this;
  }

  /** Appends `text` standing for the host span [hostStart, hostEnd); `standIn` when it is the engine's guess. */
  replaced(hostStart: number, hostEnd: number, text: string, standIn = false): this {
    this.pieces.push({
      sqlStart: this.sqlLength,
      sqlEnd: this.sqlLength + text.length,
      hostStart,
      hostEnd,
      verbatim: false,
      ...(standIn ? { standIn: true as const } : {}),
      ...(this.anchors ? { anchors: this.anchors } : {}),
    });
    this.sqlLength += text.length;
    this.text += text;
    return this;
  }

  /** The pieces appended until `leave()` were spliced in through the host span [hostStart, hostEnd). */
  enter(hostStart: number, hostEnd: number): this {
    this.anchorStack.push({ hostStart, hostEnd });
    this.anchors = Object.freeze([...this.anchorStack]);
    return this;
  }

  leave(): this {
    this.anchorStack.pop();
    this.anchors = this.anchorStack.length > 0 ? Object.freeze([...this.anchorStack]) : undefined;
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

  private hostIn(piece: Piece | undefined, offset: number, side: 'start' | 'end'): number {
    if (!piece) return offset;
    if (piece.verbatim)
      return piece.hostStart + Math.max(0, Math.min(offset - piece.sqlStart, piece.hostEnd - piece.hostStart));
    if (offset <= piece.sqlStart) return piece.hostStart;
    if (offset >= piece.sqlEnd) return piece.hostEnd;
    return side === 'start' ? piece.hostStart : piece.hostEnd;
  }

  /**
   * Host offset of a SQL offset; inside a replaced piece, its start (side 'start') or end (side 'end').
   * Text spliced in from elsewhere maps to where it is written.
   */
  toHost(offset: number, side: 'start' | 'end' = 'start'): number {
    return this.hostIn(this.pieceAt(offset, side), offset, side);
  }

  /**
   * Host span of a SQL span; a span inside a placeholder becomes the placeholder. When its ends lie in text
   * spliced in from different places, each end is lifted to the outermost splice they do not share.
   */
  spanToHost(start: number, end: number): { start: number; end: number } {
    const first = this.pieceAt(start, 'start');
    let hostStart = this.hostIn(first, start, 'start');
    if (end <= start) return { start: hostStart, end: hostStart };
    const last = this.pieceAt(end, 'end');
    let hostEnd = this.hostIn(last, end, 'end');
    const a = first?.anchors ?? [];
    const b = last?.anchors ?? [];
    if (a !== b) {
      let shared = 0;
      while (shared < a.length && shared < b.length && sameAnchor(a[shared], b[shared])) shared++;
      if (shared < a.length) hostStart = a[shared].hostStart;
      if (shared < b.length) hostEnd = b[shared].hostEnd;
    }
    return { start: hostStart, end: Math.max(hostStart, hostEnd) };
  }

  /**
   * Host span for an edit of the SQL span [start, end), only when the span lies inside one verbatim
   * piece written in place (or is an insertion point in or at the edge of one): an edit must never cut a
   * placeholder or an escape sequence in half, nor change text spliced in from elsewhere (other statements
   * may use it too).
   */
  editableSpan(start: number, end: number): { start: number; end: number } | undefined {
    for (const p of this.pieces) {
      if (!p.verbatim || p.anchors) continue;
      if (start >= p.sqlStart && end <= p.sqlEnd && start <= end) {
        return { start: p.hostStart + (start - p.sqlStart), end: p.hostStart + (end - p.sqlStart) };
      }
    }
    return undefined;
  }

  /** Host spans of the stand-ins, lifted to where they are written in the statement's own text. */
  standInSpans(): { sqlStart: number; sqlEnd: number; hostStart: number; hostEnd: number }[] {
    return this.pieces
      .filter((p) => p.standIn)
      .map((p) => ({ sqlStart: p.sqlStart, sqlEnd: p.sqlEnd, hostStart: p.hostStart, hostEnd: p.hostEnd }));
  }

  /** Every SQL offset maps to the same host offset (a SQL file without stand-ins of another length). */
  isIdentity(): boolean {
    return this.pieces.every((p) => p.sqlStart === p.hostStart && p.sqlEnd === p.hostEnd && !p.anchors);
  }
}

function sameAnchor(a: Anchor, b: Anchor): boolean {
  return a.hostStart === b.hostStart && a.hostEnd === b.hostEnd;
}

/** The identity map of a whole SQL document. */
export function identityMap(text: string): SourceMap {
  return new SourceMap().verbatim(0, text);
}
