import type { TextEdit } from '../../../core/finding';
import type { K8sRule } from '../rule';
import { insertPairEdit, replaceScalarEdit } from '../edits';
import { readHpa } from '../hpa';
import type { TargetRef } from '../scale-target';
import { NOT_SCALABLE, expectedApiVersion, resolveScaleTarget } from '../scale-target';
import { deref, mapAt, pairAt } from '../yaml-nodes';

/**
 * scaleTargetRef names the right object with the wrong kind (the workspace has a StatefulSet `web`, the
 * HPA says Deployment `web`), or with an apiVersion whose group does not serve the kind (Deployment in
 * `extensions/v1beta1`, a Rollout in `apps/v1`, no apiVersion at all). The controller resolves the target
 * by group and kind, so either way it finds nothing and never scales.
 */
export const hpaTargetWrongKind: K8sRule = {
  id: 'hpa-target-wrong-kind',
  assistant: 'k8s',
  title: 'HorizontalPodAutoscaler scaleTargetRef has the wrong kind or apiVersion for its target',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Fix scaleTargetRef in {count} HPA(s)',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation: "Dry-run the change and check the HPA's AbleToScale condition after applying it.",
    skills: ['Kubernetes', 'HPA'],
  },
  docs: `
## Why it matters

The HPA controller finds its target by the **group** of \`scaleTargetRef.apiVersion\` and the \`kind\`, then reads
that object's scale subresource. If the kind is not the kind of the workload (the workspace has a StatefulSet
\`web\`, the HPA says \`Deployment\`), or the group does not serve that kind (\`extensions/v1beta1\` Deployments
were removed in Kubernetes 1.16; Argo Rollouts live in \`argoproj.io\`, not \`apps\`; a reference without
\`apiVersion\` looks in the core group), the controller reports \`FailedGetScale\` on every sync and the
workload never scales, however high the load.

A reference with the right group but an old version (\`apps/v1beta2\` for a Deployment) still works, because
the controller ignores the version; it is reported as information only, so the reference reads like what the
cluster serves.

## How to fix it

Write the workload's real kind and its current apiVersion: \`apps/v1\` for Deployment, StatefulSet and
ReplicaSet, \`v1\` for ReplicationController, \`argoproj.io/v1alpha1\` for an Argo Rollout. The quick fix does
exactly that.

## When to ignore it

Never for a wrong kind or group. If the target is a custom resource whose group this workspace does not
define, the rule stays silent.
`,
  check({ manifest, graph, settings, report, rangeOf, relatedAt, holdBack }) {
    for (const object of manifest.objects) {
      const hpa = readHpa(object);
      if (!hpa) continue;
      const resolved = resolveScaleTarget(hpa, graph, settings);
      const scaleTargetRef = mapAt(object.root, ['spec', 'scaleTargetRef'], object.doc);
      const json = manifest.file.toLowerCase().endsWith('.json');
      const setApiVersion = (ref: TargetRef, value: string): TextEdit | undefined => {
        if (ref.apiVersionPair)
          return replaceScalarEdit(manifest.file, manifest.lines, deref(ref.apiVersionPair.value, object.doc), value);
        // Inserting a pair writes YAML syntax, which a JSON file cannot take.
        return scaleTargetRef && !json
          ? insertPairEdit(manifest.file, manifest.lines, scaleTargetRef, 'apiVersion', value)
          : undefined;
      };

      // "No such kind of that name" concludes from absence: hold it back until the workspace is read.
      if (resolved.state === 'wrong-kind' && graph.complete) {
        const unknown = graph.absenceUnknown(object.namespace);
        if (unknown) {
          holdBack(object, unknown);
          continue;
        }
        const { ref, candidates } = resolved;
        const range = rangeOf(object, ref.kindPair);
        if (!range) continue;
        const names = candidates.map((c) => `a ${c.kind}`).join(' and ');
        const single = candidates.length === 1 ? candidates[0] : undefined;
        const unscalable = single && NOT_SCALABLE[single.kind];
        let fixes;
        if (single && !unscalable && ref.kindPair) {
          const apiVersion = expectedApiVersion(single);
          const edits = [
            replaceScalarEdit(manifest.file, manifest.lines, deref(ref.kindPair.value, object.doc), single.kind),
          ];
          if (ref.apiVersion !== apiVersion) edits.push(setApiVersion(ref, apiVersion));
          if (edits.every((e): e is TextEdit => e !== undefined)) {
            fixes = [
              {
                title: `Target ${single.kind} ${single.name} (kind: ${single.kind}, apiVersion: ${apiVersion})`,
                isPreferred: true,
                edits,
              },
            ];
          }
        }
        report({
          range,
          message:
            `HorizontalPodAutoscaler ${object.name} targets ${ref.kind} ${ref.name}, but namespace ${object.namespace} has ` +
            `${names} named ${ref.name} and no ${ref.kind}: the HPA reports FailedGetScale and never scales it.` +
            (unscalable
              ? ` Correcting the kind would not help either: a ${single.kind} has no scale subresource. ${unscalable}`
              : single
                ? ` Set kind: ${single.kind}.`
                : ' Set the kind of the workload you mean.'),
          related: candidates.flatMap(
            (c) => relatedAt(c, pairAt(c.root, ['kind'], c.doc), `${c.kind} ${c.name} is defined here`) ?? [],
          ),
          fixes,
        });
        continue;
      }

      if (resolved.state !== 'ok') continue;
      const { ref, wrongGroup, staleVersion, object: target } = resolved;
      const related = target
        ? relatedAt(target, pairAt(target.root, ['kind'], target.doc), `${target.kind} ${target.name} is defined here`)
        : undefined;
      if (wrongGroup) {
        const range = rangeOf(object, ref.apiVersionPair ?? ref.kindPair);
        if (!range) continue;
        const edit = setApiVersion(ref, wrongGroup.expected);
        const written = ref.apiVersion ? `apiVersion ${ref.apiVersion}` : 'no apiVersion (the core group)';
        report({
          range,
          message:
            `HorizontalPodAutoscaler ${object.name} refers to ${ref.kind} ${ref.name} with ${written}, which does not serve ` +
            `${ref.kind}: the controller cannot resolve the target, reports FailedGetScale and never scales it. ` +
            `Use apiVersion: ${wrongGroup.expected}.`,
          related,
          fixes: edit
            ? [{ title: `Set scaleTargetRef.apiVersion to ${wrongGroup.expected}`, isPreferred: true, edits: [edit] }]
            : undefined,
        });
      } else if (staleVersion && ref.apiVersionPair) {
        const range = rangeOf(object, ref.apiVersionPair);
        const edit = setApiVersion(ref, staleVersion.expected);
        if (!range) continue;
        report({
          range,
          severity: 'info',
          message:
            `HorizontalPodAutoscaler ${object.name} refers to ${ref.kind} ${ref.name} as ${ref.apiVersion}, a version the API ` +
            `no longer serves. The HPA controller resolves targets by group only, so scaling still works; write ` +
            `${staleVersion.expected} so the reference matches what the cluster serves.`,
          related,
          fixes: edit
            ? [{ title: `Set scaleTargetRef.apiVersion to ${staleVersion.expected}`, isPreferred: true, edits: [edit] }]
            : undefined,
        });
      }
    }
  },
};
