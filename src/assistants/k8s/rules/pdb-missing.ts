import type { Fix } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { ObjectGraph } from '../graph';
import type { K8sRule } from '../rule';
import { replicaFloor } from '../availability';
import { appendDocumentEdit } from '../edits';
import { pdbsCovering } from '../label-selector';
import { minorVersion } from '../settings';
import type { Workload } from '../workload';
import { writtenName } from '../manifest';
import { fileOf } from '../node-origin';
import { readWorkload } from '../workload';
import { pairAt } from '../yaml-nodes';

/**
 * A workload that runs two or more pods (HPA minReplicas when an HPA scales it, else spec.replicas) and
 * that no PodDisruptionBudget covers. Single-replica workloads (a PDB would only block drains or allow the
 * one pod to go: nothing gained) and DaemonSets (drains skip them) are not reported.
 *
 * The finding sits on the workload's `metadata.name`: a missing object has no field of its own, and the
 * name is where a reader looks for "which workload"; the replica count that makes the PDB matter is the
 * related information.
 */
export const pdbMissing: K8sRule = {
  id: 'pdb-missing',
  assistant: 'k8s',
  title: 'Multi-replica workload without a PodDisruptionBudget',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Add PodDisruptionBudgets for {count} workload(s)',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Use maxUnavailable: 1 (never a minAvailable equal to the replica count) and test with a node drain in staging.',
    skills: ['Kubernetes', 'Availability'],
    after: ['hpa-min-replicas-below-two'],
  },
  docs: `
## Why it matters

Voluntary disruptions — \`kubectl drain\`, node upgrades of a managed cluster, the cluster autoscaler
removing an under-used node — evict pods through the Eviction API, which respects PodDisruptionBudgets
and nothing else. Without a PDB, a drain evicts every pod of the workload on that node at once, and
parallel drains (surge upgrades, autoscaler scale-down) can take every replica together: the workload you
scaled to several pods for availability goes down during routine maintenance.

Reported for workloads that run at least 2 pods: the HPA's \`minReplicas\` when an HPA scales the
workload (the HPA owns the replica count; \`spec.replicas\` is not read then), otherwise
\`spec.replicas\`. Single-replica workloads and DaemonSets are not reported. PDBs anywhere in the
workspace count, including selectors with \`matchExpressions\` and the policy/v1 empty selector. In a
namespace that holds a custom resource of a kind the reviewer does not know (a Flux HelmRelease, say), whose
operator may create a budget, nothing is concluded and the analysis says so.

## How to fix it

Add a PodDisruptionBudget whose selector matches the pods, with \`maxUnavailable: 1\`: one pod may be
evicted at a time, whatever the replica count, so drains make progress even at \`minReplicas\` and never
hang (a \`minAvailable\` equal to the replica count would block them). The quick fix appends one to this
file, named \`<workload>-pdb\`, with the workload's selector labels.

## When to ignore it

When a PDB for these pods is created elsewhere (another repository, an operator, a Helm chart not in
this workspace), or when the workload can tolerate losing all replicas at once (batch consumers that
resume from a queue).
`,
  check({ manifest, graph, settings, report, rangeOf, relatedAt, holdBack }) {
    // "No budget covers it" concludes from absence: only once the whole workspace has been read.
    if (!graph.complete) return;
    for (const object of manifest.objects) {
      const workload = readWorkload(object);
      if (!workload) continue;
      const floor = replicaFloor(graph, workload);
      if (!floor || floor.count < 2) continue;
      const { pdbs, uncertain } = pdbsCovering(graph, workload);
      if (pdbs.length > 0 || uncertain) continue;
      const unknown = graph.absenceUnknown(object.namespace);
      if (unknown) {
        holdBack(object, unknown);
        continue;
      }
      const namePair =
        pairAt(object.root, ['metadata', 'name'], object.doc) ?? pairAt(object.root, ['kind'], object.doc);
      const range = rangeOf(object, namePair);
      if (!range) continue;
      const fix = pdbFix(workload, manifest.file, manifest.lines, graph, minorVersion(settings.clusterVersion));
      report({
        range,
        message:
          `${object.kind} ${object.name} runs at least ${floor.count} pods (${floor.text}) and no PodDisruptionBudget covers them: ` +
          'node drains, cluster upgrades and autoscaler scale-downs may evict any number of them at once — all of them when they ' +
          'share a node or nodes are drained in parallel. Add a PodDisruptionBudget with maxUnavailable: 1.',
        related: floor.pair
          ? relatedAt(
              floor.object,
              floor.pair,
              `${floor.text}: the replica count that makes a disruption budget matter`,
            )
          : undefined,
        fixes: fix ? [fix] : undefined,
      });
    }
  },
};

function pdbFix(
  workload: Workload,
  file: string,
  lines: LineIndex,
  graph: ObjectGraph,
  minor: number,
): Fix | undefined {
  const { object } = workload;
  // A JSON file holds one object: a second YAML document would break it.
  if (/\.json$/i.test(file)) return undefined;
  const labels = workload.selector.size > 0 ? workload.selector : workload.template?.labels;
  if (!labels || labels.size === 0) return undefined;
  // Never generate a second object under a name that already exists: apply would overwrite it.
  if (graph.find('PodDisruptionBudget', object.namespace, `${object.name}-pdb`)) return undefined;
  // Written into the workload's file: under the name that file gives it (a kustomize build adds its prefix to
  // both), and with a namespace only where the file itself writes one.
  const name = `${writtenName(object)}-pdb`;
  const namespacePair = pairAt(object.root, ['metadata', 'namespace'], object.doc);
  const namespace =
    namespacePair && fileOf(namespacePair.key, object.file) === file ? object.declaredNamespace : undefined;
  const pdb = {
    apiVersion: minor > 0 && minor < 21 ? 'policy/v1beta1' : 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: namespace ? { name, namespace } : { name },
    spec: { maxUnavailable: 1, selector: { matchLabels: Object.fromEntries(labels) } },
  };
  const comment =
    `Generated by Scaling Assistant for ${object.kind} ${writtenName(object)}: maxUnavailable 1 lets drains evict one pod at a time ` +
    'and never blocks them, even at the minimum replica count.';
  return {
    title: `Add PodDisruptionBudget ${name} (maxUnavailable: 1) for ${object.kind} ${object.name}`,
    detail:
      'Appended as a new document to this file. Review the selector: it must match only the pods of this workload.',
    isPreferred: true,
    edits: [appendDocumentEdit(file, lines, pdb, comment)],
  };
}
