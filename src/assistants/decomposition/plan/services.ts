import type { Operation, ProposedService } from '../model';
import type { ProposedGroup } from '../cluster/propose';
import type { Dependency, Partition, PartitionFacts } from '../metrics/partition';
import { serviceOf } from '../metrics/partition';
import type { LineIndexes } from './positions';
import { rangeOf } from './positions';

/** Uses whose both ends are in different services (library files excluded). */
export function crossUses(
  uses: readonly Dependency[],
  partition: Partition,
): (Dependency & { fromService: string; toService: string })[] {
  const out: (Dependency & { fromService: string; toService: string })[] = [];
  for (const use of uses) {
    const fromService = serviceOf(partition, use.from);
    const toService = serviceOf(partition, use.to);
    if (fromService !== undefined && toService !== undefined && fromService !== toService)
      out.push({ ...use, fromService, toService });
  }
  return out;
}

/** Operations services must offer each other: one per (exporting file, name), with every caller. */
export function operationsOf(pf: PartitionFacts, partition: Partition, lines: LineIndexes): Operation[] {
  const byExport = new Map<string, Operation>();
  for (const use of crossUses(pf.uses, partition)) {
    const key = `${use.to}\u0000${use.symbol}`;
    let operation = byExport.get(key);
    if (!operation) {
      operation = { service: use.toService, name: use.symbol, file: use.to, symbol: use.symbol, callers: [] };
      byExport.set(key, operation);
    }
    operation.callers.push({
      service: use.fromService,
      file: use.from,
      range: rangeOf(lines, use.from, use.span, use.range),
    });
  }
  return [...byExport.values()].sort(
    (a, b) => compare(a.service, b.service) || compare(a.file, b.file) || compare(a.symbol, b.symbol),
  );
}

/**
 * Each service as the plan shows it. Tables owned: the owner rule of metrics/tables.ts (named after it, else most
 * writes). Tables read
 * from others: any table it accesses that another service owns. Routes: the use cases whose handler file it
 * holds. Operations: inbound (it must expose them) and outbound (it calls them).
 */
export function describeServices(
  groups: readonly ProposedGroup[],
  pf: PartitionFacts,
  partition: Partition,
  owners: ReadonlyMap<string, string>,
  operations: readonly Operation[],
): ProposedService[] {
  return groups.map((group) => {
    const files = new Set(group.files);
    const tablesOwned = [...owners]
      .filter(([, owner]) => owner === group.name)
      .map(([table]) => table)
      .sort();
    const accessed = new Set(pf.data.filter((d) => files.has(d.file)).map((d) => d.table));
    const tablesRead = [...accessed].filter((t) => owners.get(t) !== undefined && owners.get(t) !== group.name).sort();
    const useCases = pf.useCases.filter((u) => files.has(u.file));
    const routes = useCases.map((u) => u.name).sort();
    const inbound = operations.filter((o) => o.service === group.name);
    const outbound = operations.filter((o) => o.callers.some((c) => c.service === group.name));
    return {
      name: group.name,
      nameFrom: group.nameFrom,
      responsibilities: responsibilities(
        useCases.map((u) => u.name),
        tablesOwned,
        inbound,
        partition,
        group,
      ),
      files: [...group.files],
      tablesOwned,
      tablesRead,
      routes,
      operations: inbound,
      calls: outbound,
    };
  });
}

const LIST = 6;

function listed(items: readonly string[]): string {
  return items.length <= LIST ? items.join(', ') : `${items.slice(0, LIST).join(', ')} and ${items.length - LIST} more`;
}

function responsibilities(
  routes: readonly string[],
  tables: readonly string[],
  inbound: readonly Operation[],
  partition: Partition,
  group: ProposedGroup,
): string[] {
  const lines: string[] = [];
  if (routes.length > 0) lines.push(`Serves ${listed([...routes].sort())}`);
  if (tables.length > 0) lines.push(`Owns the data of ${listed(tables)} (tables)`);
  const exposed = [...new Set(inbound.map((o) => o.symbol))].sort();
  if (exposed.length > 0) lines.push(`Offers other services ${listed(exposed)}`);
  if (lines.length === 0) {
    const names = group.files.filter((f) => !partition.library.has(f)).map((f) => f.slice(f.lastIndexOf('/') + 1));
    lines.push(`Holds ${listed(names)}`);
  }
  return lines;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
