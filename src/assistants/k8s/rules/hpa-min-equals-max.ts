import type { K8sRule } from '../rule';
import { readHpa } from '../hpa';

/**
 * minReplicas == maxReplicas: the HPA can only ever ask for one replica count. No fix: whether to widen
 * the range or to drop the HPA and pin spec.replicas is a decision only the owner can make.
 */
export const hpaMinEqualsMax: K8sRule = {
  id: 'hpa-min-equals-max',
  assistant: 'k8s',
  title: 'HorizontalPodAutoscaler has minReplicas equal to maxReplicas, so it can never scale',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Give {count} HPA(s) room to scale (maxReplicas above minReplicas)',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Pick maxReplicas from a load test and check the quota and the database connection limit can take that many pods.',
    skills: ['Kubernetes', 'HPA', 'Capacity planning'],
    after: ['hpa-utilization-without-requests'],
  },
  docs: `
## Why it matters

With \`minReplicas\` equal to \`maxReplicas\` the HPA computes a desired count from its metrics and then clamps
it to the one value allowed: it never adds a pod under load and never removes one when idle. The manifest
looks autoscaled, dashboards show an HPA, and a traffic peak is still served by a fixed number of pods —
while the HPA also owns the replica count, so nobody notices the workload is effectively static.

## How to fix it

Decide what you meant:

- **Autoscale**: raise \`maxReplicas\` to what a peak needs (and check it against the namespace's
  ResourceQuota), or lower \`minReplicas\` to the quiet-hour floor (at least 2 for availability).
- **Fixed size**: delete the HorizontalPodAutoscaler and set \`spec.replicas\` on the workload.

## When to ignore it

A deliberate, temporary freeze (an incident, a migration) — suppress it with a comment saying until when.
`,
  check({ manifest, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa || hpa.maxReplicas === undefined || hpa.maxReplicas !== hpa.minReplicas) continue;
      // Out-of-range values (0, negatives, fractions) are hpa-behavior-out-of-range's; one finding is enough.
      if (!Number.isInteger(hpa.maxReplicas) || hpa.maxReplicas < 1) continue;
      const range = rangeOf(object, hpa.maxPair);
      if (!range) continue;
      const n = hpa.maxReplicas;
      const target = hpa.target.kind && hpa.target.name ? `${hpa.target.kind} ${hpa.target.name}` : 'its target';
      report({
        range,
        message:
          `HorizontalPodAutoscaler ${object.name} has minReplicas = maxReplicas = ${n}` +
          `${hpa.minPair ? '' : ' (minReplicas not set: the default is 1)'}: it can never scale, so ${target} stays at ` +
          `${n} pod${n === 1 ? '' : 's'} whatever the load. Widen the range (raise maxReplicas to what a peak needs) or ` +
          'delete the HPA and set spec.replicas on the workload.',
        related: relatedAt(object, hpa.minPair, `minReplicas is ${n} too`),
      });
    }
  },
};
