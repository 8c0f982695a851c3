import { isSecretValue, REDACTION_MARKER_PREFIX } from './secret-names';

/**
 * Redaction by position: every rule (parsers and line patterns alike) reports the spans of the original text
 * that hold a secret; they are merged and replaced once. Rules added first win where spans overlap, so a
 * value found by a parser is counted once and named by the most specific rule.
 */

export interface RedactionCount {
  kind: string;
  count: number;
}

export interface Redacted {
  text: string;
  redactions: RedactionCount[];
}

export function marker(kind: string): string {
  return `${REDACTION_MARKER_PREFIX}${kind}»`;
}

/** Counts per kind, merged across several texts. */
export class RedactionTally {
  private readonly counts = new Map<string, number>();

  add(kind: string, count = 1): void {
    if (count > 0) this.counts.set(kind, (this.counts.get(kind) ?? 0) + count);
  }

  merge(counts: readonly RedactionCount[]): void {
    for (const { kind, count } of counts) this.add(kind, count);
  }

  list(): RedactionCount[] {
    return [...this.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([kind, count]) => ({ kind, count }));
  }
}

interface Span {
  start: number;
  end: number;
  kind: string;
}

/** Markers a previous redaction left: never redacted again, so redacting twice changes nothing more. */
const MARKER = /«redacted:[^»\s]{1,40}»/g;

/** Where rules report what they found: the text they look at, and spans of it. */
export interface Spans {
  readonly text: string;
  /** A secret at [start, end) of `text`; empty and out-of-range spans are ignored. */
  add(start: number, end: number, kind: string): void;
  /** Adds `value`, found at `start`, unless it is empty, a reference, a placeholder or a marker. */
  addValue(start: number, value: string, kind: string): void;
  /**
   * The part [start, end) of `text`, as a text of its own whose spans land at their place in the whole;
   * `masked`, of the same length, stands in for the part (a template's substitutions blanked out).
   */
  view(start: number, end: number, masked?: string): Spans;
}

abstract class SpanSink implements Spans {
  constructor(readonly text: string) {}

  abstract add(start: number, end: number, kind: string): void;

  addValue(start: number, value: string, kind: string): void {
    if (isSecretValue(value)) this.add(start, start + value.length, kind);
  }

  view(start: number, end: number, masked?: string): Spans {
    const part = this.text.slice(start, end);
    return new SpanView(this, start, masked !== undefined && masked.length === part.length ? masked : part);
  }
}

class SpanView extends SpanSink {
  constructor(
    private readonly whole: Spans,
    private readonly offset: number,
    text: string,
  ) {
    super(text);
  }

  add(start: number, end: number, kind: string): void {
    const from = Math.max(0, start);
    const to = Math.min(this.text.length, end);
    if (to > from) this.whole.add(this.offset + from, this.offset + to, kind);
  }
}

/** The spans found in one text, in the order the rules report them. */
export class SpanSet extends SpanSink {
  private readonly spans: Span[] = [];

  add(start: number, end: number, kind: string): void {
    const from = Math.max(0, start);
    const to = Math.min(this.text.length, end);
    if (to > from) this.spans.push({ start: from, end: to, kind });
  }

  /** Replaces every span by a marker of its kind, line by line so every line (and line number) is kept. */
  apply(): Redacted {
    const regions = mergeRegions(withoutMarkers(this.spans, this.text));
    const tally = new RedactionTally();
    let out = '';
    let last = 0;
    for (const region of regions) {
      tally.add(region.kind);
      out += this.text.slice(last, region.start) + maskLines(this.text.slice(region.start, region.end), region.kind);
      last = region.end;
    }
    return { text: last === 0 ? this.text : out + this.text.slice(last), redactions: tally.list() };
  }
}

/** Cuts the existing markers out of every span; what is left of a span is still redacted. */
function withoutMarkers(spans: readonly Span[], text: string): Span[] {
  if (!text.includes(REDACTION_MARKER_PREFIX)) return [...spans];
  const markers = [...text.matchAll(MARKER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const out: Span[] = [];
  for (const span of spans) {
    let start = span.start;
    for (const m of markers) {
      if (m.end <= start || m.start >= span.end) continue;
      if (m.start > start) out.push({ start, end: m.start, kind: span.kind });
      start = Math.max(start, m.end);
    }
    if (start < span.end) out.push({ start, end: span.end, kind: span.kind });
  }
  return out.filter((s) => text.slice(s.start, s.end).trim() !== '');
}

/** Overlapping spans become one region named by the span reported first. */
function mergeRegions(spans: readonly Span[]): Span[] {
  const ordered = spans
    .map((span, order) => ({ ...span, order }))
    .sort((a, b) => a.start - b.start || a.order - b.order);
  const regions: Array<Span & { order: number }> = [];
  for (const span of ordered) {
    const previous = regions[regions.length - 1];
    if (previous && span.start < previous.end) {
      if (span.order < previous.order) {
        previous.kind = span.kind;
        previous.order = span.order;
      }
      previous.end = Math.max(previous.end, span.end);
    } else {
      regions.push({ ...span });
    }
  }
  return regions;
}

/** Each line's part of the region becomes one marker; indentation, blank lines and line breaks stay. */
function maskLines(region: string, kind: string): string {
  return region.replace(/[^\r\n]+/g, (line) => {
    const body = line.trim();
    if (body === '') return line;
    const lead = line.length - line.trimStart().length;
    const trail = line.length - line.trimEnd().length;
    return `${line.slice(0, lead)}${marker(kind)}${line.slice(line.length - trail)}`;
  });
}
