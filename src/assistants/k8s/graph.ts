import type { AnalysisError } from '../../core/finding';
import type { Hpa } from './hpa';
import type { GeneratorSources } from './kustomize/generators';
import type { WorkspaceBuilds } from './kustomize/workspace-builds';
import { buildWorkspace } from './kustomize/workspace-builds';
import { readHpa } from './hpa';
import type { K8sObject, ParsedManifest } from './manifest';
import type { PodSource } from './pod-sources';
import { isUnknownResource, podSourcesOf } from './pod-sources';
import type { Workload } from './workload';
import { readWorkload, selectorMatches } from './workload';
import { scalarText, valueAt } from './yaml-nodes';

/**
 * The workspace's Kubernetes objects and how they relate: HPA ↔ workload ↔ PDB ↔ Service ↔ quota ↔
 * LimitRange, across files and namespaces. Built from cached per-file parses, so rebuilding after one
 * edit costs an index pass, not a re-parse of the workspace.
 */
export class ObjectGraph {
  readonly objects: K8sObject[] = [];
  readonly workloads: Workload[] = [];
  readonly hpas: Hpa[] = [];
  /** Pods an operator creates for a custom resource (a Prometheus, an Elasticsearch node set). */
  readonly podSources: PodSource[] = [];
  /** Custom resources of kinds the reviewer does not know, by namespace. */
  private readonly unknownByNamespace = new Map<string, K8sObject[]>();
  private readonly podSourcesByNamespace = new Map<string, PodSource[]>();
  private readonly workloadsByKey = new Map<string, Workload>();
  /** Every copy of a workload (base and overlay folders may both hold one). */
  private readonly workloadCopiesByKey = new Map<string, Workload[]>();
  private readonly hpasByTarget = new Map<string, Hpa[]>();
  private readonly byKind = new Map<string, K8sObject[]>();
  private readonly byKey = new Map<string, K8sObject>();
  private readonly manifests = new Map<string, ParsedManifest>();
  private readonly byKindAndNamespace = new Map<string, K8sObject[]>();
  private readonly selectorIndexes = new Map<string, { byLabel: Map<string, K8sObject[]>; always: K8sObject[] }>();
  private readonly workloadLabelIndex = new Map<string, Map<string, Workload[]>>();
  private readonly builds: WorkspaceBuilds;
  /** Namespaces of kustomize builds that lack objects (a remote base, a plugin): why. */
  private readonly incompleteNamespaces = new Map<string, string>();

  /**
   * @param complete false while the workspace is still being read: a rule that concludes something from
   * an absence ("no PDB selects these pods", "the target does not exist") must not report then.
   */
  constructor(
    manifests: Iterable<ParsedManifest>,
    readonly complete = true,
    sources?: GeneratorSources,
  ) {
    const list = [...manifests];
    for (const manifest of list) this.manifests.set(manifest.file, manifest);
    this.builds = buildWorkspace(list, sources);
    for (const manifest of list) {
      // A file a kustomize build reads is analysed as built; patches and kustomizations are no objects at all.
      if (this.builds.consumed.has(manifest.file)) continue;
      for (const object of manifest.objects) {
        if (isBuildConfig(object)) continue;
        object.namespace = object.declaredNamespace ?? 'default';
        this.add(object);
      }
    }
    for (const build of this.builds.builds) {
      for (const object of build.objects) this.add(object);
      for (const reason of build.result.incomplete)
        for (const object of build.objects) this.incompleteNamespaces.set(object.namespace, reason);
    }
  }

  /**
   * The objects rules check when `file` is analysed, in groups: one for a plain manifest (its own objects),
   * one per kustomize build a file wrote part of (the built objects it contributed to, whether as their
   * base, a patch or a kustomization). `folder` names the build's root folder.
   */
  objectsFor(file: string): { folder?: string; objects: K8sObject[] }[] {
    if (!this.builds.consumed.has(file)) {
      const objects = this.manifests.get(file)?.objects.filter((o) => !isBuildConfig(o)) ?? [];
      return [{ objects }];
    }
    return this.builds.builds
      .map((build) => ({ folder: build.folder, objects: build.objects.filter((o) => o.build?.files.has(file)) }))
      .filter((group) => group.objects.length > 0);
  }

  /** Problems of the kustomize builds found in this file (a missing resource, a patch that cannot apply). */
  buildErrorsFor(file: string): AnalysisError[] {
    return this.builds.errorsByFile.get(file) ?? [];
  }

  private add(object: K8sObject): void {
    this.objects.push(object);
    const sameKind = this.byKind.get(object.kind) ?? [];
    sameKind.push(object);
    this.byKind.set(object.kind, sameKind);
    const objectKey = key(object.kind, object.namespace, object.name);
    // The first of several copies wins, as `find` always answered.
    if (!this.byKey.has(objectKey)) this.byKey.set(objectKey, object);
    const workload = readWorkload(object);
    if (workload) {
      this.workloads.push(workload);
      const workloadKey = key(object.kind, object.namespace, object.name);
      this.workloadsByKey.set(workloadKey, workload);
      this.workloadCopiesByKey.set(workloadKey, [...(this.workloadCopiesByKey.get(workloadKey) ?? []), workload]);
    }
    for (const source of podSourcesOf(object)) {
      this.podSources.push(source);
      this.podSourcesByNamespace.set(object.namespace, [
        ...(this.podSourcesByNamespace.get(object.namespace) ?? []),
        source,
      ]);
    }
    if (isUnknownResource(object)) {
      this.unknownByNamespace.set(object.namespace, [...(this.unknownByNamespace.get(object.namespace) ?? []), object]);
    }
    const hpa = readHpa(object);
    if (hpa) {
      this.hpas.push(hpa);
      const targetKey = key(hpa.target.kind ?? '', object.namespace, hpa.target.name ?? '');
      this.hpasByTarget.set(targetKey, [...(this.hpasByTarget.get(targetKey) ?? []), hpa]);
    }
  }

  manifestOf(file: string): ParsedManifest | undefined {
    return this.manifests.get(file);
  }

  ofKind(kind: string): K8sObject[] {
    return this.byKind.get(kind) ?? [];
  }

  workload(kind: string | undefined, namespace: string, name: string | undefined): Workload | undefined {
    return kind && name ? this.workloadsByKey.get(key(kind, namespace, name)) : undefined;
  }

  /** Every workload of that kind, namespace and name in the workspace (one per environment folder, say). */
  workloadCopies(kind: string, namespace: string, name: string): Workload[] {
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

  hpasFor(workload: Workload): Hpa[] {
    return this.hpasByTarget.get(key(workload.object.kind, workload.object.namespace, workload.object.name)) ?? [];
  }

  /** Any object (workload or not) by kind, namespace and name: what an HPA's scaleTargetRef may name. */
  find(kind: string, namespace: string, name: string): K8sObject | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  /** Objects of a kind in a namespace; indexed on first use, since rules ask per workload. */
  inNamespace(kind: string, namespace: string): K8sObject[] {
    const key = `${kind}\u0000${namespace}`;
    let list = this.byKindAndNamespace.get(key);
    if (!list) {
      list = this.ofKind(kind).filter((o) => o.namespace === namespace);
      this.byKindAndNamespace.set(key, list);
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
   * label (empty or expression-only selectors) are always candidates. Callers still test the match.
   */
  selectorCandidates(
    kind: string,
    namespace: string,
    labels: ReadonlyMap<string, string>,
    requiredOf: (object: K8sObject) => ReadonlyMap<string, string> | undefined,
  ): K8sObject[] {
    const indexKey = `${kind}\u0000${namespace}`;
    let index = this.selectorIndexes.get(indexKey);
    if (!index) {
      index = { byLabel: new Map(), always: [] };
      for (const object of this.inNamespace(kind, namespace)) {
        const first = requiredOf(object)?.entries().next().value;
        if (!first) index.always.push(object);
        else {
          const label = `${first[0]}=${first[1]}`;
          index.byLabel.set(label, [...(index.byLabel.get(label) ?? []), object]);
        }
      }
      this.selectorIndexes.set(indexKey, index);
    }
    const out = [...index.always];
    for (const [key, value] of labels) out.push(...(index.byLabel.get(`${key}=${value}`) ?? []));
    return out;
  }

  /** Pod sources (operator-made pods) of a namespace. */
  podSourcesIn(namespace: string): PodSource[] {
    return this.podSourcesByNamespace.get(namespace) ?? [];
  }

  /**
   * Why a conclusion from absence ("no budget covers these pods", "this selector matches no pods", "the target
   * does not exist") cannot be drawn in a namespace, if it cannot: custom resources of unknown kinds there may
   * create the pods, workloads or budgets the workspace does not show. Rules that conclude from an absence
   * hold back and say this (`K8sRuleContext.holdBack`).
   */
  absenceUnknown(namespace: string): string | undefined {
    const incomplete = this.incompleteNamespaces.get(namespace);
    if (incomplete) return incomplete;
    const unknown = this.unknownByNamespace.get(namespace);
    if (!unknown?.length) return undefined;
    const shown = unknown.slice(0, 3).map((o) => `${o.kind} ${o.name}`);
    const more = unknown.length > 3 ? ` and ${unknown.length - 3} more` : '';
    return (
      `namespace ${namespace} holds custom resources of kinds the reviewer does not know (${shown.join(', ')}${more}), ` +
      'whose operators may create pods, workloads or PodDisruptionBudgets this workspace does not show'
    );
  }

  /** Workloads of a namespace whose pod template carries `key=value` (all of them when no label is given). */
  workloadsWithLabel(namespace: string, label?: readonly [string, string]): Workload[] {
    let index = this.workloadLabelIndex.get(namespace);
    if (!index) {
      index = new Map([['', []]]);
      for (const workload of this.workloads) {
        if (workload.object.namespace !== namespace) continue;
        index.get('')?.push(workload);
        for (const [k, v] of workload.template?.labels ?? []) {
          const entry = `${k}=${v}`;
          index.set(entry, [...(index.get(entry) ?? []), workload]);
        }
      }
      this.workloadLabelIndex.set(namespace, index);
    }
    return index.get(label ? `${label[0]}=${label[1]}` : '') ?? [];
  }
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

/** A kustomization document is build configuration, not an object of the cluster. */
function isBuildConfig(object: K8sObject): boolean {
  return object.apiVersion.startsWith('kustomize.config.k8s.io/');
}
