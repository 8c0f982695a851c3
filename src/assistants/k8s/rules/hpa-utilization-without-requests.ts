import type { Fix, TextEdit } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { K8sRule } from '../rule';
import type { Hpa, HpaMetric } from '../hpa';
import { effectiveMetrics, readHpa } from '../hpa';
import type { Container, Workload } from '../workload';
import { SCALABLE_KINDS } from '../workload';
import type { UtilizationRequests } from '../utilization';
import { addRequestsEdits, hasRequestsMap, utilizationRequests } from '../utilization';

/**
 * A Utilization target on a resource some counted container has no request for. The HPA computes
 * utilisation as usage ÷ request summed over the counted containers; one container without the request
 * and the whole metric fails: no scaling on it, and no scale-down while it fails. Every way a request is
 * supplied counts (written, copied from the limit, LimitRange defaults, pod-level requests), so
 * well-made manifests that rely on defaults are not flagged.
 */

interface Problem {
  hpa: Hpa;
  metric: HpaMetric;
  workload: Workload;
  check: UtilizationRequests;
}

const RESOURCE_WORD: Record<string, string> = { cpu: 'CPU', memory: 'memory' };

export const hpaUtilizationWithoutRequests: K8sRule = {
  id: 'hpa-utilization-without-requests',
  assistant: 'k8s',
  title: 'Utilization metric on a resource some container has no request for',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Set resource requests for {count} container(s) an HPA scales on',
    baseHours: 1,
    hoursPerPlace: 1,
    risk: 'low',
    mitigation:
      'Size requests from observed usage (kubectl top or the monitoring p95 over a week), not guesses; check the nodes and the quota fit the new requests.',
    skills: ['Kubernetes', 'HPA', 'Capacity planning'],
  },
  docs: `
## Why it matters

For a \`Resource\` metric with a \`Utilization\` target, the HPA divides each pod's usage by the pod's **request**
for that resource, summed over the app containers and the restartable (sidecar) init containers. If any of
those containers has no request for the resource, the controller cannot compute utilisation: the metric
fails (\`FailedGetResourceMetric\`, "missing request for cpu"), the HPA does not scale on it, and while one
metric fails it skips scale-down altogether. An HPA with no \`metrics\` (or autoscaling/v1's
\`targetCPUUtilizationPercentage\`) uses CPU utilisation too.

A request counts wherever it comes from: written in \`resources.requests\`, copied from \`resources.limits\`
when only the limit is set, a \`LimitRange\` of the namespace (\`defaultRequest\`, else \`default\`, else
\`max\`), or pod-level \`spec.resources.requests\`. Regular init containers are not counted and need none.
A \`ContainerResource\` metric divides by the named container's request only.

## How to fix it

Give every counted container a request for the resource, sized from what it really uses (the 95th
percentile under normal load is a good start). The quick fix adds \`resources.requests\` with the configured
placeholder (\`scalingAssistant.k8s.defaultCpuRequest\` / \`defaultMemoryRequest\`) in the workload's file,
wherever that is: **review the value**, because the HPA's target is a percentage of it. A namespace
\`LimitRange\` with \`defaultRequest\` fixes every container of the namespace at once.

## When to ignore it

Never while the metric is meant to work. If requests are injected at admission by something the workspace
does not show (a mutating webhook), suppress the finding on the line and say so.
`,
  check({ manifest, graph, settings, report, rangeOf, relatedAt }) {
    const problems: Problem[] = [];
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      const workload = graph.targetOf(hpa);
      // A target of the wrong kind or without a scale subresource is another rule's finding; the HPA never
      // gets as far as metrics there.
      if (!workload?.template || !SCALABLE_KINDS.has(workload.object.kind)) continue;
      for (const metric of effectiveMetrics(hpa)) {
        const check = utilizationRequests(workload, metric, graph);
        if (check && check.missing.length > 0) problems.push({ hpa, metric, workload, check });
      }
    }
    const fixes = planFixes(problems, settings.defaultCpuRequest, settings.defaultMemoryRequest, (file) =>
      graph.manifestOf(file),
    );

    problems.forEach((problem, index) => {
      const { hpa, metric, workload, check } = problem;
      const range = rangeOf(hpa.object, metric.averageUtilizationPair ?? metric.anchor);
      if (!range) return;
      const word = RESOURCE_WORD[check.resource] ?? check.resource;
      const target = `${workload.object.kind} ${workload.object.name}`;
      const subject = hpa.metricsDefaulted
        ? `HorizontalPodAutoscaler ${hpa.object.name} has no metrics, so it scales on CPU at 80% utilisation of requests`
        : metric.type === 'ContainerResource'
          ? `HorizontalPodAutoscaler ${hpa.object.name} scales on the ${word} utilisation of container ${metric.container}` +
            (metric.averageUtilization !== undefined ? ` (target ${metric.averageUtilization}% of its request)` : '')
          : `HorizontalPodAutoscaler ${hpa.object.name} scales on ${word} utilisation` +
            (metric.averageUtilization !== undefined ? ` (target ${metric.averageUtilization}% of requests)` : '');
      const several = check.missing.length > 1;
      const others = hpa.metrics.length > 1 ? ' (the other metrics still scale up)' : '';
      report({
        range,
        message:
          `${subject}, but ${describeContainers(check.missing)} of ${target} ${several ? 'have' : 'has'} no ${word} request ` +
          `(none written, no limit to default from, no LimitRange default in namespace ${workload.object.namespace}` +
          `${metric.type === 'Resource' ? ', no pod-level request' : ''}): ` +
          `the HPA cannot compute utilisation, so this metric fails: the HPA does not scale on it and skips scale-down${others}. ` +
          `Add a ${word} request to ${several ? 'each of them' : 'it'}.`,
        related: check.missing.flatMap(
          (c) => relatedAt(workload.object, c.namePair, `${describeContainer(c)} has no ${word} request`) ?? [],
        ),
        fixes: fixes[index] ? [fixes[index]] : undefined,
      });
    });
  },
};

/** "container web", "containers web, worker", "container api, sidecar container proxy". */
function describeContainers(containers: readonly Container[]): string {
  if (containers.length > 1 && containers.every((c) => c.role === 'container'))
    return `containers ${containers.map((c) => c.name).join(', ')}`;
  return containers.map(describeContainer).join(', ');
}

function describeContainer(container: Container): string {
  return container.role === 'sidecar' ? `sidecar container ${container.name}` : `container ${container.name}`;
}

/**
 * One fix per problem, planned together so that "fix all" never writes the same key twice: when two
 * metrics (cpu and memory) need the same container's missing `resources` block, the first problem's fix
 * creates it with every request the container needs and the later one offers no fix of its own (it would
 * not resolve its finding without the first). Where `requests` already exists, each problem inserts only
 * its own key.
 */
function planFixes(
  problems: readonly Problem[],
  defaultCpu: string,
  defaultMemory: string,
  manifestOf: (file: string) => { lines: LineIndex } | undefined,
): (Fix | undefined)[] {
  const placeholder = (resource: string): string | undefined =>
    resource === 'cpu' ? defaultCpu : resource === 'memory' ? defaultMemory : undefined;
  // Container → the resources it needs, in order, and which problem first asked for each.
  const needs = new Map<Container, { workload: Workload; owner: Map<string, number>; first: number }>();
  problems.forEach((problem, index) => {
    for (const container of problem.check.missing) {
      const entry = needs.get(container) ?? {
        workload: problem.workload,
        owner: new Map<string, number>(),
        first: index,
      };
      if (!entry.owner.has(problem.check.resource)) entry.owner.set(problem.check.resource, index);
      needs.set(container, entry);
    }
  });

  return problems.map((problem, index) => {
    const { workload, check } = problem;
    const file = workload.object.file;
    const value = placeholder(check.resource);
    const lines = manifestOf(file)?.lines;
    // Inserted pairs are YAML syntax; a JSON manifest would no longer parse.
    if (!value || !lines || file.toLowerCase().endsWith('.json')) return undefined;
    const edits: TextEdit[] = [];
    const added: string[] = [];
    for (const container of check.missing) {
      const entry = needs.get(container);
      if (!entry) return undefined;
      const values = new Map<string, string>();
      if (hasRequestsMap(container, workload.object.doc)) {
        if (entry.owner.get(check.resource) !== index) return undefined;
        values.set(check.resource, value);
      } else {
        if (entry.first !== index) return undefined;
        for (const resource of entry.owner.keys()) {
          const v = placeholder(resource);
          if (!v) return undefined;
          values.set(resource, v);
        }
      }
      const containerEdits = addRequestsEdits(file, lines, workload.object.doc, container, values);
      if (!containerEdits) return undefined;
      edits.push(...containerEdits);
      added.push(`${[...values].map(([r, v]) => `${r}: ${v}`).join(', ')} to ${describeContainer(container)}`);
    }
    if (edits.length === 0) return undefined;
    return {
      title: `Add resources.requests ${added.join('; ')} (placeholder value — review it)`,
      detail:
        `The value is the configured default (scalingAssistant.k8s.default${check.resource === 'cpu' ? 'Cpu' : 'Memory'}Request), ` +
        `not a measurement: set it to what the container really uses, since the HPA's target is a percentage of it.`,
      isPreferred: true,
      edits,
    };
  });
}
