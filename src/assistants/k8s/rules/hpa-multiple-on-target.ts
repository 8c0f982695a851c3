import type { K8sRule } from '../rule';
import type { Autoscaler } from '../autoscalers';
import { autoscaledWorkload, autoscalersFor, mayCoexist, readAutoscaler, workloadSelector } from '../autoscalers';
import type { ObjectGraph } from '../graph';
import { selectorMatchesLabels, selectorText } from '../label-selector';
import { minorVersion } from '../settings';
import type { Workload } from '../workload';
import { SCALABLE_KINDS, describe, readWorkload } from '../workload';

/**
 * Two or more autoscalers (HPAs, or KEDA ScaledObjects, which run an HPA of their own) whose pods overlap:
 * they name the same workload, or one workload's selector also selects the pods of another autoscaled one.
 * Since Kubernetes 1.26 the HPA controller then disables every one of them (AmbiguousSelector); before, they
 * overwrote each other's replica count on every sync. Autoscalers in sibling folders (one overlay per
 * environment) are not taken to meet in one cluster.
 */

interface Collision {
  other: Autoscaler;
  /** When the other autoscaler scales another workload: which selector selects whose pods. */
  overlap?: Overlap;
}

interface Overlap {
  workload: Workload;
  /** `mine`: this workload's selector selects its pods; `theirs`: its selector selects this workload's pods. */
  selects: 'mine' | 'theirs';
}

export const hpaMultipleOnTarget: K8sRule = {
  id: 'hpa-multiple-on-target',
  assistant: 'k8s',
  title: 'Several autoscalers scale the same pods',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Leave one autoscaler per workload in {count} place(s)',
    baseHours: 1,
    hoursPerPlace: 1,
    risk: 'medium',
    mitigation:
      'Merge the metrics into the autoscaler you keep before deleting the other, then watch `kubectl describe hpa` for ScalingActive=True under real load.',
    skills: ['Kubernetes', 'HPA'],
  },
  docs: `
## Why it matters

The HPA controller keeps track of which pods each HorizontalPodAutoscaler selects (through its target's
selector). Since Kubernetes 1.26, when a pod is selected by more than one HPA, it disables **all** of them:
each reports \`ScalingActive=False\` with reason \`AmbiguousSelector\` ("pods by selector … are controlled by
multiple HPAs") and none of them changes the replica count again. The workload you thought had two ways to
scale has none, and nobody notices until the next peak. Before 1.26 both HPAs acted, each overwriting the
other's replica count every sync, so the count flapped between their proposals.

It happens three ways, all reported:
- two HPAs name the same workload (often one for CPU and one for memory, or a scale-up and a scale-down HPA);
- a KEDA \`ScaledObject\` and an HPA name the same workload: KEDA creates an HPA of its own for the
  ScaledObject (\`keda-hpa-<name>\`), which collides with the other;
- two workloads with their own HPAs have overlapping selectors (\`app: shop\` on one, \`app: shop\` +
  \`track: canary\` on the other): the first HPA's selector also selects the second workload's pods.

A ScaledObject that takes over an existing HPA (\`advanced.horizontalPodAutoscalerConfig.name\` naming it) is
one autoscaler, not two. Autoscalers in sibling folders (one overlay per environment) are not compared.

## How to fix it

Keep one autoscaler per workload and give it every metric: with several metrics the HPA computes a replica
count for each and takes the largest, which is what two HPAs were meant to achieve. With KEDA, move the HPA's
CPU or memory target into the ScaledObject (KEDA's \`cpu\` and \`memory\` scalers), or let the ScaledObject take
the HPA over. For overlapping selectors, add a label that tells the workloads apart to both selectors and
pod templates (a Deployment's selector cannot be changed in place: recreate it).

## When to ignore it

When the clusters run Kubernetes older than 1.26 and the overlap is intended (one HPA only scales up, the other
only scales down): it still behaves badly there, and stops working entirely on upgrade.
`,
  check({ manifest, graph, settings, report, rangeOf, relatedAt }) {
    const disabled = minorVersion(settings.clusterVersion) >= 26;
    for (const object of manifest.objects) {
      const mine = readAutoscaler(object);
      if (!mine) continue;
      const workload = autoscaledWorkload(graph, mine);
      if (!workload) continue;
      const range = rangeOf(object, mine.target.namePair);
      if (!range) continue;
      const collisions = collisionsOf(graph, mine, workload);
      if (collisions.length === 0) continue;
      const mineText = autoscalerText(mine);
      const targetText = describe(workload.object);
      const what = collisions.map((c) => {
        if (!c.overlap) return `${autoscalerText(c.other)} scales ${targetText} too`;
        const other = describe(c.overlap.workload.object);
        return c.overlap.selects === 'mine'
          ? `${autoscalerText(c.other)} scales ${other}, whose pods ${targetText}'s selector (${selectorOf(workload)}) also selects`
          : `${autoscalerText(c.other)} scales ${other}, whose selector (${selectorOf(c.overlap.workload)}) also selects the pods of ${targetText}`;
      });
      const keda = [mine, ...collisions.map((c) => c.other)].some((a) => a.kind === 'ScaledObject')
        ? ' (a KEDA ScaledObject runs an HPA of its own)'
        : '';
      const effect = disabled
        ? `the HPA controller sees pods controlled by several HPAs and disables all of them (ScalingActive=False, AmbiguousSelector): ${targetText} is not autoscaled at all`
        : 'on this cluster version both act and overwrite each other’s replica count on every sync; from Kubernetes 1.26 both are disabled (AmbiguousSelector)';
      report({
        range,
        message:
          `${mineText} scales ${targetText}, and ${what.join('; ')}${keda}: ${effect}. ` +
          'Keep one autoscaler per workload with all the metrics (the largest proposal wins).',
        related: collisions.flatMap(
          (c) =>
            relatedAt(
              c.other.object,
              c.other.target.namePair,
              `${autoscalerText(c.other)} → ${c.other.target.kind} ${c.other.target.name}`,
            ) ?? [],
        ),
      });
    }
  },
};

/** The other autoscalers on these pods, one per HPA name (copies of one HPA in several files are one HPA). */
function collisionsOf(graph: ObjectGraph, mine: Autoscaler, workload: Workload): Collision[] {
  const seen = new Set([mine.hpaName]);
  const out: Collision[] = [];
  const add = (other: Autoscaler, overlap?: Overlap) => {
    if (seen.has(other.hpaName) || !mayCoexist(mine.object.file, other.object.file)) return;
    seen.add(other.hpaName);
    out.push({ other, overlap });
  };
  for (const other of autoscalersFor(graph, workload)) add(other);
  for (const overlap of overlappingWorkloads(graph, workload))
    for (const other of autoscalersFor(graph, overlap.workload)) add(other, overlap);
  return out;
}

/**
 * Other workloads of the namespace whose pods share a selector with this one: its selector selects their
 * pods, or theirs selects its pods. Only readable, non-empty selectors count.
 */
function overlappingWorkloads(graph: ObjectGraph, workload: Workload): Overlap[] {
  const labels = workload.template?.labels;
  const selector = workloadSelector(workload);
  if (!labels || !selector) return [];
  const { namespace } = workload.object;
  const key = (w: Workload) => `${w.object.kind}/${w.object.name}`;
  const found = new Map<string, Overlap>();
  const consider = (other: Workload | undefined) => {
    if (!other?.template || key(other) === key(workload) || found.has(key(other))) return;
    if (!mayCoexist(workload.object.file, other.object.file)) return;
    const theirs = workloadSelector(other);
    if (!theirs) return;
    if (selectorMatchesLabels(selector, other.template.labels) === true)
      found.set(key(other), { workload: other, selects: 'mine' });
    else if (selectorMatchesLabels(theirs, labels) === true)
      found.set(key(other), { workload: other, selects: 'theirs' });
  };
  // Its selector on their pods: only workloads carrying one label it requires can match.
  const first = selector.matchLabels.entries().next().value;
  for (const other of graph.workloadsWithLabel(namespace, first)) consider(other);
  // Their selectors on its pods: indexed by the first label each selector requires.
  for (const kind of SCALABLE_KINDS) {
    const required = (object: Parameters<typeof readWorkload>[0]) => {
      const other = readWorkload(object);
      return other ? workloadSelector(other)?.matchLabels : undefined;
    };
    for (const object of graph.selectorCandidates(kind, namespace, labels, required)) consider(readWorkload(object));
  }
  return [...found.values()];
}

function autoscalerText(autoscaler: Autoscaler): string {
  return autoscaler.kind === 'ScaledObject'
    ? `ScaledObject ${autoscaler.object.name}`
    : `HorizontalPodAutoscaler ${autoscaler.object.name}`;
}

/** The workload's selector as a message shows it. */
function selectorOf(workload: Workload): string {
  const selector = workloadSelector(workload);
  return selector ? selectorText(selector) : '?';
}
