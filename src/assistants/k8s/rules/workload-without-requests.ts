import type { Fix } from '../../../core/finding';
import type { K8sRule } from '../rule';
import type { Autoscaler } from '../autoscalers';
import { autoscalersFor } from '../autoscalers';
import { plural, replicaFloor } from '../availability';
import type { ObjectGraph } from '../graph';
import { effectiveMetrics } from '../hpa';
import type { ParsedManifest } from '../manifest';
import { effectiveRequest, limitRangeDefaults } from '../requests';
import type { K8sSettings } from '../settings';
import { addRequestsEdits, utilizationRequests } from '../utilization';
import type { Container, Workload } from '../workload';
import { SCALABLE_KINDS, countedContainers, describe, isCompleteWorkload, readWorkload } from '../workload';

/**
 * A container of a workload that runs several pods (or is autoscaled) with no CPU and no memory request from
 * any source: not written, no limit to default from, no LimitRange default, no pod-level request. Containers
 * an HPA's utilisation metric already reports (hpa-utilization-without-requests, with the same fix) are left
 * to that rule.
 */
export const workloadWithoutRequests: K8sRule = {
  id: 'workload-without-requests',
  assistant: 'k8s',
  title: 'Scaled workload has a container without any resource request',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Set CPU and memory requests for {count} container(s) of scaled workloads',
    baseHours: 1,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation:
      'Size requests from a week of observed usage (p95), roll out one workload at a time, and check the nodes and quotas fit the new requests.',
    skills: ['Kubernetes', 'Capacity planning'],
    after: ['hpa-utilization-without-requests'],
  },
  docs: `
## Why it matters

Requests are what the scheduler reserves for a pod and what capacity planning adds up. A container with no CPU
and no memory request counts as needing nothing: the scheduler packs its pods onto nodes that are already busy,
the cluster autoscaler adds no node for them, and a pod whose containers all lack requests and limits is
\`BestEffort\`, the first evicted when a node runs short of memory. For a workload that runs several replicas or
is autoscaled, nobody can say how many nodes its peak needs or what it costs (the HPA hover's cost estimate
counts requests, so it cannot count these).

Reported for workloads that run at least 2 pods (HPA \`minReplicas\` when an HPA scales them, else
\`spec.replicas\`) or that an HPA or KEDA ScaledObject scales, for each app container or sidecar with neither a
CPU nor a memory request from any source: written, copied from a limit, a namespace \`LimitRange\` default, or
pod-level \`spec.resources.requests\`. A container an HPA's utilisation metric already reports is left to
\`hpa-utilization-without-requests\`.

## How to fix it

Set \`resources.requests\` for CPU and memory from what the container really uses (the 95th percentile of a
normal week is a good start). The quick fix inserts the configured placeholders
(\`scalingAssistant.k8s.defaultCpuRequest\`, \`defaultMemoryRequest\`): **review them**. A namespace \`LimitRange\`
with \`defaultRequest\` sets them for every container of the namespace at once.

## When to ignore it

When requests are injected at admission by something the workspace does not show (a mutating webhook, a
Vertical Pod Autoscaler in \`Initial\` or \`Auto\` mode): suppress the finding on the line and say so.
`,
  check({ manifest, graph, settings, report, rangeOf }) {
    for (const object of manifest.objects) {
      const workload = readWorkload(object);
      const template = workload?.template;
      if (!workload || !template || !SCALABLE_KINDS.has(object.kind) || !isCompleteWorkload(workload)) continue;
      if (template.podRequests.has('cpu') || template.podRequests.has('memory')) continue;
      const autoscalers = autoscalersFor(graph, workload);
      const floor = replicaFloor(graph, workload);
      if (autoscalers.length === 0 && (!floor || floor.count < 2)) continue;
      const defaults = limitRangeDefaults(graph, object.namespace);
      const counted = countedContainers(template);
      const bare = counted.filter(
        (c) => !effectiveRequest(c, 'cpu', defaults) && !effectiveRequest(c, 'memory', defaults),
      );
      if (bare.length === 0) continue;
      const reportedByHpa = containersAnHpaReports(graph, workload);
      const bestEffort =
        bare.length === counted.length &&
        counted.every((c) => c.limits.size === 0) &&
        template.initContainers.length === 0;
      const scale = scaleText(autoscalers, floor?.text);
      for (const container of bare) {
        if (reportedByHpa.has(container)) continue;
        const range = rangeOf(object, container.resourcesPair ?? container.namePair);
        if (!range) continue;
        const role = container.role === 'sidecar' ? 'Sidecar container' : 'Container';
        report({
          range,
          message:
            `${role} ${container.name || '?'} of ${describe(object)} (${scale}) has no CPU and no memory request ` +
            `(none written, no limit to default from, no LimitRange default in namespace ${object.namespace}): ` +
            'the scheduler reserves nothing for it, so its pods pack onto busy nodes and the cluster autoscaler adds no node for them' +
            (bestEffort ? '; the pods are BestEffort, the first evicted when a node runs short of memory' : '') +
            '. What its replicas need, and cost, cannot be planned. Set CPU and memory requests from observed usage.',
          fixes: requestsFix(manifest, workload, container, settings),
        });
      }
    }
  },
};

/** "scaled by HorizontalPodAutoscaler web" or "spec.replicas 3". */
function scaleText(autoscalers: readonly Autoscaler[], floorText: string | undefined): string {
  if (autoscalers.length === 0) return floorText ?? 'several replicas';
  const names = autoscalers.map((a) => `${a.kind} ${a.object.name}`).join(', ');
  const max = Math.max(...autoscalers.map((a) => a.maxReplicas ?? 0));
  return `scaled by ${names}${max > 0 ? `, up to ${plural(max, 'pod')}` : ''}`;
}

/** Containers an HPA's utilisation metric on this workload finds without a request: that rule reports them. */
function containersAnHpaReports(graph: ObjectGraph, workload: Workload): Set<Container> {
  const out = new Set<Container>();
  for (const hpa of graph.hpasFor(workload))
    for (const metric of effectiveMetrics(hpa))
      for (const container of utilizationRequests(workload, metric, graph)?.missing ?? []) out.add(container);
  return out;
}

function requestsFix(
  manifest: ParsedManifest,
  workload: Workload,
  container: Container,
  settings: K8sSettings,
): Fix[] | undefined {
  // Inserted pairs are YAML syntax; a JSON manifest would no longer parse.
  if (/\.json$/i.test(manifest.file)) return undefined;
  const values = new Map([
    ['cpu', settings.defaultCpuRequest],
    ['memory', settings.defaultMemoryRequest],
  ]);
  const edits = addRequestsEdits(manifest.file, manifest.lines, workload.object.doc, container, values);
  if (!edits || edits.length === 0) return undefined;
  return [
    {
      title: `Add resources.requests cpu: ${settings.defaultCpuRequest}, memory: ${settings.defaultMemoryRequest} to container ${container.name} (placeholder values — review them)`,
      detail:
        'The values are the configured defaults (scalingAssistant.k8s.defaultCpuRequest / defaultMemoryRequest), not measurements: set them to what the container really uses.',
      isPreferred: true,
      edits,
    },
  ];
}
