import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Range } from '../core/finding';
import { LineIndex } from '../core/text';
import { REDACTION_MARKER_PREFIX } from './redact';
import type { AnswerEdit, AnswerLocation } from './subjects/schema';

/**
 * Puts what Claude cites on the user's document, or says why it cannot. A cited line must exist and the
 * quoted text must be on it (or within two lines: models miscount by one); a path must resolve in the
 * document's own YAML/JSON AST. Nothing is ever placed on a guessed line.
 */
export type Placed = { ok: true; range: Range } | { ok: false; reason: string };

/** How far from the cited line a quote may be found. */
const QUOTE_SLACK = 2;

export class DocumentView {
  readonly original: LineIndex;
  private readonly redactedLines: string[];
  private yamlDocs?: Document.Parsed[] | null;

  constructor(
    readonly text: string,
    redacted: string,
    readonly file: string,
  ) {
    this.original = new LineIndex(text);
    this.redactedLines = redacted.split(/\r\n|\n|\r/);
  }

  get lineCount(): number {
    return this.original.lineCount;
  }

  lineText(line: number): string {
    return this.original.lineText(line);
  }

  /** True when the text sent for this line had a secret removed. */
  lineWasRedacted(line: number): boolean {
    return (this.redactedLines[line] ?? '').includes(REDACTION_MARKER_PREFIX);
  }

  place(location: AnswerLocation, allowPaths: boolean): Placed {
    if (location.path !== undefined) {
      if (!allowPaths) return { ok: false, reason: 'cites a path, but this document is not YAML or JSON' };
      return this.placePath(location.path, location.line);
    }
    if (location.line === undefined) return { ok: false, reason: 'cites neither a line nor a path' };
    if (location.quote === undefined) return { ok: false, reason: `cites line ${location.line} without quoting it` };
    return this.placeQuote(location.line, location.endLine, location.quote);
  }

  private placeQuote(line1: number, endLine1: number | undefined, quote: string): Placed {
    if (line1 < 1 || line1 > this.lineCount)
      return { ok: false, reason: `cites line ${line1}, but the document has ${this.lineCount} lines` };
    const needle = quote
      .split(/\r\n|\n|\r/)
      .map((part) => part.trim())
      .find((part) => part !== '');
    if (!needle) return { ok: false, reason: `quotes nothing on line ${line1}` };
    const cited = line1 - 1;
    for (const line of nearest(cited, QUOTE_SLACK, this.lineCount)) {
      const found = this.findOnLine(line, needle);
      if (!found) continue;
      let end = found.end;
      if (endLine1 !== undefined && endLine1 > line1) {
        const last = Math.min(line + (endLine1 - line1), this.lineCount - 1);
        end = { line: last, character: this.lineText(last).length };
      }
      return { ok: true, range: { start: found.start, end } };
    }
    return {
      ok: false,
      reason: `the quoted text "${clip(needle)}" is not on line ${line1} (nor within ${QUOTE_SLACK} lines of it)`,
    };
  }

  /** The quote's exact range on `line`; the whole line when only the redacted or re-spaced text matches. */
  private findOnLine(line: number, needle: string): Range | undefined {
    const text = this.lineText(line);
    const at = text.indexOf(needle);
    if (at >= 0) return { start: { line, character: at }, end: { line, character: at + needle.length } };
    const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
    const redacted = this.redactedLines[line] ?? '';
    if (redacted.includes(needle) || (squash(needle).length >= 3 && squash(text).includes(squash(needle)))) {
      const start = text.length - text.trimStart().length;
      return { start: { line, character: start }, end: { line, character: text.trimEnd().length } };
    }
    return undefined;
  }

  private placePath(path: string, line1: number | undefined): Placed {
    const segments = parsePath(path);
    if (!segments) return { ok: false, reason: `"${clip(path)}" is not a path such as spec.metrics[0].resource` };
    if (this.yamlDocs === undefined) {
      try {
        const docs = parseAllDocuments(this.text, { keepSourceTokens: false });
        this.yamlDocs = Array.isArray(docs) ? docs.filter((d) => d.errors.length === 0) : null;
      } catch {
        this.yamlDocs = null;
      }
    }
    if (!this.yamlDocs || this.yamlDocs.length === 0)
      return { ok: false, reason: 'cites a path, but the document does not parse as YAML or JSON' };
    const hits: Range[] = [];
    for (const doc of this.yamlDocs) {
      const range = resolve(doc.contents, segments);
      if (range) hits.push(this.original.rangeOf(range[0], range[1]));
    }
    if (hits.length === 0) return { ok: false, reason: `the path ${clip(path)} does not exist in the document` };
    if (hits.length === 1) return { ok: true, range: hits[0] };
    // The same path in several documents of a multi-document file: the cited line decides, or nothing does.
    if (line1 !== undefined) {
      const hit = hits.find((r) => r.start.line <= line1 - 1 + QUOTE_SLACK && r.end.line >= line1 - 1 - QUOTE_SLACK);
      if (hit) return { ok: true, range: hit };
    }
    return {
      ok: false,
      reason: `the path ${clip(path)} exists in ${hits.length} documents of the file and the answer does not say which`,
    };
  }

  /**
   * Whole lines `line..endLine` (1-based) replaced by `replacement`, or why not. Only within `allowed`
   * (the selection, or the document), never on a line whose secret Claude did not see.
   */
  edit(
    edit: AnswerEdit,
    allowed: { first: number; last: number },
  ): { ok: true; range: Range; newText: string } | { ok: false; reason: string } {
    const first = edit.line - 1;
    const last = edit.endLine - 1;
    if (last < first)
      return { ok: false, reason: `the edit ends (line ${edit.endLine}) before it starts (line ${edit.line})` };
    if (first < 0 || last >= this.lineCount)
      return {
        ok: false,
        reason: `the edit replaces lines ${edit.line}-${edit.endLine}, but the document has ${this.lineCount} lines`,
      };
    if (first < allowed.first || last > allowed.last) {
      return {
        ok: false,
        reason: `the edit replaces lines ${edit.line}-${edit.endLine}, outside the reviewed lines ${allowed.first + 1}-${allowed.last + 1}`,
      };
    }
    if (edit.replacement.includes(REDACTION_MARKER_PREFIX))
      return { ok: false, reason: 'the edit would write a «redacted» placeholder into the file' };
    for (let line = first; line <= last; line++) {
      if (this.lineWasRedacted(line))
        return {
          ok: false,
          reason: `the edit touches line ${line + 1}, which holds a secret that was redacted before sending`,
        };
    }
    const eol = this.original.eol;
    // Lines are replaced without their final line break, in the file's own line-break style.
    const newText = edit.replacement.replace(/(?:\r\n|\r|\n)$/, '').replace(/\r\n|\r|\n/g, eol);
    const start = { line: first, character: 0 };
    const end = { line: last, character: this.lineText(last).length };
    const current = this.text.slice(this.original.offsetAt(start), this.original.offsetAt(end));
    if (current === newText) return { ok: false, reason: 'the edit changes nothing' };
    return { ok: true, range: { start, end }, newText };
  }
}

/** The cited line first, then one above and below, then two. */
function* nearest(line: number, slack: number, count: number): Generator<number> {
  if (line >= 0 && line < count) yield line;
  for (let d = 1; d <= slack; d++) {
    if (line - d >= 0 && line - d < count) yield line - d;
    if (line + d >= 0 && line + d < count) yield line + d;
  }
}

type Segment = string | number;

/** `spec.metrics[0].resource`, `metadata.annotations["a.b/c"]`, with or without a leading `$.`. */
export function parsePath(path: string): Segment[] | undefined {
  const segments: Segment[] = [];
  let rest = path.trim().replace(/^\$\.?/, '');
  if (rest === '') return undefined;
  while (rest.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^\[(\d+)\]/.exec(rest))) segments.push(Number(m[1]));
    else if ((m = /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest)) || (m = /^\[\s*'([^']*)'\s*\]/.exec(rest)))
      segments.push(m[1].replace(/\\(.)/g, '$1'));
    else if ((m = /^\.?([A-Za-z_$][\w$-]*)/.exec(rest))) segments.push(m[1]);
    else return undefined;
    rest = rest.slice(m[0].length);
  }
  return segments;
}

/** The range to mark for a path: a scalar's value, or the key of a mapping/sequence (so a block is not all underlined). */
function resolve(root: unknown, segments: readonly Segment[]): [number, number] | undefined {
  let node = root as YamlNode | null | undefined;
  let keyRange: [number, number] | undefined;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!isSeq(node)) return undefined;
      node = node.items[segment] as YamlNode | undefined;
      keyRange = undefined;
    } else {
      if (!isMap(node)) return undefined;
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) return undefined;
      const key = pair.key as YamlNode;
      keyRange = key.range ? [key.range[0], key.range[1]] : undefined;
      node = pair.value as YamlNode | null;
    }
    if (node === undefined) return undefined;
  }
  if (isScalar(node) && node.range) return [node.range[0], node.range[1]];
  if (keyRange) return keyRange;
  const range = (node as YamlNode | null)?.range;
  return range ? [range[0], range[1]] : undefined;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
