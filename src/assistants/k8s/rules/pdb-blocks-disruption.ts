import type { Node } from 'yaml';
import type { Fix, RelatedInformation, TextEdit } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { K8sRule } from '../rule';
import type { IntOrPercent, ReplicaFloor } from '../availability';
import type { K8sObject } from '../manifest';
import type { Workload } from '../workload';
import { plural, readIntOrPercent, replicaFloor, scaledValue } from '../availability';
import { isPdb, workloadsCoveredBy } from '../label-selector';
import { editableIn } from '../node-origin';
import type { AnyPair } from '../yaml-nodes';
import { pairAt } from '../yaml-nodes';

/**
 * A PodDisruptionBudget that allows no voluntary disruption at the workload's minimum replica count
 * (HPA minReplicas when an HPA scales it, else spec.replicas, default 1).
 *
 * Arithmetic as the disruption controller does it: percentages of both `minAvailable` and
 * `maxUnavailable` round UP (kubernetes.io "Specifying a Disruption Budget": "Kubernetes rounds up");
 * disruptionsAllowed = pods − minAvailable, or maxUnavailable itself. So `maxUnavailable: 0` / "0%" and
 * `minAvailable: "100%"` block at every count; an integer or smaller percentage of `minAvailable` blocks
 * when it reaches the pod count. When the PDB covers several workloads, their pods are counted together.
 */
export const pdbBlocksDisruption: K8sRule = {
  id: 'pdb-blocks-disruption',
  assistant: 'k8s',
  title: 'PodDisruptionBudget allows no voluntary disruption at the minimum replica count',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Let {count} PodDisruptionBudget(s) allow one disruption',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation: 'Prefer maxUnavailable: 1; drain a node in staging to confirm evictions go through.',
    skills: ['Kubernetes', 'Availability'],
  },
  docs: `
## Why it matters

\`kubectl drain\`, managed node upgrades and the cluster autoscaler evict pods through the Eviction API,
which refuses any eviction that would break a PodDisruptionBudget. A budget that allows zero disruptions
refuses them all: the drain retries for ever, the node upgrade stalls or is forced after a timeout, the
autoscaler cannot remove the node. With an HPA the workload sits at \`minReplicas\` whenever load is low —
exactly when maintenance usually runs.

Zero disruptions allowed, computed as the disruption controller does (percentages of \`minAvailable\` and
of \`maxUnavailable\` both round **up**):
- \`maxUnavailable: 0\` or \`"0%"\`, or \`minAvailable: "100%"\`: at any replica count;
- \`minAvailable: N\` (or a percentage that rounds up to N) when the covered workloads run N pods or fewer
  at their minimum (HPA \`minReplicas\` when an HPA scales them, else \`spec.replicas\`, default 1).

## How to fix it

Use \`maxUnavailable: 1\`: one pod may be evicted at a time whatever the replica count, so drains make
progress and never take more than one pod away. (The quick fix replaces the \`minAvailable\` field — key and
value, since the two fields are exclusive — or sets \`maxUnavailable\` to 1.) Alternatively keep
\`minAvailable\` and raise the floor above it: the HPA's \`minReplicas\` when an HPA scales the workload.

## When to ignore it

A single-instance stateful application whose operators agreed to be consulted before every drain
(the Kubernetes documentation describes \`maxUnavailable: 0\` for that case): suppress the finding there.
`,
  check({ manifest, graph, report, rangeOf, relatedAt }) {
    for (const pdb of manifest.objects) {
      if (!isPdb(pdb)) continue;
      const minPair = pairAt(pdb.root, ['spec', 'minAvailable'], pdb.doc);
      const maxPair = pairAt(pdb.root, ['spec', 'maxUnavailable'], pdb.doc);
      if (minPair && maxPair) continue; // invalid (exclusive fields): the API rejects it before any arithmetic
      const pair = minPair ?? maxPair;
      const value = pair && readIntOrPercent(pair.value, pdb.doc);
      if (!pair || !value) continue;
      const range = rangeOf(pdb, pair);
      if (!range) continue;
      const field = minPair ? 'minAvailable' : 'maxUnavailable';
      const fix = maxUnavailableOneFix(pair, manifest.file, manifest.lines, field);
      const always = minPair ? value.percent && value.value >= 100 : value.value === 0;

      const { workloads, uncertain } = workloadsCoveredBy(graph, pdb);
      const covered = workloads.map((workload) => ({ workload, floor: replicaFloor(graph, workload) }));
      const known = !uncertain && covered.length > 0 && covered.every((c) => c.floor !== undefined);
      const floors = covered as Covered[];

      if (always) {
        const who = known ? ` (${describeWorkloads(floors)})` : '';
        report({
          range,
          message:
            `PodDisruptionBudget ${pdb.name} sets ${field}: ${value.text}, which allows no voluntary disruption of its pods${who} ` +
            'at any replica count: every node drain, cluster upgrade and autoscaler scale-down that touches them hangs until someone ' +
            'deletes the budget or forces the eviction. Use maxUnavailable: 1.',
          related: known ? relatedFloors(floors, relatedAt) : undefined,
          fixes: fix ? [fix] : undefined,
        });
        continue;
      }
      if (!minPair || !known) continue;
      const total = floors.reduce((sum, c) => sum + c.floor.count, 0);
      const required = scaledValue(value, total, true);
      if (required < total) continue;
      const hpaFloor = floors.find((c) => c.floor.source === 'hpa')?.floor;
      const raise = hpaFloor
        ? `, or raise minReplicas of HorizontalPodAutoscaler ${hpaFloor.hpa?.object.name ?? ''} above ${required}`
        : `, or run more than ${plural(required, 'replica')}`;
      report({
        range,
        message:
          `PodDisruptionBudget ${pdb.name} requires minAvailable ${describeValue(value, total)}, and ${describeWorkloads(floors)} ` +
          `${floors.length === 1 ? 'runs' : 'run'} ${plural(total, 'pod')} ${floors.length === 1 ? 'at its minimum' : 'together at their minimum'}: ` +
          'it allows 0 voluntary disruptions, so every node drain, ' +
          `cluster upgrade and autoscaler scale-down that touches these pods hangs` +
          `${hpaFloor ? ' whenever the HPA sits at minReplicas (low load, when maintenance usually runs)' : ''}. ` +
          `Use maxUnavailable: 1${raise}.`,
        related: relatedFloors(floors, relatedAt),
        fixes: fix ? [fix] : undefined,
      });
    }
  },
};

interface Covered {
  workload: Workload;
  floor: ReplicaFloor;
}

function describeValue(value: IntOrPercent, total: number): string {
  return value.percent
    ? `${value.text} (${value.text} of ${total} rounds up to ${scaledValue(value, total, true)})`
    : value.text;
}

function describeWorkloads(covered: Covered[]): string {
  return covered
    .map(({ workload, floor }) => `${workload.object.kind} ${workload.object.name} (${floor.text})`)
    .join(' and ');
}

type RelatedAt = (object: K8sObject, pair: AnyPair | undefined, message: string) => RelatedInformation[] | undefined;

function relatedFloors(covered: Covered[], relatedAt: RelatedAt): RelatedInformation[] | undefined {
  const out = covered.flatMap(
    ({ workload, floor }) =>
      relatedAt(
        floor.object,
        floor.pair ?? pairAt(workload.object.root, ['metadata', 'name'], workload.object.doc),
        `${workload.object.kind} ${workload.object.name}: ${floor.text}`,
      ) ?? [],
  );
  return out.length > 0 ? out : undefined;
}

/**
 * `maxUnavailable: 1` in place of the offending field: for minAvailable the key and value are replaced
 * together (the two fields are exclusive), for maxUnavailable only the value. A trailing comment stays.
 */
function maxUnavailableOneFix(pair: AnyPair, file: string, lines: LineIndex, field: string): Fix | undefined {
  const key = pair.key as Node | undefined;
  const value = pair.value as Node | null | undefined;
  if (!key?.range || !value?.range || !editableIn(file, key, value)) return undefined;
  let edit: TextEdit;
  if (field === 'minAvailable') {
    const keyText = lines.text.slice(key.range[0], key.range[1]);
    const quote = keyText.startsWith('"') ? '"' : keyText.startsWith("'") ? "'" : '';
    edit = { file, range: lines.rangeOf(key.range[0], value.range[1]), newText: `${quote}maxUnavailable${quote}: 1` };
  } else {
    edit = { file, range: lines.rangeOf(value.range[0], value.range[1]), newText: '1' };
  }
  return {
    title:
      field === 'minAvailable'
        ? 'Replace minAvailable with maxUnavailable: 1 (one pod may be evicted at a time)'
        : 'Set maxUnavailable to 1 (one pod may be evicted at a time)',
    detail:
      'Drains then evict the pods one by one, waiting for each replacement to be ready. A workload running a single pod is briefly unavailable while it moves.',
    isPreferred: true,
    edits: [edit],
  };
}
