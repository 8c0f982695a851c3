import type { Position } from '../../core/finding';
import type { AssessmentBudget } from './assessment-budget';
import { plural } from './availability';
import { HOURS_PER_MONTH, formatMoney, peakCaveats, peakCost, podText, pricesText, workloadCost } from './cost';
import type { ObjectGraph } from './graph';
import type { Hpa, HpaMetric } from './hpa';
import { effectiveMetrics, readHpa } from './hpa';
import type { K8sObject, ParsedManifest } from './manifest';
import { formatQuantity } from './quantity';
import type { RequestSource } from './requests';
import type { Prices } from './settings';
import { EXAMPLE_PRICES } from './settings';
import { effectiveRequest, limitRangeDefaults, podRequest } from './requests';
import { objectAt } from './object-at';
import { describeBehavior } from './simulate';
import type { Workload } from './workload';
import { countedContainers } from './workload';
import type { AnyPair } from './yaml-nodes';
import { deref, scalarText } from './yaml-nodes';

/**
 * The HPA hover: what the autoscaler will really do, with every default the API server and the controller
 * fill in made visible — target and range, effective metrics (the implicit CPU 80% included), behaviour
 * with a short simulation (simulate.ts), and what one pod of the target requests, wherever the request
 * comes from. Pure: the editor (and the roadmap, and the AI prompt) decide where the Markdown goes.
 */
export function hoverAt(
  manifest: ParsedManifest,
  graph: ObjectGraph,
  position: Position,
  costing?: Costing,
): string | undefined {
  const offset = manifest.lines.offsetAt(position);
  const object = objectAt(manifest, offset);
  if (!object) return undefined;
  const hpa = graph.hpas.find((h) => h.object === object) ?? readHpa(object);
  return hpa ? describeHpa(hpa, graph, costing) : undefined;
}

/** What the hover's cost estimate needs: the prices, and the assessment's budget when it states one. */
export interface Costing {
  prices: Prices;
  budget?: AssessmentBudget;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/**
 * The Markdown for one HPA (exported for the roadmap and prompts, which have an Hpa, not a position). The cost
 * estimate comes with `costing` (example prices when none are given).
 */
export function describeHpa(hpa: Hpa, graph: ObjectGraph, costing: Costing = { prices: EXAMPLE_PRICES }): string {
  const { object } = hpa;
  const workload = graph.targetOf(hpa);
  const targetName =
    hpa.target.kind && hpa.target.name ? `${hpa.target.kind} ${code(hpa.target.name)}` : 'no scaleTargetRef';
  const found = !hpa.target.kind || !hpa.target.name || workload ? '' : ' (not found in this workspace)';
  const min = `${hpa.minReplicas}${hpa.minPair ? '' : ' (default)'}`;
  const range = hpa.maxReplicas !== undefined ? `${min}–${hpa.maxReplicas} pods` : `${min}–? pods (no maxReplicas)`;
  const lines: string[] = [`**HorizontalPodAutoscaler ${code(object.name)}** → ${targetName}${found}, ${range}`, ''];

  lines.push('**Metrics**');
  const metrics = effectiveMetrics(hpa);
  for (const metric of metrics) {
    lines.push(
      `- ${metricText(metric, object)}${hpa.metricsDefaulted ? ' — implicit: no metrics are written, so the controller uses this default' : ''}`,
    );
  }
  if (metrics.length > 1) lines.push('- With several metrics, the largest replica proposal wins.');
  lines.push('');

  lines.push(
    `**Behaviour** (defaults filled in; simulated from the HPA controller's rules, pod start-up not included)`,
  );
  for (const line of describeBehavior(hpa)) lines.push(`- ${line}`);

  if (workload) {
    const resources = new Set(['cpu', 'memory']);
    for (const m of metrics)
      if ((m.type === 'Resource' || m.type === 'ContainerResource') && m.resourceName) resources.add(m.resourceName);
    const parts = [...resources]
      .map((resource) => requestText(workload, resource, graph))
      .filter((p): p is string => p !== undefined);
    if (parts.length > 0) {
      lines.push(
        '',
        `**Pod requests** (${workload.object.kind} ${code(workload.object.name)}, one pod, as the HPA counts them: containers and sidecars)`,
      );
      for (const part of parts) lines.push(`- ${part}`);
    }
    lines.push(...costLines(graph, workload, costing));
  }
  return lines.join('\n');
}

/**
 * "What scaling costs": one pod, the workload at the bottom and top of its range, its namespace and the workspace
 * at peak, against the assessment's budget when it states one. All estimates, and labelled so.
 */
function costLines(graph: ObjectGraph, workload: Workload, { prices, budget }: Costing): string[] {
  const cost = workloadCost(graph, workload, prices);
  if (!cost) return [];
  const money = (n: number) => formatMoney(n, prices.currency);
  const lines = ['', `**What scaling costs** (estimate: requests × prices × ${HOURS_PER_MONTH} h a month)`];
  if (cost.pod.missing.length === 2) {
    lines.push(
      `- Not estimated: the pods of ${workload.object.kind} ${code(workload.object.name)} request no CPU and no memory`,
    );
    return lines;
  }
  const missing = cost.pod.missing.length > 0 ? ` (${cost.pod.missing.join(' and ')} not counted: no request)` : '';
  lines.push(`- One pod (${podText(cost.pod)}): ${money(cost.perPod)} a month${missing}`);
  lines.push(
    `- At minReplicas ${cost.range.min}: ${money(cost.atMin)} a month; at maxReplicas ${cost.range.max}: **${money(cost.atMax)}** a month`,
  );
  const { namespace } = workload.object;
  const inNamespace = peakCost(graph, prices, [namespace], workload.object.file);
  lines.push(
    `- Namespace ${code(namespace)} at peak (every workload at its maximum): ${money(inNamespace.monthly)} a month${peakCaveats(inNamespace)}`,
  );
  if (budget) {
    const all = peakCost(graph, prices, undefined, workload.object.file);
    const verdict = all.monthly > budget.monthly ? 'over' : 'within';
    lines.push(
      `- The workspace at peak (${plural(all.namespaces.length, 'namespace')}): ${money(all.monthly)} a month, ${verdict} the readiness assessment's budget of ${money(budget.monthly)}`,
    );
  }
  lines.push(
    `- Prices: ${pricesText(prices)}. Node overhead, bin-packing waste, storage and traffic are not included.`,
  );
  return lines;
}

function rawValue(pair: AnyPair | undefined, object: K8sObject): string | undefined {
  return pair ? scalarText(deref(pair.value, object.doc)) : undefined;
}

function resourceLabel(name: string | undefined): string {
  if (!name) return 'resource';
  return name === 'cpu' ? 'CPU' : name;
}

function metricText(metric: HpaMetric, object: K8sObject): string {
  const average = rawValue(metric.averageValuePair, object);
  const value = rawValue(metric.valuePair, object);
  const target =
    metric.targetType === 'Utilization' && metric.averageUtilization !== undefined
      ? `${metric.averageUtilization}% of the pods' requests (utilisation)`
      : metric.targetType === 'AverageValue' && average !== undefined
        ? `${average} per pod on average`
        : metric.targetType === 'Value' && value !== undefined
          ? `${value} in total`
          : 'no readable target';
  switch (metric.type) {
    case 'Resource':
      return `${resourceLabel(metric.resourceName)}: ${target}`;
    case 'ContainerResource':
      return `${resourceLabel(metric.resourceName)} of container ${code(metric.container ?? '?')}: ${target.replace("the pods' requests", 'its request')}`;
    case 'Pods':
      return `Pods metric ${code(metric.metricName ?? '?')}: ${target}`;
    case 'Object': {
      const described = metric.describedObject
        ? ` of ${metric.describedObject.kind ?? '?'} ${code(metric.describedObject.name ?? '?')}`
        : '';
      return `Object metric ${code(metric.metricName ?? '?')}${described}: ${target}`;
    }
    case 'External':
      return `External metric ${code(metric.metricName ?? '?')}: ${target}`;
    default:
      return `${metric.type || 'untyped'} metric: ${target}`;
  }
}

function sourceText(source: RequestSource, from?: string): string {
  switch (source) {
    case 'limit':
      return 'from limits';
    case 'limitrange':
      return `LimitRange ${code(from ?? '?')} default`;
    case 'pod':
      return 'pod-level';
    default:
      return 'requests';
  }
}

/** "250m CPU (from limits)", or what is missing and what that means for the HPA. */
function requestText(workload: Workload, resource: string, graph: ObjectGraph): string | undefined {
  const template = workload.template;
  if (!template) return undefined;
  const label = resourceLabel(resource);
  const check = podRequest(workload, resource, graph);
  if (check.missing.length > 0) {
    const names = check.missing.map((c) => code(c.name || '?')).join(', ');
    return `${label}: no request on ${names} (none written, no limit, no LimitRange default) — utilisation of ${label} cannot be computed`;
  }
  if (check.total === undefined) return undefined;
  const amount = formatQuantity(resource, check.total);
  if (check.podLevel) return `${amount} ${label} (pod-level requests)`;
  const defaults = limitRangeDefaults(graph, workload.object.namespace);
  const sources = new Set<string>();
  for (const container of countedContainers(template)) {
    const effective = effectiveRequest(container, resource, defaults);
    if (effective) sources.add(sourceText(effective.source, effective.from));
  }
  const note = sources.size === 1 && sources.has('requests') ? '' : ` (${[...sources].join(', ')})`;
  return `${amount} ${label}${note}`;
}
