import type { DecompositionFacts, DecompositionPlan, PartitionMetrics, PlanOptions } from '../model';
import { SHARED } from '../cluster/hubs';
import type { Clustering, Proposal } from '../cluster/propose';
import { ENTRY, propose } from '../cluster/propose';
import { baselinePartition, folderAssignment, louvainAssignment } from '../metrics/baselines';
import { computeMetrics, tableOwners } from '../metrics';
import type { Partition, PartitionFacts } from '../metrics/partition';
import { findCrossings, filesNeedingLines } from './crossings';
import type { LineIndexes } from './positions';
import { describeServices, operationsOf } from './services';
import { extractionSteps } from './steps';

/** The proposal before places are known: what the planner needs to know which files' lines to read. */
export interface Proposed {
  facts: DecompositionFacts;
  pf: PartitionFacts;
  proposal: Proposal;
  partition: Partition;
  /** Files whose text must be read to place crossings (import spans are offsets). */
  needLines: string[];
}

export function proposeFor(
  facts: DecompositionFacts,
  pf: PartitionFacts,
  options: PlanOptions = {},
  clustering?: Clustering,
): Proposed {
  const proposal = propose(facts, pf, options, clustering);
  const library = new Set([...proposal.assignment].filter(([, s]) => s === SHARED || s === ENTRY).map(([f]) => f));
  const partition: Partition = { assignment: proposal.assignment, library };
  return { facts, pf, proposal, partition, needLines: filesNeedingLines(pf, partition) };
}

/** The two baselines' metrics: they depend on the facts only, so a what-if reuses them. */
export function baselineMetrics(
  facts: DecompositionFacts,
  pf: PartitionFacts,
): { folders: PartitionMetrics; louvain: PartitionMetrics } {
  return {
    folders: computeMetrics(pf, baselinePartition(pf, folderAssignment(facts.root, facts.files))),
    louvain: computeMetrics(pf, baselinePartition(pf, louvainAssignment(pf))),
  };
}

/**
 * The whole plan but its contracts (contracts/ fills `contracts` and `chatty`): services with their data,
 * routes and operations, crossings at their places, the metrics beside the baselines, and the steps.
 */
export function assemblePlan(
  proposed: Proposed,
  lines: LineIndexes,
  baselines: { folders: PartitionMetrics; louvain: PartitionMetrics },
): DecompositionPlan {
  const { facts, pf, proposal, partition } = proposed;
  const owners = tableOwners(pf.data, partition);
  const operations = operationsOf(pf, partition, lines);
  const services = describeServices(proposal.services, pf, partition, owners, operations);
  const crossings = findCrossings(pf, partition, lines);
  const steps = extractionSteps({
    services,
    crossings,
    data: pf.data,
    transactions: pf.transactions,
    partition,
    owners,
  });
  return {
    version: 1,
    root: facts.root,
    weights: proposal.weights,
    services,
    shared: facts.files.filter((f) => proposal.assignment.get(f) === SHARED),
    outliers: proposal.outliers,
    metrics: { ours: computeMetrics(pf, partition), ...baselines },
    contracts: [],
    chatty: [],
    crossings,
    steps,
    errors: [...facts.errors],
    notes: proposal.notes,
  };
}
