import { isMap } from 'yaml';
import type { ObjectGraph } from './graph';
import type { K8sObject } from './manifest';
import { parseQuantity } from './quantity';
import { effectiveRequest, limitRangeDefaults, podRequest } from './requests';
import type { Container, ResourceValue, Workload } from './workload';
import { countedContainers } from './workload';
import type { AnyPair } from './yaml-nodes';
import { deref, findPair, pairAt, scalarText, stringAt, valueAt } from './yaml-nodes';

/**
 * Capacity arithmetic for a workload at a given replica count: the extra pods a rollout starts (surge),
 * what one pod charges against a ResourceQuota (requests or limits, the way the API server totals a pod,
 * init containers included), and the namespace's quota lines with the AST pair of each hard limit.
 */

// --- Rollout surge ----------------------------------------------------------------------------------

export interface RolloutSurge {
  /** Extra pods started beside `replicas` running ones while a rollout is in progress. */
  pods(replicas: number): number;
  /** Where the number comes from, for messages: "maxSurge 25%, the default, rounded up", "maxSurge 1", "none, strategy Recreate". */
  text: string;
  /** The field it was read from, when written. */
  pair?: AnyPair;
}

const NO_SURGE = (text: string): RolloutSurge => ({ pods: () => 0, text });

/** An int-or-percent rollout field at `replicas`, rounded up (how the Deployment controller reads maxSurge). */
function scaledUp(raw: string, replicas: number): number | undefined {
  const percent = /^(\d+)%$/.exec(raw.trim());
  if (percent) return Math.ceil((replicas * Number(percent[1])) / 100);
  return /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
}

function surgeFrom(object: K8sObject, path: readonly string[], fallback: string): RolloutSurge | undefined {
  const pair = pairAt(object.root, path, object.doc);
  const raw = pair ? scalarText(deref(pair.value, object.doc)) : fallback;
  if (raw === undefined || scaledUp(raw, 4) === undefined) return undefined;
  const rounding = raw.trim().endsWith('%') ? ', rounded up' : '';
  return {
    pods: (replicas) => scaledUp(raw, replicas) ?? 0,
    text: pair ? `maxSurge ${raw}${rounding}` : `maxSurge ${fallback}, the default${rounding}`,
    pair,
  };
}

/**
 * The surge of the workload's rollout strategy: Deployment RollingUpdate maxSurge (default 25%, rounded
 * up), none for Recreate; an Argo Rollout's canary maxSurge (default 25%) or, for blueGreen, a whole
 * second ReplicaSet; StatefulSets, ReplicaSets and ReplicationControllers replace pods without surge.
 * Undefined when the field cannot be read (the caller then counts no surge and says so).
 */
export function rolloutSurge(workload: Workload): RolloutSurge | undefined {
  const { object } = workload;
  const { root, doc } = object;
  if (object.kind === 'Deployment') {
    const type = stringAt(root, ['spec', 'strategy', 'type'], doc) ?? 'RollingUpdate';
    if (type === 'Recreate') return NO_SURGE('none, strategy Recreate');
    return surgeFrom(object, ['spec', 'strategy', 'rollingUpdate', 'maxSurge'], '25%');
  }
  if (object.kind === 'Rollout') {
    if (pairAt(root, ['spec', 'strategy', 'blueGreen'], doc)) {
      return { pods: (replicas) => replicas, text: 'blueGreen, a full preview ReplicaSet beside the active one' };
    }
    return surgeFrom(object, ['spec', 'strategy', 'canary', 'maxSurge'], '25%');
  }
  return NO_SURGE(`none, ${object.kind}`);
}

// --- What one pod charges against a quota -------------------------------------------------------------

/** Pod-level `spec.resources.limits` of the template (PodLevelResources), which workload.ts does not read. */
function podLevelLimit(workload: Workload, resource: string): number | undefined {
  const spec = workload.template?.spec;
  if (!spec) return undefined;
  return parseQuantity(stringAt(spec, ['resources', 'limits', resource], workload.object.doc));
}

function start(container: Container): number {
  return container.node.range?.[0] ?? 0;
}

/**
 * The pod's total for `resource` the way the API server charges it to a quota: the sum over app
 * containers and sidecars, or, if larger, the peak of an init container plus the sidecars started before
 * it; pod-level values win where set. Undefined when a container has no value from any source — the
 * quota admission then rejects the pod outright, which is not a question of how many pods fit.
 */
export function podQuotaAmount(
  workload: Workload,
  resource: string,
  which: 'requests' | 'limits',
  graph: ObjectGraph,
): number | undefined {
  const template = workload.template;
  if (!template) return undefined;
  const namespace = workload.object.namespace;
  let amountOf: (c: Container) => number | undefined;
  let running: number | undefined;
  if (which === 'requests') {
    const pod = template.podRequests.get(resource);
    if (pod) return pod.amount;
    const main = podRequest(workload, resource, graph);
    if (main.missing.length > 0 || main.total === undefined) return undefined;
    running = main.total;
    const defaults = limitRangeDefaults(graph, namespace);
    amountOf = (c) => effectiveRequest(c, resource, defaults)?.amount;
  } else {
    const pod = podLevelLimit(workload, resource);
    if (pod !== undefined) return pod;
    const defaults = limitRangeDefaults(graph, namespace, 'limit');
    amountOf = (c) => (c.limits.get(resource) as ResourceValue | undefined)?.amount ?? defaults.get(resource)?.amount;
    running = 0;
    for (const c of countedContainers(template)) {
      const amount = amountOf(c);
      if (amount === undefined) return undefined;
      running += amount;
    }
  }
  let peak = running;
  for (const init of template.initContainers) {
    const own = amountOf(init);
    if (own === undefined) return undefined;
    let sidecarsBefore = 0;
    for (const sidecar of template.sidecars) if (start(sidecar) < start(init)) sidecarsBefore += amountOf(sidecar) ?? 0;
    peak = Math.max(peak, own + sidecarsBefore);
  }
  return peak;
}

// --- Quota lines ---------------------------------------------------------------------------------------

export interface QuotaLine {
  quota: K8sObject;
  /** The key as written under `spec.hard`: "requests.cpu", "pods", … */
  key: string;
  raw: string;
  amount: number;
  pair: AnyPair;
}

/** What a quota key charges per pod of a workload; undefined for keys that are not about pods. */
export type QuotaDemand = { kind: 'pods' } | { kind: 'requests' | 'limits'; resource: string };

export function quotaDemand(key: string): QuotaDemand | undefined {
  if (key === 'pods' || key === 'count/pods') return { kind: 'pods' };
  if (key === 'cpu' || key === 'memory' || key === 'ephemeral-storage') return { kind: 'requests', resource: key };
  const match = /^(requests|limits)\.(.+)$/.exec(key);
  // requests.storage is PersistentVolumeClaim storage, not a pod's.
  if (!match || match[2] === 'storage') return undefined;
  return { kind: match[1] as 'requests' | 'limits', resource: match[2] };
}

/**
 * Every hard limit of the namespace's ResourceQuotas. Quotas with `scopes` or a `scopeSelector` are left
 * out: whether they apply depends on the pod (priority class, BestEffort, deadline), and a quota that may
 * not apply must not produce a finding.
 */
export function quotaLines(graph: ObjectGraph, namespace: string, near?: string): QuotaLine[] {
  const out: QuotaLine[] = [];
  for (const quota of oneOfEachName(graph.inNamespace('ResourceQuota', namespace), near)) {
    const spec = deref(valueAt(quota.root, ['spec'], quota.doc), quota.doc);
    if (findPair(spec, 'scopes') || findPair(spec, 'scopeSelector')) continue;
    const hard = deref(valueAt(quota.root, ['spec', 'hard'], quota.doc), quota.doc);
    if (!isMap(hard)) continue;
    for (const entry of hard.items) {
      const key = scalarText(entry.key);
      const raw = scalarText(deref(entry.value, quota.doc));
      const amount = parseQuantity(raw);
      if (key && raw !== undefined && amount !== undefined)
        out.push({ quota, key, raw, amount, pair: entry as AnyPair });
    }
  }
  return out;
}

/** Length of the common directory prefix of two paths. */
function sharedDirectory(a: string, b: string): number {
  const x = a.split('/').slice(0, -1);
  const y = b.split('/').slice(0, -1);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/**
 * One object per name: a workspace may hold the same ResourceQuota twice (kustomize base and overlay,
 * an environment per folder), and only one of them exists in a cluster. Prefer the copy in `near`'s
 * file, then the one in the closest folder, so a quota is never counted twice.
 */
export function oneOfEachName(objects: readonly K8sObject[], near?: string): K8sObject[] {
  const byName = new Map<string, K8sObject>();
  for (const object of objects) {
    const chosen = byName.get(object.name);
    const score = (o: K8sObject) =>
      near === undefined ? 0 : o.file === near ? Number.MAX_SAFE_INTEGER : sharedDirectory(o.file, near);
    if (!chosen || score(object) > score(chosen)) byName.set(object.name, object);
  }
  return [...byName.values()];
}
