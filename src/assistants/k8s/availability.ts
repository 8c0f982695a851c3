import { isScalar } from 'yaml';
import type { Document } from 'yaml';
import type { ObjectGraph } from './graph';
import type { Hpa } from './hpa';
import type { K8sObject } from './manifest';
import type { Workload } from './workload';
import { SCALABLE_KINDS } from './workload';
import type { AnyPair } from './yaml-nodes';
import { deref, scalarText } from './yaml-nodes';

/**
 * Shared arithmetic of the availability rules: the replica count to reason about (the HPA's minReplicas
 * when an HPA scales the workload — never spec.replicas then, which the HPA overrides — else
 * spec.replicas, default 1) and Kubernetes' int-or-percent fields with their rounding.
 */

export interface ReplicaFloor {
  /** The fewest pods the workload runs in normal operation. */
  count: number;
  source: 'hpa' | 'replicas' | 'default';
  hpa?: Hpa;
  /** Words for a message: "minReplicas 3 of HorizontalPodAutoscaler web". */
  text: string;
  /** The field the count comes from (for related information), if one is written. */
  object: K8sObject;
  pair?: AnyPair;
}

const INTEGER = /^\d+$/;

/**
 * The replica count at the bottom of the workload's range. Undefined for kinds without replicas
 * (DaemonSet: one pod per node) and when the count is written in a form we cannot read (a template
 * variable), so no rule reasons from a guess.
 */
export function replicaFloor(graph: ObjectGraph, workload: Workload): ReplicaFloor | undefined {
  const { object } = workload;
  if (!SCALABLE_KINDS.has(object.kind)) return undefined;
  const hpas = graph.hpasFor(workload);
  if (hpas.length > 0) {
    // Two HPAs on one workload fight each other; the lower floor is the one the workload can sink to.
    let lowest: Hpa | undefined;
    for (const hpa of hpas) {
      if (hpa.minPair && !INTEGER.test(scalarText(deref(hpa.minPair.value, hpa.object.doc)) ?? '')) return undefined;
      if (!lowest || hpa.minReplicas < lowest.minReplicas) lowest = hpa;
    }
    if (!lowest) return undefined;
    const written = lowest.minPair !== undefined;
    return {
      count: lowest.minReplicas,
      source: 'hpa',
      hpa: lowest,
      text: `${written ? '' : 'default '}minReplicas ${lowest.minReplicas} of HorizontalPodAutoscaler ${lowest.object.name}`,
      object: lowest.object,
      pair: lowest.minPair ?? lowest.target.pair,
    };
  }
  if (workload.replicasPair) {
    if (workload.replicas === undefined) return undefined;
    return {
      count: workload.replicas,
      source: 'replicas',
      text: `spec.replicas ${workload.replicas}`,
      object,
      pair: workload.replicasPair,
    };
  }
  return { count: 1, source: 'default', text: 'spec.replicas unset, so 1 replica', object };
}

/** An IntOrString field that holds a count or a percentage ("25%"). */
export interface IntOrPercent {
  percent: boolean;
  value: number;
  /** As written, for messages. */
  text: string;
}

/**
 * Reads an int-or-percent value as the API server accepts it: a non-negative integer, or a string of
 * digits followed by `%`. A quoted number ("1") is neither (the API rejects it): undefined.
 */
export function readIntOrPercent(node: unknown, doc: Document.Parsed): IntOrPercent | undefined {
  const scalar = deref(node, doc);
  if (!isScalar(scalar)) return undefined;
  if (typeof scalar.value === 'number') {
    return Number.isInteger(scalar.value) && scalar.value >= 0
      ? { percent: false, value: scalar.value, text: String(scalar.value) }
      : undefined;
  }
  if (typeof scalar.value === 'string') {
    const match = /^(\d+)%$/.exec(scalar.value);
    return match ? { percent: true, value: Number(match[1]), text: scalar.value } : undefined;
  }
  return undefined;
}

/**
 * The count an int-or-percent resolves to against `total`, as `intstr.GetScaledValueFromIntOrPercent`
 * computes it: integers as they are, percentages rounded up or down as the caller's field demands.
 */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (!value.percent) return value.value;
  const exact = (value.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** The pair's value as plain text, for messages. */
export function valueText(pair: AnyPair | undefined, doc: Document.Parsed): string | undefined {
  return pair ? scalarText(deref(pair.value, doc)) : undefined;
}
