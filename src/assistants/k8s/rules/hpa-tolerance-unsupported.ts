import type { K8sRule } from '../rule';
import { readHpa, scalingDirections } from '../hpa';
import { parseQuantity } from '../quantity';
import { minorVersion } from '../settings';

/**
 * `behavior.scaleUp/scaleDown.tolerance` (KEP-4951, feature gate HPAConfigurableTolerance on
 * kube-apiserver and kube-controller-manager): alpha and off by default in 1.33 and 1.34, beta and on by
 * default from 1.35 (kubernetes/kubernetes pkg/features, KEP milestones alpha v1.33 / beta v1.35). Where
 * the gate is off the API server drops the field on write, silently, and the controller's global 10%
 * tolerance applies. Checked against `scalingAssistant.k8s.clusterVersion`.
 */
const ALPHA = 33;
const BETA = 35;

export const hpaToleranceUnsupported: K8sRule = {
  id: 'hpa-tolerance-unsupported',
  assistant: 'k8s',
  title: 'HorizontalPodAutoscaler sets a tolerance the cluster does not support (or an invalid one)',
  defaultSeverity: 'error',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Fix or remove the tolerance in {count} HPA(s)',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation: "Check the cluster's version and feature gates first; without them the field is dropped or rejected.",
    skills: ['Kubernetes', 'HPA'],
  },
  docs: `
## Why it matters

The HPA ignores metric changes within a **tolerance** of the target (10% by default, a controller-wide flag):
at a 70% CPU target nothing happens between 63% and 77%. Per-HPA \`behavior.scaleUp.tolerance\` /
\`behavior.scaleDown.tolerance\` (e.g. \`0.05\` for 5%) came with Kubernetes 1.33 behind the
\`HPAConfigurableTolerance\` feature gate:

| cluster | what happens to the field |
| --- | --- |
| before 1.33 | unknown to the API server: dropped on apply; the 10% default applies (error) |
| 1.33, 1.34 | alpha, gate off by default: dropped unless the gate is on in kube-apiserver and kube-controller-manager (info) |
| 1.35 and later | beta, gate on by default: honoured (not reported) |

A dropped field fails silently: \`kubectl apply\` succeeds, the manifest says 5%, the HPA scales at 10%, and a
large deployment (where 10% is dozens of pods) keeps the lag the setting was meant to remove.

A tolerance must also be a non-negative quantity (\`0.05\`, \`50m\`); anything else is rejected.

## How to fix it

Set \`scalingAssistant.k8s.clusterVersion\` to your cluster's version. On an older cluster remove the field
(and tune the target utilisation instead), or upgrade; on 1.33/1.34 enable the feature gate on both
components, or remove the field.

## When to ignore it

On 1.33 or 1.34 when you have enabled \`HPAConfigurableTolerance\` yourself.
`,
  check({ manifest, settings, report, rangeOf }) {
    const minor = minorVersion(settings.clusterVersion);
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      for (const [direction, rules] of scalingDirections(hpa)) {
        if (!rules?.tolerancePair) continue;
        const range = rangeOf(object, rules.tolerancePair);
        if (!range) continue;
        const raw = rules.tolerance ?? '';
        const amount = parseQuantity(raw);
        const field = `behavior.${direction}.tolerance: ${raw}`;
        if (minor < ALPHA) {
          report({
            range,
            severity: 'error',
            message:
              `${field} is not supported on Kubernetes 1.${minor} (scalingAssistant.k8s.clusterVersion): per-HPA tolerance arrived in 1.33 behind the ` +
              `HPAConfigurableTolerance feature gate. The API server drops the field: the default 10% tolerance applies, so ${object.name} ` +
              'ignores metric changes within 10% of the target. Remove the field, or upgrade the cluster.',
          });
          continue;
        }
        if (amount === undefined || amount < 0) {
          report({
            range,
            severity: 'error',
            message: `${field} is not a valid tolerance: it must be a non-negative quantity such as 0.05 (5%) or 50m; the API server rejects the whole HorizontalPodAutoscaler.`,
          });
          continue;
        }
        if (minor < BETA) {
          report({
            range,
            severity: 'info',
            message:
              `${field} needs the HPAConfigurableTolerance feature gate (alpha in 1.${minor}, off by default) on kube-apiserver and ` +
              'kube-controller-manager; without it the field is dropped and the default 10% tolerance applies. Enable the gate or remove the field.',
          });
        }
      }
    }
  },
};
