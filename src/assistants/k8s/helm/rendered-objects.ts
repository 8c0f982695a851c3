import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { K8sObject } from '../manifest';
import { documentObjects } from '../manifest';
import { setOrigin } from '../node-origin';
import type { Origin, Part, Sourced } from './sourced';

/**
 * A rendered template's objects, with every YAML node moved back to where its text came from: a node the
 * template wrote literally takes its offsets in the template; a node a value made takes the values file's node;
 * anything else takes the action that printed it. Each node's origin (node-origin.ts) says whether a fix may edit
 * it there: only text that means the same thing where it was written (a literal of the template rendered once,
 * a value of values.yaml printed as it is), never a helper's body, a loop's text or a computed value.
 */

export interface RenderedObjects {
  objects: K8sObject[];
  /** The YAML the template rendered does not parse: the message and its origin. */
  error?: { message: string; origin?: Origin };
  /** Every file a node came from. */
  files: Set<string>;
}

interface Located {
  part: Part;
  /** Offset of the part in the rendered text. */
  at: number;
}

class PartIndex {
  private readonly starts: number[] = [];
  constructor(private readonly parts: readonly Part[]) {
    let at = 0;
    for (const part of parts) {
      this.starts.push(at);
      at += part.text.length;
    }
  }

  private indexAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The part holding rendered offset `offset` (the last part for the end). */
  at(offset: number): Located | undefined {
    if (this.parts.length === 0) return undefined;
    const i = this.indexAt(offset);
    return { part: this.parts[i], at: this.starts[i] };
  }

  /** The parts a rendered span covers (white space aside), found from the span's first part. */
  covering(start: number, end: number): Part[] {
    const out: Part[] = [];
    for (let i = this.indexAt(start); i < this.parts.length && this.starts[i] < end; i++) {
      if (this.starts[i] + this.parts[i].text.length <= start) continue;
      if (this.parts[i].text.trim() !== '') out.push(this.parts[i]);
    }
    return out;
  }
}

/** The source offset of a rendered offset inside a located part. */
function sourceOffset(located: Located, offset: number, end: boolean): number | undefined {
  const origin = located.part.origin;
  if (!origin) return undefined;
  if (!origin.literal) return end ? origin.end : origin.start;
  return origin.start + (offset - located.at);
}

export function renderedObjects(rendered: Sourced, templateFile: string): RenderedObjects {
  const text = rendered.toString();
  const index = new PartIndex(rendered.parts);
  const files = new Set<string>();
  const objects: K8sObject[] = [];
  const list: { doc: Document.Parsed; base: number }[] = [];
  for (const chunk of helmDocuments(text)) {
    const doc = parseDocument(text.slice(chunk.start, chunk.end), {
      prettyErrors: false,
      uniqueKeys: false,
      strict: false,
    });
    if (doc.errors.length > 0) {
      const located = index.at(chunk.start + doc.errors[0].pos[0]);
      const message = `the rendered YAML does not parse: ${doc.errors[0].message.split('\n')[0]}`;
      return { objects: [], files, error: { message, origin: located?.part.origin } };
    }
    list.push({ doc, base: chunk.start });
  }
  list.forEach(({ doc, base }, documentIndex) => {
    remapDocument(doc, index, templateFile, files, base);
    objects.push(...documentObjects(templateFile, doc, documentIndex));
  });
  return { objects, files };
}

/** Moves every node's range to its source and registers its origin; nodes are walked with a stack (no recursion). */
function remapDocument(
  doc: Document.Parsed,
  index: PartIndex,
  templateFile: string,
  files: Set<string>,
  base: number,
): void {
  const stack: unknown[] = [doc.contents];
  const nodes: Node[] = [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node) || isSeq(node)) {
      nodes.push(node);
      for (const item of node.items) {
        if (isPair(item)) stack.push(item.key, item.value);
        else stack.push(item);
      }
    } else if (isScalar(node)) nodes.push(node);
  }
  for (const node of nodes) {
    const range = node.range;
    if (!range) continue;
    const [start, valueEnd, nodeEnd] = range.map((offset) => offset + base);
    const first = index.at(start);
    const last = index.at(Math.max(start, valueEnd - 1));
    const firstOrigin = first?.part.origin;
    if (!first || !firstOrigin) {
      setOrigin(node, { file: templateFile, synthetic: true, composite: true });
      continue;
    }
    const file = firstOrigin.file;
    files.add(file);
    const from = sourceOffset(first, start, false) ?? 0;
    let to = last && last.part.origin?.file === file ? (sourceOffset(last, valueEnd - 1, true) ?? from) : from;
    if (last?.part.origin?.literal && last.part.origin.file === file) to += 1;
    if (!firstOrigin.literal && first === last) to = firstOrigin.end;
    if (to < from) to = firstOrigin.literal ? from : firstOrigin.end;
    const covered = index.covering(start, valueEnd);
    const sameLiteral = covered.every((p) => p.origin?.file === file && p.origin.literal && p.origin.editable);
    const oneValue = covered.length === 1 && covered[0].origin?.editable === true && !covered[0].origin.literal;
    const editable = (sameLiteral && firstOrigin.literal) || (oneValue && isScalar(node));
    node.range = [from, to, Math.max(to, nodeEnd - valueEnd + to)];
    setOrigin(node, {
      file,
      synthetic: !editable || undefined,
      composite: (!editable && (isMap(node) || isSeq(node))) || undefined,
      value: !firstOrigin.literal && isScalar(node) && file !== templateFile ? true : undefined,
    });
  }
}

/**
 * The rendered text's documents as Helm splits them (releaseutil.SplitManifests): at `---` after a line break,
 * whatever follows on its line (`---# comment` when a `-}}` ate the line break, which YAML alone would not split).
 */
function helmDocuments(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  // A scan, not Helm's regular expression, whose `\s*\n` backtracks over long runs of blank lines.
  for (let at = text.indexOf('---'); at >= 0; at = text.indexOf('---', at + 3)) {
    if (at > 0 && text[at - 1] !== '\n') continue;
    let from = at;
    while (from > start && /\s/.test(text[from - 1])) from--;
    let to = at + 3;
    while (to < text.length && /\s/.test(text[to])) to++;
    out.push({ start, end: from });
    start = to;
    at = to - 3;
  }
  out.push({ start, end: text.length });
  return out.filter((chunk) => text.slice(chunk.start, chunk.end).trim() !== '');
}
