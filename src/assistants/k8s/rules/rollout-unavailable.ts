import type { Fix } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { K8sRule, K8sRuleContext } from '../rule';
import type { IntOrPercent, ReplicaFloor } from '../availability';
import { plural, readIntOrPercent, replicaFloor, scaledValue } from '../availability';
import type { K8sObject } from '../manifest';
import { replaceNodeEdit } from '../edits';
import { minorVersion } from '../settings';
import type { Workload } from '../workload';
import { readWorkload } from '../workload';
import type { AnyPair } from '../yaml-nodes';
import { findPair, mapAt, pairAt, stringAt } from '../yaml-nodes';

/**
 * Rollout settings that take a workload down while it rolls out, reasoned at its minimum replica count
 * (HPA minReplicas when an HPA scales it, else spec.replicas, default 1).
 *
 * Deployment arithmetic (pkg/controller/deployment/util ResolveFenceposts): maxSurge (default 25%) rounds
 * UP, maxUnavailable (default 25%) rounds DOWN; when both resolve to 0 the controller uses
 * maxUnavailable = 1 ("surge might not work due to quota"); maxUnavailable is capped at the replica count.
 * The API server rejects both written as 0 ("may not be 0 when `maxSurge` is 0") — it compares the written
 * numbers, so 0 and "0%" count, while "10%" that rounds to 0 passes validation and gets the fallback above.
 *
 * At one replica, `maxSurge: 0` with the only pod unavailable is a deliberate stop-then-start rollout (as
 * Recreate is): not reported. With surge available, letting the only pod go first is an avoidable outage.
 *
 * StatefulSet `updateStrategy.rollingUpdate.maxUnavailable` (default 1, percentages round UP, never below
 * 1) is honoured only with the MaxUnavailableStatefulSet feature (alpha and off before 1.35, beta and on
 * from 1.35); `podManagementPolicy` (the order of pod creation and deletion) is not checked. Argo Rollouts and
 * DaemonSets (replica count = node count, unknown here) are not checked.
 */
export const rolloutUnavailable: K8sRule = {
  id: 'rollout-unavailable',
  assistant: 'k8s',
  title: 'Rollout settings can take every pod of the workload down at once',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Keep pods available during rollouts of {count} workload(s)',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation: 'Set maxUnavailable: 0 with maxSurge: 1 and check the quota has room for the surge pod.',
    skills: ['Kubernetes', 'Deployments'],
    after: ['readiness-probe-missing'],
  },
  docs: `
## Why it matters

A rolling update replaces pods in steps bounded by \`maxUnavailable\` (pods that may be missing) and
\`maxSurge\` (extra pods that may be added). Kubernetes resolves percentages against the replica count:
\`maxSurge\` rounds **up**, \`maxUnavailable\` rounds **down**, both default to 25%, and when both resolve
to 0 the controller falls back to \`maxUnavailable = 1\`. When \`replicas − maxUnavailable ≤ 0\`, a
rollout may stop every pod before the new ones are ready: each deploy is a full outage (error).

The replica count reasoned with is the workload's minimum: the HPA's \`minReplicas\` when an HPA scales
it (the HPA owns the count), otherwise \`spec.replicas\` (default 1).

Also reported:
- \`maxSurge\` and \`maxUnavailable\` both written as 0: the API server rejects the manifest (error).
- \`strategy.type: Recreate\` on a workload with 2 or more replicas or an HPA: every rollout stops all
  pods before starting any new one — a full outage on each deploy (warning).
- At one replica, \`maxUnavailable\` that lets the only pod go while \`maxSurge\` could start its
  replacement first: an avoidable outage on each deploy (warning). \`maxSurge: 0\` there is a deliberate
  stop-then-start choice (like Recreate) and is not reported.
- StatefulSet \`updateStrategy.rollingUpdate.maxUnavailable\` (rounds up, at least 1) reaching the replica
  count (error on clusters from 1.35, where the MaxUnavailableStatefulSet feature is on by default;
  warning before, where the field is ignored unless the feature gate is enabled).

## How to fix it

Keep \`maxUnavailable\` below the replica count: \`maxUnavailable: 0\` with \`maxSurge: 1\` (or more) for a
rollout without lost capacity, or \`maxUnavailable: 1\`. The quick fix sets \`maxUnavailable\` to 0 when
\`maxSurge\` allows a new pod first, else to 1. For Recreate, switch to \`RollingUpdate\` when old and new
versions can run side by side.

## When to ignore it

Recreate is the right choice when two versions must never run at once (an exclusive volume, a singleton
consumer, an incompatible schema migration): suppress the finding and accept the downtime per deploy.
`,
  check(context) {
    for (const object of context.manifest.objects) {
      const workload = readWorkload(object);
      if (!workload) continue;
      if (object.kind === 'Deployment') checkDeployment(context, workload);
      else if (object.kind === 'StatefulSet') checkStatefulSet(context, workload);
    }
  },
};

const PERCENT_25: IntOrPercent = { percent: true, value: 25, text: '25% (default)' };

function checkDeployment(context: K8sRuleContext, workload: Workload): void {
  const { manifest, graph, report, rangeOf } = context;
  const { object } = workload;
  const doc = object.doc;
  const typePair = pairAt(object.root, ['spec', 'strategy', 'type'], doc);
  const type = stringAt(object.root, ['spec', 'strategy', 'type'], doc) ?? 'RollingUpdate';
  const floor = replicaFloor(graph, workload);
  const hpas = graph.hpasFor(workload);

  if (type === 'Recreate') {
    if (!typePair || !floor || (floor.count < 2 && hpas.length === 0)) return;
    const range = rangeOf(object, typePair);
    if (!range) return;
    report({
      severity: 'warning',
      range,
      message:
        `${describe(object)} uses strategy Recreate with at least ${plural(floor.count, 'pod')} (${floor.text})` +
        `${hpas.length > 0 ? ', and more whenever the HPA has scaled up' : ''}: every rollout stops all of them before starting any new pod, ` +
        'a full outage for as long as the new pods take to become ready. Use RollingUpdate unless two versions must never run at once.',
      related: floorRelated(context, floor),
    });
    return;
  }
  if (type !== 'RollingUpdate') return;

  const rolling = mapAt(object.root, ['spec', 'strategy', 'rollingUpdate'], doc);
  const unavailablePair = rolling ? findPair(rolling, 'maxUnavailable') : undefined;
  const surgePair = rolling ? findPair(rolling, 'maxSurge') : undefined;
  const unavailable = unavailablePair ? readIntOrPercent(unavailablePair.value, doc) : PERCENT_25;
  const surge = surgePair ? readIntOrPercent(surgePair.value, doc) : PERCENT_25;
  if (!unavailable || !surge) return; // a value the API would reject or we cannot read: no reasoning from it

  if (unavailablePair && surgePair && unavailable.value === 0 && surge.value === 0) {
    const range = rangeOf(object, unavailablePair);
    if (!range) return;
    report({
      range,
      message:
        `${describe(object)} sets maxUnavailable: ${unavailable.text} and maxSurge: ${surge.text}: the API server rejects it ` +
        '("may not be 0 when `maxSurge` is 0"), so the apply fails and the workload is never updated. Set maxSurge: 1 ' +
        '(a new pod starts before an old one stops) or maxUnavailable: 1.',
      fixes: fixes(unavailablePair, 'maxSurge', surgePair, manifest.file, manifest.lines),
    });
    return;
  }
  if (!floor || floor.count === 0) return;
  const n = floor.count;
  const surgeCount = scaledValue(surge, n, true);
  let down = Math.min(scaledValue(unavailable, n, false), n);
  if (surgeCount === 0 && down === 0) down = 1; // ResolveFenceposts: both 0 after rounding → maxUnavailable 1
  if (n - down > 0) return;
  if (n === 1 && surgeCount === 0) return; // stop-then-start chosen on purpose (see the header)

  const anchor = unavailablePair ?? surgePair ?? pairAt(object.root, ['spec', 'strategy'], doc);
  const range = rangeOf(object, anchor);
  if (!range) return;
  // (The fallback alone never reaches here: it yields 1 unavailable pod, which empties only a 1-pod
  // workload, and there it comes with maxSurge 0 — the deliberate stop-then-start case.)
  const arithmetic = unavailable.percent
    ? `maxUnavailable ${unavailable.text} of ${plural(n, 'pod')} rounds down to ${down}`
    : `maxUnavailable ${unavailable.text}`;
  const message =
    n === 1
      ? `${describe(object)} runs 1 pod (${floor.text}) and ${arithmetic}: a rollout may stop the only pod before its replacement is ready, ` +
        `an outage on every deploy although maxSurge ${surge.text} could start the new pod first. Set maxUnavailable: 0.`
      : `${describe(object)}: ${arithmetic}, so all ${n} pods (${floor.text}) may be unavailable at once during a rollout — ` +
        `a full outage on every deploy. Keep maxUnavailable below ${n}: ` +
        `${surgeCount > 0 ? 'maxUnavailable: 0 (maxSurge starts new pods first)' : 'maxUnavailable: 1'}.`;
  report({
    severity: n === 1 ? 'warning' : 'error',
    range,
    message,
    related: floorRelated(context, floor),
    fixes: unavailablePair
      ? fixes(unavailablePair, surgeCount > 0 ? 0 : 1, undefined, manifest.file, manifest.lines)
      : undefined,
  });
}

function checkStatefulSet(context: K8sRuleContext, workload: Workload): void {
  const { manifest, graph, settings, report, rangeOf } = context;
  const { object } = workload;
  const doc = object.doc;
  const type = stringAt(object.root, ['spec', 'updateStrategy', 'type'], doc) ?? 'RollingUpdate';
  if (type !== 'RollingUpdate') return;
  const pair = pairAt(object.root, ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'], doc);
  const value = pair ? readIntOrPercent(pair.value, doc) : undefined;
  const floor = replicaFloor(graph, workload);
  if (!pair || !value || !floor || floor.count < 2) return;
  // StatefulSet rounds up and never goes below 1 (a StatefulSet always updates at least one pod at a time).
  const down = Math.max(1, scaledValue(value, floor.count, true));
  if (floor.count - down > 0) return;
  const range = rangeOf(object, pair);
  if (!range) return;
  const enabled = minorVersion(settings.clusterVersion) >= 35;
  report({
    severity: enabled ? 'error' : 'warning',
    range,
    message:
      `${describe(object)}: updateStrategy.rollingUpdate.maxUnavailable ${value.text}` +
      `${value.percent ? ` of ${plural(floor.count, 'pod')} rounds up to ${down}` : ''}, so all ${floor.count} pods (${floor.text}) may be ` +
      'updated, and unavailable, at once — a full outage on every rollout' +
      `${enabled ? '' : ' once the MaxUnavailableStatefulSet feature is on (alpha and off before Kubernetes 1.35, on by default from 1.35; until then the field is ignored)'}. ` +
      `Keep it below ${floor.count}, e.g. 1 (the default).`,
    related: floorRelated(context, floor),
    fixes: fixes(pair, 1, undefined, manifest.file, manifest.lines),
  });
}

function describe(object: K8sObject): string {
  return `${object.kind} ${object.name}`;
}

function floorRelated(context: K8sRuleContext, floor: ReplicaFloor) {
  return floor.pair
    ? context.relatedAt(floor.object, floor.pair, `${floor.text}: the replica count the rollout is reasoned at`)
    : undefined;
}

/**
 * Sets maxUnavailable to a number (replacing the value, quotes included: a quoted number is invalid
 * here). For the both-zero case, the preferred fix sets maxSurge to 1 and a second one maxUnavailable to 1.
 */
function fixes(
  unavailablePair: AnyPair,
  value: number | 'maxSurge',
  surgePair: AnyPair | undefined,
  file: string,
  lines: LineIndex,
): Fix[] | undefined {
  const setNumber = (pair: AnyPair, n: number) => {
    return replaceNodeEdit(file, lines, pair.value, String(n));
  };
  if (value === 'maxSurge') {
    const surgeEdit = surgePair && setNumber(surgePair, 1);
    const unavailableEdit = setNumber(unavailablePair, 1);
    const out: Fix[] = [];
    if (surgeEdit)
      out.push({
        title: 'Set maxSurge to 1 (start a new pod before stopping an old one)',
        isPreferred: true,
        edits: [surgeEdit],
      });
    if (unavailableEdit)
      out.push({
        title: 'Set maxUnavailable to 1 (stop one old pod before starting its replacement)',
        edits: [unavailableEdit],
      });
    return out.length > 0 ? out : undefined;
  }
  const edit = setNumber(unavailablePair, value);
  return edit
    ? [
        {
          title:
            value === 0
              ? 'Set maxUnavailable to 0 (new pods start and become ready before old ones stop)'
              : `Set maxUnavailable to ${value} (one pod at a time)`,
          isPreferred: true,
          edits: [edit],
        },
      ]
    : undefined;
}
