import type { Fix } from '../../../core/finding';
import type { K8sRule } from '../rule';
import { replicaFloor } from '../availability';
import { insertPairEdit } from '../edits';
import { readWorkload } from '../workload';
import { findPair, mapAt } from '../yaml-nodes';

/**
 * A workload that runs 2 or more pods (HPA minReplicas when an HPA scales it, else spec.replicas) whose
 * pod spec has neither `topologySpreadConstraints` nor `affinity.podAntiAffinity`. Informational: the
 * scheduler's built-in default spreading is a soft scoring preference that resource fit can outweigh.
 */
export const noSpreadConstraints: K8sRule = {
  id: 'no-spread-constraints',
  assistant: 'k8s',
  title: 'Multi-replica workload without topology spread constraints or pod anti-affinity',
  defaultSeverity: 'info',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Spread the replicas of {count} workload(s) over nodes and zones',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Start with whenUnsatisfiable: ScheduleAnyway so pods still schedule on a small cluster; tighten to DoNotSchedule once the nodes span zones.',
    skills: ['Kubernetes', 'Scheduling'],
  },
  docs: `
## Why it matters

Replicas protect availability only if they fail independently. Without \`topologySpreadConstraints\` or
\`podAntiAffinity\`, nothing but the scheduler's default spreading — a soft score, outweighed by resource
fit and image locality — keeps the pods apart: several or all replicas can land on one node or in one
zone, and that node's failure, drain or upgrade takes them down together.

Reported (as information) for workloads that run at least 2 pods: the HPA's \`minReplicas\` when an HPA
scales the workload, else \`spec.replicas\`. DaemonSets (one pod per node by design) are not reported.

## How to fix it

Add a \`topologySpreadConstraints\` entry that spreads the pods over nodes
(\`topologyKey: kubernetes.io/hostname\`) — and over zones (\`topology.kubernetes.io/zone\`) on multi-zone
clusters. The quick fix adds one with \`maxSkew: 1\` and \`whenUnsatisfiable: ScheduleAnyway\`, which never
leaves a pod pending when nodes are short; use \`DoNotSchedule\` for a hard guarantee.

## When to ignore it

Single-node clusters, or when a cluster-wide default constraint (kube-scheduler \`defaultConstraints\`) is
configured for the purpose.
`,
  check({ manifest, graph, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const workload = readWorkload(object);
      const template = workload?.template;
      if (!workload || !template) continue;
      const floor = replicaFloor(graph, workload);
      if (!floor || floor.count < 2) continue;
      if (
        findPair(template.spec, 'topologySpreadConstraints') ||
        mapAt(template.spec, ['affinity', 'podAntiAffinity'], object.doc)
      )
        continue;
      const range = rangeOf(object, template.specPair);
      if (!range) continue;
      const labels = workload.selector.size > 0 ? workload.selector : template.labels;
      let fix: Fix | undefined;
      // JSON: a block-YAML insertion would break the file; no fix there.
      if (labels.size > 0 && !/\.json$/i.test(manifest.file)) {
        const constraint = {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: Object.fromEntries(labels) },
        };
        const edit = insertPairEdit(manifest.file, manifest.lines, template.spec, 'topologySpreadConstraints', [
          constraint,
        ]);
        if (edit) {
          fix = {
            title:
              'Spread the pods over nodes (topologySpreadConstraints on kubernetes.io/hostname, maxSkew 1, ScheduleAnyway)',
            detail:
              'ScheduleAnyway prefers spreading but never leaves a pod pending; add a topology.kubernetes.io/zone entry on multi-zone clusters.',
            isPreferred: true,
            edits: [edit],
          };
        }
      }
      report({
        range,
        message:
          `${object.kind} ${object.name} runs at least ${floor.count} pods (${floor.text}) but its pod spec has no topologySpreadConstraints ` +
          "and no podAntiAffinity: only the scheduler's soft default spreading keeps the replicas apart, so several or all of them may " +
          'share one node or zone and go down together when it fails or is drained. Spread them over nodes (and zones).',
        related: floor.pair
          ? relatedAt(floor.object, floor.pair, `${floor.text}: the replica count to spread`)
          : undefined,
        fixes: fix ? [fix] : undefined,
      });
    }
  },
};
