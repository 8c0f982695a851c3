import type { Fix } from '../../../core/finding';
import type { K8sRule } from '../rule';
import { insertPairAfterEdit, replaceScalarEdit } from '../edits';
import { readHpa } from '../hpa';
import { deref, mapAt } from '../yaml-nodes';

/**
 * An HPA whose floor is one pod (minReplicas 1, or absent, which the API server defaults to 1).
 * minReplicas 0 is out of range without the HPAScaleToZero gate and is left to hpa-behavior-out-of-range.
 */
export const hpaMinReplicasBelowTwo: K8sRule = {
  id: 'hpa-min-replicas-below-two',
  assistant: 'k8s',
  title: 'HorizontalPodAutoscaler lets the workload shrink to a single pod (minReplicas below 2)',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Keep at least 2 replicas in {count} HPA(s)',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'Check the quota and node capacity have room for the extra pod; pair it with a PodDisruptionBudget of maxUnavailable: 1.',
    skills: ['Kubernetes', 'HPA'],
  },
  docs: `
## Why it matters

\`minReplicas\` is the replica count at the quietest hour, and it defaults to **1** when it is not written.
With one pod:

- every node drain (cluster upgrade, spot reclaim), eviction or crash of that pod is a full outage until a
  replacement is scheduled, pulled and ready — a PodDisruptionBudget cannot help, it can only block the drain;
- the first burst of the morning lands on that one pod while the HPA's next evaluation (every 15 s) and the
  new pods' start-up catch up, so latency spikes exactly when traffic returns.

## How to fix it

Set \`minReplicas: 2\` (or more), ideally with the pods spread over nodes or zones. The quick fix inserts
\`minReplicas: 2\` after \`scaleTargetRef\` (or raises the written value), keeping the rest of the file as it is.
It is offered only when \`maxReplicas\` is at least 3: with \`maxReplicas: 2\` a floor of 2 would pin the HPA
(minReplicas = maxReplicas), so raise \`maxReplicas\` as well.

## When to ignore it

Workloads where a short gap is harmless and a second pod is real cost: queue consumers whose backlog simply
waits, development namespaces, singletons that must not run twice (which then should not have an HPA).
Suppress the finding with a comment that says why.
`,
  check({ manifest, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      const { minReplicas: min, maxReplicas: max } = hpa;
      // 0 and negatives are API errors (hpa-behavior-out-of-range); so are a missing maxReplicas, max < 1
      // and min > max: the API server rejects those HPAs, and one finding per problem is enough.
      if (!Number.isInteger(min) || min < 1 || min >= 2) continue;
      if (max === undefined || !Number.isInteger(max) || max < min) continue;
      // Where to point: minReplicas when written. When it is absent, maxReplicas: the line where the
      // replica range is written, one line to underline, and where the missing floor belongs beside;
      // scaleTargetRef (several lines) or the whole spec would underline far more than the problem.
      const anchor = hpa.minPair ?? hpa.maxPair ?? hpa.target.pair;
      const range = rangeOf(object, anchor);
      if (!range) continue;
      const written = hpa.minPair !== undefined;
      const target = hpa.target.kind && hpa.target.name ? `${hpa.target.kind} ${hpa.target.name}` : 'its target';
      let advice: string;
      const fixes: Fix[] = [];
      if (max >= 3) {
        advice = 'Set minReplicas: 2 so one failure never empties the workload.';
        const spec = mapAt(object.root, ['spec'], object.doc);
        const edit = hpa.minPair
          ? replaceScalarEdit(manifest.file, manifest.lines, deref(hpa.minPair.value, object.doc), '2')
          : spec && insertPairAfterEdit(manifest.file, manifest.lines, spec, hpa.target.pair, 'minReplicas', 2);
        if (edit)
          fixes.push({
            title: written ? 'Raise minReplicas to 2' : 'Add minReplicas: 2',
            isPreferred: true,
            edits: [edit],
          });
      } else if (max === 2) {
        advice =
          'Raise minReplicas to 2 together with maxReplicas (a floor of 2 with maxReplicas: 2 would leave the HPA nothing to scale).';
      } else {
        advice = 'maxReplicas is 1 as well: raise both (e.g. minReplicas: 2 and a maxReplicas that covers your peak).';
      }
      report({
        range,
        message:
          `HorizontalPodAutoscaler ${object.name} lets ${target} shrink to 1 pod ` +
          `(${written ? 'minReplicas: 1' : 'minReplicas not set: the default is 1'}): at the quietest hour a node drain, ` +
          `eviction or crash of that pod is a full outage, and the first burst of traffic lands on a single pod. ${advice}`,
        related: written
          ? undefined
          : relatedAt(object, hpa.target.pair, `${target} runs on a single pod when load is low`),
        fixes: fixes.length ? fixes : undefined,
      });
    }
  },
};
