import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { Fix, TextEdit } from '../../../core/finding';
import type { K8sRule } from '../rule';
import { autoscalersFor } from '../autoscalers';
import { replicaFloor } from '../availability';
import { commentsWithin, insertPairEdit, setPairValueEdit } from '../edits';
import type { ObjectGraph } from '../graph';
import { resolveRelative } from '../paths';
import type { LabelSelector } from '../label-selector';
import { labelsText, readLabelSelector, selectorMatchesLabels, selectorText } from '../label-selector';
import type { ParsedManifest } from '../manifest';
import type { Workload } from '../workload';
import { describe, isCompleteWorkload, readWorkload } from '../workload';
import type { AnyPair } from '../yaml-nodes';
import { deref, findPair, pairAt, scalarText, seqItems, stringAt, valueAt } from '../yaml-nodes';

/**
 * A topology spread constraint, or a pod anti-affinity term, whose label selector does not select the
 * workload's own pods: the scheduler counts (or avoids) other pods and never these, so the replicas are not
 * spread by it. Spread constraints are always reported; an anti-affinity term only when the workload runs
 * several pods and nothing else spreads them, since keeping away from another app's pods is a legitimate use.
 */

interface Term {
  /** The constraint or PodAffinityTerm map. */
  map: YAMLMap;
  kind: 'spread' | 'anti-affinity';
  /** Where in the pod spec, for messages: "topologySpreadConstraints[0]". */
  where: string;
  selectorPair?: AnyPair;
  selector?: LabelSelector;
  topologyKey?: string;
}

export const spreadSelectorMissesOwnPods: K8sRule = {
  id: 'spread-selector-misses-own-pods',
  assistant: 'k8s',
  title: "Topology spread or anti-affinity selector does not select the workload's own pods",
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: "Make {count} spread selector(s) select the workload's own pods",
    baseHours: 0.5,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Roll out during quiet hours: pods placed under the corrected constraint may reschedule as they restart; check `kubectl get pods -o wide` shows them on different nodes.',
    skills: ['Kubernetes', 'Scheduling'],
  },
  docs: `
## Why it matters

A topology spread constraint counts, in each zone or node, the pods its \`labelSelector\` selects, and places a
new pod where that count stays within \`maxSkew\`. Pod anti-affinity keeps a pod off nodes (or zones) that run
pods its selector selects. Both spread a workload's replicas only if the selector selects **the workload's own
pods**. A selector copied from another Deployment (\`app: frontend\` in the backend's pod spec), a label renamed
in the template but not in the selector, or a missing \`labelSelector\` (which selects no pod at all) leaves the
constraint in place and doing nothing for these pods: all replicas may land on one node or in one zone, and
that node's failure or drain takes them down together, while the manifest looks well spread.

Spread constraints are reported whenever their selector misses the pod's own labels. An anti-affinity term is
reported when the workload runs at least 2 pods (or is autoscaled) and no other term or constraint selects its
own pods, since keeping away from another app's pods can be the intent. Terms limited to other namespaces
(\`namespaces\`, \`namespaceSelector\`) are not reported. When a kustomization that adds labels
(\`commonLabels\`, \`labels\`) builds the file, a selector asking for a label the pods do not carry yet is not
reported: the build may add it.

## How to fix it

Select the pod's own labels, usually the workload's \`spec.selector.matchLabels\`. The quick fix writes them into
the constraint's (or term's) \`labelSelector\`. To keep away from another app *and* spread the replicas, keep the
term and add one that selects the workload's own pods.

## When to ignore it

When an anti-affinity term is meant only to keep these pods away from another workload and spreading this
workload's replicas does not matter (a single-replica job runner).
`,
  check({ manifest, graph, report, rangeOf, relatedAt }) {
    for (const object of manifest.objects) {
      const workload = readWorkload(object);
      const template = workload?.template;
      // A DaemonSet runs one pod per node: spreading does not apply.
      if (!workload || !template || object.kind === 'DaemonSet') continue;
      const labels = template.labels;
      if (!isCompleteWorkload(workload)) continue;
      const terms = readTerms(workload);
      if (terms.length === 0) continue;
      const own = (t: Term) => t.selector !== undefined && selectorMatchesLabels(t.selector, labels) === true;
      const spreadsItself = terms.some(own);
      const mayBeAdded = labelsAddedByKustomize(graph, object.file);
      for (const term of terms) {
        if (own(term) || term.selector?.unreadable) continue;
        const missingOnly = term.selector ? asksOnlyForAbsentLabels(term.selector, labels) : false;
        if (term.selector && mayBeAdded && missingOnly) continue;
        if (term.kind === 'anti-affinity') {
          if (spreadsItself) continue;
          const floor = replicaFloor(graph, workload);
          if ((!floor || floor.count < 2) && autoscalersFor(graph, workload).length === 0) continue;
        }
        const range = rangeOf(object, term.selectorPair ?? findPair(term.map, 'topologyKey') ?? firstPair(term.map));
        if (!range) continue;
        const ownText = labelsText(labels);
        const asked = term.selector ? selectorText(term.selector) : undefined;
        const matched = asked && term.selector ? otherWorkloadMatched(graph, workload, term.selector) : undefined;
        const effect = !term.selector
          ? 'it counts no pods in any domain, so it spreads nothing'
          : term.kind === 'spread'
            ? 'the scheduler counts other pods in each domain and never these, so the constraint does not spread its replicas at all'
            : 'the term keeps these pods away from other pods only, and nothing spreads its own replicas: they may all share one node or zone';
        report({
          range,
          message:
            `${term.where} of ${describe(object)} ` +
            (asked
              ? `selects ${asked}, which its own pods (${ownText || 'no labels'}) do not match`
              : 'has no labelSelector, which selects no pod at all') +
            `${term.topologyKey ? ` (topologyKey ${term.topologyKey})` : ''}: ${effect}.` +
            (matched ? ` It selects the pods of ${describe(matched.object)}: copied from there?` : '') +
            ` Select the pods' own labels${workload.selector.size > 0 ? ` (${labelsText(workload.selector)})` : ''}.`,
          related: matched
            ? relatedAt(
                matched.object,
                pairAt(matched.object.root, ['spec', 'template', 'metadata', 'labels'], matched.object.doc),
                `the pods of ${describe(matched.object)}, which the selector selects`,
              )
            : undefined,
          fixes: selectOwnPods(manifest, workload, term),
        });
      }
    }
  },
};

/** Spread constraints, and anti-affinity terms (required and preferred) about pods of the workload's namespace. */
function readTerms(workload: Workload): Term[] {
  const { object } = workload;
  const { doc } = object;
  const spec = workload.template?.spec;
  const out: Term[] = [];
  const term = (map: unknown, kind: Term['kind'], where: string) => {
    if (!isMap(map)) return;
    const selectorPair = findPair(map, 'labelSelector');
    const value = selectorPair ? deref(selectorPair.value, doc) : undefined;
    out.push({
      map,
      kind,
      where,
      selectorPair,
      // `labelSelector: null` selects nothing, like an absent one.
      selector: value === null || value === undefined ? undefined : readLabelSelector(value, doc),
      topologyKey: stringAt(map, ['topologyKey'], doc),
    });
  };
  seqItems(valueAt(spec, ['topologySpreadConstraints'], doc), doc).forEach((c, i) =>
    term(c, 'spread', `topologySpreadConstraints[${i}]`),
  );
  const anti = valueAt(spec, ['affinity', 'podAntiAffinity'], doc);
  const aboutOwnNamespace = (t: unknown) => {
    if (!isMap(t)) return false;
    const namespaceSelector = deref(findPair(t, 'namespaceSelector')?.value, doc);
    if (namespaceSelector !== undefined && namespaceSelector !== null && scalarText(namespaceSelector) !== '')
      return false;
    const namespaces = seqItems(valueAt(t, ['namespaces'], doc), doc).map(scalarText);
    return namespaces.length === 0 || namespaces.includes(object.namespace);
  };
  seqItems(valueAt(anti, ['requiredDuringSchedulingIgnoredDuringExecution'], doc), doc).forEach((t, i) => {
    if (aboutOwnNamespace(t))
      term(t, 'anti-affinity', `podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[${i}]`);
  });
  seqItems(valueAt(anti, ['preferredDuringSchedulingIgnoredDuringExecution'], doc), doc).forEach((p, i) => {
    const t = valueAt(p, ['podAffinityTerm'], doc);
    if (aboutOwnNamespace(t))
      term(t, 'anti-affinity', `podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`);
  });
  return out;
}

/** Every requirement the pods fail is a label key they do not carry at all (not another value of one they do). */
function asksOnlyForAbsentLabels(selector: LabelSelector, labels: ReadonlyMap<string, string>): boolean {
  for (const [key, value] of selector.matchLabels) if (labels.has(key) && labels.get(key) !== value) return false;
  for (const { key, operator, values } of selector.expressions) {
    const value = labels.get(key);
    if (value === undefined) continue;
    if (operator === 'In' && !values.includes(value)) return false;
    if (operator === 'NotIn' && values.includes(value)) return false;
    if (operator === 'DoesNotExist') return false;
  }
  return true;
}

/**
 * Whether a kustomization that adds labels (`commonLabels`, `labels`) may build this file: its folder holds the
 * file, or its resources name the file or a folder above it. Such labels are not in the file itself.
 */
function labelsAddedByKustomize(graph: ObjectGraph, file: string): boolean {
  for (const kustomization of graph.ofKind('Kustomization')) {
    const { root, doc } = kustomization;
    if (valueAt(root, ['commonLabels'], doc) === undefined && valueAt(root, ['labels'], doc) === undefined) continue;
    const base = kustomization.file.slice(0, kustomization.file.lastIndexOf('/') + 1);
    if (file.startsWith(base)) return true;
    for (const item of seqItems(valueAt(root, ['resources'], doc), doc)) {
      const resource = scalarText(item);
      if (!resource) continue;
      const path = resolveRelative(base, resource);
      if (file === path || file.startsWith(`${path.replace(/\/$/, '')}/`)) return true;
    }
  }
  return false;
}

/** Another workload of the namespace whose pods the selector selects: where a copied selector came from. */
function otherWorkloadMatched(graph: ObjectGraph, workload: Workload, selector: LabelSelector): Workload | undefined {
  const first = selector.matchLabels.entries().next().value;
  return graph
    .workloadsWithLabel(workload.object.namespace, first)
    .find(
      (w) =>
        w.object.name !== workload.object.name &&
        w.template !== undefined &&
        selectorMatchesLabels(selector, w.template.labels) === true,
    );
}

function selectOwnPods(manifest: ParsedManifest, workload: Workload, term: Term): Fix[] | undefined {
  const labels = workload.selector.size > 0 ? workload.selector : workload.template?.labels;
  // Block YAML only: the edits write YAML syntax, which neither JSON nor a flow-style term can take.
  if (!labels || labels.size === 0 || /\.json$/i.test(manifest.file) || term.map.flow) return undefined;
  const value = { matchLabels: Object.fromEntries(labels) };
  let edit: TextEdit | undefined;
  if (term.selectorPair)
    edit = setPairValueEdit(
      manifest.file,
      manifest.lines,
      term.selectorPair,
      value,
      commentsWithin(term.selectorPair.value),
    );
  else edit = insertPairEdit(manifest.file, manifest.lines, term.map, 'labelSelector', value);
  if (!edit) return undefined;
  return [
    {
      title: `Select the pods' own labels (${labelsText(labels)}) in ${term.where}`,
      isPreferred: term.kind === 'spread',
      detail:
        term.kind === 'anti-affinity'
          ? 'If the term is meant to keep these pods away from another workload, add a new term for the own pods instead.'
          : undefined,
      edits: [edit],
    },
  ];
}

function firstPair(map: YAMLMap): AnyPair | undefined {
  return map.items[0] as AnyPair | undefined;
}
