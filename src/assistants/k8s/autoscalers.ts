import { oneOfEachName } from './capacity';
import type { ObjectGraph } from './graph';
import { readHpa } from './hpa';
import type { LabelSelector } from './label-selector';
import { readLabelSelector } from './label-selector';
import type { K8sObject } from './manifest';
import type { Workload } from './workload';
import type { AnyPair } from './yaml-nodes';
import { pairAt, stringAt, valueAt } from './yaml-nodes';

/**
 * Everything that drives a workload's replica count through the HPA controller: HorizontalPodAutoscalers,
 * and KEDA ScaledObjects, which create an HPA of their own (`keda-hpa-<name>`, or the name in
 * `advanced.horizontalPodAutoscalerConfig.name`, which is also how one takes over an existing HPA). The
 * controller treats all of them alike, so two of them on the same pods collide the same way.
 */
export interface Autoscaler {
  object: K8sObject;
  kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  target: { kind: string; name: string; namePair?: AnyPair };
  /** The HPA object the controller runs for it: the HPA itself, or the one a ScaledObject manages. */
  hpaName: string;
  minReplicas: number;
  maxReplicas?: number;
}

const KEDA_DEFAULT_MAX = 100;

const autoscalers = new WeakMap<K8sObject, Autoscaler | null>();

/** Cached per object, as parses are cached per file version. */
export function readAutoscaler(object: K8sObject): Autoscaler | undefined {
  let cached = autoscalers.get(object);
  if (cached === undefined) {
    cached = readUncached(object) ?? null;
    autoscalers.set(object, cached);
  }
  return cached ?? undefined;
}

function readUncached(object: K8sObject): Autoscaler | undefined {
  const hpa = readHpa(object);
  if (hpa) {
    if (!hpa.target.kind || !hpa.target.name) return undefined;
    return {
      object,
      kind: 'HorizontalPodAutoscaler',
      target: {
        kind: hpa.target.kind,
        name: hpa.target.name,
        namePair: pairAt(object.root, ['spec', 'scaleTargetRef', 'name'], object.doc),
      },
      hpaName: object.name,
      minReplicas: hpa.minReplicas,
      maxReplicas: hpa.maxReplicas,
    };
  }
  if (object.kind !== 'ScaledObject' || !object.apiVersion.startsWith('keda.sh/')) return undefined;
  const { root, doc } = object;
  const name = stringAt(root, ['spec', 'scaleTargetRef', 'name'], doc);
  if (!name) return undefined;
  const count = (key: string): number | undefined => {
    const text = stringAt(root, ['spec', key], doc);
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
  };
  return {
    object,
    kind: 'ScaledObject',
    // KEDA's defaults: kind Deployment, minReplicaCount 0, maxReplicaCount 100.
    target: {
      kind: stringAt(root, ['spec', 'scaleTargetRef', 'kind'], doc) ?? 'Deployment',
      name,
      namePair: pairAt(root, ['spec', 'scaleTargetRef', 'name'], doc),
    },
    hpaName:
      stringAt(root, ['spec', 'advanced', 'horizontalPodAutoscalerConfig', 'name'], doc) ?? `keda-hpa-${object.name}`,
    minReplicas: count('minReplicaCount') ?? 0,
    maxReplicas: count('maxReplicaCount') ?? KEDA_DEFAULT_MAX,
  };
}

/**
 * The autoscalers of a workload, one per HPA the controller runs: an HPA a ScaledObject manages (by name) is
 * the ScaledObject's, not a second autoscaler.
 */
export function autoscalersFor(graph: ObjectGraph, workload: Workload): Autoscaler[] {
  const { namespace, kind, name } = workload.object;
  const scaledObjects = graph
    .inNamespace('ScaledObject', namespace)
    .map(readAutoscaler)
    .filter((a): a is Autoscaler => a !== undefined && a.target.kind === kind && a.target.name === name);
  const managed = new Set(scaledObjects.map((a) => a.hpaName));
  const hpas = graph
    .hpasFor(workload)
    .map((hpa) => readAutoscaler(hpa.object))
    .filter((a): a is Autoscaler => a !== undefined && !managed.has(a.hpaName));
  return [...hpas, ...scaledObjects];
}

/**
 * The workload an autoscaler drives, when it is in the workspace: of several copies (one per environment
 * folder), the one in the autoscaler's file, else in the closest folder.
 */
export function autoscaledWorkload(graph: ObjectGraph, autoscaler: Autoscaler): Workload | undefined {
  const copies = graph.workloadCopies(autoscaler.target.kind, autoscaler.object.namespace, autoscaler.target.name);
  if (copies.length <= 1) return copies[0];
  const [closest] = oneOfEachName(
    copies.map((w) => w.object),
    autoscaler.object.file,
  );
  return copies.find((w) => w.object === closest);
}

const selectors = new WeakMap<K8sObject, LabelSelector | null>();

/**
 * The workload's `spec.selector` as the scale subresource reports it to the HPA controller (matchLabels and
 * matchExpressions; a ReplicationController's plain map). Undefined when absent, empty or unreadable.
 */
export function workloadSelector(workload: Workload): LabelSelector | undefined {
  const { object } = workload;
  let cached = selectors.get(object);
  if (cached === undefined) {
    const node = valueAt(object.root, ['spec', 'selector'], object.doc);
    const read =
      object.kind === 'ReplicationController'
        ? { matchLabels: new Map(workload.selector), expressions: [], unreadable: false }
        : readLabelSelector(node, object.doc);
    const usable = read && !read.unreadable && (read.matchLabels.size > 0 || read.expressions.length > 0);
    cached = usable ? read : null;
    selectors.set(object, cached);
  }
  return cached ?? undefined;
}

function folderOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/') + 1);
}

/**
 * Whether objects of two files can be applied together: the same folder, or one folder inside the other.
 * Sibling folders are usually alternatives (one overlay per environment), so objects there are not taken to
 * meet in one cluster.
 */
export function mayCoexist(fileA: string, fileB: string): boolean {
  const a = folderOf(fileA);
  const b = folderOf(fileB);
  return a.startsWith(b) || b.startsWith(a);
}
