import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, YAMLMap, YAMLSeq } from 'yaml';
import type { Origin } from './sourced';
import { Sourced } from './sourced';

/**
 * A chart's values as the templates see them (plain maps, lists and scalars), each map and list remembering the
 * `values.yaml` nodes it was read from, so `.Values.replicaCount` knows the line that set it. A subchart's values
 * are its own file's overlaid by the parent's section for it: each map remembers every file that set a key.
 */

export type ValueMap = Record<string, unknown>;

interface Written {
  file: string;
  node: YAMLMap | YAMLSeq;
}

const written = new WeakMap<object, Written[]>();

/** Maps and lists nest this deep at most: deeper nodes read as null (a hostile file, not a chart). */
const MAX_DEPTH = 200;

export function newMap(): ValueMap {
  return Object.create(null) as ValueMap;
}

export function isValueMap(value: unknown): value is ValueMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Sourced);
}

/** The document's value, maps and lists registered with their nodes. */
export function readValues(doc: Document.Parsed, file: string): unknown {
  const read = (node: unknown, depth: number): unknown => {
    if (isAlias(node)) node = node.resolve(doc);
    if (depth > MAX_DEPTH) return null;
    if (isMap(node)) {
      const out = newMap();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : undefined;
        if (key === undefined) continue;
        out[key] = read(item.value, depth + 1);
      }
      written.set(out, [{ file, node }]);
      return out;
    }
    if (isSeq(node)) {
      const out = node.items.map((item) => read(item, depth + 1));
      written.set(out, [{ file, node }]);
      return out;
    }
    if (isScalar(node)) return node.value ?? null;
    return null;
  };
  return read(doc.contents, 0);
}

function nodeRange(node: unknown): [number, number] | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** Where the entry `key` of a map (or index of a list) read from values was written: its value node. */
export function entryOrigin(container: unknown, key: string | number): Origin | undefined {
  return entryNodes(container, key)?.value;
}

/** The key node and value node of an entry, as origins. */
export function entryNodes(container: unknown, key: string | number): { key?: Origin; value?: Origin } | undefined {
  if (!container || typeof container !== 'object') return undefined;
  for (const { file, node } of written.get(container) ?? []) {
    if (isSeq(node) && typeof key === 'number') {
      const range = nodeRange(node.items[key]);
      return range ? { value: { file, start: range[0], end: range[1], literal: false, editable: true } } : undefined;
    }
    if (!isMap(node)) continue;
    for (const item of node.items) {
      if (!isPair(item) || !isScalar(item.key) || String(item.key.value) !== String(key)) continue;
      const k = nodeRange(item.key);
      const v = nodeRange(item.value);
      return {
        key: k && { file, start: k[0], end: k[1], literal: false, editable: false },
        value: v && { file, start: v[0], end: v[1], literal: false, editable: isScalar(item.value) },
      };
    }
  }
  return undefined;
}

/**
 * Helm's coalescing: `over`'s keys win, maps merge deeply, a null in `over` deletes the key. The result's maps
 * remember both sources' nodes (`over`'s first).
 */
export function coalesce(base: unknown, over: unknown, depth = 0): unknown {
  if (!isValueMap(over) || !isValueMap(base) || depth > MAX_DEPTH) return over === undefined ? base : over;
  const out = newMap();
  for (const [k, v] of Object.entries(base)) out[k] = v;
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = k in out ? coalesce(out[k], v, depth + 1) : v;
  }
  written.set(out, [...(written.get(over) ?? []), ...(written.get(base) ?? [])]);
  return out;
}
