import { isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { Fix, Severity } from '../../../core/finding';
import type { K8sRule } from '../rule';
import { replaceScalarEdit } from '../edits';
import type { Hpa, ScalingRules } from '../hpa';
import { readHpa } from '../hpa';
import type { K8sObject } from '../manifest';
import type { AnyPair } from '../yaml-nodes';
import { deref, findPair, pairAt, scalarText } from '../yaml-nodes';

/**
 * Values the API server's validation of autoscaling/v2(beta2) rejects (pkg/apis/autoscaling/validation):
 * replica bounds, and in `behavior` the stabilisation window, policy types, values and periods, and
 * selectPolicy. A rejected HPA is not "badly tuned", it does not exist: hence severity error. A `minReplicas:`
 * left empty (null, as a chart prints a blank value) is no value: the API server defaults it to 1.
 */

const MAX_WINDOW = 3600;
const MAX_PERIOD = 1800;
const SELECT_POLICIES = ['Max', 'Min', 'Disabled'];
const POLICY_TYPES = ['Pods', 'Percent'];

const REJECTED =
  'the API server rejects the whole HorizontalPodAutoscaler (kubectl apply fails), so the workload is not autoscaled at all';

interface Problem {
  pair?: AnyPair;
  /** Point at the pair's key alone (a missing field's parent), not the key with its whole value. */
  keyOnly?: boolean;
  message: string;
  severity?: Severity;
  related?: { pair: AnyPair | undefined; message: string };
  fix?: { title: string; node: unknown; value: string };
}

function raw(pair: AnyPair | undefined, object: K8sObject): string | undefined {
  return pair ? scalarText(deref(pair.value, object.doc)) : undefined;
}

function isNullValue(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

function numberOf(pair: AnyPair | undefined, object: K8sObject): number | undefined {
  const text = raw(pair, object);
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** The written value when it is the right word with the wrong case ("max" → "Max"): an obvious fix. */
function caseFix(value: string, allowed: readonly string[]): string | undefined {
  return allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase() && a !== value);
}

function checkReplicas(hpa: Hpa, problems: Problem[]): void {
  const { object } = hpa;
  const max = numberOf(hpa.maxPair, object);
  // Null decodes as absent: the default 1, not an invalid number.
  const minPair = hpa.minPair && !isNullValue(deref(hpa.minPair.value, object.doc)) ? hpa.minPair : undefined;
  const min = minPair ? numberOf(minPair, object) : 1;
  let bounds = true;
  if (!hpa.maxPair) {
    // A required field: anchor on the `spec:` key alone (the whole spec would underline the document).
    problems.push({
      pair: pairAt(object.root, ['spec'], object.doc) ?? pairAt(object.root, ['kind'], object.doc),
      keyOnly: true,
      message: `HorizontalPodAutoscaler ${object.name} has no maxReplicas, a required field: ${REJECTED}. Add maxReplicas (the most pods a peak may need).`,
    });
    bounds = false;
  } else if (max === undefined || !Number.isInteger(max) || max < 1) {
    problems.push({
      pair: hpa.maxPair,
      message: `maxReplicas: ${raw(hpa.maxPair, object) ?? ''} is invalid (it must be a whole number of at least 1): ${REJECTED}.`,
    });
    bounds = false;
  }
  if (minPair) {
    const metricKinds = new Set(hpa.metrics.map((m) => m.type));
    if (min === undefined || !Number.isInteger(min) || min < 0) {
      problems.push({
        pair: hpa.minPair,
        message: `minReplicas: ${raw(hpa.minPair, object) ?? ''} is invalid (it must be a whole number of at least 1): ${REJECTED}.`,
      });
      bounds = false;
    } else if (min === 0) {
      const scalable = metricKinds.has('Object') || metricKinds.has('External');
      problems.push({
        pair: hpa.minPair,
        severity: scalable ? 'warning' : 'error',
        message: scalable
          ? 'minReplicas: 0 (scale to zero) is accepted only where the alpha HPAScaleToZero feature gate is enabled on the API server (off by default in every release); ' +
            `elsewhere ${REJECTED}. Check the cluster's feature gates, or use minReplicas: 1.`
          : `minReplicas: 0 is invalid: scale to zero needs the alpha HPAScaleToZero feature gate and at least one Object or External metric, and this HPA has none, so ${REJECTED}. Use minReplicas: 1 or more.`,
      });
      bounds = false;
    }
  }
  if (bounds && min !== undefined && max !== undefined && min > max) {
    // The API server reports this one on maxReplicas; so do we, with minReplicas as the other end.
    problems.push({
      pair: hpa.maxPair,
      message: `maxReplicas: ${max} is below minReplicas: ${min}: ${REJECTED}. Raise maxReplicas or lower minReplicas.`,
      related: { pair: hpa.minPair, message: `minReplicas is ${min}` },
    });
  }
}

function checkRules(
  direction: 'scaleUp' | 'scaleDown',
  rules: ScalingRules,
  object: K8sObject,
  problems: Problem[],
): void {
  const where = `behavior.${direction}`;
  if (rules.stabilizationPair) {
    const window = numberOf(rules.stabilizationPair, object);
    if (window === undefined || !Number.isInteger(window) || window < 0 || window > MAX_WINDOW) {
      const text = raw(rules.stabilizationPair, object) ?? '';
      problems.push({
        pair: rules.stabilizationPair,
        message: `${where}.stabilizationWindowSeconds: ${text} is outside 0..${MAX_WINDOW} seconds: ${REJECTED}.`,
        fix:
          window !== undefined && window > MAX_WINDOW
            ? {
                title: `Set stabilizationWindowSeconds to ${MAX_WINDOW} (the longest the API accepts)`,
                node: deref(rules.stabilizationPair.value, object.doc),
                value: String(MAX_WINDOW),
              }
            : undefined,
      });
    }
  }
  if (rules.selectPolicyPair && rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy)) {
    const fixed = caseFix(rules.selectPolicy, SELECT_POLICIES);
    problems.push({
      pair: rules.selectPolicyPair,
      message: `${where}.selectPolicy: ${rules.selectPolicy} is not one of Max, Min, Disabled (values are case-sensitive): ${REJECTED}.`,
      fix: fixed
        ? { title: `Write selectPolicy: ${fixed}`, node: deref(rules.selectPolicyPair.value, object.doc), value: fixed }
        : undefined,
    });
  }
  const list = rules.policiesPair ? deref(rules.policiesPair.value, object.doc) : undefined;
  if (rules.policiesPair && isSeq(list) && list.items.length === 0) {
    problems.push({
      pair: rules.policiesPair,
      message: `${where}.policies is an empty list: at least one policy is required (leave the field out to get the defaults), so ${REJECTED}.`,
    });
  }
  for (const policy of rules.policies) {
    const first = policy.node.items[0] as AnyPair | undefined;
    const typePair = findPair(policy.node, 'type');
    const valuePair = findPair(policy.node, 'value');
    const periodPair = findPair(policy.node, 'periodSeconds');
    const missing = [!typePair && 'type', !valuePair && 'value', !periodPair && 'periodSeconds'].filter(
      (m): m is string => typeof m === 'string',
    );
    if (missing.length > 0 && first) {
      problems.push({
        pair: first,
        message: `A ${where} policy has no ${missing.join(', ')} (all of type, value and periodSeconds are required): ${REJECTED}.`,
      });
    }
    if (typePair && policy.type !== undefined && !POLICY_TYPES.includes(policy.type)) {
      const fixed = caseFix(policy.type, POLICY_TYPES);
      problems.push({
        pair: typePair,
        message: `${where} policy type: ${policy.type} is not Pods or Percent (values are case-sensitive): ${REJECTED}.`,
        fix: fixed
          ? { title: `Write type: ${fixed}`, node: deref(typePair.value, object.doc), value: fixed }
          : undefined,
      });
    }
    if (valuePair) {
      const value = numberOf(valuePair, object);
      if (value === undefined || !Number.isInteger(value) || value <= 0) {
        problems.push({
          pair: valuePair,
          message: `${where} policy value: ${raw(valuePair, object) ?? ''} must be a whole number greater than 0: ${REJECTED}.`,
        });
      }
    }
    if (periodPair) {
      const period = numberOf(periodPair, object);
      if (period === undefined || !Number.isInteger(period) || period < 1 || period > MAX_PERIOD) {
        problems.push({
          pair: periodPair,
          message: `${where} policy periodSeconds: ${raw(periodPair, object) ?? ''} is outside 1..${MAX_PERIOD} seconds: ${REJECTED}.`,
          fix:
            period !== undefined && period > MAX_PERIOD
              ? {
                  title: `Set periodSeconds to ${MAX_PERIOD} (the longest the API accepts)`,
                  node: deref(periodPair.value, object.doc),
                  value: String(MAX_PERIOD),
                }
              : undefined,
        });
      }
    }
  }
}

export const hpaBehaviorOutOfRange: K8sRule = {
  id: 'hpa-behavior-out-of-range',
  assistant: 'k8s',
  title: 'HorizontalPodAutoscaler has values the API server rejects (replica bounds or behavior)',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Fix {count} HPA value(s) the API server rejects',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation: 'Validate with kubectl apply --dry-run=server against the target cluster before merging.',
    skills: ['Kubernetes', 'HPA'],
  },
  docs: `
## Why it matters

The API server validates a HorizontalPodAutoscaler before storing it. One value out of range and the whole
object is rejected: \`kubectl apply\` fails (in CI, often in a step nobody reads), a GitOps controller reports
a sync error, and the workload runs without autoscaling — or with the *previous* version of the HPA. The
limits it enforces (autoscaling/v2):

| field | valid |
| --- | --- |
| \`maxReplicas\` | required, at least 1, not below \`minReplicas\` |
| \`minReplicas\` | at least 1 (0 only with the alpha \`HPAScaleToZero\` feature gate and an Object or External metric) |
| \`behavior.*.stabilizationWindowSeconds\` | 0 to 3600 |
| \`behavior.*.selectPolicy\` | \`Max\`, \`Min\` or \`Disabled\` (case-sensitive) |
| \`behavior.*.policies\` | at least one when the list is written |
| policy \`type\` | \`Pods\` or \`Percent\` |
| policy \`value\` | greater than 0 |
| policy \`periodSeconds\` | 1 to 1800 |

## How to fix it

Bring the value into range. Quick fixes are offered where the intent is clear: a wrong capital letter
(\`max\` → \`Max\`, \`percent\` → \`Percent\`), and windows or periods above the maximum (set to the maximum).

## When to ignore it

\`minReplicas: 0\` on a cluster where you have enabled \`HPAScaleToZero\` yourself (reported as a warning when
the HPA has the Object or External metric scale-to-zero needs). Otherwise never: the object cannot be stored.
`,
  check({ manifest, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      const problems: Problem[] = [];
      checkReplicas(hpa, problems);
      // `behavior` exists from autoscaling/v2beta2 on; in v1 or v2beta1 it is an unknown field, not validated.
      if (object.apiVersion === 'autoscaling/v2' || object.apiVersion === 'autoscaling/v2beta2') {
        if (hpa.scaleUp) checkRules('scaleUp', hpa.scaleUp, object, problems);
        if (hpa.scaleDown) checkRules('scaleDown', hpa.scaleDown, object, problems);
      }
      for (const problem of problems) {
        const key = problem.pair?.key as Node | undefined;
        // rangeOf first: it is undefined when the field was written in another file (a kustomize base).
        const fieldRange = rangeOf(object, problem.pair);
        const range =
          fieldRange && problem.keyOnly && key?.range ? manifest.lines.rangeOf(key.range[0], key.range[1]) : fieldRange;
        if (!range) continue;
        const edit =
          problem.fix && replaceScalarEdit(manifest.file, manifest.lines, problem.fix.node, problem.fix.value);
        const fixes: Fix[] | undefined =
          problem.fix && edit ? [{ title: problem.fix.title, isPreferred: true, edits: [edit] }] : undefined;
        report({
          range,
          severity: problem.severity,
          message: problem.message,
          related: problem.related ? relatedAt(object, problem.related.pair, problem.related.message) : undefined,
          fixes,
        });
      }
    }
  },
};
