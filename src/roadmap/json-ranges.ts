import type { Position, Range } from '../core/finding';

/**
 * A strict JSON parser (RFC 8259) that keeps where every key and value is, so the assessment's fields can be
 * linked from a task and its errors can point at the field. Small on purpose: the CLI and extension bundles
 * must not pull in a YAML parser just to read one JSON file.
 */
export type JsonNode =
  | { kind: 'object'; range: Range; entries: JsonEntry[] }
  | { kind: 'array'; range: Range; items: JsonNode[] }
  | { kind: 'string'; range: Range; value: string }
  | { kind: 'number'; range: Range; value: number }
  | { kind: 'boolean'; range: Range; value: boolean }
  | { kind: 'null'; range: Range };

export interface JsonEntry {
  key: string;
  keyRange: Range;
  value: JsonNode;
}

export type JsonParse = { ok: true; root: JsonNode } | { ok: false; message: string; range: Range };

/** Deeper nesting than any hand-written file has; past it the input is hostile or broken. */
const MAX_DEPTH = 64;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length = 1,
  ) {
    super(message);
  }
}

export function parseJsonWithRanges(text: string): JsonParse {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const position = (offset: number): Position => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: offset - lineStarts[low] };
  };
  const span = (start: number, end: number): Range => ({ start: position(start), end: position(end) });

  let at = 0;
  const skipSpace = () => {
    // A leading byte-order mark is not part of the document (editors hide it); treat it as space.
    while (
      at < text.length &&
      (text[at] === ' ' ||
        text[at] === '\t' ||
        text[at] === '\n' ||
        text[at] === '\r' ||
        (at === 0 && text[at] === '\uFEFF'))
    )
      at++;
  };
  const describe = (offset: number) => (offset >= text.length ? 'the end of the file' : `"${text[offset]}"`);

  const parseString = (): { value: string; start: number; end: number } => {
    const start = at;
    at++; // opening quote
    let value = '';
    for (;;) {
      if (at >= text.length) throw new JsonSyntaxError('unterminated string', start, at - start);
      const c = text[at];
      if (c === '"') {
        at++;
        return { value, start, end: at };
      }
      if (c === '\\') {
        const escape = text[at + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (escape !== undefined && escape in simple) {
          value += simple[escape];
          at += 2;
        } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
          value += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
          at += 6;
        } else {
          throw new JsonSyntaxError('invalid escape in string', at, 2);
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) throw new JsonSyntaxError('line break or control character in string', at);
      value += c;
      at++;
    }
  };

  const parseValue = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(`nested deeper than ${MAX_DEPTH} levels`, at);
    skipSpace();
    const start = at;
    const c = text[at];
    if (c === '{') {
      at++;
      const entries: JsonEntry[] = [];
      skipSpace();
      if (text[at] === '}') {
        at++;
        return { kind: 'object', range: span(start, at), entries };
      }
      for (;;) {
        skipSpace();
        if (text[at] !== '"') throw new JsonSyntaxError(`expected a quoted key, found ${describe(at)}`, at);
        const key = parseString();
        skipSpace();
        if (text[at] !== ':')
          throw new JsonSyntaxError(`expected ":" after the key "${key.value}", found ${describe(at)}`, at);
        at++;
        const value = parseValue(depth + 1);
        entries.push({ key: key.value, keyRange: span(key.start, key.end), value });
        skipSpace();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return { kind: 'object', range: span(start, at), entries };
        }
        throw new JsonSyntaxError(`expected "," or "}" in an object, found ${describe(at)}`, at);
      }
    }
    if (c === '[') {
      at++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[at] === ']') {
        at++;
        return { kind: 'array', range: span(start, at), items };
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        skipSpace();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return { kind: 'array', range: span(start, at), items };
        }
        throw new JsonSyntaxError(`expected "," or "]" in an array, found ${describe(at)}`, at);
      }
    }
    if (c === '"') {
      const { value, end } = parseString();
      return { kind: 'string', range: span(start, end), value };
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (number) {
      at += number[0].length;
      return { kind: 'number', range: span(start, at), value: Number(number[0]) };
    }
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return { ...node, range: span(start, at) } as JsonNode;
      }
    }
    throw new JsonSyntaxError(`expected a value, found ${describe(at)}`, at);
  };

  try {
    const root = parseValue(0);
    skipSpace();
    if (at < text.length) throw new JsonSyntaxError(`unexpected ${describe(at)} after the end of the JSON value`, at);
    return { ok: true, root };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const end = Math.min(text.length, error.offset + error.length);
    return { ok: false, message: error.message, range: span(Math.min(error.offset, text.length), end) };
  }
}

/** The node at `path` (object keys; array indexes as decimal strings), or undefined. */
export function nodeAt(root: JsonNode, path: readonly string[]): { node: JsonNode; keyRange?: Range } | undefined {
  let current: { node: JsonNode; keyRange?: Range } = { node: root };
  for (const segment of path) {
    const node = current.node;
    if (node.kind === 'object') {
      // Duplicate keys: the last one wins, as in JSON.parse.
      let entry: JsonEntry | undefined;
      for (const e of node.entries) if (e.key === segment) entry = e;
      if (!entry) return undefined;
      current = { node: entry.value, keyRange: entry.keyRange };
    } else if (node.kind === 'array' && /^(0|[1-9]\d*)$/.test(segment) && Number(segment) < node.items.length) {
      current = { node: node.items[Number(segment)] };
    } else {
      return undefined;
    }
  }
  return current;
}

/** The range of the field at `path`: from its key to the end of its value (the value alone for array items). */
export function fieldRange(root: JsonNode, path: readonly string[]): Range | undefined {
  const found = nodeAt(root, path);
  if (!found) return undefined;
  return found.keyRange ? { start: found.keyRange.start, end: found.node.range.end } : found.node.range;
}
