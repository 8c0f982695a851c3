/**
 * Rendered text that remembers where each piece came from: a template's literal text (its offsets in the template
 * file) or a value (the node of `values.yaml` that holds it). The renderer writes parts; `include`, `indent`,
 * `nindent`, `trim` and `toYaml` keep them, other functions see plain strings.
 */

export interface Origin {
  file: string;
  start: number;
  end: number;
  /**
   * The part is the file's text itself, character for character (a template's literal text): an offset inside
   * the part is the same offset after `start`. Otherwise (a value printed or serialised) the part stands for
   * the whole span.
   */
  literal: boolean;
  /**
   * Editing the span gives the rendered output the edit means: a literal of the template rendered once, as
   * written, or a value of values.yaml printed as it is (not one a `define` body, a `range` or a function made).
   */
  editable: boolean;
}

export interface Part {
  text: string;
  origin?: Origin;
}

export class Sourced {
  constructor(readonly parts: readonly Part[]) {}

  toString(): string {
    return this.parts.map((p) => p.text).join('');
  }

  get length(): number {
    return this.toString().length;
  }
}

export type Text = string | Sourced;

export function partsOf(text: Text): readonly Part[] {
  return typeof text === 'string' ? (text ? [{ text }] : []) : text.parts;
}

/** A part's slice, keeping a literal's offsets. */
export function slicePart(part: Part, from: number, to: number = part.text.length): Part {
  const text = part.text.slice(from, to);
  if (!part.origin || !part.origin.literal) return { text, origin: part.origin };
  return { text, origin: { ...part.origin, start: part.origin.start + from, end: part.origin.start + to } };
}

/** The parts, no longer editable: they now stand somewhere their source's text does not say (a helper's body). */
export function frozen(parts: readonly Part[]): Part[] {
  return parts.map((p) => (p.origin?.editable ? { text: p.text, origin: { ...p.origin, editable: false } } : p));
}

/**
 * `indent n`: every line begins with n spaces. Parts keep their origins: a value stays the value, and the
 * literal text that is indented here comes from a `define` body, already not editable.
 */
export function indentText(text: Text, spaces: number, leadingNewline: boolean): Sourced {
  const pad = ' '.repeat(Math.max(0, spaces));
  const out: Part[] = [{ text: (leadingNewline ? '\n' : '') + pad }];
  for (const part of partsOf(text)) {
    let from = 0;
    for (let nl = part.text.indexOf('\n'); nl >= 0; nl = part.text.indexOf('\n', from)) {
      out.push(slicePart(part, from, nl + 1), { text: pad });
      from = nl + 1;
    }
    if (from < part.text.length) out.push(slicePart(part, from));
  }
  return new Sourced(out.filter((p) => p.text !== ''));
}

/** `trim`: white space off both ends, parts kept. */
export function trimText(text: Text, start = true, end = true): Sourced {
  const parts = [...partsOf(text)];
  if (start)
    while (parts.length > 0) {
      const first = parts[0];
      const cut = first.text.length - first.text.trimStart().length;
      if (cut < first.text.length) {
        parts[0] = slicePart(first, cut);
        break;
      }
      parts.shift();
    }
  if (end)
    while (parts.length > 0) {
      const last = parts[parts.length - 1];
      const keep = last.text.trimEnd().length;
      if (keep > 0) {
        parts[parts.length - 1] = slicePart(last, 0, keep);
        break;
      }
      parts.pop();
    }
  return new Sourced(parts);
}
