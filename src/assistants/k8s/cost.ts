import { formatNumber } from '../../core/format';
import { autoscalersFor } from './autoscalers';
import { plural } from './availability';
import { oneOfEachName, podQuotaAmount } from './capacity';
import type { ObjectGraph } from './graph';
import { formatQuantity } from './quantity';
import { limitRangeDefaults } from './requests';
import type { Prices } from './settings';
import { EXAMPLE_PRICES_SOURCE } from './settings';
import type { Workload } from './workload';
import { SCALABLE_KINDS, describe } from './workload';

/**
 * What scaling costs, estimated from requests: a pod's CPU and memory requests (as the scheduler reserves them:
 * containers and sidecars, or an init container's peak, pod-level requests, LimitRange defaults) × the prices
 * per hour × 730 hours a month × the replica count — at the bottom and at the top of the workload's range (its
 * autoscaler's minReplicas and maxReplicas, else spec.replicas). Requests are what a node must hold free and what
 * per-pod pricing bills; node overhead, bin-packing waste, storage and traffic are not in it, so every figure is
 * labelled an estimate.
 */

/** Hours in an average month (8,760 a year ÷ 12), as cloud price lists count them. */
export const HOURS_PER_MONTH = 730;

const GIB = 2 ** 30;

export interface PodResources {
  /** Cores and bytes a pod requests; undefined for a resource some container has no request for. */
  cpu?: number;
  memory?: number;
  /** Resources without a request from any source: not counted in the cost. */
  missing: ('cpu' | 'memory')[];
}

export interface ReplicaRange {
  min: number;
  max: number;
  /** Where the range comes from: "HorizontalPodAutoscaler web" when autoscaled, else "spec.replicas 3". */
  text: string;
  autoscaled: boolean;
}

export interface WorkloadCost {
  workload: Workload;
  pod: PodResources;
  /** One pod for a month. */
  perPod: number;
  range: ReplicaRange;
  atMin: number;
  atMax: number;
}

export interface PeakCost {
  /** Every workload at the top of its range, a month. */
  monthly: number;
  /** The workloads in the sum, each with its cost. */
  costs: WorkloadCost[];
  /** Workloads whose cost is in the sum (requests for CPU or memory, or both). */
  counted: number;
  /** Workloads counted only in part (one resource without a request) or not at all (neither). */
  partial: Workload[];
  uncounted: Workload[];
  /** DaemonSets: one pod per node, and the number of nodes is not in the manifests. */
  perNode: Workload[];
  namespaces: string[];
}

// Parses are cached per file version, so per-workload facts can be cached per workload object; the LimitRange
// defaults of its namespace can change without the workload changing, so they are part of the key.
const podCache = new WeakMap<Workload, { defaults: string; pod: PodResources }>();

/** What one pod of the workload requests, in cores and bytes. */
export function podResources(graph: ObjectGraph, workload: Workload): PodResources {
  const defaults = JSON.stringify([...limitRangeDefaults(graph, workload.object.namespace)]);
  const cached = podCache.get(workload);
  if (cached?.defaults === defaults) return cached.pod;
  const cpu = podQuotaAmount(workload, 'cpu', 'requests', graph);
  const memory = podQuotaAmount(workload, 'memory', 'requests', graph);
  const missing: PodResources['missing'] = [];
  if (cpu === undefined) missing.push('cpu');
  if (memory === undefined) missing.push('memory');
  const pod = { cpu, memory, missing };
  podCache.set(workload, { defaults, pod });
  return pod;
}

export function podMonthlyCost(pod: PodResources, prices: Prices): number {
  return ((pod.cpu ?? 0) * prices.cpuHour + ((pod.memory ?? 0) / GIB) * prices.memoryGiBHour) * HOURS_PER_MONTH;
}

/**
 * The replica range the workload runs in: its autoscalers' lowest minReplicas to highest maxReplicas (KEDA's
 * defaults 0 and 100 where a ScaledObject leaves them out), else
 * spec.replicas (1 when unset). Undefined for DaemonSets (one pod per node) and counts that cannot be read.
 */
export function replicaRange(graph: ObjectGraph, workload: Workload): ReplicaRange | undefined {
  if (!SCALABLE_KINDS.has(workload.object.kind)) return undefined;
  const autoscalers = autoscalersFor(graph, workload).filter((a) => a.maxReplicas !== undefined);
  if (autoscalers.length > 0) {
    const min = Math.min(...autoscalers.map((a) => a.minReplicas));
    const max = Math.max(...autoscalers.map((a) => a.maxReplicas ?? 0));
    const text = autoscalers.map((a) => `${a.kind} ${a.object.name}`).join(' and ');
    return { min, max, text, autoscaled: true };
  }
  if (workload.replicasPair && workload.replicas === undefined) return undefined;
  const replicas = workload.replicas ?? 1;
  return {
    min: replicas,
    max: replicas,
    text: workload.replicasPair ? `spec.replicas ${replicas}` : 'spec.replicas unset, so 1 replica',
    autoscaled: false,
  };
}

export function workloadCost(graph: ObjectGraph, workload: Workload, prices: Prices): WorkloadCost | undefined {
  const range = replicaRange(graph, workload);
  // No containers: a patch or a fragment, not a pod anyone pays for.
  if (!range || !workload.template || workload.template.containers.length === 0) return undefined;
  const pod = podResources(graph, workload);
  const perPod = podMonthlyCost(pod, prices);
  return { workload, pod, perPod, range, atMin: perPod * range.min, atMax: perPod * range.max };
}

/**
 * Every workload of the namespaces (all of them when `namespaces` is undefined) at the top of its range, one copy
 * per kind and name (the one nearest `near`, as base and overlay folders may hold one each).
 */
export function peakCost(graph: ObjectGraph, prices: Prices, namespaces?: readonly string[], near?: string): PeakCost {
  const wanted = namespaces ? new Set(namespaces) : undefined;
  const groups = new Map<string, Workload[]>();
  for (const workload of graph.workloads) {
    const { kind, namespace } = workload.object;
    if (wanted && !wanted.has(namespace)) continue;
    const key = `${namespace}\u0000${kind}`;
    const group = groups.get(key);
    if (group) group.push(workload);
    else groups.set(key, [workload]);
  }
  const peak: PeakCost = {
    monthly: 0,
    costs: [],
    counted: 0,
    partial: [],
    uncounted: [],
    perNode: [],
    namespaces: [],
  };
  const seen = new Set<string>();
  for (const group of groups.values()) {
    const copies =
      group.length === 1
        ? [group[0].object]
        : oneOfEachName(
            group.map((w) => w.object),
            near,
          );
    for (const object of copies) {
      const workload = group.find((w) => w.object === object);
      if (!workload) continue;
      seen.add(object.namespace);
      if (object.kind === 'DaemonSet') {
        peak.perNode.push(workload);
        continue;
      }
      const cost = workloadCost(graph, workload, prices);
      if (!cost) continue;
      if (cost.pod.missing.length === 2) {
        peak.uncounted.push(workload);
        continue;
      }
      if (cost.pod.missing.length > 0) peak.partial.push(workload);
      peak.counted++;
      peak.monthly += cost.atMax;
      peak.costs.push(cost);
    }
  }
  peak.namespaces = [...seen].sort();
  return peak;
}

/** "; 2 workloads without requests not counted, 1 DaemonSet (per node) not counted". */
export function peakCaveats(peak: PeakCost): string {
  const parts: string[] = [];
  if (peak.uncounted.length > 0)
    parts.push(`${plural(peak.uncounted.length, 'workload')} without requests not counted`);
  if (peak.partial.length > 0)
    parts.push(`${plural(peak.partial.length, 'workload')} counted in part (a request missing)`);
  if (peak.perNode.length > 0) parts.push(`${plural(peak.perNode.length, 'DaemonSet')} (one pod per node) not counted`);
  return parts.length > 0 ? `; ${parts.join(', ')}` : '';
}

const SYMBOLS: Readonly<Record<string, string>> = { USD: '$', EUR: '€', GBP: '£' };

/** "$1,234", "€12.50", "1,234 CHF": whole units from 100, cents below. */
export function formatMoney(amount: number, currency: string): string {
  const value = amount >= 100 ? formatNumber(Math.round(amount)) : amount.toFixed(2);
  const symbol = SYMBOLS[currency];
  return symbol ? `${symbol}${value}` : `${value} ${currency}`;
}

/** "250m CPU + 512Mi", with what has no request said so. */
export function podText(pod: PodResources): string {
  const parts = [
    pod.cpu !== undefined ? `${formatQuantity('cpu', pod.cpu)} CPU` : 'no CPU request',
    pod.memory !== undefined ? `${formatQuantity('memory', pod.memory)} memory` : 'no memory request',
  ];
  return parts.join(' + ');
}

/** Where the prices come from, for the label every estimate carries. */
export function pricesText(prices: Prices): string {
  const rates = `${prices.cpuHour} ${prices.currency} per vCPU-hour, ${prices.memoryGiBHour} ${prices.currency} per GiB-hour`;
  if (!prices.example) return `prices from scalingAssistant.k8s.prices: ${rates}`;
  return `${EXAMPLE_PRICES_SOURCE} (${rates}; set scalingAssistant.k8s.prices${prices.problem ? `: ${prices.problem}` : ''})`;
}

/**
 * One line a finding's evidence carries: "estimate: Deployment web costs $120 a month at minReplicas 2 and $600 at
 * maxReplicas 10 of HorizontalPodAutoscaler web (250m CPU + 512Mi memory a pod; example prices: …)".
 */
export function costNote(cost: WorkloadCost, prices: Prices): string {
  if (cost.pod.missing.length === 2)
    return `estimate: what ${describe(cost.workload.object)} costs cannot be estimated: its pods request no CPU and no memory`;
  const money = (n: number) => formatMoney(n, prices.currency);
  const { range } = cost;
  const what = range.autoscaled
    ? `${money(cost.atMin)} a month at minReplicas ${range.min} and ${money(cost.atMax)} at maxReplicas ${range.max} of ${range.text}`
    : `${money(cost.atMax)} a month at ${range.text}`;
  const missing =
    cost.pod.missing.length > 0
      ? `; ${cost.pod.missing.map((r) => (r === 'cpu' ? 'CPU' : r)).join(' and ')} not counted: no request`
      : '';
  return `estimate: ${describe(cost.workload.object)} costs ${what}, from requests of ${podText(cost.pod)} a pod${missing}; ${pricesText(prices)}`;
}
