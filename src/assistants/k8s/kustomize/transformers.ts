import type { YAMLMap } from 'yaml';
import { Pair, Scalar, isMap, isScalar, isSeq } from 'yaml';
import { originOf, setOrigin } from '../node-origin';
import type { AnyPair } from '../yaml-nodes';
import { deref, findPair, scalarText } from '../yaml-nodes';
import {
  CLUSTER_SCOPED_KINDS,
  COMMON_ANNOTATION_SPECS,
  COMMON_LABEL_SPECS,
  METADATA_LABEL_SPECS,
  REPLICA_KINDS,
  TEMPLATE_LABEL_SPECS,
  UNRENAMED_KINDS,
} from './field-specs';
import type { FieldSpec, ImageEntry, Kustomization, PairTransformer, ReplicaEntry } from './kustomization';
import type { BuildResource } from './resource';
import { claimNodes } from './resource';
import { cloneSeq, createdMap, syntheticScalar, updateIn, withPair } from './tree';

/**
 * kustomize's built-in transformers, in the order kustomize runs them after the patches: namespace, name
 * prefix, name suffix, labels, annotations (then the JSON patches, which the build runs), replicas, images.
 * Each writes the kustomization's own nodes into the object, so a label, namespace or replica count that a
 * kustomization set is found (and reported) on the kustomization's line.
 */

/**
 * A kustomization's `key: value` pair as it stands in an object: its nodes, owned by the kustomization.
 * Labels and annotations are strings: `version: 1` in a kustomization gives the string "1".
 */
function owned(pair: AnyPair, file: string, asString = false): AnyPair {
  claimNodes(pair.key, file);
  const value = pair.value;
  if (asString && isScalar(value) && typeof value.value !== 'string') {
    const text = new Scalar(String(value.value));
    if (value.range) text.range = value.range;
    setOrigin(text, { file });
    return new Pair(pair.key, text) as AnyPair;
  }
  claimNodes(value, file);
  return pair;
}

function isClusterScoped(resource: BuildResource): boolean {
  return CLUSTER_SCOPED_KINDS.has(resource.kind);
}

export function setNamespace(resources: readonly BuildResource[], k: Kustomization): void {
  const namespace = k.namespace;
  if (!namespace) return;
  const pair = owned(namespace.pair, k.file, true);
  const anchor = { file: k.file, node: namespace.pair.key };
  for (const resource of resources) {
    if (isClusterScoped(resource)) {
      // A Namespace object takes the kustomization's namespace as its name.
      if (resource.kind === 'Namespace') renameTo(resource, namespace.value, namespace.pair.value, k.file);
      continue;
    }
    if (resource.namespace === namespace.value) continue;
    resource.rememberId();
    const options = { doc: resource.doc, file: resource.file, create: true, anchor };
    resource.root = updateIn(
      resource.root,
      ['metadata'],
      (meta) => withNamespace(meta, pair, anchor),
      options,
    ) as YAMLMap;
  }
}

function withNamespace(meta: unknown, pair: AnyPair, anchor: { file: string; node?: unknown }): YAMLMap {
  const map = isMap(meta) ? meta : createdMap(anchor);
  return withPair(map, new Pair(pair.key, pair.value) as AnyPair, anchor.file);
}

function renameTo(resource: BuildResource, name: string, at: unknown, file: string): void {
  if (resource.name === name) return;
  resource.rememberId();
  const options = { doc: resource.doc, file: resource.file, create: false, anchor: { file } };
  resource.root = updateIn(
    resource.root,
    ['metadata', 'name'],
    () => syntheticScalar(name, at, file),
    options,
  ) as YAMLMap;
}

/** namePrefix and nameSuffix: the name changes, where it is written (the value is the build's). */
export function addPrefixSuffix(
  resources: readonly BuildResource[],
  k: Kustomization,
  which: 'prefix' | 'suffix',
): void {
  const setting = which === 'prefix' ? k.namePrefix : k.nameSuffix;
  if (!setting) return;
  for (const resource of resources) {
    if (UNRENAMED_KINDS.has(resource.kind)) continue;
    const namePair = findPair(deref(findPair(resource.root, 'metadata')?.value, resource.doc), 'name');
    if (!namePair) continue;
    const old = resource.name;
    const name = which === 'prefix' ? setting.value + old : old + setting.value;
    resource.rememberId();
    (which === 'prefix' ? resource.prefixes : resource.suffixes).push(setting.value);
    const file = originOf(namePair.value)?.file ?? resource.file;
    const options = { doc: resource.doc, file: resource.file, create: false, anchor: { file } };
    resource.root = updateIn(
      resource.root,
      ['metadata', 'name'],
      (value) => syntheticScalar(name, value, file),
      options,
    ) as YAMLMap;
  }
}

/** Labels (or annotations) written into every field the specs select. */
function writePairs(
  resources: readonly BuildResource[],
  pairs: readonly AnyPair[],
  specs: readonly FieldSpec[],
  file: string,
  anchorNode: unknown,
): void {
  if (pairs.length === 0) return;
  const ownedPairs = pairs.map((pair) => owned(pair, file, true));
  const anchor = { file, node: anchorNode };
  for (const resource of resources) {
    for (const spec of specs) {
      if (!resource.selectedBy(spec)) continue;
      const options = { doc: resource.doc, file: resource.file, create: spec.create, anchor };
      resource.root = updateIn(
        resource.root,
        spec.path.split('/'),
        (value) => {
          const current = deref(value, resource.doc);
          // A selector or label map that is there but not a map (a template variable) is left as it is.
          if (
            current !== undefined &&
            current !== null &&
            !isMap(current) &&
            !(isScalar(current) && current.value === null)
          )
            return value;
          let map = isMap(current) ? current : createdMap(anchor);
          for (const pair of ownedPairs) map = withPair(map, new Pair(pair.key, pair.value) as AnyPair, resource.file);
          return map;
        },
        options,
      ) as YAMLMap;
    }
  }
}

/** `labels` entries, then `commonLabels` (the order kustomize runs its label transformers in). */
export function applyLabels(resources: readonly BuildResource[], k: Kustomization): void {
  for (const entry of k.labels) {
    const specs = entry.includeSelectors
      ? [...entry.fields, ...COMMON_LABEL_SPECS]
      : entry.includeTemplates
        ? [...entry.fields, ...TEMPLATE_LABEL_SPECS]
        : [...entry.fields, ...METADATA_LABEL_SPECS];
    writePairs(resources, entry.pairs, specs, k.file, entry.node);
  }
  writePairs(resources, k.commonLabels, COMMON_LABEL_SPECS, k.file, k.commonLabelsPair?.key);
}

export function applyAnnotations(resources: readonly BuildResource[], k: Kustomization): void {
  writePairs(resources, k.commonAnnotations, COMMON_ANNOTATION_SPECS, k.file, k.commonAnnotationsPair?.key);
}

/** A builtin label or annotation transformer from a `transformers:` file; what it writes is that file's. */
export function applyPairTransformer(
  resources: readonly BuildResource[],
  transformer: PairTransformer,
  file: string,
): void {
  writePairs(resources, transformer.pairs, transformer.fields, file, transformer.node);
}

/** `replicas:` entries: `spec.replicas` of the named Deployments, StatefulSets… written on the entry's `count:`. */
export function applyReplicas(
  resources: readonly BuildResource[],
  entries: readonly ReplicaEntry[],
  k: Kustomization,
): void {
  for (const entry of entries) {
    const pair = owned(entry.pair, k.file);
    for (const resource of resources) {
      if (!REPLICA_KINDS.has(resource.kind)) continue;
      if (!resource.ids().some((id) => id.name === entry.name)) continue;
      const anchor = { file: k.file, node: entry.pair.key };
      const options = { doc: resource.doc, file: resource.file, create: true, anchor };
      resource.root = updateIn(
        resource.root,
        ['spec'],
        (spec) => {
          const map = isMap(spec) ? spec : createdMap(anchor);
          // The key is placed on `count:` too: the whole field was set on that line.
          const key = syntheticScalar('replicas', entry.pair.key, k.file);
          return withPair(map, new Pair(key, pair.value) as AnyPair, resource.file);
        },
        options,
      ) as YAMLMap;
    }
  }
}

/** Splits an image reference as kustomize does: name, tag and digest. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const search = image.slice(offset);
  let at = search.indexOf('@');
  let colon = search.indexOf(':');
  if (colon < 0 && at < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) {
    at += offset;
    return { name: image.slice(0, at), tag: '', digest: image.slice(at + 1) };
  }
  if (at >= 0 && colon >= 0) {
    at += offset;
    colon += offset;
    return { name: image.slice(0, colon), tag: image.slice(colon + 1, at), digest: image.slice(at + 1) };
  }
  colon += offset;
  return { name: image.slice(0, colon), tag: image.slice(colon + 1), digest: '' };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** kustomize's image match: the name, then an optional tag and an optional digest, nothing else. */
export function imageMatches(image: string, name: string): boolean {
  return new RegExp(
    `^${escapeRegExp(name)}(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$`,
  ).test(image);
}

function retag(image: string, entry: ImageEntry): string {
  let { name, tag, digest } = splitImage(image);
  if (entry.newName) name = entry.newName;
  if (entry.newTag && entry.digest) {
    tag = entry.newTag;
    digest = entry.digest;
  } else if (entry.newTag) {
    tag = entry.newTag;
    digest = '';
  } else if (entry.digest) {
    tag = '';
    digest = entry.digest;
  } else if (entry.tagSuffix) {
    tag += entry.tagSuffix;
    digest = '';
  }
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

/**
 * `images:` entries: every `image:` of a `containers` or `initContainers` list, wherever it is in the object
 * (kustomize's legacy walk, which also covers custom resources). The new image is the build's value, placed
 * on the entry's field that changed it (`newTag:`, `digest:`, `newName:`).
 */
export function applyImages(
  resources: readonly BuildResource[],
  entries: readonly ImageEntry[],
  k: Kustomization,
): void {
  for (const entry of entries) {
    const field = ['newTag', 'digest', 'tagSuffix', 'newName'].map((key) => findPair(entry.node, key)).find(Boolean);
    const keyAt = field?.key ?? findPair(entry.node, 'name')?.key;
    const valueAt = field?.value ?? findPair(entry.node, 'name')?.value;
    for (const resource of resources) {
      resource.root = retagIn(
        resource.root,
        resource,
        [new Map(), new Map()],
        (image) => (imageMatches(image, entry.name) ? retag(image, entry) : undefined),
        (image) =>
          new Pair(syntheticScalar('image', keyAt, k.file), syntheticScalar(image, valueAt, k.file)) as AnyPair,
      ) as YAMLMap;
    }
  }
}

/**
 * Walks the object for container lists and replaces matching `image:` pairs (copy on write). Each node is
 * walked once (`done`): subtrees that a patch's resolved aliases share are not walked again.
 */
function retagIn(
  node: unknown,
  resource: BuildResource,
  done: [Map<unknown, unknown>, Map<unknown, unknown>],
  retagImage: (image: string) => string | undefined,
  pairFor: (image: string) => AnyPair,
  inContainers = false,
): unknown {
  // The result depends on whether the node is inside a container list: one memo for each case.
  // Keyed by the node an alias stands for: every alias of one anchor shares one walk.
  const value = deref(node, resource.doc);
  const memo = done[inContainers ? 1 : 0];
  let result = memo.get(value);
  if (!memo.has(value)) {
    result = retagNode(value, resource, done, retagImage, pairFor, inContainers);
    memo.set(value, result);
  }
  return result === value ? node : result;
}

function retagNode(
  node: unknown,
  resource: BuildResource,
  done: [Map<unknown, unknown>, Map<unknown, unknown>],
  retagImage: (image: string) => string | undefined,
  pairFor: (image: string) => AnyPair,
  inContainers: boolean,
): unknown {
  const value = deref(node, resource.doc);
  if (isSeq(value)) {
    let changed = false;
    const items = value.items.map((item) => {
      const next = retagIn(item, resource, done, retagImage, pairFor, inContainers);
      if (next !== item) changed = true;
      return next;
    });
    if (!changed) return node;
    const out = cloneSeq(value, resource.file);
    out.items = items;
    return out;
  }
  if (!isMap(value)) return node;
  let out: YAMLMap | undefined;
  for (const item of value.items) {
    const key = scalarText(item.key);
    if (key === undefined) continue;
    let next: unknown = item.value;
    if (inContainers && key === 'image') {
      const image = scalarText(deref(item.value, resource.doc));
      const retagged = image !== undefined ? retagImage(image) : undefined;
      if (retagged !== undefined && retagged !== image) {
        out = withPair(out ?? value, pairFor(retagged), resource.file);
        continue;
      }
    } else if (isMap(deref(item.value, resource.doc)) || isSeq(deref(item.value, resource.doc))) {
      next = retagIn(item.value, resource, done, retagImage, pairFor, key === 'containers' || key === 'initContainers');
    }
    if (next !== item.value) out = withPair(out ?? value, new Pair(item.key, next) as AnyPair, resource.file);
  }
  return out ?? node;
}
