import { isMap } from 'yaml';
import type { ObjectGraph } from './graph';
import { parseQuantity } from './quantity';
import type { Container, Workload } from './workload';
import { countedContainers } from './workload';
import { deref, scalarText, seqItems, stringAt, valueAt } from './yaml-nodes';

/**
 * Where a container's request for a resource really comes from, the way the API server fills it in:
 * the request as written; else the container's limit (pod defaulting copies limits into missing
 * requests); else a LimitRange of the namespace (`defaultRequest`, which itself defaults to `default`,
 * which defaults to `max`). HPA utilisation is usage ÷ this number; without it the metric fails.
 */
export type RequestSource = 'request' | 'limit' | 'limitrange' | 'pod';

export interface EffectiveRequest {
  amount: number | undefined;
  source: RequestSource;
  /** For LimitRange-supplied values: the LimitRange's name. */
  from?: string;
}

/**
 * A namespace's LimitRange defaults for containers: resource → { amount, LimitRange name }. For a request the
 * first of `defaultRequest`, `default`, `max` that names the resource; for a limit (`of: 'limit'`) `default`,
 * which itself defaults to `max`.
 */
export function limitRangeDefaults(
  graph: ObjectGraph,
  namespace: string,
  of: 'request' | 'limit' = 'request',
): Map<string, { amount: number | undefined; from: string }> {
  const fields = of === 'request' ? ['defaultRequest', 'default', 'max'] : ['default', 'max'];
  const out = new Map<string, { amount: number | undefined; from: string }>();
  for (const limitRange of graph.inNamespace('LimitRange', namespace)) {
    const { root, doc } = limitRange;
    for (const item of seqItems(valueAt(root, ['spec', 'limits'], doc), doc)) {
      if (!isMap(item) || (stringAt(item, ['type'], doc) ?? 'Container') !== 'Container') continue;
      for (const field of fields) {
        const map = deref(valueAt(item, [field], doc), doc);
        if (!isMap(map)) continue;
        for (const entry of map.items) {
          const resource = scalarText(entry.key);
          if (resource && !out.has(resource)) {
            out.set(resource, { amount: parseQuantity(scalarText(deref(entry.value, doc))), from: limitRange.name });
          }
        }
      }
    }
  }
  return out;
}

export function effectiveRequest(
  container: Container,
  resource: string,
  limitRange: ReadonlyMap<string, { amount: number | undefined; from: string }>,
): EffectiveRequest | undefined {
  const request = container.requests.get(resource);
  if (request) return { amount: request.amount, source: 'request' };
  const limit = container.limits.get(resource);
  if (limit) return { amount: limit.amount, source: 'limit' };
  const fromRange = limitRange.get(resource);
  if (fromRange) return { amount: fromRange.amount, source: 'limitrange', from: fromRange.from };
  return undefined;
}

export interface PodRequestCheck {
  /** Sum over counted containers, when every one has a request (or the pod has a pod-level one). */
  total: number | undefined;
  /** Counted containers with no request from any source: the HPA cannot compute utilisation. */
  missing: Container[];
  podLevel: boolean;
}

/** The pod's request for a resource as the HPA sees it, and which counted containers lack one. */
export function podRequest(workload: Workload, resource: string, graph: ObjectGraph): PodRequestCheck {
  const template = workload.template;
  if (!template) return { total: undefined, missing: [], podLevel: false };
  const pod = template.podRequests.get(resource);
  if (pod) return { total: pod.amount, missing: [], podLevel: true };
  const defaults = limitRangeDefaults(graph, workload.object.namespace);
  let total: number | undefined = 0;
  const missing: Container[] = [];
  for (const container of countedContainers(template)) {
    const effective = effectiveRequest(container, resource, defaults);
    if (!effective) missing.push(container);
    else if (effective.amount === undefined || total === undefined) total = undefined;
    else total += effective.amount;
  }
  return { total: missing.length ? undefined : total, missing, podLevel: false };
}

/** The namespace's ResourceQuota hard limits: resource key (e.g. "requests.cpu") → amount and quota name. */
export function quotaLimits(graph: ObjectGraph, namespace: string): Map<string, { amount: number; from: string }> {
  const out = new Map<string, { amount: number; from: string }>();
  for (const quota of graph.inNamespace('ResourceQuota', namespace)) {
    const hard = deref(valueAt(quota.root, ['spec', 'hard'], quota.doc), quota.doc);
    if (!isMap(hard)) continue;
    for (const entry of hard.items) {
      const resource = scalarText(entry.key);
      const amount = parseQuantity(scalarText(deref(entry.value, quota.doc)));
      if (!resource || amount === undefined) continue;
      const existing = out.get(resource);
      // Several quotas in a namespace all apply; the tightest one binds.
      if (!existing || amount < existing.amount) out.set(resource, { amount, from: quota.name });
    }
  }
  return out;
}
