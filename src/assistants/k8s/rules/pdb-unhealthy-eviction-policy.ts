import type { Fix } from '../../../core/finding';
import type { K8sRule } from '../rule';
import { insertPairEdit } from '../edits';
import { isPdb, workloadsCoveredBy } from '../label-selector';
import type { K8sObject, ParsedManifest } from '../manifest';
import type { Probe } from '../probes';
import { containerProbe, failureWindow } from '../probes';
import { minorVersion } from '../settings';
import type { Workload } from '../workload';
import { countedContainers, describe } from '../workload';
import { mapAt, pairAt, stringAt } from '../yaml-nodes';

/**
 * A policy/v1 PodDisruptionBudget that leaves `unhealthyPodEvictionPolicy` at its default (IfHealthyBudget), on
 * clusters where the field works (beta, on by default, since 1.27; GA in 1.31). Pods that are running but not
 * Ready can then be evicted only while the budget is met, so a broken app blocks node drains. Budgets that cover
 * only StatefulSets are left alone: keeping a member that is catching up can be what protects its data.
 */

/** Seconds of start-up (not Ready yet) from which the message calls it long and the finding a warning. */
const LONG_START_SECONDS = 120;

export const pdbUnhealthyEvictionPolicy: K8sRule = {
  id: 'pdb-unhealthy-eviction-policy',
  assistant: 'k8s',
  title: 'PodDisruptionBudget lets unhealthy pods block node drains (no unhealthyPodEvictionPolicy: AlwaysAllow)',
  defaultSeverity: 'info',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Let {count} PodDisruptionBudget(s) evict unhealthy pods',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'Check the cluster runs Kubernetes 1.27 or later first (older API servers drop the field); drain a node in staging with a crash-looping pod to see the drain go through.',
    skills: ['Kubernetes', 'Availability'],
    after: ['pdb-blocks-disruption'],
  },
  docs: `
## Why it matters

A PodDisruptionBudget counts **Ready** pods. With the default policy, \`IfHealthyBudget\`, a pod that is running
but not Ready may be evicted only while the budget is met (\`currentHealthy ≥ desiredHealthy\`). So when the app
is unhealthy — exactly when several of its pods are not Ready — its not-Ready pods cannot be evicted either:
\`kubectl drain\`, managed node upgrades and the cluster autoscaler retry on them until someone deletes the
pods by hand or a timeout forces the node down.

Pods are not Ready for long when they crash-loop (the restart back-off grows to 5 minutes), when a bad image
or configuration keeps them from starting, when their readiness probe depends on something that is down, and
while they start, for as long as their probes allow: the message gives that window when the covered
workloads' start-up probes (or a readiness probe's initial delay) allow two minutes or more, and the finding
is then a warning.

\`unhealthyPodEvictionPolicy: AlwaysAllow\` lets running pods that are not Ready be evicted regardless of the
budget; Ready pods stay protected. The Kubernetes project recommends it for most workloads. The field is beta
and on by default since Kubernetes 1.27 and GA since 1.31: the rule follows \`scalingAssistant.k8s.clusterVersion\`
(CLI \`--cluster-version\`) and is silent below 1.27. PodDisruptionBudgets that already set a policy, and those
covering only StatefulSets, are not reported.

## How to fix it

Add \`unhealthyPodEvictionPolicy: AlwaysAllow\` to the budget's \`spec\` (the quick fix does).

## When to ignore it

When evicting a pod that is not Ready could lose data or quorum (a database member that is still catching up):
set \`unhealthyPodEvictionPolicy: IfHealthyBudget\` explicitly, which also records the decision.
`,
  check({ manifest, graph, settings, report, rangeOf }) {
    if (minorVersion(settings.clusterVersion) < 27) return;
    for (const pdb of manifest.objects) {
      if (!isPdb(pdb) || pdb.apiVersion !== 'policy/v1') continue;
      if (pairAt(pdb.root, ['spec', 'unhealthyPodEvictionPolicy'], pdb.doc)) continue;
      const { workloads } = workloadsCoveredBy(graph, pdb);
      if (workloads.length > 0 && workloads.every((w) => w.object.kind === 'StatefulSet')) continue;
      const range = rangeOf(pdb, pairAt(pdb.root, ['spec'], pdb.doc) ?? pairAt(pdb.root, ['kind'], pdb.doc));
      if (!range) continue;
      const slow = slowestStart(workloads);
      const long = slow !== undefined && slow.seconds >= LONG_START_SECONDS;
      const covered =
        workloads.length > 0
          ? ` (the pods of ${[...new Set(workloads.map((w) => describe(w.object)))].join(', ')})`
          : '';
      report({
        range,
        severity: long ? 'warning' : undefined,
        message:
          `PodDisruptionBudget ${pdb.name} leaves unhealthyPodEvictionPolicy at its default, IfHealthyBudget: its pods${covered} ` +
          'that are running but not Ready can be evicted only while the budget is met, so when the app is unhealthy (crash-looping, ' +
          'a failing readiness probe, a bad rollout) node drains and upgrades block on those pods' +
          (long && slow
            ? `. ${describe(slow.workload.object)}'s pods may also stay not Ready for up to ${minutes(slow.seconds)} while they start (${slow.why})`
            : '') +
          '. Set unhealthyPodEvictionPolicy: AlwaysAllow (Ready pods stay protected).',
        fixes: alwaysAllowFix(manifest, pdb),
      });
    }
  },
};

/**
 * The longest a covered workload's pod may take to become Ready after it starts, from its probes: a startup
 * probe's initial delay plus failureThreshold × periodSeconds, then the readiness probe's initial delay.
 */
function slowestStart(
  workloads: readonly Workload[],
): { workload: Workload; seconds: number; why: string } | undefined {
  let slowest: { workload: Workload; seconds: number; why: string } | undefined;
  for (const workload of workloads) {
    const template = workload.template;
    if (!template) continue;
    const { doc } = workload.object;
    for (const container of countedContainers(template)) {
      const startup = containerProbe(container, 'startupProbe', doc);
      const readiness = containerProbe(container, 'readinessProbe', doc);
      const delay = (probe: Probe | undefined) => {
        const raw = probe?.map ? stringAt(probe.map, ['initialDelaySeconds'], doc) : undefined;
        return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 0;
      };
      const startupSeconds = startup?.timing ? delay(startup) + failureWindow(startup.timing) : 0;
      const seconds = startupSeconds + delay(readiness);
      if (seconds > (slowest?.seconds ?? 0)) {
        const why =
          startupSeconds > 0
            ? `the startupProbe of container ${container.name} allows ${startupSeconds} s`
            : `the readinessProbe of container ${container.name} waits ${delay(readiness)} s before its first check`;
        slowest = { workload, seconds, why };
      }
    }
  }
  return slowest;
}

function minutes(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${(seconds / 60).toFixed(1)} min`;
}

function alwaysAllowFix(manifest: ParsedManifest, pdb: K8sObject): Fix[] | undefined {
  const spec = mapAt(pdb.root, ['spec'], pdb.doc);
  // A JSON manifest would need a quoted value the YAML insertion does not write.
  if (!spec || /\.json$/i.test(manifest.file)) return undefined;
  const edit = insertPairEdit(manifest.file, manifest.lines, spec, 'unhealthyPodEvictionPolicy', 'AlwaysAllow');
  return edit
    ? [
        {
          title: 'Set unhealthyPodEvictionPolicy: AlwaysAllow (evict pods that are not Ready)',
          isPreferred: true,
          edits: [edit],
        },
      ]
    : undefined;
}
