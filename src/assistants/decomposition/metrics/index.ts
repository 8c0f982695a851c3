import type { PartitionMetrics } from '../model';
import { crossServiceOperations, interCallShare, interfaceCount } from './communication';
import { modularity } from './modularity';
import type { Partition, PartitionFacts } from './partition';
import { servicesOf } from './partition';
import { routePurity } from './route-purity';
import { sizeBalance } from './size-balance';
import { structuralModularity } from './structural-modularity';
import { distributedTransactions, tableOwnershipPurity, tablesWrittenByMany } from './tables';

export type { Dependency, Partition, PartitionFacts } from './partition';
export { partitionFacts, serviceOf, servicesOf } from './partition';
export { tableOwners } from './tables';

/**
 * Every metric of a partition, computed the same way for the proposal and the baselines. Structure (modularity,
 * SM) is measured on the partition as it is, library included as one more module; communication, use cases and
 * data pass over library files (see partition.ts).
 */
export function computeMetrics(facts: PartitionFacts, partition: Partition): PartitionMetrics {
  return {
    services: servicesOf(partition).length,
    modularity: round(modularity(facts.imports, partition.assignment)),
    structuralModularity: round(structuralModularity(facts.imports, partition.assignment)),
    interCallShare: round(interCallShare(facts.uses, partition)),
    interfaceCount: round(interfaceCount(facts.uses, partition)),
    sizeBalance: round(sizeBalance(partition)),
    routePurity: round(routePurity(facts.useCases, partition)),
    tableOwnershipPurity: round(tableOwnershipPurity(facts.data, partition)),
    tablesWrittenByMany: tablesWrittenByMany(facts.data, partition),
    distributedTransactions: distributedTransactions(facts.transactions, facts.data, partition),
    crossServiceOperations: crossServiceOperations(facts.uses, partition),
  };
}

/** Four decimals: enough to compare, stable in JSON. NaN (nothing to measure) stays NaN. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
