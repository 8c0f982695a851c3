import type { TextEdit } from '../../../core/finding';
import type { K8sRule } from '../rule';
import { insertPairEdit, replaceScalarEdit } from '../edits';
import { readHpa } from '../hpa';
import { SCALABLE_KINDS, countedContainers } from '../workload';
import { deref, pairAt } from '../yaml-nodes';

/**
 * A ContainerResource metric whose `container` is not a container of the target's pod template (a typo,
 * a container renamed, the HPA copied from another service). The controller finds no such container in
 * any pod, the metric yields nothing, and the HPA does not scale on it.
 */
export const hpaContainerResourceUnknownContainer: K8sRule = {
  id: 'hpa-container-resource-unknown-container',
  assistant: 'k8s',
  title: 'ContainerResource metric names a container the target does not have',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Point {count} ContainerResource metric(s) at containers that exist',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      "Check the names against the pod template, then watch the HPA's ScalingActive condition after the rollout.",
    skills: ['Kubernetes', 'HPA'],
  },
  docs: `
## Why it matters

A \`ContainerResource\` metric scales on one container's usage (for example the app container, not its
service-mesh sidecar). The controller looks the container up by name in every pod of the target; when the
target's pod template has no container of that name, the metric cannot be computed, the HPA does not scale
on it, and while a metric fails the HPA also skips scale-down. The API server does not check the name, so
this only shows as \`FailedGetContainerResourceMetric\` events in the cluster.

Only app containers and restartable (sidecar) init containers are measured; naming a regular init
container, which has exited by the time the pod serves, does not work either.

## How to fix it

Set \`containerResource.container\` to the name of a container in the target's pod template. When the
template has exactly one container, the quick fix writes its name.

## When to ignore it

Never: the metric does nothing as written.
`,
  check({ manifest, graph, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      const workload = graph.targetOf(hpa);
      if (!workload?.template || !SCALABLE_KINDS.has(workload.object.kind)) continue;
      const counted = countedContainers(workload.template);
      if (counted.length === 0) continue;
      const target = `${workload.object.kind} ${workload.object.name}`;
      const list = counted.map((c) => (c.role === 'sidecar' ? `${c.name} (sidecar)` : c.name)).join(', ');
      for (const metric of hpa.metrics) {
        if (metric.type !== 'ContainerResource' || !metric.block) continue;
        const name = metric.container;
        if (name !== undefined && counted.some((c) => c.name === name)) continue;
        const range = rangeOf(object, metric.containerPair ?? metric.anchor);
        if (!range) continue;
        const init = name !== undefined ? workload.template.initContainers.find((c) => c.name === name) : undefined;
        const only = counted.length === 1 ? counted[0] : undefined;
        let edit: TextEdit | undefined;
        if (only && metric.containerPair) {
          edit = replaceScalarEdit(
            manifest.file,
            manifest.lines,
            deref(metric.containerPair.value, object.doc),
            only.name,
          );
        } else if (only && !manifest.file.toLowerCase().endsWith('.json')) {
          edit = insertPairEdit(manifest.file, manifest.lines, metric.block, 'container', only.name);
        }
        const what =
          name === undefined
            ? 'names no container: the API server rejects the HPA (containerResource.container is required)'
            : init
              ? `names ${name}, a regular init container of ${target}, which has exited before the pod serves and is never measured: ` +
                'the metric cannot be computed, so the HPA does not scale on it and skips scale-down'
              : `names container ${name}, which ${target} does not have: the metric cannot be computed, so the HPA does not ` +
                'scale on it and skips scale-down';
        report({
          range,
          message: `ContainerResource metric of HorizontalPodAutoscaler ${object.name} ${what}. Containers in the pod template: ${list}.`,
          related: relatedAt(
            workload.object,
            pairAt(workload.object.root, ['spec', 'template', 'spec', 'containers'], workload.object.doc),
            `${target}'s containers: ${list}`,
          ),
          fixes:
            edit && only
              ? [
                  {
                    title: `Use container ${only.name}, the only container of ${target}`,
                    isPreferred: true,
                    edits: [edit],
                  },
                ]
              : undefined,
        });
      }
    }
  },
};
