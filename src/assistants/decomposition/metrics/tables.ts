import type { DataAccess, TransactionFact } from '../model';
import type { Partition } from './partition';
import { serviceOf } from './partition';

interface TableUse {
  writes: Map<string, number>;
  reads: Map<string, number>;
}

function tableUses(data: readonly DataAccess[], partition: Partition): Map<string, TableUse> {
  const tables = new Map<string, TableUse>();
  for (const access of data) {
    const service = serviceOf(partition, access.file);
    if (service === undefined) continue;
    const use = tables.get(access.table) ?? { writes: new Map(), reads: new Map() };
    const counts = access.mode === 'write' ? use.writes : use.reads;
    counts.set(service, (counts.get(service) ?? 0) + 1);
    tables.set(access.table, use);
  }
  return tables;
}

const singular = (word: string) => word.replace(/ies$/, 'y').replace(/s$/, '');

/** `orders` is named after `orders`, `order` and `order_items`; `public.users` after `users`. */
export function namedAfter(service: string, table: string): boolean {
  const t = (table.split('.').pop() ?? table).toLowerCase();
  const s = singular(service.toLowerCase().replace(/-/g, '_'));
  return s !== '' && (singular(t) === s || t.startsWith(`${s}_`));
}

/**
 * The owner of each table: a service named after it (`orders` for orders and order_items) when that service
 * writes it (or, for a table nobody writes, reads it): the domain says whose data it is even where another service
 * writes it more often. Otherwise the service with the most write accesses; a tie goes to the one with the most
 * accesses of any kind, then to the first name. A table nobody writes goes to its most frequent reader.
 */
export function tableOwners(data: readonly DataAccess[], partition: Partition): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [table, use] of tableUses(data, partition)) {
    const services = new Set([...use.writes.keys(), ...use.reads.keys()]);
    const users = use.writes.size > 0 ? [...use.writes.keys()] : [...services];
    const named = users.filter((s) => namedAfter(s, table)).sort();
    if (named.length > 0) {
      owners.set(table, named[0]);
      continue;
    }
    const score = (s: string) => [use.writes.get(s) ?? 0, (use.writes.get(s) ?? 0) + (use.reads.get(s) ?? 0)];
    const owner = [...services].sort((a, b) => {
      const [wa, ta] = score(a);
      const [wb, tb] = score(b);
      return wb - wa || tb - ta || (a < b ? -1 : a > b ? 1 : 0);
    })[0];
    owners.set(table, owner);
  }
  return owners;
}

/** Share of tables (used by service files) that exactly one service accesses, 0..1; NaN without tables. */
export function tableOwnershipPurity(data: readonly DataAccess[], partition: Partition): number {
  const uses = [...tableUses(data, partition).values()];
  if (uses.length === 0) return NaN;
  const single = uses.filter((u) => new Set([...u.writes.keys(), ...u.reads.keys()]).size === 1).length;
  return single / uses.length;
}

/** Tables that more than one service writes. */
export function tablesWrittenByMany(data: readonly DataAccess[], partition: Partition): number {
  return [...tableUses(data, partition).values()].filter((u) => u.writes.size > 1).length;
}

/**
 * Transactions that would span services: the services of the files the block reaches together with the owners
 * of the tables it touches number more than one.
 */
export function distributedTransactions(
  transactions: readonly TransactionFact[],
  data: readonly DataAccess[],
  partition: Partition,
): number {
  const owners = tableOwners(data, partition);
  let count = 0;
  for (const tx of transactions) if (transactionServices(tx, partition, owners).size > 1) count++;
  return count;
}

/** The services a transaction involves: those of the files it reaches and the owners of the tables it touches. */
export function transactionServices(
  tx: TransactionFact,
  partition: Partition,
  owners: ReadonlyMap<string, string>,
): Set<string> {
  const services = new Set<string>();
  for (const file of tx.files) {
    const service = serviceOf(partition, file);
    if (service !== undefined) services.add(service);
  }
  for (const table of tx.tables) {
    const owner = owners.get(table);
    if (owner !== undefined) services.add(owner);
  }
  return services;
}
