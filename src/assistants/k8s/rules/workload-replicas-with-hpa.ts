import type { K8sRule } from '../rule';
import { deletePairEdit } from '../edits';
import { SCALABLE_KINDS, readWorkload } from '../workload';
import { mapAt, stringAt } from '../yaml-nodes';

/**
 * A workload that pins `spec.replicas` while an HPA scales it: every `kubectl apply` (or GitOps sync)
 * puts the pinned count back, so a deploy during a traffic peak drops the pods the HPA had added.
 * The HPA may live in the same file or anywhere in the workspace (same namespace).
 */
export const workloadReplicasWithHpa: K8sRule = {
  id: 'workload-replicas-with-hpa',
  assistant: 'k8s',
  title: 'Workload sets spec.replicas while a HorizontalPodAutoscaler scales it',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Let the HPA own replicas in {count} workload(s)',
    baseHours: 0.5,
    hoursPerPlace: 0.5,
    risk: 'medium',
    mitigation:
      'One-time migration: remove spec.replicas from the last-applied configuration first (kubectl apply edit-last-applied) or hand the field to the HPA with server-side apply, or the next apply briefly scales the workload to 1 pod.',
    skills: ['Kubernetes', 'HPA'],
    after: ['hpa-min-replicas-below-two'],
  },
  docs: `
## Why it matters

A HorizontalPodAutoscaler owns the replica count of its target: it raises and lowers \`spec.replicas\`
through the scale subresource. When the workload's manifest also sets \`spec.replicas\`, every
\`kubectl apply\`, Helm upgrade or GitOps sync writes the pinned number back. Deploy during a traffic peak
and a workload the HPA had scaled to 20 pods drops to 3 until the HPA's next evaluations (every 15 s)
win it back: a brownout caused by a release.

## How to fix it

Delete \`spec.replicas\` from the workload and let the HPA's \`minReplicas\` set the floor.

**One-time migration caveat.** If the object was created with \`kubectl apply\`, removing the field from the
manifest makes the next apply delete it, and the workload briefly falls back to 1 replica. Before applying
the change, remove \`spec.replicas\` from the last-applied configuration
(\`kubectl apply edit-last-applied deployment/<name>\`) or hand the field to the HPA with server-side apply,
as the Kubernetes documentation on migrating Deployments to horizontal autoscaling describes.

## When to ignore it

Never, while the HPA is active. If the HPA is only being introduced, remove the field in the same change.
`,
  check({ manifest, graph, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const workload = readWorkload(object);
      // Only kinds with a scale subresource: an HPA cannot drive a DaemonSet (its stray replicas field is moot).
      if (!workload?.replicasPair || !SCALABLE_KINDS.has(object.kind)) continue;
      // An HPA beside the workload is the one its author sees; prefer it to a namesake elsewhere.
      const hpas = graph.hpasFor(workload);
      const hpa = hpas.find((h) => h.object.file === object.file) ?? hpas[0];
      if (!hpa) continue;
      const spec = mapAt(object.root, ['spec'], object.doc);
      const range = rangeOf(object, workload.replicasPair);
      if (!spec || !range) continue;
      const pinned = stringAt(object.root, ['spec', 'replicas'], object.doc) ?? '?';
      const edit = deletePairEdit(manifest.file, manifest.lines, spec, workload.replicasPair);
      report({
        range,
        message:
          `${object.kind} ${object.name} sets spec.replicas: ${pinned} while HorizontalPodAutoscaler ` +
          `${hpa.object.name} scales it; every apply resets it to ${pinned} pods, whatever the load. ` +
          `Remove it and let minReplicas set the floor.`,
        related: relatedAt(
          hpa.object,
          hpa.target.pair,
          `HorizontalPodAutoscaler ${hpa.object.name} scales ${object.kind} ${object.name} here`,
        ),
        fixes: edit
          ? [
              {
                title: `Remove spec.replicas (let HorizontalPodAutoscaler ${hpa.object.name} own the replica count)`,
                detail:
                  'One-time migration: if the workload was created with kubectl apply, first remove spec.replicas ' +
                  `from its last-applied configuration (kubectl apply edit-last-applied ${object.kind.toLowerCase()}/${object.name}), ` +
                  'or the next apply briefly scales it to 1 replica.',
                isPreferred: true,
                edits: [edit],
              },
            ]
          : undefined,
      });
    }
  },
};
