import type { Hpa } from './hpa';
import { readHpa } from './hpa';
import type { K8sObject, ParsedManifest } from './manifest';
import { OrderedMultiMap, insertOrdered, itself, recordPlaces, removeOrdered } from './graph-index';
import type { Workload } from './workload';
import { readWorkload, selectorMatches } from './workload';
import { scalarText, seqItems, stringAt, valueAt } from './yaml-nodes';

/**
 * The workspace's Kubernetes objects and how they relate: HPA ↔ workload ↔ PDB ↔ Service ↔ quota ↔
 * LimitRange, across files and namespaces. Built from cached per-file parses; after an edit, `update` swaps
 * the changed files' objects in place (graph-index.ts), so re-analysing one file costs its own objects, not
 * an index pass over the workspace. A graph is used synchronously after it is built or updated: the engine
 * never holds one across an await.
 */
export class ObjectGraph {
  private readonly objectList: K8sObject[] = [];
  private readonly workloadList: Workload[] = [];
  private readonly hpaList: Hpa[] = [];
  /** Every copy of a workload (base and overlay folders may both hold one). */
  private readonly workloadCopiesByKey = new OrderedMultiMap<Workload>(ofWorkload);
  private readonly hpasByTarget = new OrderedMultiMap<Hpa>(ofHpa);
  private readonly byKind = new OrderedMultiMap<K8sObject>(itself);
  private readonly byKey = new OrderedMultiMap<K8sObject>(itself);
  private readonly manifests = new Map<string, ParsedManifest>();
  /** Built on first use (rules ask per workload), then kept current by `update`. */
  private readonly byKindAndNamespace = new Map<string, K8sObject[]>();
  private readonly selectorIndexes = new Map<string, SelectorIndex>();
  private readonly workloadLabelIndex = new Map<string, OrderedMultiMap<Workload>>();
  /** Path prefix or exact file → namespace, from the kustomizations of the last full build. */
  private readonly kustomized: Map<string, string>;
  private completeContext: boolean;

  /**
   * @param complete false while the workspace is still being read: a rule that concludes something from
   * an absence ("no PDB selects these pods", "the target does not exist") must not report then.
   */
  constructor(manifests: Iterable<ParsedManifest>, complete = true) {
    this.completeContext = complete;
    const list = [...manifests];
    this.kustomized = kustomizationNamespaces(list);
    for (const manifest of list) this.addManifest(manifest);
  }

  get complete(): boolean {
    return this.completeContext;
  }

  get objects(): readonly K8sObject[] {
    return this.objectList;
  }

  get workloads(): readonly Workload[] {
    return this.workloadList;
  }

  get hpas(): readonly Hpa[] {
    return this.hpaList;
  }

  /**
   * Brings the graph to exactly `manifests` (the whole workspace, in file order) by swapping the files that
   * changed. False, changing nothing, when that is not worth it (many files changed: a new graph is cheaper) or
   * not possible (`update`).
   */
  updateTo(manifests: readonly ParsedManifest[], complete: boolean): boolean {
    const removed: ParsedManifest[] = [];
    const added: ParsedManifest[] = [];
    const files = new Set<string>();
    for (const manifest of manifests) {
      files.add(manifest.file);
      const old = this.manifests.get(manifest.file);
      if (old === manifest) continue;
      if (old) removed.push(old);
      added.push(manifest);
    }
    for (const [file, manifest] of this.manifests) if (!files.has(file)) removed.push(manifest);
    if (removed.length + added.length > Math.max(16, manifests.length / 8)) return false;
    return this.update(removed, added, complete);
  }

  /**
   * Replaces the objects of `removed` by those of `added` (the same file's new parse, a new file, a deleted one).
   * Returns false, changing nothing, when a kustomization is among them: the namespaces it gives other files'
   * objects would change, so the caller builds a new graph instead.
   */
  update(removed: readonly ParsedManifest[], added: readonly ParsedManifest[], complete: boolean): boolean {
    if ([...removed, ...added].some((m) => m.objects.some((o) => o.kind === 'Kustomization'))) return false;
    for (const manifest of removed) {
      if (this.manifests.get(manifest.file) !== manifest) continue;
      this.manifests.delete(manifest.file);
      for (const object of manifest.objects) this.index(object, false);
    }
    for (const manifest of added) this.addManifest(manifest);
    this.completeContext = complete;
    return true;
  }

  private addManifest(manifest: ParsedManifest): void {
    this.manifests.set(manifest.file, manifest);
    recordPlaces(manifest);
    const namespace = namespaceFor(manifest.file, this.kustomized);
    for (const object of manifest.objects) {
      object.namespace = namespace ?? object.declaredNamespace ?? 'default';
      this.index(object, true);
    }
  }

  /** Adds the object to every list and index, or removes it from each: one list of them, so both stay in step. */
  private index(object: K8sObject, adding: boolean): void {
    const list = <T>(items: T[] | undefined, item: T, objectOf: (item: T) => K8sObject) => {
      if (!items) return;
      if (adding) insertOrdered(items, item, objectOf);
      else removeOrdered(items, item, objectOf);
    };
    const map = <T>(index: OrderedMultiMap<T> | undefined, k: string, item: T) => {
      if (adding) index?.add(k, item);
      else index?.remove(k, item);
    };
    const { kind, namespace, name } = object;
    list(this.objectList, object, itself);
    map(this.byKind, kind, object);
    map(this.byKey, key(kind, namespace, name), object);
    list(this.byKindAndNamespace.get(kindInNamespace(kind, namespace)), object, itself);
    const selectors = this.selectorIndexes.get(kindInNamespace(kind, namespace));
    if (adding) selectors?.add(object);
    else selectors?.remove(object);
    const workload = readWorkload(object);
    if (workload) {
      list(this.workloadList, workload, ofWorkload);
      map(this.workloadCopiesByKey, key(kind, namespace, name), workload);
      const labels = this.workloadLabelIndex.get(namespace);
      for (const entry of labels ? labelEntries(workload) : []) map(labels, entry, workload);
    }
    const hpa = readHpa(object);
    if (hpa) {
      list(this.hpaList, hpa, ofHpa);
      map(this.hpasByTarget, key(hpa.target.kind ?? '', namespace, hpa.target.name ?? ''), hpa);
    }
  }

  manifestOf(file: string): ParsedManifest | undefined {
    return this.manifests.get(file);
  }

  ofKind(kind: string): readonly K8sObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The workload of that kind, namespace and name; of several copies, the last in file order. */
  workload(kind: string | undefined, namespace: string, name: string | undefined): Workload | undefined {
    if (!kind || !name) return undefined;
    const copies = this.workloadCopiesByKey.get(key(kind, namespace, name));
    return copies?.[copies.length - 1];
  }

  /** Every workload of that kind, namespace and name in the workspace (one per environment folder, say). */
  workloadCopies(kind: string, namespace: string, name: string): readonly Workload[] {
    return this.workloadCopiesByKey.get(key(kind, namespace, name)) ?? [];
  }

  /** How many distinct workloads (by kind and name) a namespace has. */
  distinctWorkloadsIn(namespace: string): number {
    let count = 0;
    for (const copies of this.workloadCopiesByKey.values()) if (copies[0].object.namespace === namespace) count++;
    return count;
  }

  /** The workload an HPA scales, if it is in the workspace. */
  targetOf(hpa: Hpa): Workload | undefined {
    return this.workload(hpa.target.kind, hpa.object.namespace, hpa.target.name);
  }

  hpasFor(workload: Workload): readonly Hpa[] {
    return this.hpasByTarget.get(key(workload.object.kind, workload.object.namespace, workload.object.name)) ?? [];
  }

  /** Any object (workload or not) by kind, namespace and name: what an HPA's scaleTargetRef may name. */
  find(kind: string, namespace: string, name: string): K8sObject | undefined {
    // The first of several copies, as `find` always answered.
    return this.byKey.get(key(kind, namespace, name))?.[0];
  }

  /** Objects of a kind in a namespace; indexed on first use, since rules ask per workload. */
  inNamespace(kind: string, namespace: string): readonly K8sObject[] {
    const indexKey = kindInNamespace(kind, namespace);
    let list = this.byKindAndNamespace.get(indexKey);
    if (!list) {
      list = this.ofKind(kind).filter((o) => o.namespace === namespace);
      this.byKindAndNamespace.set(indexKey, list);
    }
    return list;
  }

  /** Services whose selector matches the workload's pod labels. */
  servicesFor(workload: Workload): K8sObject[] {
    const labels = workload.template?.labels;
    if (!labels) return [];
    const selectorOf = (service: K8sObject) => labelsAt(service, ['spec', 'selector']);
    return this.selectorCandidates('Service', workload.object.namespace, labels, selectorOf).filter((service) =>
      selectorMatches(selectorOf(service), labels),
    );
  }

  /**
   * Objects of a kind in a namespace whose selector could match these labels: each object is indexed by
   * one `key=value` its selector requires (`requiredOf`), so a workload finds its Services or PDBs through
   * its own few labels instead of testing every selector in the namespace. Objects that require no
   * label (empty or expression-only selectors) are always candidates. Callers still test the match. Each kind
   * has one meaning of "selector", so the first caller's `requiredOf` serves the kind from then on.
   */
  selectorCandidates(
    kind: string,
    namespace: string,
    labels: ReadonlyMap<string, string>,
    requiredOf: (object: K8sObject) => ReadonlyMap<string, string> | undefined,
  ): K8sObject[] {
    const indexKey = kindInNamespace(kind, namespace);
    let index = this.selectorIndexes.get(indexKey);
    if (!index) {
      index = new SelectorIndex(requiredOf);
      for (const object of this.inNamespace(kind, namespace)) index.add(object);
      this.selectorIndexes.set(indexKey, index);
    }
    return index.candidates(labels);
  }

  /** Workloads of a namespace whose pod template carries `key=value` (all of them when no label is given). */
  workloadsWithLabel(namespace: string, label?: readonly [string, string]): readonly Workload[] {
    let index = this.workloadLabelIndex.get(namespace);
    if (!index) {
      index = new OrderedMultiMap<Workload>(ofWorkload);
      for (const workload of this.workloadList) {
        if (workload.object.namespace !== namespace) continue;
        for (const entry of labelEntries(workload)) index.add(entry, workload);
      }
      this.workloadLabelIndex.set(namespace, index);
    }
    return index.get(label ? `${label[0]}=${label[1]}` : '') ?? [];
  }
}

/** Objects of one kind and namespace by the first `key=value` their selector requires. */
class SelectorIndex {
  private readonly byLabel = new OrderedMultiMap<K8sObject>(itself);
  private readonly always: K8sObject[] = [];

  constructor(private readonly requiredOf: (object: K8sObject) => ReadonlyMap<string, string> | undefined) {}

  private labelOf(object: K8sObject): string | undefined {
    const first = this.requiredOf(object)?.entries().next().value;
    return first ? `${first[0]}=${first[1]}` : undefined;
  }

  add(object: K8sObject): void {
    const label = this.labelOf(object);
    if (label === undefined) insertOrdered(this.always, object, itself);
    else this.byLabel.add(label, object);
  }

  remove(object: K8sObject): void {
    const label = this.labelOf(object);
    if (label === undefined) removeOrdered(this.always, object, itself);
    else this.byLabel.remove(label, object);
  }

  candidates(labels: ReadonlyMap<string, string>): K8sObject[] {
    const out = [...this.always];
    for (const [key, value] of labels) out.push(...(this.byLabel.get(`${key}=${value}`) ?? []));
    return out;
  }
}

/** The entries a workload is found by in the label index: '' (every workload) and each `key=value` of its pods. */
function labelEntries(workload: Workload): string[] {
  return ['', ...[...(workload.template?.labels ?? [])].map(([k, v]) => `${k}=${v}`)];
}

const ofWorkload = (workload: Workload): K8sObject => workload.object;
const ofHpa = (hpa: Hpa): K8sObject => hpa.object;

function kindInNamespace(kind: string, namespace: string): string {
  return `${kind}\u0000${namespace}`;
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

const labelMaps = new WeakMap<K8sObject, Map<string, Map<string, string>>>();

/** A label map at a path of an object (a Service selector, template labels), cached per object and path. */
export function labelsAt(object: K8sObject, path: readonly string[]): Map<string, string> {
  const key = path.join('.');
  let perObject = labelMaps.get(object);
  if (!perObject) {
    perObject = new Map();
    labelMaps.set(object, perObject);
  }
  let out = perObject.get(key);
  if (out) return out;
  out = new Map<string, string>();
  const map = valueAt(object.root, path, object.doc);
  if (map && typeof map === 'object' && 'items' in map) {
    for (const item of (map as { items: { key: unknown; value: unknown }[] }).items) {
      const k = scalarText(item.key);
      const v = scalarText(item.value);
      if (k !== undefined && v !== undefined) out.set(k, v);
    }
  }
  perObject.set(key, out);
  return out;
}

const KUSTOMIZATION = /(^|\/)kustomization\.ya?ml$/i;

/** Path prefix or exact file → namespace, from every kustomization that sets `namespace:`. */
function kustomizationNamespaces(manifests: readonly ParsedManifest[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const manifest of manifests) {
    if (!KUSTOMIZATION.test(manifest.file)) continue;
    for (const object of manifest.objects) {
      if (object.kind !== 'Kustomization') continue;
      const namespace = stringAt(object.root, ['namespace'], object.doc);
      if (!namespace) continue;
      const base = manifest.file.slice(0, manifest.file.lastIndexOf('/') + 1);
      for (const item of seqItems(valueAt(object.root, ['resources'], object.doc), object.doc)) {
        const resource = scalarText(item);
        if (resource && !/^[a-z]+:\/\//i.test(resource)) out.set(resolveRelative(base, resource), namespace);
      }
    }
  }
  return out;
}

function namespaceFor(file: string, kustomized: ReadonlyMap<string, string>): string | undefined {
  const exact = kustomized.get(file);
  if (exact) return exact;
  let best: string | undefined;
  let bestLength = -1;
  for (const [path, namespace] of kustomized) {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    if (file.startsWith(prefix) && prefix.length > bestLength) {
      best = namespace;
      bestLength = prefix.length;
    }
  }
  return best;
}

/** Joins a relative path onto a base that ends in '/', keeping any "scheme://authority" prefix intact. */
export function resolveRelative(base: string, relative: string): string {
  const schemeMatch = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(base);
  const prefix = schemeMatch ? schemeMatch[0] : '';
  const segments = base.slice(prefix.length).split('/').slice(0, -1);
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') segments.pop();
    else segments.push(part);
  }
  const joined = segments.join('/');
  return prefix + (base.slice(prefix.length).startsWith('/') && !joined.startsWith('/') ? `/${joined}` : joined);
}
