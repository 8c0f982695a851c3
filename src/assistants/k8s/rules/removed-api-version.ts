import { isMap, isScalar, isSeq } from 'yaml';
import type { Fix, TextEdit } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { K8sRule } from '../rule';
import { insertPairEdit, replaceScalarEdit } from '../edits';
import { v2beta1MetricEdits } from '../hpa-v2beta1-migration';
import type { K8sObject } from '../manifest';
import { minorVersion } from '../settings';
import { readWorkload } from '../workload';
import { deref, mapAt, pairAt } from '../yaml-nodes';

/**
 * Objects written in API versions Kubernetes has removed (or will remove), with the release that removes
 * them and the replacement. Severity follows the configured cluster version
 * (`scalingAssistant.k8s.clusterVersion`): at or past the removal the API server rejects the manifest; before
 * it, it is a warning with the deadline.
 */

interface Removal {
  apiVersion: string;
  kinds: readonly string[];
  /** Minor version of Kubernetes 1.x that stops serving it. */
  removedIn: number;
  replacement: string;
  /** Minor version from which the replacement is served (a fix before that would break the manifest). */
  availableSince: number;
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet'];

const REMOVALS: readonly Removal[] = [
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    removedIn: 25,
    replacement: 'autoscaling/v2',
    availableSince: 23,
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    removedIn: 26,
    replacement: 'autoscaling/v2',
    availableSince: 23,
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodDisruptionBudget'],
    removedIn: 25,
    replacement: 'policy/v1',
    availableSince: 21,
  },
  { apiVersion: 'extensions/v1beta1', kinds: WORKLOADS, removedIn: 16, replacement: 'apps/v1', availableSince: 9 },
  { apiVersion: 'apps/v1beta1', kinds: WORKLOADS, removedIn: 16, replacement: 'apps/v1', availableSince: 9 },
  { apiVersion: 'apps/v1beta2', kinds: WORKLOADS, removedIn: 16, replacement: 'apps/v1', availableSince: 9 },
];

/** What changes beyond the apiVersion, for the fix's detail (defaults that differ in apps/v1). */
const WORKLOAD_DEFAULTS: Record<string, string> = {
  Deployment:
    'apps/v1 defaults differ from the beta ones: rolling updates use maxSurge/maxUnavailable 25% (extensions/v1beta1: 1 and 1), ' +
    'revisionHistoryLimit is 10 and progressDeadlineSeconds 600. Set them explicitly if you relied on the old values.',
  DaemonSet:
    'apps/v1 defaults updateStrategy to RollingUpdate (extensions/v1beta1: OnDelete): set it explicitly if pods must only be replaced by hand.',
  StatefulSet:
    'apps/v1 defaults updateStrategy to RollingUpdate (apps/v1beta1: OnDelete): set it explicitly if pods must only be replaced by hand.',
  ReplicaSet: 'apps/v1 requires spec.selector to match the template labels.',
};

export const removedApiVersion: K8sRule = {
  id: 'removed-api-version',
  assistant: 'k8s',
  title: 'Object uses a removed (or soon removed) Kubernetes API version',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Move {count} object(s) off removed Kubernetes API versions',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Convert with kubectl convert (or by hand for autoscaling/v2 metrics), dry-run against the target cluster version and apply before the cluster upgrade.',
    skills: ['Kubernetes'],
  },
  docs: `
## Why it matters

Kubernetes removes beta APIs on a published schedule. Once the cluster runs the release that removes one,
the API server rejects every manifest written in it: \`kubectl apply\`, Helm and GitOps syncs fail with
"no matches for kind … in version …", and the objects can neither be updated nor recreated. For scaling this
bites at the worst moment: an HPA or PodDisruptionBudget that cannot be applied after an upgrade leaves the
workload without autoscaling or without disruption protection.

| apiVersion | kinds | removed in | use |
| --- | --- | --- | --- |
| autoscaling/v2beta1 | HorizontalPodAutoscaler | 1.25 | autoscaling/v2 (1.23+) |
| autoscaling/v2beta2 | HorizontalPodAutoscaler | 1.26 | autoscaling/v2 (1.23+) |
| policy/v1beta1 | PodDisruptionBudget | 1.25 | policy/v1 (1.21+) |
| extensions/v1beta1, apps/v1beta1, apps/v1beta2 | Deployment, DaemonSet, StatefulSet, ReplicaSet | 1.16 | apps/v1 |

The severity follows \`scalingAssistant.k8s.clusterVersion\`: an error once the cluster is at or past the removal,
a warning with the deadline before it.

## How to fix it

- **autoscaling/v2beta2 → v2**: the schemas are the same; change the apiVersion.
- **autoscaling/v2beta1 → v2**: the metric targets moved into a \`target\` block: \`targetAverageUtilization: 70\`
  becomes \`target: {type: Utilization, averageUtilization: 70}\`, \`targetAverageValue\` / \`targetValue\` become
  \`AverageValue\` / \`Value\` targets, \`metricName\` (and \`selector\`, \`metricSelector\`) become \`metric: {name, selector}\`,
  and an Object metric's \`target\` (the object it describes) becomes \`describedObject\`. The quick fix makes these
  edits in place, keeping comments.
- **policy/v1beta1 → v1**: the schema is the same, with one change of meaning: in policy/v1 an **empty selector
  selects every pod in the namespace** (in v1beta1 it selected none). The fix is offered only when the selector
  is not empty.
- **extensions/v1beta1, apps/v1beta1, apps/v1beta2 → apps/v1**: apps/v1 requires \`spec.selector\`; the fix adds
  \`selector.matchLabels\` from the pod template's labels when it is missing. Some defaults differ (rolling update
  surge, DaemonSet update strategy); the fix's detail lists them.

\`kubectl convert\` (a kubectl plugin) and the Kubernetes deprecated API migration guide cover the remaining cases.

## When to ignore it

Only while the cluster is older than the removal and cannot serve the replacement yet; upgrade the manifest
in the same change as the cluster.
`,
  check({ manifest, settings, report, rangeOf }) {
    const cluster = minorVersion(settings.clusterVersion);
    const json = manifest.file.toLowerCase().endsWith('.json');
    for (const object of manifest.objects) {
      const removal = REMOVALS.find((r) => r.apiVersion === object.apiVersion && r.kinds.includes(object.kind));
      if (!removal) continue;
      const apiPair = pairAt(object.root, ['apiVersion'], object.doc);
      const range = rangeOf(object, apiPair);
      if (!range || !apiPair) continue;
      const removed = cluster >= removal.removedIn;
      const replaceApi = replaceScalarEdit(
        manifest.file,
        manifest.lines,
        deref(apiPair.value, object.doc),
        removal.replacement,
      );
      let fix: Fix | undefined;
      let note = '';
      if (cluster < removal.availableSince) {
        note = ` The cluster (1.${cluster}) does not serve ${removal.replacement} yet (1.${removal.availableSince}+): migrate together with the upgrade.`;
      } else if (replaceApi) {
        const planned = migration(object, removal, manifest.file, manifest.lines, json);
        note = planned.note;
        if (planned.edits) {
          fix = {
            title: `Migrate to ${removal.replacement}${planned.what}`,
            detail: planned.detail,
            isPreferred: true,
            edits: [replaceApi, ...planned.edits],
          };
        }
      }
      report({
        range,
        severity: removed ? 'error' : 'warning',
        message: removed
          ? `${object.kind} ${object.name} uses ${removal.apiVersion}, removed in Kubernetes 1.${removal.removedIn} ` +
            `(cluster ${settings.clusterVersion}): the API server rejects this manifest, so it cannot be applied or updated. ` +
            `Use ${removal.replacement}.${note}`
          : `${object.kind} ${object.name} uses ${removal.apiVersion}, deprecated, removed in 1.${removal.removedIn}: ` +
            `after that upgrade the API server rejects this manifest. Use ${removal.replacement}.${note}`,
        fixes: fix ? [fix] : undefined,
      });
    }
  },
};

interface Planned {
  /** Edits beyond the apiVersion; undefined when no safe fix exists. */
  edits?: TextEdit[];
  what: string;
  detail?: string;
  note: string;
}

function migration(object: K8sObject, removal: Removal, file: string, lines: LineIndex, json: boolean): Planned {
  const { root, doc } = object;
  if (removal.apiVersion === 'autoscaling/v2beta1') {
    const metricEdits = v2beta1MetricEdits(object, file, lines);
    if (!metricEdits || (json && metricEdits.length > 0)) {
      return {
        what: '',
        note: ' Its metrics need converting to target blocks by hand (no automatic fix for this shape).',
      };
    }
    return {
      edits: metricEdits,
      what: metricEdits.length > 0 ? ' (metric targets converted to target blocks)' : '',
      detail:
        'autoscaling/v2 spells each metric target as target: {type, averageUtilization | averageValue | value} and names custom metrics under metric: {name, selector}.',
      note: '',
    };
  }
  if (removal.apiVersion === 'autoscaling/v2beta2') return { edits: [], what: ' (same schema)', note: '' };
  if (removal.apiVersion === 'policy/v1beta1') {
    if (selectorEmpty(object)) {
      return {
        what: '',
        note: ' Careful: its selector is empty, which selects no pods in policy/v1beta1 but every pod of the namespace in policy/v1; write the selector before migrating.',
      };
    }
    return {
      edits: [],
      what: ' (same schema)',
      detail: 'In policy/v1 an empty selector selects every pod in the namespace; this one is not empty.',
      note: '',
    };
  }
  // Workloads into apps/v1.
  const spec = mapAt(root, ['spec'], doc);
  if (!spec) return { what: '', note: '' };
  const removedFields = ['rollbackTo', 'templateGeneration'].filter((f) => pairAt(spec, [f], doc));
  if (removedFields.length > 0) {
    return {
      what: '',
      note: ` Remove ${removedFields.map((f) => `spec.${f}`).join(' and ')} first (not part of apps/v1).`,
    };
  }
  const edits: TextEdit[] = [];
  let what = '';
  if (!pairAt(spec, ['selector'], doc)) {
    const labels = readWorkload(object)?.template?.labels;
    if (!labels || labels.size === 0 || json) {
      return {
        what: '',
        note: ' apps/v1 also requires spec.selector, and the pod template has no labels to build it from.',
      };
    }
    const edit = insertPairEdit(file, lines, spec, 'selector', { matchLabels: Object.fromEntries(labels) });
    if (!edit) return { what: '', note: '' };
    edits.push(edit);
    what = ' (adds spec.selector.matchLabels from the template labels, which apps/v1 requires)';
  }
  return { edits, what, detail: WORKLOAD_DEFAULTS[object.kind], note: '' };
}

/**
 * A PDB selector that selects nothing in v1beta1 and every pod of the namespace in v1: `{}`, or only empty
 * parts. An absent (null) selector selects nothing in both, so migrating it changes no meaning.
 */
function selectorEmpty(object: K8sObject): boolean {
  const selector = deref(pairAt(object.root, ['spec', 'selector'], object.doc)?.value, object.doc);
  if (!isMap(selector)) return false;
  return selector.items.every((item) => {
    const value = deref(item.value, object.doc);
    return (
      value === null ||
      value === undefined ||
      ((isMap(value) || isSeq(value)) && value.items.length === 0) ||
      (isScalar(value) && value.value === null)
    );
  });
}
