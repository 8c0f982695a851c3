import { isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Fix, TextEdit } from '../../../core/finding';
import type { K8sRule } from '../rule';
import { insertPairEdit, replaceScalarEdit, setPairValueEdit } from '../edits';
import { editableIn } from '../node-origin';
import type { ScalingRules } from '../hpa';
import { readHpa } from '../hpa';
import type { ParsedManifest } from '../manifest';
import type { Policy } from '../simulate';
import { SYNC_PERIOD_SECONDS, effectiveBehavior } from '../simulate';
import type { AnyPair } from '../yaml-nodes';
import { deref } from '../yaml-nodes';

/**
 * Scale-down with no stabilisation and steps of half the pods or more: the replica count follows every
 * dip of the metric. "No stabilisation" is a window shorter than one 15 s sync — the controller keeps no
 * earlier recommendation in it, so 0 and 10 behave the same. A `behavior` without `scaleDown` is fine:
 * the defaults (300 s window) apply.
 */

const DEFAULT_WINDOW = 300;
const GENTLE: Policy = { type: 'Percent', value: 10, periodSeconds: 60 };

/** Share of the pods one period's step may remove at `replicas` (Pods policies relative to that count). */
function share(policy: Policy, replicas: number | undefined): number | undefined {
  if (policy.type === 'Percent') return Math.min(1, policy.value / 100);
  return replicas ? Math.min(1, policy.value / replicas) : undefined;
}

export const hpaScaleDownUnstabilised: K8sRule = {
  id: 'hpa-scale-down-unstabilised',
  assistant: 'k8s',
  title: 'HorizontalPodAutoscaler scales down with no stabilisation window and large steps (flapping)',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Stabilise scale-down in {count} HPA(s)',
    baseHours: 0.5,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Start from the default 300 s window and compare the replica-count graph for a few days before and after.',
    skills: ['Kubernetes', 'HPA'],
  },
  docs: `
## Why it matters

The HPA re-evaluates every 15 s. Scale-down stabilisation makes it act on the *highest* recommendation of the
last \`stabilizationWindowSeconds\` (300 s by default), so a brief dip in CPU or requests does not remove pods
that the next minute needs again. With \`stabilizationWindowSeconds: 0\` (or any window shorter than the 15 s sync,
which holds no earlier recommendation) and policies that allow removing half
the pods or more per period (the default scale-down policy allows 100% every 15 s), every dip — a GC pause, a
slow upstream, a quiet minute — removes pods at once; the following burst lands on the survivors and waits for
new pods to be scheduled, pulled and ready. The replica count flaps, latency spikes with it, and each restart
costs cache warm-up and connection churn.

## How to fix it

Give scale-down a window: \`stabilizationWindowSeconds: 300\` (the Kubernetes default) is a good start. The
preferred quick fix changes only that value. A second fix also limits the rate to 10% of the pods a minute
(\`type: Percent, value: 10, periodSeconds: 60\`), the gentle ramp-down the Kubernetes documentation shows.

A \`behavior\` without \`scaleDown\`, or without a window in it, already gets the 300 s default and is not reported.

## When to ignore it

Batch or queue workloads whose load ends abruptly and where idle pods are pure cost, and the metric does not
dip while work remains. Suppress the finding with a comment saying so.
`,
  check({ manifest, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      const rules = hpa?.scaleDown;
      if (!hpa || !rules?.stabilizationPair) continue;
      const window = rules.stabilizationWindowSeconds;
      // Negative or fractional windows are API errors (hpa-behavior-out-of-range).
      if (window === undefined || !Number.isInteger(window) || window < 0 || window >= SYNC_PERIOD_SECONDS) continue;
      const down = effectiveBehavior(hpa).scaleDown;
      if (down.selectPolicy === 'Disabled') continue; // nothing is removed at all: hpa-select-policy-disabled
      // Written policies that are all invalid are an API error, not a default: leave them to the range rule.
      if (rules.policies.length > 0 && (down.defaulted.policies || down.policies.length !== rules.policies.length))
        continue;
      const shares = down.policies.map((p) => share(p, hpa.maxReplicas));
      if (shares.some((s) => s === undefined) && down.selectPolicy === 'Min') continue;
      const known = shares.filter((s): s is number => s !== undefined);
      if (known.length === 0) continue;
      const removable = down.selectPolicy === 'Min' ? Math.min(...known) : Math.max(...known);
      if (removable < 0.5) continue;
      const range = rangeOf(object, rules.stabilizationPair);
      if (!range) continue;

      const index = shares.indexOf(removable);
      const policy = down.policies[index];
      const stepText =
        policy.type === 'Percent'
          ? `${Math.round(removable * 100)}% of the pods every ${policy.periodSeconds} s`
          : `${policy.value} of ${hpa.maxReplicas} pods (${Math.round(removable * 100)}% at maxReplicas) every ${policy.periodSeconds} s`;
      const where = down.defaulted.policies ? 'the default scale-down policy' : 'its scaleDown policies';

      const windowNode = deref(rules.stabilizationPair.value, object.doc);
      const windowEdit = replaceScalarEdit(manifest.file, manifest.lines, windowNode, String(DEFAULT_WINDOW));
      const fixes: Fix[] = [];
      if (windowEdit) {
        fixes.push({
          title: `Set scaleDown stabilizationWindowSeconds to ${DEFAULT_WINDOW} (the Kubernetes default)`,
          isPreferred: true,
          edits: [windowEdit],
        });
        const policyEdit = gentlePolicyEdit(manifest, rules, object.doc);
        if (policyEdit) {
          fixes.push({
            title: `Set scaleDown stabilizationWindowSeconds to ${DEFAULT_WINDOW} and remove at most ${GENTLE.value}% of the pods per ${GENTLE.periodSeconds} s`,
            edits: [windowEdit, policyEdit],
          });
        }
      }
      const policyNode = down.defaulted.policies
        ? undefined
        : rules.policies.find(
            (p) => p.type === policy.type && p.value === policy.value && p.periodSeconds === policy.periodSeconds,
          )?.node;
      report({
        range,
        message:
          `HorizontalPodAutoscaler ${object.name} scales down with stabilizationWindowSeconds: ${window} and ${where} allow removing ` +
          `${stepText}: every dip of the metric removes pods at once, and the next burst waits for new ones to start — the replica count flaps. ` +
          `Keep a stabilisation window (${DEFAULT_WINDOW} s is the default).`,
        related: policyNode
          ? relatedAt(object, policyNode.items[0] as AnyPair | undefined, `this policy allows removing ${stepText}`)
          : undefined,
        fixes: fixes.length ? fixes : undefined,
      });
    }
  },
};

/**
 * Replaces (or adds) the scaleDown policies with the gentle Percent 10 / 60 s one, in the list's own style.
 * Not offered when the old list holds comments, which a replacement would lose.
 */
function gentlePolicyEdit(manifest: ParsedManifest, rules: ScalingRules, doc: Document.Parsed): TextEdit | undefined {
  const gentle = [{ type: GENTLE.type, value: GENTLE.value, periodSeconds: GENTLE.periodSeconds }];
  const json = /\.json$/i.test(manifest.file);
  if (!rules.policiesPair)
    return json ? undefined : insertPairEdit(manifest.file, manifest.lines, rules.node, 'policies', gentle);
  const list = deref(rules.policiesPair.value, doc);
  const span = isSeq(list) ? list.range : undefined;
  const keyEnd = (rules.policiesPair.key as Node | undefined)?.range?.[1];
  // From the key on: a comment on the `policies:` line or above the first item belongs to the list too.
  if (
    !isSeq(list) ||
    !span ||
    keyEnd === undefined ||
    !editableIn(manifest.file, rules.policiesPair.key, list) ||
    manifest.lines.text.slice(keyEnd, span[1]).includes('#')
  )
    return undefined;
  if (list.flow) {
    const text = json
      ? JSON.stringify(gentle).replace(/,/g, ', ').replace(/:/g, ': ')
      : `[{type: ${GENTLE.type}, value: ${GENTLE.value}, periodSeconds: ${GENTLE.periodSeconds}}]`;
    return { file: manifest.file, range: manifest.lines.rangeOf(span[0], span[1]), newText: text };
  }
  return json ? undefined : setPairValueEdit(manifest.file, manifest.lines, rules.policiesPair, gentle);
}
