import type { K8sRule } from '../rule';
import { readHpa } from '../hpa';
import { resolveScaleTarget } from '../scale-target';
import { pairAt } from '../yaml-nodes';

/**
 * An HPA whose scaleTargetRef names a workload that no manifest of the workspace defines (in the HPA's
 * namespace). Often a typo or a leftover after a rename; sometimes the workload is deployed from another
 * repository, which is why this is a warning and says so.
 */
export const hpaTargetMissing: K8sRule = {
  id: 'hpa-target-missing',
  assistant: 'k8s',
  title: 'HorizontalPodAutoscaler targets a workload that is not in the workspace',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Resolve {count} HPA(s) whose target is not in the workspace',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Check the live cluster (kubectl get) before renaming or deleting: the target may be deployed from another repository.',
    skills: ['Kubernetes', 'HPA'],
  },
  docs: `
## Why it matters

An HPA scales exactly the object its \`scaleTargetRef\` names, in its own namespace. When no such object
exists, the HPA reports \`FailedGetScale\` on every sync and never adds a pod: the service you thought was
autoscaled runs at whatever replica count it happens to have, and the first traffic peak finds out. The usual
causes are a typo, a workload renamed without its HPA, or an HPA left behind after its workload was removed.

## How to fix it

Point \`scaleTargetRef.name\` (and \`kind\`) at the workload the HPA is meant to scale, in the same namespace,
or delete the HPA if the workload is gone. \`kubectl describe hpa <name>\` shows the \`FailedGetScale\` condition
when the target really is missing in the cluster.

## When to ignore it

When the workload is deployed from somewhere this workspace cannot see (another repository, a Helm chart, an
operator that creates it). The finding says "not found in this workspace" for that reason: suppress it on
the line, or open the folder that holds both. In a namespace that holds a custom resource of a kind the
reviewer does not know, whose operator may create the workload, nothing is reported and the analysis says why.
`,
  check({ manifest, graph, settings, report, rangeOf, relatedAt, holdBack }) {
    // "Not found" is a conclusion from absence: only sound once the whole workspace has been read.
    if (!graph.complete) return;
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      const resolved = resolveScaleTarget(hpa, graph, settings);
      if (resolved.state !== 'ok' || resolved.object) continue;
      const unknown = graph.absenceUnknown(object.namespace);
      if (unknown) {
        holdBack(object, unknown);
        continue;
      }
      const { ref, elsewhere } = resolved;
      const range = rangeOf(object, ref.namePair);
      if (!range) continue;
      const other = elsewhere[0];
      report({
        range,
        message:
          `HorizontalPodAutoscaler ${object.name} scales ${ref.kind} ${ref.name}, which is not found in this workspace ` +
          `(namespace ${object.namespace}). If it is not deployed from elsewhere, the HPA reports FailedGetScale ` +
          `and never scales anything.` +
          (other
            ? ` A ${other.kind} ${other.name} exists in namespace ${other.namespace}, but an HPA only scales targets in its own namespace.`
            : ' Check the name (a typo, or a rename the HPA missed).'),
        related: other
          ? relatedAt(
              other,
              pairAt(other.root, ['metadata', 'name'], other.doc),
              `${other.kind} ${other.name} in namespace ${other.namespace}`,
            )
          : undefined,
      });
    }
  },
};
