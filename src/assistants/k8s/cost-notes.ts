import type { Finding } from '../../core/finding';
import { autoscaledWorkload, readAutoscaler } from './autoscalers';
import type { WorkloadCost } from './cost';
import { costNote, workloadCost } from './cost';
import type { ObjectGraph } from './graph';
import type { K8sObject, ParsedManifest } from './manifest';
import { objectAt } from './object-at';
import type { Prices } from './settings';
import { readWorkload } from './workload';

/**
 * What scaling costs, as evidence on findings: a finding on a workload, or on the HPA (or ScaledObject) that
 * scales one, carries a note with the workload's estimated monthly cost at the bottom and top of its replica
 * range. The CLI prints it in `check --format json` (`evidence.notes`) and the roadmap keeps it with the task's
 * places. Findings on other objects are left as they are.
 */
export function withCostNotes(
  findings: readonly Finding[],
  manifest: ParsedManifest,
  graph: ObjectGraph,
  prices: Prices,
): Finding[] {
  const costs = new Map<K8sObject, WorkloadCost | undefined>();
  const costOf = (object: K8sObject): WorkloadCost | undefined => {
    if (costs.has(object)) return costs.get(object);
    const autoscaler = readAutoscaler(object);
    const workload = readWorkload(object) ?? (autoscaler ? autoscaledWorkload(graph, autoscaler) : undefined);
    const cost = workload ? workloadCost(graph, workload, prices) : undefined;
    costs.set(object, cost);
    return cost;
  };
  return findings.map((finding) => {
    const object = objectAt(manifest, manifest.lines.offsetAt(finding.range.start));
    const cost = object && costOf(object);
    if (!cost) return finding;
    const notes = [...(finding.evidence?.notes ?? []), costNote(cost, prices)];
    return { ...finding, evidence: { ...finding.evidence, notes } };
  });
}
