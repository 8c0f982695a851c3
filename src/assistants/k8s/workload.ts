import { isMap } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import type { K8sObject } from './manifest';
import { parseQuantity } from './quantity';
import type { AnyPair } from './yaml-nodes';
import { deref, findPair, mapAt, pairAt, scalarText, seqItems, stringAt, valueAt } from './yaml-nodes';

/** Kinds with a pod template; all but DaemonSet have a scale subresource an HPA can drive. */
export const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'DaemonSet',
  'ReplicationController',
  'Rollout',
]);
export const SCALABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout']);

export interface ResourceValue {
  raw: string;
  amount: number | undefined;
  pair: AnyPair;
}

export type ContainerRole = 'container' | 'init' | 'sidecar';

export interface Container {
  name: string;
  role: ContainerRole;
  node: YAMLMap;
  /** The `name:` pair, where container-level findings point when no better field exists. */
  namePair?: AnyPair;
  image?: string;
  imagePair?: AnyPair;
  /** `resources` pair, `resources.requests`/`limits` maps when present. */
  resourcesPair?: AnyPair;
  requests: Map<string, ResourceValue>;
  limits: Map<string, ResourceValue>;
  ports: { name?: string; containerPort?: number; pair?: AnyPair }[];
  readinessProbe?: AnyPair;
  livenessProbe?: AnyPair;
  startupProbe?: AnyPair;
}

export interface PodTemplate {
  /** `spec.template.spec` of the workload. */
  spec: YAMLMap;
  specPair: AnyPair;
  labels: Map<string, string>;
  containers: Container[];
  /** Regular init containers, which run to completion and are not part of HPA utilisation. */
  initContainers: Container[];
  /** Init containers with `restartPolicy: Always`: they run beside the app and count for the HPA. */
  sidecars: Container[];
  /** Pod-level `spec.resources.requests` (PodLevelResources feature). */
  podRequests: Map<string, ResourceValue>;
}

export interface Workload {
  object: K8sObject;
  replicasPair?: AnyPair;
  replicas?: number;
  selector: Map<string, string>;
  template?: PodTemplate;
}

export function isWorkload(object: K8sObject): boolean {
  return WORKLOAD_KINDS.has(object.kind) && !object.kind.startsWith('List');
}

function stringMap(node: unknown, doc: Document.Parsed): Map<string, string> {
  const out = new Map<string, string>();
  const map = deref(node, doc);
  if (!isMap(map)) return out;
  for (const item of map.items) {
    const key = scalarText(item.key);
    const value = scalarText(deref(item.value, doc));
    if (key !== undefined && value !== undefined) out.set(key, value);
  }
  return out;
}

function resourceMap(
  resources: unknown,
  which: 'requests' | 'limits',
  doc: Document.Parsed,
): Map<string, ResourceValue> {
  const out = new Map<string, ResourceValue>();
  const map = mapAt(resources, [which], doc);
  if (!map) return out;
  for (const item of map.items) {
    const key = scalarText(item.key);
    const raw = scalarText(deref(item.value, doc));
    if (key === undefined || raw === undefined) continue;
    out.set(key, { raw, amount: parseQuantity(raw), pair: item as AnyPair });
  }
  return out;
}

function readContainer(node: unknown, role: ContainerRole, doc: Document.Parsed): Container | undefined {
  if (!isMap(node)) return undefined;
  const resourcesPair = findPair(node, 'resources');
  const resources = resourcesPair ? deref(resourcesPair.value, doc) : undefined;
  const ports = seqItems(valueAt(node, ['ports'], doc), doc).map((port) => {
    const portNumber = Number(stringAt(port, ['containerPort'], doc));
    return {
      name: stringAt(port, ['name'], doc),
      containerPort: Number.isInteger(portNumber) ? portNumber : undefined,
      pair: findPair(port, 'containerPort'),
    };
  });
  return {
    name: stringAt(node, ['name'], doc) ?? '',
    role,
    node,
    namePair: findPair(node, 'name'),
    image: stringAt(node, ['image'], doc),
    imagePair: findPair(node, 'image'),
    resourcesPair,
    requests: resourceMap(resources, 'requests', doc),
    limits: resourceMap(resources, 'limits', doc),
    ports,
    readinessProbe: findPair(node, 'readinessProbe'),
    livenessProbe: findPair(node, 'livenessProbe'),
    startupProbe: findPair(node, 'startupProbe'),
  };
}

/** The pod template's spec path for a workload kind (all use spec.template today). */
function readTemplate(object: K8sObject): PodTemplate | undefined {
  const { root, doc } = object;
  const specPair = pairAt(root, ['spec', 'template', 'spec'], doc);
  const spec = specPair ? deref(specPair.value, doc) : undefined;
  if (!specPair || !isMap(spec)) return undefined;
  const containers = seqItems(valueAt(spec, ['containers'], doc), doc)
    .map((c) => readContainer(c, 'container', doc))
    .filter((c): c is Container => c !== undefined);
  const inits = seqItems(valueAt(spec, ['initContainers'], doc), doc)
    .map((c) => {
      const sidecar = isMap(c) && stringAt(c, ['restartPolicy'], doc) === 'Always';
      return readContainer(c, sidecar ? 'sidecar' : 'init', doc);
    })
    .filter((c): c is Container => c !== undefined);
  return {
    spec,
    specPair,
    labels: stringMap(valueAt(root, ['spec', 'template', 'metadata', 'labels'], doc), doc),
    containers,
    initContainers: inits.filter((c) => c.role === 'init'),
    sidecars: inits.filter((c) => c.role === 'sidecar'),
    podRequests: resourceMap(valueAt(spec, ['resources'], doc), 'requests', doc),
  };
}

// Parses are cached per file version, so facts derived from an object can be cached per object.
const workloads = new WeakMap<K8sObject, Workload | null>();

export function readWorkload(object: K8sObject): Workload | undefined {
  const cached = workloads.get(object);
  if (cached !== undefined) return cached ?? undefined;
  const workload = readWorkloadUncached(object);
  workloads.set(object, workload ?? null);
  return workload;
}

function readWorkloadUncached(object: K8sObject): Workload | undefined {
  if (!isWorkload(object)) return undefined;
  const { root, doc } = object;
  const replicasPair = pairAt(root, ['spec', 'replicas'], doc);
  const replicasText = replicasPair ? scalarText(deref(replicasPair.value, doc)) : undefined;
  const replicas = replicasText !== undefined && /^\d+$/.test(replicasText) ? Number(replicasText) : undefined;
  // ReplicationController selects with a plain map; the others with matchLabels (matchExpressions are
  // not modelled: a selector we cannot read is treated as unknown, never as "matches nothing").
  const selector =
    object.kind === 'ReplicationController'
      ? stringMap(valueAt(root, ['spec', 'selector'], doc), doc)
      : stringMap(valueAt(root, ['spec', 'selector', 'matchLabels'], doc), doc);
  return { object, replicasPair, replicas, selector, template: readTemplate(object) };
}

/**
 * Whether the object reads as a whole workload: a selector (a ReplicationController's may be left out), pod labels
 * and a container. A kustomize patch or a fragment lacks them, and rules about the pods hold back on it.
 */
export function isCompleteWorkload(workload: Workload): boolean {
  const { template, object } = workload;
  if (!template || template.labels.size === 0 || template.containers.length === 0) return false;
  return object.kind === 'ReplicationController' || pairAt(object.root, ['spec', 'selector'], object.doc) !== undefined;
}

/** The containers whose requests the HPA sums for Resource metrics: app containers and sidecars. */
export function countedContainers(template: PodTemplate): Container[] {
  return [...template.containers, ...template.sidecars];
}

/** True when every `key: value` of `selector` is among `labels` (an empty selector matches nothing here). */
export function selectorMatches(selector: ReadonlyMap<string, string>, labels: ReadonlyMap<string, string>): boolean {
  if (selector.size === 0) return false;
  for (const [key, value] of selector) if (labels.get(key) !== value) return false;
  return true;
}

/** The workload's display name: "Deployment ecommerce-api". */
export function describe(object: K8sObject): string {
  return `${object.kind} ${object.name}`;
}
