import type { Fix, TextEdit } from '../../../core/finding';
import type { K8sRule } from '../rule';
import type { Autoscaler } from '../autoscalers';
import { autoscaledWorkload, autoscalersFor, mayCoexist, readAutoscaler } from '../autoscalers';
import { oneOfEachName } from '../capacity';
import { replaceScalarEdit } from '../edits';
import type { ObjectGraph } from '../graph';
import type { ParsedManifest } from '../manifest';
import { expectedApiVersion } from '../scale-target';
import type { Workload } from '../workload';
import { SCALABLE_KINDS, describe } from '../workload';
import { deref, pairAt } from '../yaml-nodes';

/**
 * An HPA (or KEDA ScaledObject) named after one workload that scales another, while the workload of its own
 * name has no autoscaler at all: the usual trace of a copied manifest whose scaleTargetRef was not changed.
 * One workload then has no autoscaling and the other often has two autoscalers, which disables both.
 */
export const hpaTargetNameMismatch: K8sRule = {
  id: 'hpa-target-name-mismatch',
  assistant: 'k8s',
  title: 'Autoscaler named after a workload without one scales another workload',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Check the target of {count} autoscaler(s) named after another workload',
    baseHours: 0.5,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Compare `kubectl get hpa` with the workloads that should scale; after the change, check both workloads’ HPAs report ScalingActive=True.',
    skills: ['Kubernetes', 'HPA'],
    after: ['hpa-multiple-on-target'],
  },
  docs: `
## Why it matters

An HPA is usually named after what it scales. When HPA \`checkout-worker\` scales Deployment \`checkout\` while a
Deployment \`checkout-worker\` exists and nothing scales it, the HPA was almost certainly copied from
\`checkout\`'s and its \`scaleTargetRef\` never changed. Two things then go wrong at once: \`checkout-worker\` runs
at a fixed replica count however busy it gets, and \`checkout\` has two HPAs, which since Kubernetes 1.26 disables
both of them (\`AmbiguousSelector\`, see \`hpa-multiple-on-target\`).

Reported only when a scalable workload carries exactly the autoscaler's name, in its namespace, and no
HPA or ScaledObject scales it. KEDA ScaledObjects are read the same way.

## How to fix it

Point \`scaleTargetRef\` at the workload of the autoscaler's name (the quick fix sets its name, and its kind
and apiVersion when they differ), or rename the autoscaler after what it really scales.

## When to ignore it

When the workload of that name is deliberately not autoscaled (an old version kept at a fixed size during a
migration): suppress the finding on the line, or rename the autoscaler after its target.
`,
  check({ manifest, graph, report, rangeOf, relatedAt }) {
    // "Nothing scales the named workload" concludes from absence: only once the workspace is read.
    if (!graph.complete) return;
    for (const object of manifest.objects) {
      const autoscaler = readAutoscaler(object);
      if (!autoscaler || autoscaler.target.name === object.name) continue;
      const target = autoscaledWorkload(graph, autoscaler);
      const named = namedWorkload(graph, autoscaler);
      if (!target || !named) continue;
      const range = rangeOf(object, autoscaler.target.namePair);
      if (!range) continue;
      const others = autoscalersFor(graph, target).filter(
        (a) => a.hpaName !== autoscaler.hpaName && mayCoexist(object.file, a.object.file),
      );
      const what = autoscaler.kind === 'ScaledObject' ? 'ScaledObject' : 'HorizontalPodAutoscaler';
      report({
        range,
        message:
          `${what} ${object.name} scales ${describe(target.object)}, while ${describe(named.object)}, which carries its name, ` +
          `has no autoscaler: the ${what} probably names the wrong target (a copied manifest), so ${describe(named.object)} never scales.` +
          (others.length > 0
            ? ` ${describe(target.object)} is also scaled by ${others.map((a) => `${a.kind} ${a.object.name}`).join(', ')}, and two autoscalers on one workload disable each other.`
            : '') +
          ` Point scaleTargetRef at ${describe(named.object)}, or rename the ${what} after its target.`,
        related: relatedAt(
          named.object,
          pairAt(named.object.root, ['metadata', 'name'], named.object.doc),
          `${describe(named.object)}: nothing scales it`,
        ),
        fixes: retarget(manifest, autoscaler, named),
      });
    }
  },
};

/** A scalable workload of the autoscaler's own name, in its namespace and deployable with it, that nothing scales. */
function namedWorkload(graph: ObjectGraph, autoscaler: Autoscaler): Workload | undefined {
  const { namespace, name, file } = autoscaler.object;
  // The target's own kind first: a Deployment-scaling HPA most likely meant a Deployment.
  const kinds = [autoscaler.target.kind, ...[...SCALABLE_KINDS].filter((k) => k !== autoscaler.target.kind)];
  for (const kind of kinds) {
    if (!SCALABLE_KINDS.has(kind)) continue;
    const copies = graph.workloadCopies(kind, namespace, name).filter((w) => mayCoexist(file, w.object.file));
    if (copies.length === 0) continue;
    const [closest] = oneOfEachName(
      copies.map((w) => w.object),
      file,
    );
    const workload = copies.find((w) => w.object === closest);
    if (workload && autoscalersFor(graph, workload).length === 0) return workload;
  }
  return undefined;
}

function retarget(manifest: ParsedManifest, autoscaler: Autoscaler, named: Workload): Fix[] | undefined {
  const { object } = autoscaler;
  const { root, doc } = object;
  const ref = (key: string) => pairAt(root, ['spec', 'scaleTargetRef', key], doc);
  const replace = (key: string, value: string): TextEdit | undefined => {
    const pair = ref(key);
    return pair ? replaceScalarEdit(manifest.file, manifest.lines, deref(pair.value, doc), value) : undefined;
  };
  const target = named.object;
  const edits = [replace('name', target.name)];
  if (target.kind !== autoscaler.target.kind) {
    edits.push(replace('kind', target.kind));
    const apiVersion = expectedApiVersion(target);
    if (ref('apiVersion')) edits.push(replace('apiVersion', apiVersion));
  }
  if (!edits.every((e): e is TextEdit => e !== undefined)) return undefined;
  return [{ title: `Scale ${describe(target)} instead (scaleTargetRef)`, isPreferred: true, edits }];
}
