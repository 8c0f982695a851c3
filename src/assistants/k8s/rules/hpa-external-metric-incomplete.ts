import { isMap } from 'yaml';
import type { Document } from 'yaml';
import type { K8sRule } from '../rule';
import { isHpa } from '../hpa';
import type { AnyPair } from '../yaml-nodes';
import { deref, findPair, pairAt, scalarText, seqItems } from '../yaml-nodes';

/**
 * Pods, Object and External metrics without what the API and the metrics adapter need to serve them: the
 * metric's name, the object an Object metric describes, a target. Both the current shape
 * (`metric.name`, `describedObject`, `target`) and autoscaling/v2beta1's (`metricName`, `target` as the
 * described object, `targetValue`/`targetAverageValue`) are read.
 */

type Source = 'Pods' | 'Object' | 'External';
const SOURCES: readonly Source[] = ['Pods', 'Object', 'External'];

function text(node: unknown, doc: Document.Parsed): string | undefined {
  const value = scalarText(deref(node, doc));
  return value === undefined || value.trim() === '' ? undefined : value;
}

export const hpaExternalMetricIncomplete: K8sRule = {
  id: 'hpa-external-metric-incomplete',
  assistant: 'k8s',
  title: 'Pods, Object or External metric without its name, described object or target',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Complete {count} Pods, Object or External HPA metric(s)',
    baseHours: 1,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation:
      'Confirm the metric is served by the metrics adapter (kubectl get --raw on the custom or external metrics API) before the HPA relies on it.',
    skills: ['Kubernetes', 'HPA', 'Metrics adapters'],
  },
  docs: `
## Why it matters

Custom and external metrics (\`type: Pods\`, \`Object\`, \`External\`) are fetched by name from a metrics adapter
(prometheus-adapter, KEDA, a cloud provider's adapter). The API server rejects an HPA whose metric has no
\`metric.name\`, whose Object metric has no \`describedObject\` (kind and name of the object the metric is about,
for example the Ingress whose request rate you scale on), or whose metric has no \`target\`. A rejected HPA
means the deploy fails or the previous HPA stays in place, and the workload does not scale the way the
manifest says.

Even a complete metric needs an adapter in the cluster that serves \`custom.metrics.k8s.io\` (Pods, Object) or
\`external.metrics.k8s.io\` (External) under that name. The workspace cannot prove the adapter exists: check
\`kubectl get apiservices | grep metrics\` and \`kubectl describe hpa\` for \`FailedGetExternalMetric\`.

## How to fix it

Give each metric its name, an Object metric its \`describedObject\` (\`apiVersion\`, \`kind\`, \`name\`), and a
\`target\`: \`AverageValue\` (per pod) for Pods, \`Value\` or \`AverageValue\` for Object and External metrics, for
example:

\`\`\`yaml
- type: External
  external:
    metric:
      name: sqs_messages_visible
      selector: {matchLabels: {queue: orders}}
    target:
      type: AverageValue
      averageValue: "30"
\`\`\`

## When to ignore it

Never: the API server rejects the HPA as written.
`,
  check({ manifest, report, rangeOf }) {
    for (const object of manifest.objects) {
      if (!isHpa(object)) continue;
      const { root, doc } = object;
      const v2beta1 = object.apiVersion === 'autoscaling/v2beta1';
      for (const item of seqItems(pairAt(root, ['spec', 'metrics'], doc)?.value, doc)) {
        if (!isMap(item)) continue;
        const typePair = findPair(item, 'type');
        const source = text(typePair?.value, doc) as Source | undefined;
        if (!typePair || !source || !SOURCES.includes(source)) continue;
        const key = source[0].toLowerCase() + source.slice(1);
        const blockPair = findPair(item, key);
        const block = deref(blockPair?.value, doc);
        const subject = `${source} metric of HorizontalPodAutoscaler ${object.name}`;
        if (!blockPair || !isMap(block)) {
          const range = rangeOf(object, typePair);
          if (range) {
            report({
              range,
              message: `${subject} has no ${key}: block (metric name and target): the API server rejects the whole HPA.`,
            });
          }
          continue;
        }
        // Each missing piece is reported where it belongs; pieces missing from the same place share a finding.
        const missing = new Map<AnyPair, string[]>();
        const add = (pair: AnyPair, what: string) => missing.set(pair, [...(missing.get(pair) ?? []), what]);

        const metricPair = findPair(block, 'metric');
        const name = v2beta1
          ? text(findPair(block, 'metricName')?.value, doc)
          : isMap(deref(metricPair?.value, doc))
            ? text(findPair(deref(metricPair?.value, doc), 'name')?.value, doc)
            : undefined;
        const label = name ? ` ${name}` : '';
        if (!name) add(!v2beta1 && metricPair ? metricPair : blockPair, v2beta1 ? 'no metricName' : 'no metric.name');

        if (source === 'Object') {
          const refKey = v2beta1 ? 'target' : 'describedObject';
          const refPair = findPair(block, refKey);
          const ref = deref(refPair?.value, doc);
          const kind = isMap(ref) ? text(findPair(ref, 'kind')?.value, doc) : undefined;
          const refName = isMap(ref) ? text(findPair(ref, 'name')?.value, doc) : undefined;
          if (!kind || !refName) {
            const lacking = [!kind && 'kind', !refName && 'name'].filter(Boolean).join(' and ');
            add(
              refPair ?? blockPair,
              refPair ? `a ${refKey} without ${lacking}` : `no ${refKey} (the object the metric describes)`,
            );
          }
        }

        const hasTarget = v2beta1
          ? ['targetValue', 'targetAverageValue', 'averageValue'].some((k) => findPair(block, k))
          : Boolean(findPair(block, 'target'));
        if (!hasTarget) add(blockPair, v2beta1 ? 'no targetValue or targetAverageValue' : 'no target');

        for (const [pair, whats] of missing) {
          const range = rangeOf(object, pair);
          if (!range) continue;
          report({
            range,
            message:
              `${source} metric${label} of HorizontalPodAutoscaler ${object.name} has ${whats.join(', and ')}: ` +
              `the API server rejects the whole HPA, so none of its metrics take effect (an HPA already in the cluster keeps its old spec).`,
          });
        }
      }
    }
  },
};
