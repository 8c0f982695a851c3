import { Pair, isMap, isScalar, isSeq } from 'yaml';
import type { Document, YAMLMap, YAMLSeq } from 'yaml';
import { deref, findPair, scalarText } from '../yaml-nodes';
import { claimNodes } from './resource';
import { cloneMap, cloneSeq, isNullScalar, pairKey, toPlain, withoutAliases } from './tree';

/**
 * Kubernetes strategic merge patch over the AST, as kustomize applies `patchesStrategicMerge` and `patches`:
 * maps merge key by key, `null` deletes a key, lists of built-in kinds merge by their merge key (containers
 * by name, ports by containerPort, volumeMounts by mountPath…) and are replaced otherwise (and always for
 * custom resources, which have no schema here), `$patch: delete|replace` and `$retainKeys` and
 * `$deleteFromPrimitiveList` directives are honoured, `$setElementOrder` is ignored (order is not analysed).
 * What the patch sets keeps its nodes, so findings on it land in the patch file.
 */

export interface MergeContext {
  baseDoc: Document.Parsed;
  patchDoc: Document.Parsed;
  /** The object's file (clones of its maps belong to it) and the patch's file (its grafted nodes do). */
  file: string;
  patchFile: string;
  /** Built-in kinds merge lists by key; custom resources replace them. */
  schema: boolean;
}

/** Field name → the key list items merge by (Kubernetes' `patchMergeKey`), for built-in kinds. */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  env: 'name',
  resourceClaims: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  ownerReferences: 'uid',
};

/** Primitive lists that merge as sets. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

const DELETE = Symbol('delete');

function mergeKeyFor(path: readonly string[], ctx: MergeContext): string | undefined {
  if (!ctx.schema) return undefined;
  const field = path[path.length - 1];
  // A container's ports merge by containerPort; a Service's by port.
  if (field === 'ports') return path[path.length - 2] === 'spec' && path.length === 2 ? 'port' : 'containerPort';
  return MERGE_KEYS[field];
}

function directive(map: YAMLMap, doc: Document.Parsed): string | undefined {
  return scalarText(deref(findPair(map, '$patch')?.value, doc));
}

/** The patch's node, ready to stand in the object: aliases resolved, directives dropped, owned by the patch. */
function graft(node: unknown, ctx: MergeContext): unknown {
  const value = withoutAliases(node, ctx.patchDoc, ctx.patchFile);
  const clean = withoutDirectives(value, ctx);
  claimNodes(clean, ctx.patchFile);
  return clean;
}

/** The node without `$` directives; each node rewritten once (a resolved alias bomb is a shared graph). */
function withoutDirectives(node: unknown, ctx: MergeContext, done = new Map<unknown, unknown>()): unknown {
  if (done.has(node)) return done.get(node);
  done.set(node, node);
  const out = directivesDropped(node, ctx, done);
  done.set(node, out);
  return out;
}

function directivesDropped(node: unknown, ctx: MergeContext, done: Map<unknown, unknown>): unknown {
  if (isMap(node)) {
    const kept = node.items.filter((item) => !(scalarText(item.key) ?? '').startsWith('$'));
    let changed = kept.length !== node.items.length;
    const items = kept.map((item) => {
      const value = withoutDirectives(item.value, ctx, done);
      if (value === item.value) return item;
      changed = true;
      return new Pair(item.key, value);
    });
    if (!changed) return node;
    const out = cloneMap(node, ctx.patchFile);
    out.items = items as never;
    return out;
  }
  if (isSeq(node)) {
    const kept = node.items.filter((item) => !(isMap(item) && directive(item, ctx.patchDoc) === 'delete'));
    let changed = kept.length !== node.items.length;
    const items = kept.map((item) => {
      const value = withoutDirectives(item, ctx, done);
      if (value !== item) changed = true;
      return value;
    });
    if (!changed) return node;
    const out = cloneSeq(node, ctx.patchFile);
    out.items = items;
    return out;
  }
  return node;
}

/** The base with the patch merged in; `undefined` when the patch deletes it. */
export function strategicMerge(base: unknown, patch: unknown, ctx: MergeContext): unknown {
  const merged = merge(base, patch, [], ctx);
  return merged === DELETE ? undefined : merged;
}

function merge(baseNode: unknown, patchNode: unknown, path: readonly string[], ctx: MergeContext): unknown {
  const base = deref(baseNode, ctx.baseDoc);
  const patch = deref(patchNode, ctx.patchDoc);
  if (isMap(patch)) {
    const how = directive(patch, ctx.patchDoc);
    if (how === 'delete') return DELETE;
    if (how === 'replace' || !isMap(base)) return graft(patch, ctx);
    return mergeMaps(base, patch, path, ctx);
  }
  if (isSeq(patch) && isSeq(base)) return mergeLists(base, patch, path, ctx);
  return graft(patchNode, ctx);
}

function mergeMaps(base: YAMLMap, patch: YAMLMap, path: readonly string[], ctx: MergeContext): YAMLMap {
  let out: YAMLMap | undefined;
  const result = () => (out ??= cloneMap(base, ctx.file));
  for (const item of patch.items) {
    const key = scalarText(item.key);
    if (key === undefined || key === '$patch' || key.startsWith('$setElementOrder/')) continue;
    if (key === '$retainKeys') {
      const keep = new Set((toPlain(item.value, ctx.patchDoc) as unknown[] | null)?.map(String) ?? []);
      const map = result();
      map.items = map.items.filter((entry) => keep.has(pairKey(entry) ?? ''));
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set((toPlain(item.value, ctx.patchDoc) as unknown[] | null)?.map(String) ?? []);
      const map = result();
      const at = map.items.findIndex((entry) => pairKey(entry) === field);
      const list = at >= 0 ? deref(map.items[at].value, ctx.baseDoc) : undefined;
      if (isSeq(list)) {
        const kept = cloneSeq(list, ctx.file);
        kept.items = list.items.filter((v) => !drop.has(scalarText(deref(v, ctx.baseDoc)) ?? ''));
        map.items[at] = new Pair(map.items[at].key, kept) as never;
      }
      continue;
    }
    const existing = findPair(out ?? base, key);
    const value = deref(item.value, ctx.patchDoc);
    if (value === null || value === undefined || isNullScalar(value)) {
      if (existing) {
        const map = result();
        map.items = map.items.filter((entry) => pairKey(entry) !== key);
      }
      continue;
    }
    if (!existing) {
      if (isMap(value) && directive(value, ctx.patchDoc) === 'delete') continue;
      result().items.push(new Pair(item.key, graft(item.value, ctx)) as never);
      claimNodes(item.key, ctx.patchFile);
      continue;
    }
    const current = deref(existing.value, ctx.baseDoc);
    // The same scalar written again: the base still holds the value (findings stay where it was first set).
    if (isScalar(value) && isScalar(current) && value.value === current.value) continue;
    const merged = merge(existing.value, item.value, [...path, key], ctx);
    const map = result();
    const at = map.items.findIndex((entry) => pairKey(entry) === key);
    if (merged === DELETE) map.items.splice(at, 1);
    else if (isMap(value) || (isSeq(value) && isSeq(current)))
      // A merged collection keeps the base's key: the field was written there.
      map.items[at] = new Pair(existing.key, merged) as never;
    else {
      claimNodes(item.key, ctx.patchFile);
      map.items[at] = new Pair(item.key, merged) as never;
    }
  }
  return out ?? base;
}

function mergeLists(base: YAMLSeq, patch: YAMLSeq, path: readonly string[], ctx: MergeContext): unknown {
  const field = path[path.length - 1];
  const items = patch.items.map((item) => deref(item, ctx.patchDoc));
  // A `{$patch: replace}` item replaces the whole list with the patch's other items.
  if (items.some((item) => isMap(item) && directive(item, ctx.patchDoc) === 'replace'))
    return graft(withoutReplaceMarker(patch, ctx), ctx);
  if (ctx.schema && MERGED_PRIMITIVE_LISTS.has(field)) {
    const seen = new Set(base.items.map((item) => scalarText(deref(item, ctx.baseDoc))));
    const out = cloneSeq(base, ctx.file);
    for (const item of patch.items) {
      const text = scalarText(deref(item, ctx.patchDoc));
      if (seen.has(text)) continue;
      seen.add(text);
      out.items.push(graft(item, ctx));
    }
    return out;
  }
  const mergeKey = mergeKeyFor(path, ctx);
  if (!mergeKey || !items.every(isMap)) return graft(patch, ctx);
  const keyOf = (item: unknown, doc: Document.Parsed) =>
    isMap(item) ? scalarText(deref(findPair(item, mergeKey)?.value, doc)) : undefined;
  const out = cloneSeq(base, ctx.file);
  for (const item of patch.items) {
    const patchItem = deref(item, ctx.patchDoc) as YAMLMap;
    const key = keyOf(patchItem, ctx.patchDoc);
    const at = key === undefined ? -1 : out.items.findIndex((b) => keyOf(deref(b, ctx.baseDoc), ctx.baseDoc) === key);
    if (directive(patchItem, ctx.patchDoc) === 'delete') {
      if (at >= 0) out.items.splice(at, 1);
      continue;
    }
    if (at < 0) {
      out.items.push(graft(item, ctx));
      continue;
    }
    const merged = merge(out.items[at], item, [...path, '[]'], ctx);
    if (merged === DELETE) out.items.splice(at, 1);
    else out.items[at] = merged;
  }
  return out;
}

function withoutReplaceMarker(patch: YAMLSeq, ctx: MergeContext): YAMLSeq {
  const out = cloneSeq(patch, ctx.patchFile);
  out.items = patch.items.filter((item) => {
    const value = deref(item, ctx.patchDoc);
    return !(isMap(value) && directive(value, ctx.patchDoc) === 'replace');
  });
  return out;
}
