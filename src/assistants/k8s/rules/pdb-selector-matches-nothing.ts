import type { K8sRule } from '../rule';
import type { LabelSelector } from '../label-selector';
import { isPdb, labelsText, pdbSelector, workloadsCoveredBy } from '../label-selector';
import { describeSource } from '../pod-sources';
import type { Workload } from '../workload';
import { pairAt } from '../yaml-nodes';

/**
 * A PodDisruptionBudget whose selector covers no pods, or every pod of its namespace.
 *
 * - A selector that matches no pod template of the workspace's workloads in its namespace: reported only
 *   when the workspace has at least one workload in that namespace. With none, the pods may come from
 *   elsewhere (another repository, an operator, a chart not rendered here) and we say nothing.
 * - No selector, or `selector: null`: selects no pods by definition (both apiVersions); `{}` in
 *   policy/v1beta1 likewise. Reported whatever the workspace holds.
 * - `{}` in policy/v1: selects every pod of the namespace. Reported: one budget then governs unrelated
 *   workloads together, and the Eviction API refuses to evict any pod that more than one PDB covers.
 */
export const pdbSelectorMatchesNothing: K8sRule = {
  id: 'pdb-selector-matches-nothing',
  assistant: 'k8s',
  title: 'PodDisruptionBudget selector matches no workload (or every pod of the namespace)',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Fix the selectors of {count} PodDisruptionBudget(s)',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'Compare the selector with the pod template labels; kubectl get pdb shows ALLOWED DISRUPTIONS once it matches.',
    skills: ['Kubernetes', 'Availability'],
  },
  docs: `
## Why it matters

A PodDisruptionBudget protects exactly the pods its \`spec.selector\` matches. A selector with a typo, a
label the pod template does not carry, or a label that changed in a refactor protects nothing: drains and
upgrades evict the pods you meant to keep available, and nothing tells you.

Reported when the selector (\`matchLabels\` and \`matchExpressions\`) matches the pod template labels of
none of the workspace's workloads in the budget's namespace — only when the workspace has at least one
workload in that namespace; otherwise the pods may be defined elsewhere and nothing is said. Pods that
operators create count as workloads, with the labels each operator sets and the ones the resource asks for
(Prometheus, PrometheusAgent, Alertmanager and ThanosRuler of the Prometheus Operator, ECK's Elasticsearch
and Kibana, Strimzi's Kafka, KafkaConnect, KafkaMirrorMaker2 and KafkaBridge, CloudNativePG's Cluster, the
RabbitMQ operator's RabbitmqCluster). In a namespace that holds a custom resource of a kind the reviewer does
not know, nothing is concluded: its operator may create the pods, and the analysis says so. A budget
without a selector (or \`selector: null\`, or \`{}\` in policy/v1beta1) selects no pods by definition.

An empty selector \`{}\` in policy/v1 is the opposite mistake: it selects **every** pod of the namespace.
One budget then counts unrelated workloads together, and any pod that another PDB also covers can no
longer be evicted at all (the Eviction API refuses pods with more than one budget), so drains hang.

## How to fix it

Copy the workload's \`spec.selector.matchLabels\` into the budget's \`spec.selector.matchLabels\`.

## When to ignore it

When the pods come from something the workspace does not contain (another repository, or an operator
the reviewer does not know and whose resource is not in the workspace): suppress the finding on that budget.
`,
  check({ manifest, graph, report, rangeOf, relatedAt, holdBack }) {
    for (const pdb of manifest.objects) {
      if (!isPdb(pdb)) continue;
      const { scope, pair, selector } = pdbSelector(pdb);
      const anchor = pair ?? pairAt(pdb.root, ['spec'], pdb.doc) ?? pairAt(pdb.root, ['metadata', 'name'], pdb.doc);
      const range = rangeOf(pdb, anchor);
      if (!range) continue;
      if (scope === 'all') {
        report({
          range,
          message:
            `PodDisruptionBudget ${pdb.name} has an empty selector, which in ${pdb.apiVersion} selects every pod of namespace ${pdb.namespace}: ` +
            'unrelated workloads share one budget, and any pod another PodDisruptionBudget also covers can no longer be evicted at all ' +
            '(the Eviction API refuses pods with more than one budget), so drains hang. Select the pods of one workload with matchLabels.',
        });
        continue;
      }
      if (scope === 'none') {
        const why = pair
          ? pdb.apiVersion === 'policy/v1beta1'
            ? 'an empty selector, which in policy/v1beta1 selects no pods'
            : 'a null selector, which selects no pods'
          : 'no spec.selector, so it selects no pods';
        report({
          range,
          message: `PodDisruptionBudget ${pdb.name} has ${why}: it protects nothing during drains and upgrades. Set spec.selector.matchLabels to the labels of the pods it should protect.`,
        });
        continue;
      }
      // "Matches nothing" concludes from absence: only once the whole workspace has been read.
      if (scope !== 'some' || !graph.complete) continue;
      const inNamespace = graph.workloadsWithLabel(pdb.namespace);
      const operated = graph.podSourcesIn(pdb.namespace);
      if (inNamespace.length === 0 && operated.length === 0) continue;
      const { workloads, sources, uncertain } = workloadsCoveredBy(graph, pdb);
      if (workloads.length > 0 || sources.length > 0 || uncertain) continue;
      const unknown = graph.absenceUnknown(pdb.namespace);
      if (unknown) {
        holdBack(pdb, unknown);
        continue;
      }
      const nearest = inNamespace.length === 1 ? inNamespace[0] : closest(selector, inNamespace);
      const labelsOf = (w: Workload) => labelsText(w.template?.labels ?? new Map<string, string>()) || 'no labels';
      const alsoOperated =
        operated.length > 0
          ? `, nor those of ${operated.length === 1 ? describeSource(operated[0]) : `the ${operated.length} pod sets operators create there`}`
          : '';
      const which =
        inNamespace.length === 0
          ? `its selector does not match the pods of ${operated.length === 1 ? describeSource(operated[0]) : `the ${operated.length} pod sets operators create in namespace ${pdb.namespace}`}`
          : inNamespace.length === 1
            ? `its selector does not match the pod labels of ${inNamespace[0].object.kind} ${inNamespace[0].object.name} (${labelsOf(inNamespace[0])}), the only workload in namespace ${pdb.namespace}`
            : `its selector matches the pod labels of none of the ${inNamespace.length} workloads in namespace ${pdb.namespace}` +
              `${nearest ? ` (the closest, ${nearest.object.kind} ${nearest.object.name}, has ${labelsOf(nearest)})` : ''}`;
      const whichAll = inNamespace.length === 0 ? which : `${which}${alsoOperated}`;
      report({
        range,
        message:
          `PodDisruptionBudget ${pdb.name} selects no pods: ${whichAll}, so it protects nothing during drains and upgrades. ` +
          "Copy the workload's selector labels into spec.selector.matchLabels.",
        related: nearest
          ? relatedAt(
              nearest.object,
              pairAt(nearest.object.root, ['spec', 'template', 'metadata', 'labels'], nearest.object.doc),
              `pod template labels of ${nearest.object.kind} ${nearest.object.name}`,
            )
          : undefined,
      });
    }
  },
};

/** The workload whose template labels share the most selector keys with the budget: the likely intent. */
function closest(selector: LabelSelector | undefined, workloads: readonly Workload[]): Workload | undefined {
  if (!selector) return undefined;
  const keys = new Set([...selector.matchLabels.keys(), ...selector.expressions.map((e) => e.key)]);
  let best: Workload | undefined;
  let bestScore = 0;
  for (const workload of workloads) {
    const labels = workload.template?.labels;
    if (!labels) continue;
    const score = [...keys].filter((k) => labels.has(k)).length;
    if (score > bestScore) {
      best = workload;
      bestScore = score;
    }
  }
  return best;
}
