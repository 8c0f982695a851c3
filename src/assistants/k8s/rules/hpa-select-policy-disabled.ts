import type { K8sRule } from '../rule';
import { deletePairEdit } from '../edits';
import { readHpa, scalingDirections } from '../hpa';

/**
 * `selectPolicy: Disabled` written out: one direction of scaling switched off. Sometimes deliberate (a
 * freeze during an incident), often a leftover; either way the consequence deserves to be visible.
 */
export const hpaSelectPolicyDisabled: K8sRule = {
  id: 'hpa-select-policy-disabled',
  assistant: 'k8s',
  title: 'HorizontalPodAutoscaler has scaling switched off in one direction (selectPolicy: Disabled)',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Re-enable scaling in {count} HPA(s) with a direction switched off',
    baseHours: 0.5,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Ask why it was switched off (often during an incident) and re-enable it at a quiet time while watching the replica count.',
    skills: ['Kubernetes', 'HPA'],
  },
  docs: `
## Why it matters

\`selectPolicy: Disabled\` turns one direction of the HPA off entirely, whatever its policies say:

- under \`behavior.scaleUp\` the HPA **never adds pods**: a traffic spike is never answered, the pods running
  at that moment take all of it (latency, timeouts, retries that add more load);
- under \`behavior.scaleDown\` the HPA **never removes pods**: every pod added for a peak stays for good, and
  the workload costs its peak size from then on, until someone scales it down by hand.

Both are typically set during an incident ("stop the HPA from shrinking us") and forgotten.

## How to fix it

Remove the \`selectPolicy: Disabled\` line (the default is \`Max\`) and let the direction's policies and
stabilisation window govern it; to slow a direction down rather than stop it, use a longer
\`stabilizationWindowSeconds\` or a smaller policy. The quick fix removes the line and keeps every comment.

## When to ignore it

When it is deliberate — an HPA meant only to scale down, or a temporary freeze. Then suppress the finding
with a comment that says why (and until when), so the next reader knows it is intended.
`,
  check({ manifest, report, rangeOf }) {
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      for (const [direction, rules] of scalingDirections(hpa)) {
        if (!rules?.selectPolicyPair || rules.selectPolicy !== 'Disabled') continue;
        const range = rangeOf(object, rules.selectPolicyPair);
        if (!range) continue;
        const target = hpa.target.kind && hpa.target.name ? `${hpa.target.kind} ${hpa.target.name}` : 'its target';
        const consequence =
          direction === 'scaleUp'
            ? `HorizontalPodAutoscaler ${object.name} never adds pods (behavior.scaleUp.selectPolicy: Disabled): a traffic spike is never answered, ` +
              `the ${target} pods running at that moment take all of it.`
            : `HorizontalPodAutoscaler ${object.name} never removes pods (behavior.scaleDown.selectPolicy: Disabled): every pod added in a peak stays, ` +
              `and ${target} costs its peak size${hpa.maxReplicas !== undefined ? ` (up to ${hpa.maxReplicas} pods)` : ''} from then on.`;
        const edit = deletePairEdit(manifest.file, manifest.lines, rules.node, rules.selectPolicyPair);
        report({
          range,
          message: `${consequence} Remove the line to let the ${direction} policies apply; if it is deliberate, suppress this finding with a comment saying why.`,
          fixes: edit
            ? [{ title: `Remove selectPolicy: Disabled (${direction} follows its policies again)`, edits: [edit] }]
            : undefined,
        });
      }
    }
  },
};
