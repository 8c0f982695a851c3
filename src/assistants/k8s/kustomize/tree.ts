import { Pair, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import { originOf, setOrigin } from '../node-origin';
import type { AnyPair } from '../yaml-nodes';
import { deref, findPair, scalarText } from '../yaml-nodes';

/**
 * Copy-on-write edits of the `yaml` AST for the kustomize build. The parses are shared (cached per file, and a
 * base is read by every overlay), so the build never changes a node: it clones the maps and lists along the
 * path it changes and shares everything else. Every node it creates records where its value was set
 * (`node-origin.ts`), so findings on a built object land in the file and on the field that set the value.
 */

/** Where a node the build creates points: the field of a kustomization or patch that caused it. */
export interface Anchor {
  file: string;
  /** Its range is the one given to created keys and maps. */
  node?: unknown;
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? [range[0], range[1], range[2]] : undefined;
}

/** A scalar the build computed (a prefixed name, an assembled image), placed where `at` is written. */
export function syntheticScalar(value: string | number | boolean, at: unknown, file: string): Scalar {
  const scalar = new Scalar(value);
  const range = rangeOf(at);
  if (range) scalar.range = range;
  setOrigin(scalar, { file, synthetic: true });
  return scalar;
}

/** A key the build created (a missing `labels:`), placed on the anchor. */
function syntheticKey(key: string, anchor: Anchor): Scalar {
  return syntheticScalar(key, anchor.node, anchor.file);
}

/** An empty map the build created under a missing key, placed on the anchor; nothing can edit it. */
export function createdMap(anchor: Anchor): YAMLMap {
  const map = new YAMLMap();
  const range = rangeOf(anchor.node);
  if (range) map.range = range;
  setOrigin(map, { file: anchor.file, synthetic: true, composite: true });
  return map;
}

/** A shallow copy of a map or list whose items the build is about to change. */
export function cloneMap(map: YAMLMap, file: string): YAMLMap {
  const out = new YAMLMap();
  out.items = [...map.items];
  out.flow = map.flow;
  const range = rangeOf(map);
  if (range) out.range = range;
  setOrigin(out, { file: originOf(map)?.file ?? file, composite: true });
  return out;
}

export function cloneSeq(seq: YAMLSeq, file: string): YAMLSeq {
  const out = new YAMLSeq();
  out.items = [...seq.items];
  out.flow = seq.flow;
  const range = rangeOf(seq);
  if (range) out.range = range;
  setOrigin(out, { file: originOf(seq)?.file ?? file, composite: true });
  return out;
}

export function pairKey(pair: unknown): string | undefined {
  return isPair(pair) ? scalarText(pair.key) : undefined;
}

/** The map with `pair` in place of the pair of the same key, or added at the end. */
export function withPair(map: YAMLMap, pair: AnyPair, file: string): YAMLMap {
  const key = pairKey(pair);
  const out = cloneMap(map, file);
  const at = out.items.findIndex((item) => pairKey(item) === key);
  if (at >= 0) out.items[at] = pair as never;
  else out.items.push(pair as never);
  return out;
}

/** The map without the pair of that key (the same map when it has none). */
export function withoutKey(map: YAMLMap, key: string, file: string): YAMLMap {
  const at = map.items.findIndex((item) => pairKey(item) === key);
  if (at < 0) return map;
  const out = cloneMap(map, file);
  out.items.splice(at, 1);
  return out;
}

export interface UpdateOptions {
  doc: Document.Parsed;
  /** The file of the object being built: the origin of clones of its own nodes. */
  file: string;
  /** Create missing maps along the path (kustomize's `create: true`). */
  create: boolean;
  /** Where created keys and maps point. */
  anchor: Anchor;
}

/**
 * `node` with the value at `path` replaced by `update(value)` (undefined there means "absent"; returning
 * undefined removes the key). Maps along the path are cloned; a list met on the way is walked item by item,
 * as kustomize's field specs do (`spec/template/spec/affinity/…/requiredDuringScheduling…/labelSelector`).
 * A `name[]` segment names a list explicitly. Nothing changes where the path cannot be followed.
 */
export function updateIn(
  node: unknown,
  path: readonly string[],
  update: (value: unknown) => unknown,
  options: UpdateOptions,
): unknown {
  if (path.length === 0) return update(node);
  const current = deref(node, options.doc);
  if (isSeq(current)) {
    let changed = false;
    const items = current.items.map((item) => {
      const next = updateIn(item, path, update, options);
      if (next !== item) changed = true;
      return next;
    });
    if (!changed) return node;
    const out = cloneSeq(current, options.file);
    out.items = items;
    return out;
  }
  const [head, ...rest] = path;
  const key = head.endsWith('[]') ? head.slice(0, -2) : head;
  let map: YAMLMap;
  if (isMap(current)) map = current;
  else if ((current === undefined || current === null || isNullScalar(current)) && options.create)
    map = createdMap(options.anchor);
  else return node;
  const pair = findPair(map, key);
  if (!pair && !options.create) return node;
  const child = pair?.value;
  const next = updateIn(child ?? undefined, rest, update, options);
  if (pair && next === child) return node;
  if (next === undefined) return pair ? withoutKey(map, key, options.file) : node;
  const replaced = new Pair(pair ? pair.key : syntheticKey(key, options.anchor), next) as AnyPair;
  return withPair(map, replaced, options.file);
}

export function isNullScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null;
}

/** The value at a path of map keys, aliases followed. */
export function getIn(node: unknown, path: readonly string[], doc: Document.Parsed): unknown {
  let current = deref(node, doc);
  for (const key of path) {
    const pair = findPair(current, key);
    if (!pair) return undefined;
    current = deref(pair.value, doc);
  }
  return current;
}

/** Above this many nodes, `toPlain` refuses: an alias bomb grafted by a patch must not be expanded. */
const MAX_PLAIN_NODES = 100_000;

/**
 * A node's plain value (maps, lists, scalars), for hashing, comparing and matching. Aliases are followed
 * once, as everywhere else. Throws past `MAX_PLAIN_NODES` (the build turns that into the build's error).
 */
export function toPlain(node: unknown, doc: Document.Parsed, budget = { left: MAX_PLAIN_NODES }): unknown {
  if (--budget.left < 0) throw new Error('the value is too large to read (a YAML alias expanding without end?)');
  const value = deref(node, doc);
  if (isMap(value)) {
    const out: Record<string, unknown> = {};
    for (const item of value.items) {
      const key = scalarText(item.key);
      if (key !== undefined) out[key] = toPlain(item.value, doc, budget);
    }
    return out;
  }
  if (isSeq(value)) return value.items.map((item) => toPlain(item, doc, budget));
  if (isScalar(value)) return value.value;
  if (isAlias(value)) return undefined;
  return value ?? null;
}

/**
 * The node with its aliases replaced by what they stand for, so a patch's subtree can be grafted into an
 * object of another document. Each node is rewritten once (an alias met again shares the first rewrite), so
 * an alias bomb stays a small graph instead of expanding. Unchanged (same node) when it holds no alias.
 */
export function withoutAliases(
  node: unknown,
  doc: Document.Parsed,
  file: string,
  done: Map<unknown, unknown> = new Map(),
): unknown {
  // Keyed by the node an alias stands for: every alias of one anchor shares one rewrite.
  const value = deref(node, doc);
  if (done.has(value)) return done.get(value);
  let out: unknown = value;
  if (isMap(value)) {
    let copy: YAMLMap | undefined;
    done.set(value, value);
    value.items.forEach((item, index) => {
      const next = withoutAliases(item.value, doc, file, done);
      if (next === item.value) return;
      copy ??= cloneMap(value, file);
      copy.items[index] = new Pair(item.key, next) as never;
    });
    out = copy ?? value;
  } else if (isSeq(value)) {
    let copy: YAMLSeq | undefined;
    done.set(value, value);
    value.items.forEach((item, index) => {
      const next = withoutAliases(item, doc, file, done);
      if (next === item) return;
      copy ??= cloneSeq(value, file);
      copy.items[index] = next;
    });
    out = copy ?? value;
  }
  done.set(value, out);
  return out;
}
