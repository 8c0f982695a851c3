import { isAlias, isCollection, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { Range } from '../../core/finding';
import type { LineIndex } from '../../core/text';

/**
 * Small, total accessors over the `yaml` AST: rules ask for "spec.replicas" and get the pair with its
 * source range, or undefined, never an exception on oddly shaped input.
 */

export type AnyPair = Pair<unknown, unknown>;

/** Follows one alias hop; deeper chains are left unresolved, which keeps alias bombs harmless. */
export function deref(node: unknown, doc: Document.Parsed): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

export function findPair(map: unknown, key: string): AnyPair | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isPair(item) && scalarText(item.key) === key) return item as AnyPair;
  }
  return undefined;
}

/** The pair at a dotted path of map keys, resolving one alias hop at each level. */
export function pairAt(root: unknown, path: readonly string[], doc: Document.Parsed): AnyPair | undefined {
  let current: unknown = deref(root, doc);
  let pair: AnyPair | undefined;
  for (const key of path) {
    pair = findPair(current, key);
    if (!pair) return undefined;
    current = deref(pair.value, doc);
  }
  return pair;
}

export function valueAt(root: unknown, path: readonly string[], doc: Document.Parsed): unknown {
  const pair = pairAt(root, path, doc);
  return pair ? deref(pair.value, doc) : undefined;
}

export function stringAt(root: unknown, path: readonly string[], doc: Document.Parsed): string | undefined {
  return scalarText(valueAt(root, path, doc));
}

export function mapAt(root: unknown, path: readonly string[], doc: Document.Parsed): YAMLMap | undefined {
  const v = valueAt(root, path, doc);
  return isMap(v) ? v : undefined;
}

export function seqItems(node: unknown, doc: Document.Parsed): unknown[] {
  const v = deref(node, doc);
  return isSeq(v) ? v.items.map((i) => deref(i, doc)) : [];
}

/** Source range of a node (start to end of its value, comments excluded). */
export function nodeRange(node: unknown, lines: LineIndex): Range | undefined {
  const r = (node as Node | undefined)?.range;
  return r ? lines.rangeOf(r[0], trimEnd(lines.text, r[0], r[1])) : undefined;
}

/** Block collections' ranges run to the next line's start; a highlight should stop at the last character. */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** From the start of a pair's key to the end of its value: where a finding about that field belongs. */
export function pairRange(pair: AnyPair, lines: LineIndex): Range | undefined {
  const keyRange = (pair.key as Node | undefined)?.range;
  const valueRange = (pair.value as Node | null | undefined)?.range;
  if (!keyRange) return undefined;
  // A block map or list under the key can run for dozens of lines: underline the key, not the block.
  if (isCollection(pair.value) && !pair.value.flow) return lines.rangeOf(keyRange[0], keyRange[1]);
  return lines.rangeOf(keyRange[0], trimEnd(lines.text, keyRange[0], valueRange ? valueRange[1] : keyRange[1]));
}

/** A map's string entries (key: value, aliases followed); empty for anything else. */
export function stringMap(node: unknown, doc: Document.Parsed): Map<string, string> {
  const out = new Map<string, string>();
  if (!isMap(node)) return out;
  for (const item of node.items) {
    const key = scalarText(item.key);
    const value = scalarText(deref(item.value, doc));
    if (key !== undefined && value !== undefined) out.set(key, value);
  }
  return out;
}
