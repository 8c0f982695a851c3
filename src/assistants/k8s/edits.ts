import { isCollection, isNode, isPair, stringify } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { TextEdit } from '../../core/finding';
import type { LineIndex } from '../../core/text';
import { editableIn } from './node-origin';
import type { AnyPair } from './yaml-nodes';

/**
 * Minimal text edits computed from node ranges, so a fix touches only the field it is about: comments,
 * key order, quoting and the user's indentation stay exactly as written. (Re-serialising the document
 * through `yaml` would normalise formatting the user chose.)
 *
 * Every helper refuses (returns undefined) nodes not written in `file` as they stand (`editableIn`): an
 * object kustomize builds holds nodes of other files, and values the build computed.
 */

/**
 * Removes `key: value` from its map. In a block map the whole line goes, except a trailing comment,
 * which stays behind on its own line; in a flow map (`{a: 1, b: 2}`) the entry and one comma go.
 * Returns undefined when the pair shares its line with other content in a way a line edit would break.
 */
export function deletePairEdit(file: string, lines: LineIndex, parent: YAMLMap, pair: AnyPair): TextEdit | undefined {
  const keyRange = (pair.key as Node | undefined)?.range;
  if (!keyRange || !editableIn(file, pair.key, pair.value)) return undefined;
  const valueRange = (pair.value as Node | null | undefined)?.range;
  const keyStart = keyRange[0];
  const valueEnd = valueRange ? valueRange[1] : keyRange[1];
  const text = lines.text;

  if (parent.flow) return deleteFlowEntry(file, lines, keyStart, valueEnd);

  const startLine = lines.positionAt(keyStart).line;
  const lineStart = lines.lineStart(startLine);
  if (text.slice(lineStart, keyStart).trim() !== '') return undefined; // e.g. "- replicas: 3": the dash must stay
  const endLine = lines.positionAt(Math.max(keyStart, valueEnd - 1)).line;
  const rest = text.slice(valueEnd, lines.lineEnd(endLine));
  const trailing = rest.trim();
  if (trailing !== '' && !trailing.startsWith('#')) return undefined;
  // Comments between the key and a value on a later line ("replicas: # why" / "  3") stay too.
  const between = valueRange ? text.slice(keyRange[1], valueRange[0]) : '';
  const kept = [...between.matchAll(/(?:^|[ \t])(#[^\r\n]*)/gm)].map((m) => m[1].trimEnd());
  if (trailing.startsWith('#')) kept.push(trailing);
  const indent = text.slice(lineStart, keyStart);
  const replacement = kept.map((comment) => `${indent}${comment}${lines.eol}`).join('');
  return { file, range: lines.rangeOf(lineStart, lines.nextLineStart(endLine)), newText: replacement };
}

function deleteFlowEntry(file: string, lines: LineIndex, start: number, end: number): TextEdit {
  const text = lines.text;
  let after = end;
  while (after < text.length && /[ \t]/.test(text[after])) after++;
  if (text[after] === ',') {
    after++;
    while (after < text.length && /[ \t]/.test(text[after])) after++;
    // An entry on a line of its own (multi-line flow maps, JSON): take the whole line, not leave a blank one.
    const first = lines.positionAt(start).line;
    const last = lines.positionAt(after).line;
    if (text.slice(lines.lineStart(first), start).trim() === '' && after === lines.lineEnd(last)) {
      return { file, range: lines.rangeOf(lines.lineStart(first), lines.nextLineStart(last)), newText: '' };
    }
    return { file, range: lines.rangeOf(start, after), newText: '' };
  }
  // Last entry: take the comma before it instead, so "{a: 1, b: 2}" becomes "{a: 1}".
  let before = start;
  while (before > 0 && /[ \t\r\n]/.test(text[before - 1])) before--;
  if (text[before - 1] === ',') before--;
  return { file, range: lines.rangeOf(before, end), newText: '' };
}

/** Block YAML for a small value, indented by `indent` spaces (no trailing newline). */
export function blockYaml(value: unknown, indent: number): string {
  const text = stringify(value, { indent: 2, lineWidth: 0 }).replace(/\n$/, '');
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

function flowYaml(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).replace(/\n$/, '');
}

/** Column of a map's keys (its first item's key), or undefined for an empty map. */
function keyColumn(lines: LineIndex, map: YAMLMap): number | undefined {
  const first = map.items[0]?.key as Node | undefined;
  return first?.range ? lines.positionAt(first.range[0]).character : undefined;
}

/** End offset of a pair's value, or of its key when the value is empty. */
function pairEnd(pair: AnyPair): number | undefined {
  const value = pair.value as Node | null | undefined;
  const key = pair.key as Node | undefined;
  return value?.range?.[1] ?? key?.range?.[1];
}

/**
 * Adds `key: value` as the last entry of a map, matching the map's own style: a new line at the map's key
 * indentation for block maps, `, key: value` before the closing brace for flow maps. Values that are
 * maps or lists are written as block YAML under the key. Returns undefined where the map has no
 * position to anchor to (an empty block map is handled by `setPairValueEdit` on its parent pair).
 */
export function insertPairEdit(
  file: string,
  lines: LineIndex,
  map: YAMLMap,
  key: string,
  value: unknown,
): TextEdit | undefined {
  if (!editableIn(file, map)) return undefined;
  const text = lines.text;
  if (map.flow) {
    const range = map.range;
    if (!range) return undefined;
    let close = range[1] - 1;
    while (close > range[0] && text[close] !== '}') close--;
    if (text[close] !== '}') return undefined;
    let before = close;
    while (before > range[0] && /\s/.test(text[before - 1])) before--;
    const empty = text[before - 1] === '{';
    const entry = `${key}: ${flowYaml(value)}`;
    return { file, range: lines.rangeOf(before, before), newText: empty ? entry : `, ${entry}` };
  }
  const column = keyColumn(lines, map);
  const last = map.items[map.items.length - 1] as AnyPair | undefined;
  const end = last && pairEnd(last);
  if (column === undefined || end === undefined) return undefined;
  const endLine = lines.positionAt(Math.max(0, end - 1)).line;
  const at = lines.nextLineStart(endLine);
  const needsBreak = at === text.length && !/[\r\n]$/.test(text);
  const body = isScalarLike(value)
    ? `${' '.repeat(column)}${key}: ${flowYaml(value)}`
    : `${' '.repeat(column)}${key}:${lines.eol}${blockYaml(value, column + 2).replace(/\n/g, lines.eol)}`;
  return { file, range: lines.rangeOf(at, at), newText: `${needsBreak ? lines.eol : ''}${body}${lines.eol}` };
}

function isScalarLike(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/**
 * Replaces a pair's value. A scalar keeps its line; a map or list value is written as block YAML on
 * the lines below the key (indented two spaces past the key), replacing what was there, which is how
 * an empty `resources: {}` or `resources:` gains content. A trailing comment on the key's line stays;
 * `keptComments` (from `commentsWithin` the old value) are written as lines above the new block.
 */
export function setPairValueEdit(
  file: string,
  lines: LineIndex,
  pair: AnyPair,
  value: unknown,
  keptComments: readonly string[] = [],
): TextEdit | undefined {
  const key = pair.key as Node | undefined;
  if (!key?.range || !editableIn(file, pair.key, pair.value)) return undefined;
  const valueNode = pair.value as Node | null | undefined;
  let colon = key.range[1];
  while (colon < lines.text.length && lines.text[colon] !== ':') colon++;
  const start = colon + 1;
  if (isScalarLike(value)) {
    if (!valueNode?.range || valueNode.range[0] === valueNode.range[1])
      return { file, range: lines.rangeOf(start, start), newText: ` ${flowYaml(value)}` };
    return { file, range: lines.rangeOf(valueNode.range[0], valueNode.range[1]), newText: flowYaml(value) };
  }
  const column = lines.positionAt(key.range[0]).character;
  const block = blockYaml(value, column + 2).replace(/\n/g, lines.eol);
  // From just after "key:" to the end of the old value (or of the key's line when it is empty).
  let oldEnd = valueNode?.range ? valueNode.range[1] : start;
  // A block collection's range ends after its last line break: stop before it, or the key that follows
  // would be joined onto the new value's last line.
  while (oldEnd > start && (lines.text[oldEnd - 1] === '\n' || lines.text[oldEnd - 1] === '\r')) oldEnd--;
  const lineEnd = lines.lineEnd(lines.positionAt(oldEnd).line);
  const trailing = lines.text.slice(oldEnd, lineEnd);
  const comment = /^\s*#/.test(trailing) ? ` ${trailing.trim()}` : '';
  const kept = keptComments.map((c) => `${' '.repeat(column + 2)}${c}${lines.eol}`).join('');
  return {
    file,
    range: lines.rangeOf(start, comment ? lineEnd : oldEnd),
    newText: `${comment}${lines.eol}${kept}${block}`,
  };
}

/**
 * Every comment inside a node (before and after each key, value and item), in document order, as `#` lines:
 * what a fix that rewrites the node writes back so that no comment of the user's is lost.
 */
export function commentsWithin(node: unknown): string[] {
  const out: string[] = [];
  const add = (text: string | null | undefined) => {
    if (text) for (const line of text.split('\n')) out.push(`#${line}`);
  };
  // Explicit stack, in reverse of document order; a collection's own trailing comment waits below its items.
  const stack: Array<{ node: unknown } | { trailing: string | null | undefined }> = [{ node }];
  while (stack.length > 0) {
    const entry = stack.pop() as { node?: unknown; trailing?: string | null };
    if (!('node' in entry)) {
      add(entry.trailing);
      continue;
    }
    const current = entry.node;
    if (isPair(current)) {
      stack.push({ node: current.value }, { node: current.key });
      continue;
    }
    if (!isNode(current)) continue;
    add(current.commentBefore);
    if (isCollection(current)) {
      stack.push({ trailing: current.comment });
      for (let i = current.items.length - 1; i >= 0; i--) stack.push({ node: current.items[i] });
      continue;
    }
    add(current.comment);
  }
  return out;
}

/** Appends a new YAML document (`---` then the object) at the end of the file. */
export function appendDocumentEdit(file: string, lines: LineIndex, object: unknown, leadingComment?: string): TextEdit {
  const text = lines.text;
  const eol = lines.eol;
  const end = text.length;
  const separator = text.length === 0 || /[\r\n]$/.test(text) ? '' : eol;
  const comment = leadingComment ? `# ${leadingComment}${eol}` : '';
  const body = blockYaml(object, 0).replace(/\n/g, eol);
  return { file, range: lines.rangeOf(end, end), newText: `${separator}---${eol}${comment}${body}${eol}` };
}

/** Replaces a scalar value's text, keeping its quoting style when it was quoted. */
export function replaceScalarEdit(
  file: string,
  lines: LineIndex,
  node: unknown,
  newValue: string,
): TextEdit | undefined {
  const range = (node as Node | undefined)?.range;
  if (!range || !editableIn(file, node)) return undefined;
  const old = lines.text.slice(range[0], range[1]);
  const quote = old.startsWith('"') ? '"' : old.startsWith("'") ? "'" : '';
  return { file, range: lines.rangeOf(range[0], range[1]), newText: `${quote}${newValue}${quote}` };
}

/**
 * Adds `key: value` to a block map directly after the pair `after` (on the line below its value), at the
 * map's key indentation, so conventional key order can be kept (`minReplicas` after `scaleTargetRef`).
 * Comments and lines that follow stay with the keys they belong to. Falls back to `insertPairEdit`
 * (end of the map) for flow maps, a missing `after`, or an `after` that is the map's last entry; a flow
 * map whose keys are double-quoted (JSON) gets a double-quoted key, so a .json file stays JSON.
 */
export function insertPairAfterEdit(
  file: string,
  lines: LineIndex,
  map: YAMLMap,
  after: AnyPair | undefined,
  key: string,
  value: unknown,
): TextEdit | undefined {
  if (!editableIn(file, map, after?.key)) return undefined;
  if (map.flow) {
    const firstKey = map.items[0]?.key as Node | undefined;
    const quoted = firstKey?.range ? lines.text[firstKey.range[0]] === '"' : false;
    return insertPairEdit(file, lines, map, quoted ? JSON.stringify(key) : key, value);
  }
  const last = map.items[map.items.length - 1] as AnyPair | undefined;
  if (!after || after === last || !isScalarLike(value) || !map.items.includes(after as never))
    return insertPairEdit(file, lines, map, key, value);
  const column = keyColumn(lines, map);
  const end = pairEnd(after);
  if (column === undefined || end === undefined) return undefined;
  const at = lines.nextLineStart(lines.positionAt(Math.max(0, end - 1)).line);
  return { file, range: lines.rangeOf(at, at), newText: `${' '.repeat(column)}${key}: ${flowYaml(value)}${lines.eol}` };
}

/** Replaces a node's whole text (range start to end) when the node was written in `file` as it stands. */
export function replaceNodeEdit(file: string, lines: LineIndex, node: unknown, newText: string): TextEdit | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range && editableIn(file, node) ? { file, range: lines.rangeOf(range[0], range[1]), newText } : undefined;
}
