import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { K8sObject } from './manifest';
import type { AnyPair } from './yaml-nodes';
import { deref, findPair, mapAt, pairAt, scalarText, seqItems, stringAt, valueAt } from './yaml-nodes';

/**
 * A HorizontalPodAutoscaler read into one shape whatever its apiVersion (v1's
 * targetCPUUtilizationPercentage, v2beta1's targetAverageUtilization, v2/v2beta2's target blocks),
 * keeping the AST pairs so findings can point at the exact field.
 */

export type MetricType = 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External' | string;
export type TargetType = 'Utilization' | 'AverageValue' | 'Value' | string;

export interface HpaMetric {
  type: MetricType;
  /** The metric's list item (or, for v1, the targetCPUUtilizationPercentage pair's value). */
  node: YAMLMap | undefined;
  /** Where findings about this metric point: the `type:` pair, or v1's target field. */
  anchor: AnyPair | undefined;
  resourceName?: string;
  container?: string;
  containerPair?: AnyPair;
  targetType?: TargetType;
  averageUtilization?: number;
  averageUtilizationPair?: AnyPair;
  averageValuePair?: AnyPair;
  valuePair?: AnyPair;
  /** External/Object/Pods metric name and selector. */
  metricName?: string;
  describedObject?: { kind?: string; name?: string; apiVersion?: string };
  block?: YAMLMap;
}

export interface ScalingPolicy {
  type?: string;
  value?: number;
  periodSeconds?: number;
  node: YAMLMap;
}

export interface ScalingRules {
  node: YAMLMap;
  pair: AnyPair;
  stabilizationWindowSeconds?: number;
  stabilizationPair?: AnyPair;
  selectPolicy?: string;
  selectPolicyPair?: AnyPair;
  policies: ScalingPolicy[];
  policiesPair?: AnyPair;
  tolerance?: string;
  tolerancePair?: AnyPair;
}

export interface Hpa {
  object: K8sObject;
  target: { kind?: string; name?: string; apiVersion?: string; pair?: AnyPair };
  minReplicas: number;
  minPair?: AnyPair;
  maxReplicas?: number;
  maxPair?: AnyPair;
  metrics: HpaMetric[];
  /** No metrics written: the controller scales on CPU at 80% utilisation. */
  metricsDefaulted: boolean;
  behaviorPair?: AnyPair;
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

export function isHpa(object: K8sObject): boolean {
  return object.kind === 'HorizontalPodAutoscaler' && object.apiVersion.startsWith('autoscaling/');
}

function num(node: unknown): number | undefined {
  const text = scalarText(node);
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function readMetric(item: unknown, object: K8sObject): HpaMetric | undefined {
  const { doc } = object;
  if (!isMap(item)) return undefined;
  const type = stringAt(item, ['type'], doc) ?? '';
  const key = type ? type[0].toLowerCase() + type.slice(1) : '';
  const block = mapAt(item, [key], doc);
  const metric: HpaMetric = { type, node: item, anchor: findPair(item, 'type'), block };
  if (!block) return metric;
  if (type === 'Resource' || type === 'ContainerResource') {
    metric.resourceName = stringAt(block, ['name'], doc);
    metric.container = stringAt(block, ['container'], doc);
    metric.containerPair = findPair(block, 'container');
  }
  if (type === 'Pods' || type === 'Object' || type === 'External') {
    // v2: metric.name; v2beta1: metricName.
    metric.metricName = stringAt(block, ['metric', 'name'], doc) ?? stringAt(block, ['metricName'], doc);
  }
  if (type === 'Object') {
    const ref = mapAt(block, ['describedObject'], doc) ?? mapAt(block, ['target'], doc);
    if (ref && stringAt(ref, ['kind'], doc)) {
      metric.describedObject = {
        kind: stringAt(ref, ['kind'], doc),
        name: stringAt(ref, ['name'], doc),
        apiVersion: stringAt(ref, ['apiVersion'], doc),
      };
    }
  }
  const target = mapAt(block, ['target'], doc);
  if (target && stringAt(target, ['type'], doc)) {
    metric.targetType = stringAt(target, ['type'], doc);
    metric.averageUtilizationPair = findPair(target, 'averageUtilization');
    metric.averageValuePair = findPair(target, 'averageValue');
    metric.valuePair = findPair(target, 'value');
  } else {
    // autoscaling/v2beta1 spelled the target as fields of the metric itself.
    metric.averageUtilizationPair = findPair(block, 'targetAverageUtilization');
    metric.averageValuePair = findPair(block, 'targetAverageValue');
    metric.valuePair = findPair(block, 'targetValue');
    metric.targetType = metric.averageUtilizationPair
      ? 'Utilization'
      : metric.averageValuePair
        ? 'AverageValue'
        : metric.valuePair
          ? 'Value'
          : undefined;
  }
  metric.averageUtilization = num(metric.averageUtilizationPair && deref(metric.averageUtilizationPair.value, doc));
  return metric;
}

function readRules(behavior: unknown, key: 'scaleUp' | 'scaleDown', object: K8sObject): ScalingRules | undefined {
  const { doc } = object;
  const pair = findPair(behavior, key);
  const node = pair ? deref(pair.value, doc) : undefined;
  if (!pair || !isMap(node)) return undefined;
  const policiesPair = findPair(node, 'policies');
  const policies = seqItems(policiesPair?.value, doc)
    .filter(isMap)
    .map((p) => ({
      type: stringAt(p, ['type'], doc),
      value: num(valueAt(p, ['value'], doc)),
      periodSeconds: num(valueAt(p, ['periodSeconds'], doc)),
      node: p,
    }));
  const stabilizationPair = findPair(node, 'stabilizationWindowSeconds');
  const selectPolicyPair = findPair(node, 'selectPolicy');
  const tolerancePair = findPair(node, 'tolerance');
  return {
    node,
    pair,
    stabilizationWindowSeconds: num(stabilizationPair && deref(stabilizationPair.value, doc)),
    stabilizationPair,
    selectPolicy: selectPolicyPair ? scalarText(deref(selectPolicyPair.value, doc)) : undefined,
    selectPolicyPair,
    policies,
    policiesPair,
    tolerance: tolerancePair ? scalarText(deref(tolerancePair.value, doc)) : undefined,
    tolerancePair,
  };
}

const hpas = new WeakMap<K8sObject, Hpa | null>();

/** Cached per object: parses are cached per file version, so an object's facts do not change. */
export function readHpa(object: K8sObject): Hpa | undefined {
  const cached = hpas.get(object);
  if (cached !== undefined) return cached ?? undefined;
  const hpa = readHpaUncached(object);
  hpas.set(object, hpa ?? null);
  return hpa;
}

function readHpaUncached(object: K8sObject): Hpa | undefined {
  if (!isHpa(object)) return undefined;
  const { root, doc } = object;
  const targetPair = pairAt(root, ['spec', 'scaleTargetRef'], doc);
  const minPair = pairAt(root, ['spec', 'minReplicas'], doc);
  const maxPair = pairAt(root, ['spec', 'maxReplicas'], doc);
  const metricsPair = pairAt(root, ['spec', 'metrics'], doc);
  const metrics = seqItems(metricsPair?.value, doc)
    .map((m) => readMetric(m, object))
    .filter((m): m is HpaMetric => m !== undefined);
  // autoscaling/v1 has one CPU target field instead of a metrics list.
  const v1Cpu = pairAt(root, ['spec', 'targetCPUUtilizationPercentage'], doc);
  if (v1Cpu) {
    metrics.push({
      type: 'Resource',
      node: undefined,
      anchor: v1Cpu,
      resourceName: 'cpu',
      targetType: 'Utilization',
      averageUtilization: num(deref(v1Cpu.value, doc)),
      averageUtilizationPair: v1Cpu,
    });
  }
  const behaviorPair = pairAt(root, ['spec', 'behavior'], doc);
  const behavior = behaviorPair ? deref(behaviorPair.value, doc) : undefined;
  return {
    object,
    target: {
      kind: stringAt(root, ['spec', 'scaleTargetRef', 'kind'], doc),
      name: stringAt(root, ['spec', 'scaleTargetRef', 'name'], doc),
      apiVersion: stringAt(root, ['spec', 'scaleTargetRef', 'apiVersion'], doc),
      pair: targetPair,
    },
    minReplicas: num(minPair && deref(minPair.value, doc)) ?? 1,
    minPair,
    maxReplicas: num(maxPair && deref(maxPair.value, doc)),
    maxPair,
    metrics,
    metricsDefaulted: metrics.length === 0,
    behaviorPair,
    scaleUp: readRules(behavior, 'scaleUp', object),
    scaleDown: readRules(behavior, 'scaleDown', object),
  };
}

/** Metrics the controller really uses: the written ones, or the implicit CPU 80% when none are. */
export function effectiveMetrics(hpa: Hpa): HpaMetric[] {
  if (!hpa.metricsDefaulted) return hpa.metrics;
  return [
    {
      type: 'Resource',
      node: undefined,
      anchor: hpa.target.pair,
      resourceName: 'cpu',
      targetType: 'Utilization',
      averageUtilization: 80,
    },
  ];
}

/** Both directions of an HPA's behaviour, for rules that check each the same way. */
export function scalingDirections(
  hpa: Hpa,
): ReadonlyArray<readonly ['scaleUp' | 'scaleDown', ScalingRules | undefined]> {
  return [
    ['scaleUp', hpa.scaleUp],
    ['scaleDown', hpa.scaleDown],
  ];
}
