import type { Fix, TextEdit } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { K8sRule } from '../rule';
import { replaceScalarEdit } from '../edits';
import { labelsAt } from '../graph';
import { readHpa } from '../hpa';
import type { K8sObject } from '../manifest';
import { writtenName } from '../manifest';
import type { TargetRef } from '../scale-target';
import { expectedApiVersion, resolveScaleTarget } from '../scale-target';
import { SCALABLE_KINDS, selectorMatches } from '../workload';
import { deref, pairAt } from '../yaml-nodes';

/**
 * An HPA aimed at a kind with no scale subresource: a DaemonSet above all (a common first attempt at
 * "autoscale the node agent"), but also a Pod, Job, CronJob, Service or ConfigMap. The API server accepts
 * it; the controller fails on every sync.
 */
export const hpaTargetNotScalable: K8sRule = {
  id: 'hpa-target-not-scalable',
  assistant: 'k8s',
  title: 'HorizontalPodAutoscaler targets a kind that cannot be scaled (DaemonSet, Job, Pod…)',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'medium',
  roadmap: {
    task: 'Replace {count} HPA(s) pointed at kinds that cannot scale',
    baseHours: 4,
    hoursPerPlace: 2,
    risk: 'medium',
    mitigation:
      'Move the workload to a Deployment (or a queue-driven scaler for Jobs) in its own rollout, tried in staging, before pointing an HPA at it.',
    skills: ['Kubernetes', 'HPA', 'Workload design'],
    earliestPhase: 'core-infrastructure',
  },
  docs: `
## Why it matters

An HPA changes a workload's size through its **scale subresource**. Deployments, StatefulSets, ReplicaSets,
ReplicationControllers and Argo Rollouts have one; a DaemonSet does not (it runs one pod per matching node,
not a replica count), and neither do Pods, Jobs, CronJobs, Services or ConfigMaps. The API server accepts
such an HPA, but the controller reports \`FailedGetScale\` on every sync and never scales anything, so the
workload you meant to protect from load has no autoscaling at all.

## How to fix it

- DaemonSet: its size follows the nodes. Let the cluster autoscaler add nodes, or, if the application
  should grow with load rather than with nodes, run it as a Deployment and point the HPA at that.
- Job or CronJob: size the work with \`parallelism\`, or use an event-driven scaler (for example a KEDA
  ScaledJob) that creates Jobs from a queue's length.
- Service, ConfigMap, Pod: point \`scaleTargetRef\` at the Deployment (or StatefulSet) that runs the pods.

## When to ignore it

Never: the HPA does nothing as written. Delete it if nothing should be autoscaled.
`,
  check({ manifest, graph, settings, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      const resolved = resolveScaleTarget(hpa, graph, settings);
      if (resolved.state !== 'not-scalable') continue;
      const { ref, object: target, hint } = resolved;
      const range = rangeOf(object, ref.kindPair);
      if (!range) continue;
      // A Service names its pods by selector: the workload behind it is what the author meant to scale.
      const behind =
        target?.kind === 'Service'
          ? graph.workloads.filter(
              (w) =>
                w.object.namespace === target.namespace &&
                SCALABLE_KINDS.has(w.object.kind) &&
                w.template !== undefined &&
                selectorMatches(labelsAt(target, ['spec', 'selector']), w.template.labels),
            )
          : [];
      const only = behind.length === 1 ? behind[0].object : undefined;
      const fix = only ? retarget(manifest.file, manifest.lines, object, ref, only) : undefined;
      report({
        range,
        message:
          `HorizontalPodAutoscaler ${object.name} targets ${ref.kind} ${ref.name}, and a ${ref.kind} has no scale ` +
          `subresource: the HPA reports FailedGetScale on every sync and never scales. ${hint}` +
          (behind.length > 0
            ? ` Behind this Service: ${behind.map((w) => `${w.object.kind} ${w.object.name}`).join(', ')}.`
            : ''),
        related: target
          ? relatedAt(
              target,
              pairAt(target.root, ['kind'], target.doc),
              `${target.kind} ${target.name} is defined here`,
            )
          : undefined,
        fixes: fix ? [fix] : undefined,
      });
    }
  },
};

/** Points scaleTargetRef at `workload` (kind, apiVersion and name), when each field can be edited in place. */
function retarget(
  file: string,
  lines: LineIndex,
  hpa: K8sObject,
  ref: TargetRef,
  workload: K8sObject,
): Fix | undefined {
  const apiVersion = expectedApiVersion(workload);
  const edits = [
    ref.kindPair && replaceScalarEdit(file, lines, deref(ref.kindPair.value, hpa.doc), workload.kind),
    ref.namePair && ref.name !== workload.name
      ? replaceScalarEdit(file, lines, deref(ref.namePair.value, hpa.doc), writtenName(workload))
      : null,
    ref.apiVersionPair && ref.apiVersion !== apiVersion
      ? replaceScalarEdit(file, lines, deref(ref.apiVersionPair.value, hpa.doc), apiVersion)
      : null,
  ];
  if (!ref.apiVersionPair || edits.some((e) => e === undefined)) return undefined;
  return {
    title: `Target ${workload.kind} ${workload.name} (the workload behind the Service)`,
    isPreferred: true,
    edits: edits.filter((e): e is TextEdit => Boolean(e)),
  };
}
