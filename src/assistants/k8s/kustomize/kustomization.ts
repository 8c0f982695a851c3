import { isMap, isScalar, isSeq } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import type { AnyPair } from '../yaml-nodes';
import { deref, findPair, scalarText, seqItems } from '../yaml-nodes';

/**
 * A kustomization file read into the fields the build applies, each with the YAML node it came from, so a
 * value the build sets can be traced back to the line that set it. Field names and meanings follow
 * kustomize's `Kustomization` type; unknown fields are kept as `unsupported` so the build can say it did
 * not apply them.
 */

export const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** A string entry of a list (`resources`, `components`), with its node. */
export interface Entry {
  value: string;
  node: unknown;
}

/** kustomize's field spec: a slash path, optionally for one group/version/kind, created when missing or not. */
export interface FieldSpec {
  path: string;
  group?: string;
  version?: string;
  kind?: string;
  create: boolean;
}

export interface LabelEntry {
  pairs: AnyPair[];
  includeSelectors: boolean;
  includeTemplates: boolean;
  fields: FieldSpec[];
  node: unknown;
}

export interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
  node: YAMLMap;
}

export interface ReplicaEntry {
  name: string;
  count: number;
  /** The `count:` pair: where a replica count the build sets was written. */
  pair: AnyPair;
}

/** kustomize's patch target selector (name and namespace are regular expressions, anchored). */
export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchEntry {
  /** Which field listed it: `patches`, `patchesStrategicMerge` or `patchesJson6902`. */
  field: 'patches' | 'patchesStrategicMerge' | 'patchesJson6902';
  /** A file, relative to the kustomization's folder. */
  path?: Entry;
  /** A patch written inline, as a string. */
  inline?: { text: string; node: unknown };
  target?: Selector;
  node: unknown;
}

export interface GeneratorEntry {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  namespace?: string;
  behavior: 'create' | 'merge' | 'replace';
  literals: Entry[];
  files: Entry[];
  envs: Entry[];
  type?: string;
  disableNameSuffixHash?: boolean;
  labels: AnyPair[];
  annotations: AnyPair[];
  node: unknown;
}

export interface Kustomization {
  file: string;
  /** The folder, ending in '/'. */
  folder: string;
  doc: Document.Parsed;
  root: YAMLMap;
  component: boolean;
  resources: Entry[];
  components: Entry[];
  namespace?: { value: string; pair: AnyPair };
  namePrefix?: { value: string; pair: AnyPair };
  nameSuffix?: { value: string; pair: AnyPair };
  commonLabels: AnyPair[];
  commonLabelsPair?: AnyPair;
  labels: LabelEntry[];
  commonAnnotations: AnyPair[];
  commonAnnotationsPair?: AnyPair;
  images: ImageEntry[];
  replicas: ReplicaEntry[];
  patches: PatchEntry[];
  generators: GeneratorEntry[];
  /** `transformers:` entries: files of builtin transformer configurations (or plugins, not built). */
  transformers: Entry[];
  /** Fields read but not applied (helmCharts, replacements, generators…), with their pairs. */
  unsupported: AnyPair[];
}

/** Fields that change what the build produces and that this build does not apply. */
const UNSUPPORTED = new Set([
  'helmCharts',
  'helmChartInflationGenerator',
  'replacements',
  'generators',
  'validators',
  'vars',
  'configurations',
  'crds',
  'openapi',
  'nameReference',
]);

export function readKustomization(file: string, doc: Document.Parsed): Kustomization | undefined {
  const root = deref(doc.contents, doc);
  if (!isMap(root)) return undefined;
  const text = (pair: AnyPair | undefined) => (pair ? scalarText(deref(pair.value, doc)) : undefined);
  const entries = (key: string): Entry[] =>
    seqItems(findPair(root, key)?.value, doc).flatMap((node) => {
      const value = scalarText(node);
      return value === undefined ? [] : [{ value, node }];
    });
  const stringField = (key: string) => {
    const pair = findPair(root, key);
    const value = text(pair);
    return pair && value !== undefined && value !== '' ? { value, pair } : undefined;
  };
  const pairsOf = (key: string): AnyPair[] => mapPairs(findPair(root, key)?.value, doc);
  const kind = text(findPair(root, 'kind'));
  return {
    file,
    folder: file.slice(0, file.lastIndexOf('/') + 1),
    doc,
    root,
    component: kind === 'Component',
    resources: [...entries('resources'), ...entries('bases')],
    components: entries('components'),
    namespace: stringField('namespace'),
    namePrefix: stringField('namePrefix'),
    nameSuffix: stringField('nameSuffix'),
    commonLabels: pairsOf('commonLabels'),
    commonLabelsPair: findPair(root, 'commonLabels'),
    labels: seqItems(findPair(root, 'labels')?.value, doc).flatMap((node) => labelEntry(node, doc)),
    commonAnnotations: pairsOf('commonAnnotations'),
    commonAnnotationsPair: findPair(root, 'commonAnnotations'),
    images: seqItems(findPair(root, 'images')?.value, doc).flatMap((node) => imageEntry(node, doc)),
    replicas: seqItems(findPair(root, 'replicas')?.value, doc).flatMap((node) => replicaEntry(node, doc)),
    patches: [
      ...patchEntries(root, doc, 'patchesStrategicMerge'),
      ...patchEntries(root, doc, 'patches'),
      ...patchEntries(root, doc, 'patchesJson6902'),
    ],
    generators: [
      ...seqItems(findPair(root, 'configMapGenerator')?.value, doc).flatMap((n) => generator(n, doc, 'ConfigMap')),
      ...seqItems(findPair(root, 'secretGenerator')?.value, doc).flatMap((n) => generator(n, doc, 'Secret')),
    ],
    transformers: entries('transformers'),
    unsupported: root.items.filter((item) => UNSUPPORTED.has(scalarText(item.key) ?? '')) as AnyPair[],
  };
  function generator(node: unknown, d: Document.Parsed, kind: 'ConfigMap' | 'Secret'): GeneratorEntry[] {
    if (!isMap(node)) return [];
    const name = scalarText(deref(findPair(node, 'name')?.value, d));
    if (!name) return [];
    const list = (key: string): Entry[] =>
      seqItems(findPair(node, key)?.value, d).flatMap((n) => {
        const value = scalarText(n);
        return value === undefined ? [] : [{ value, node: n }];
      });
    const single = (key: string): Entry[] => {
      const value = scalarText(deref(findPair(node, key)?.value, d));
      return value === undefined ? [] : [{ value, node: findPair(node, key)?.value }];
    };
    const behavior = scalarText(deref(findPair(node, 'behavior')?.value, d));
    const own = deref(findPair(node, 'options')?.value, d);
    const global = deref(findPair(root, 'generatorOptions')?.value, d);
    const option = (key: string) => findPair(own, key) ?? findPair(global, key);
    const disable = scalarText(deref(option('disableNameSuffixHash')?.value, d));
    return [
      {
        kind,
        name,
        namespace: scalarText(deref(findPair(node, 'namespace')?.value, d)),
        behavior: behavior === 'merge' || behavior === 'replace' ? behavior : 'create',
        literals: list('literals'),
        files: list('files'),
        // `env` (one file) is the older spelling of `envs`.
        envs: [...list('envs'), ...single('env')],
        type: scalarText(deref(findPair(node, 'type')?.value, d)),
        disableNameSuffixHash: disable === 'true' ? true : disable === 'false' ? false : undefined,
        // Options of the generator and of the kustomization both apply, the generator's winning per key.
        labels: mergePairs(mapPairs(findPair(global, 'labels')?.value, d), mapPairs(findPair(own, 'labels')?.value, d)),
        annotations: mergePairs(
          mapPairs(findPair(global, 'annotations')?.value, d),
          mapPairs(findPair(own, 'annotations')?.value, d),
        ),
        node,
      },
    ];
  }
}

function mergePairs(first: AnyPair[], second: AnyPair[]): AnyPair[] {
  const keys = new Set(second.map((p) => scalarText(p.key)));
  return [...first.filter((p) => !keys.has(scalarText(p.key))), ...second];
}

/** The `key: value` pairs of a map whose keys and values are scalars. */
export function mapPairs(node: unknown, doc: Document.Parsed): AnyPair[] {
  const map = deref(node, doc);
  if (!isMap(map)) return [];
  return map.items.filter(
    (item) => scalarText(item.key) !== undefined && scalarText(deref(item.value, doc)) !== undefined,
  ) as AnyPair[];
}

function bool(node: unknown, key: string, doc: Document.Parsed): boolean {
  return scalarText(deref(findPair(node, key)?.value, doc)) === 'true';
}

function labelEntry(node: unknown, doc: Document.Parsed): LabelEntry[] {
  if (!isMap(node)) return [];
  return [
    {
      pairs: mapPairs(findPair(node, 'pairs')?.value, doc),
      includeSelectors: bool(node, 'includeSelectors', doc),
      includeTemplates: bool(node, 'includeTemplates', doc),
      fields: seqItems(findPair(node, 'fields')?.value, doc).flatMap((spec) => fieldSpec(spec, doc)),
      node,
    },
  ];
}

/** A builtin label or annotation transformer's configuration (one document of a `transformers:` file). */
export interface PairTransformer {
  pairs: AnyPair[];
  fields: FieldSpec[];
  node: YAMLMap;
}

/**
 * Reads a `LabelTransformer` or `AnnotationsTransformer` (apiVersion `builtin`): the pairs it writes and the
 * fields it writes them into (its `fieldSpecs`, nothing without them, as kustomize does). Undefined for any other
 * document: another builtin or a plugin, which the build does not run.
 */
export function readPairTransformer(doc: Document.Parsed): PairTransformer | undefined {
  const root = deref(doc.contents, doc);
  if (!isMap(root)) return undefined;
  const get = (key: string) => scalarText(deref(findPair(root, key)?.value, doc));
  const field = { LabelTransformer: 'labels', AnnotationsTransformer: 'annotations' }[get('kind') ?? ''];
  if (get('apiVersion') !== 'builtin' || !field) return undefined;
  return {
    pairs: mapPairs(findPair(root, field)?.value, doc),
    fields: seqItems(findPair(root, 'fieldSpecs')?.value, doc).flatMap((spec) => fieldSpec(spec, doc)),
    node: root,
  };
}

function fieldSpec(node: unknown, doc: Document.Parsed): FieldSpec[] {
  const get = (key: string) => scalarText(deref(findPair(node, key)?.value, doc));
  const path = get('path');
  if (!path) return [];
  return [{ path, group: get('group'), version: get('version'), kind: get('kind'), create: get('create') === 'true' }];
}

function imageEntry(node: unknown, doc: Document.Parsed): ImageEntry[] {
  if (!isMap(node)) return [];
  const get = (key: string) => scalarText(deref(findPair(node, key)?.value, doc)) || undefined;
  const name = get('name');
  if (!name) return [];
  return [
    { name, newName: get('newName'), newTag: get('newTag'), digest: get('digest'), tagSuffix: get('tagSuffix'), node },
  ];
}

function replicaEntry(node: unknown, doc: Document.Parsed): ReplicaEntry[] {
  if (!isMap(node)) return [];
  const name = scalarText(deref(findPair(node, 'name')?.value, doc));
  const pair = findPair(node, 'count');
  const count = Number(pair ? scalarText(deref(pair.value, doc)) : undefined);
  return name && pair && Number.isInteger(count) ? [{ name, count, pair }] : [];
}

function selector(node: unknown, doc: Document.Parsed): Selector | undefined {
  if (!isMap(node)) return undefined;
  const get = (key: string) => scalarText(deref(findPair(node, key)?.value, doc)) || undefined;
  return {
    group: get('group'),
    version: get('version'),
    kind: get('kind'),
    name: get('name'),
    namespace: get('namespace'),
    labelSelector: get('labelSelector'),
    annotationSelector: get('annotationSelector'),
  };
}

function patchEntries(root: YAMLMap, doc: Document.Parsed, field: PatchEntry['field']): PatchEntry[] {
  return seqItems(findPair(root, field)?.value, doc).flatMap((node): PatchEntry[] => {
    // patchesStrategicMerge lists file paths, or (older kustomizations) patches written inline as strings.
    if (isScalar(node)) {
      const value = scalarText(node);
      if (value === undefined) return [];
      return /\n/.test(value) || /^\s*(apiVersion|kind)\s*:/.test(value)
        ? [{ field, inline: { text: value, node }, node }]
        : [{ field, path: { value, node }, node }];
    }
    if (!isMap(node)) return [];
    const pathNode = deref(findPair(node, 'path')?.value, doc);
    const path = scalarText(pathNode);
    const patchNode = deref(findPair(node, 'patch')?.value, doc);
    const patch = scalarText(patchNode);
    return [
      {
        field,
        path: path ? { value: path, node: pathNode } : undefined,
        inline: patch !== undefined && !path ? { text: patch, node: patchNode } : undefined,
        target: selector(deref(findPair(node, 'target')?.value, doc), doc),
        node,
      },
    ];
  });
}

/** True when a list node holds JSON 6902 operations rather than an object to merge. */
export function isOperationList(node: unknown): boolean {
  return isSeq(node) && node.items.every((item) => isMap(item) && findPair(item, 'op') !== undefined);
}
