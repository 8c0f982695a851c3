import type { AnalysisError } from '../../core/finding';
import type { Hpa } from './hpa';
import { readHpa } from './hpa';
import type { GeneratorSources } from './kustomize/generators';
import type { WorkspaceBuilds } from './kustomize/workspace-builds';
import { buildWorkspace } from './kustomize/workspace-builds';
import type { ChartSources } from './helm/workspace-charts';
import { renderWorkspaceCharts } from './helm/workspace-charts';
import { CLUSTER_SCOPED_KINDS } from './kustomize/field-specs';
import { KUSTOMIZATION_FILE } from './kustomize/kustomization';
import type { K8sObject, ParsedManifest } from './manifest';
import { OrderedMultiMap, insertOrdered, itself, recordBuiltPlaces, recordPlaces, removeOrdered } from './graph-index';
import type { PodSource } from './pod-sources';
import { isUnknownResource, podSourcesOf } from './pod-sources';
import type { Workload } from './workload';
import { readWorkload, selectorMatches } from './workload';
import { stringMap, valueAt } from './yaml-nodes';

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
  /** Custom resources of kinds the reviewer does not know, by namespace. */
  private readonly unknownByNamespace = new OrderedMultiMap<K8sObject>(itself);
  /** Pods an operator creates for a custom resource (a Prometheus, an Elasticsearch node set), by namespace. */
  private readonly podSourcesByNamespace = new OrderedMultiMap<PodSource>(ofSource);
  /**
   * The workspace's kustomize builds and Helm chart renders, made with the graph; an update never touches a file
   * they read.
   */
  private readonly builds: WorkspaceBuilds;
  /** Chart templates the renders handled: their own parse's notice gives way to the render's. */
  private readonly chartTemplates: ReadonlySet<string>;
  /** Namespaces of kustomize builds that lack objects (a remote base, a plugin): why, and which build. */
  private readonly incompleteNamespaces = new Map<string, { reason: string; kustomization: string }[]>();
  private completeContext: boolean;
  /** Some build is a chart's switched render (`BuildInfo.condition`), which the plain view does not see. */
  private readonly hasConditional: boolean;
  /** The root kustomization this view of the graph sees the workspace from (`seenFrom`); undefined: all of it. */
  private scope?: string;
  /** The folder of the Helm chart whose render this view sees from. */
  private scopeChartFolder?: string;
  private readonly views = new Map<string, ObjectGraph>();

  /**
   * @param complete false while the workspace is still being read: a rule that concludes something from
   * an absence ("no PDB selects these pods", "the target does not exist") must not report then.
   */
  constructor(manifests: Iterable<ParsedManifest>, complete = true, sources?: GeneratorSources, charts?: ChartSources) {
    this.completeContext = complete;
    const list = [...manifests];
    this.builds = buildWorkspace(list, sources);
    const rendered = renderWorkspaceCharts(list, charts);
    this.chartTemplates = rendered.templates;
    if (rendered.builds.length > 0 || rendered.errorsByFile.size > 0) {
      this.builds.builds.push(...rendered.builds);
      for (const file of rendered.consumed) this.builds.consumed.add(file);
      for (const [file, errors] of rendered.errorsByFile)
        this.builds.errorsByFile.set(file, [...(this.builds.errorsByFile.get(file) ?? []), ...errors]);
    }
    this.hasConditional = this.builds.builds.some((b) => b.condition !== undefined);
    for (const manifest of list) this.addManifest(manifest);
    this.builds.builds.forEach((build, b) => {
      // Built objects come after the plain ones of their file, build by build, in the build's order.
      recordBuiltPlaces(build.objects, b);
      for (const object of build.objects) this.index(object, true);
      // A cluster-scoped object (the build's Namespace) is in no namespace: it makes no namespace incomplete.
      const namespaces = new Set(
        build.objects.filter((o) => !CLUSTER_SCOPED_KINDS.has(o.kind)).map((o) => o.namespace),
      );
      for (const reason of build.result.incomplete)
        for (const namespace of namespaces) {
          const reasons = this.incompleteNamespaces.get(namespace) ?? [];
          reasons.push({ reason, kustomization: build.result.root });
          this.incompleteNamespaces.set(namespace, reasons);
        }
    });
  }

  /**
   * The graph as one kustomize build sees it: the build's own objects and the plain manifests', not those of
   * other builds. Each root kustomization is one \`kubectl apply -k\`, and overlays of a base are alternatives (one
   * environment each, often in one namespace): a sibling overlay's budget covers nothing here, its autoscaler
   * scales nothing here. Undefined (a plain manifest) sees every object. The view shares this graph's indexes
   * (it delegates to it), so an update of the graph is the view's too.
   */
  seenFrom(kustomization: string | undefined): ObjectGraph {
    if (kustomization === undefined || this.scope !== undefined) return this;
    let view = this.views.get(kustomization);
    if (!view) {
      view = Object.create(this) as ObjectGraph;
      view.scope = kustomization;
      view.scopeChartFolder = this.builds.builds.find((b) => b.result.root === kustomization && b.chart)?.folder;
      this.views.set(kustomization, view);
    }
    return view;
  }

  /** Whether this view sees the object: a plain one always, a built one only from its own build. */
  private sees(object: K8sObject): boolean {
    if (this.scope === undefined) return object.build?.condition === undefined;
    if (object.build) return object.build.kustomization === this.scope;
    // A chart installs its templates only: manifests kept in its folder (rendered examples, CI fixtures) are not
    // deployed beside it.
    return this.scopeChartFolder === undefined || !object.file.startsWith(this.scopeChartFolder);
  }

  /**
   * The items this view sees; the list itself when it sees everything (plain manifests pay nothing unless a chart
   * was also rendered with its switches on: what only that render makes is deployed only then).
   */
  private seen<T>(items: readonly T[], objectOf: (item: T) => K8sObject): readonly T[] {
    if (this.scope === undefined && !this.hasConditional) return items;
    return items.filter((item) => this.sees(objectOf(item)));
  }

  /**
   * The objects rules check when `file` is analysed, in groups: one for a plain manifest (its own objects),
   * one per kustomize build a file wrote part of (the built objects it contributed to, whether as their
   * base, a patch or a kustomization). `folder` names the build's root folder.
   */
  objectsFor(file: string): { folder?: string; kustomization?: string; condition?: string; objects: K8sObject[] }[] {
    if (!this.builds.consumed.has(file)) {
      const objects = this.manifests.get(file)?.objects.filter((o) => !isBuildConfig(o)) ?? [];
      return [{ objects }];
    }
    return this.builds.builds
      .map((build) => ({
        folder: build.folder,
        kustomization: build.result.root,
        ...(build.condition ? { condition: build.condition } : {}),
        objects: build.objects.filter((o) => o.build?.files.has(file)),
      }))
      .filter((group) => group.objects.length > 0);
  }

  /** True for a Helm chart's template that the chart's render handled (rendered, or failed with its reason). */
  renderedFromChart(file: string): boolean {
    return this.chartTemplates.has(file);
  }

  /** Problems of the kustomize builds found in this file (a missing resource, a patch that cannot apply). */
  buildErrorsFor(file: string): AnalysisError[] {
    return this.builds.errorsByFile.get(file) ?? [];
  }

  get complete(): boolean {
    return this.completeContext;
  }

  get objects(): readonly K8sObject[] {
    return this.seen(this.objectList, itself);
  }

  get workloads(): readonly Workload[] {
    return this.seen(this.workloadList, ofWorkload);
  }

  get hpas(): readonly Hpa[] {
    return this.seen(this.hpaList, ofHpa);
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
   * Returns false, changing nothing, when a kustomize build may change: a kustomization or a file a build reads is
   * among them, or (in a workspace with kustomizations) a file comes or goes, which a kustomization may name. The
   * caller builds a new graph then.
   */
  update(removed: readonly ParsedManifest[], added: readonly ParsedManifest[], complete: boolean): boolean {
    const changed = [...removed, ...added];
    if (changed.some((m) => this.builds.consumed.has(m.file) || KUSTOMIZATION_FILE.test(m.file))) return false;
    if (this.builds.consumed.size > 0) {
      const before = new Set(removed.map((m) => m.file));
      const after = new Set(added.map((m) => m.file));
      if (before.size !== after.size || [...before].some((file) => !after.has(file))) return false;
    }
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
    // A file a kustomize build reads is analysed as built; patches and kustomizations are no objects at all.
    if (this.builds.consumed.has(manifest.file)) return;
    recordPlaces(manifest);
    for (const object of manifest.objects) {
      if (isBuildConfig(object)) continue;
      object.namespace = object.declaredNamespace ?? 'default';
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
    for (const source of podSourcesOf(object)) map(this.podSourcesByNamespace, namespace, source);
    if (isUnknownResource(object)) map(this.unknownByNamespace, namespace, object);
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
    return this.seen(this.byKind.get(kind) ?? [], itself);
  }

  /** The workload of that kind, namespace and name; of several copies, the last in file order. */
  workload(kind: string | undefined, namespace: string, name: string | undefined): Workload | undefined {
    if (!kind || !name) return undefined;
    const copies = this.workloadCopies(kind, namespace, name);
    return copies[copies.length - 1];
  }

  /** Every workload of that kind, namespace and name in the workspace (one per environment folder, say). */
  workloadCopies(kind: string, namespace: string, name: string): readonly Workload[] {
    return this.seen(this.workloadCopiesByKey.get(key(kind, namespace, name)) ?? [], ofWorkload);
  }

  /** How many distinct workloads (by kind and name) a namespace has. */
  distinctWorkloadsIn(namespace: string): number {
    let count = 0;
    for (const all of this.workloadCopiesByKey.values()) {
      const copies = this.seen(all, ofWorkload);
      if (copies.length > 0 && copies[0].object.namespace === namespace) count++;
    }
    return count;
  }

  /** The workload an HPA scales, if it is in the workspace. */
  targetOf(hpa: Hpa): Workload | undefined {
    return this.workload(hpa.target.kind, hpa.object.namespace, hpa.target.name);
  }

  hpasFor(workload: Workload): readonly Hpa[] {
    const hpas = this.hpasByTarget.get(key(workload.object.kind, workload.object.namespace, workload.object.name));
    return this.seen(hpas ?? [], ofHpa);
  }

  /** Any object (workload or not) by kind, namespace and name: what an HPA's scaleTargetRef may name. */
  find(kind: string, namespace: string, name: string): K8sObject | undefined {
    // The first of several copies, as `find` always answered.
    return this.seen(this.byKey.get(key(kind, namespace, name)) ?? [], itself)[0];
  }

  /** Objects of a kind in a namespace; indexed on first use, since rules ask per workload. */
  inNamespace(kind: string, namespace: string): readonly K8sObject[] {
    return this.seen(this.allInNamespace(kind, namespace), itself);
  }

  private allInNamespace(kind: string, namespace: string): K8sObject[] {
    const indexKey = kindInNamespace(kind, namespace);
    let list = this.byKindAndNamespace.get(indexKey);
    if (!list) {
      list = (this.byKind.get(kind) ?? []).filter((o) => o.namespace === namespace);
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
      for (const object of this.allInNamespace(kind, namespace)) index.add(object);
      this.selectorIndexes.set(indexKey, index);
    }
    const candidates = index.candidates(labels);
    return this.scope === undefined && !this.hasConditional
      ? candidates
      : candidates.filter((object) => this.sees(object));
  }

  /** Pod sources (operator-made pods) of a namespace. */
  podSourcesIn(namespace: string): readonly PodSource[] {
    return this.seen(this.podSourcesByNamespace.get(namespace) ?? [], ofSource);
  }

  /**
   * Why a conclusion from absence ("no budget covers these pods", "this selector matches no pods", "the target
   * does not exist") cannot be drawn in a namespace, if it cannot: custom resources of unknown kinds there may
   * create the pods, workloads or budgets the workspace does not show. Rules that conclude from an absence
   * hold back and say this (`K8sRuleContext.holdBack`).
   */
  absenceUnknown(namespace: string): string | undefined {
    const incomplete = this.incompleteNamespaces
      .get(namespace)
      ?.find(({ kustomization }) => this.scope === undefined || kustomization === this.scope);
    if (incomplete) return incomplete.reason;
    const unknown = this.seen(this.unknownByNamespace.get(namespace) ?? [], itself);
    if (!unknown?.length) return undefined;
    const shown = unknown.slice(0, 3).map((o) => `${o.kind} ${o.name}`);
    const more = unknown.length > 3 ? ` and ${unknown.length - 3} more` : '';
    return (
      `namespace ${namespace} holds custom resources of kinds the reviewer does not know (${shown.join(', ')}${more}), ` +
      'whose operators may create pods, workloads or PodDisruptionBudgets this workspace does not show'
    );
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
    return this.seen(index.get(label ? `${label[0]}=${label[1]}` : '') ?? [], ofWorkload);
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
const ofSource = (source: PodSource): K8sObject => source.object;

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
  out = stringMap(valueAt(object.root, path, object.doc), object.doc);
  perObject.set(key, out);
  return out;
}

/** A kustomization document is build configuration, not an object of the cluster. */
function isBuildConfig(object: K8sObject): boolean {
  return object.apiVersion.startsWith('kustomize.config.k8s.io/');
}
