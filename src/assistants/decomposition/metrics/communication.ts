import type { Dependency, Partition } from './partition';
import { serviceOf, servicesOf } from './partition';

/** A use whose both ends belong to services (not the library) and whose services differ. */
function crossing(partition: Partition, use: Dependency): { from: string; to: string } | undefined {
  const from = serviceOf(partition, use.from);
  const to = serviceOf(partition, use.to);
  return from !== undefined && to !== undefined && from !== to ? { from, to } : undefined;
}

/**
 * Inter-call percentage ICP: the share of uses (call sites, or imported names without call facts) between
 * service files that cross a boundary, 0..1; 0 when there are none. Library files are left out.
 */
export function interCallShare(uses: readonly Dependency[], partition: Partition): number {
  let total = 0;
  let crossed = 0;
  for (const use of uses) {
    if (serviceOf(partition, use.from) === undefined || serviceOf(partition, use.to) === undefined) continue;
    total++;
    if (crossing(partition, use)) crossed++;
  }
  return total === 0 ? 0 : crossed / total;
}

/**
 * Interface number IFN: per service, the distinct exports (file and name) other services use; averaged over
 * the services (0 without services).
 */
export function interfaceCount(uses: readonly Dependency[], partition: Partition): number {
  const services = servicesOf(partition);
  if (services.length === 0) return 0;
  const exposed = new Set<string>();
  for (const use of uses) if (crossing(partition, use)) exposed.add(`${use.to}\u0000${use.symbol}`);
  return exposed.size / services.length;
}

/** Distinct (caller service, callee service, export) triples: the operations a network split must carry. */
export function crossServiceOperations(uses: readonly Dependency[], partition: Partition): number {
  const operations = new Set<string>();
  for (const use of uses) {
    const cross = crossing(partition, use);
    if (cross) operations.add(`${cross.from}\u0000${cross.to}\u0000${use.to}\u0000${use.symbol}`);
  }
  return operations.size;
}
