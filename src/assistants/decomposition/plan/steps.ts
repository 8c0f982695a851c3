import type { Crossing, DataAccess, ExtractionStep, ProposedService, TransactionFact } from '../model';
import type { Partition } from '../metrics/partition';
import { serviceOf } from '../metrics/partition';
import { transactionServices } from '../metrics/tables';

export interface StepInput {
  services: readonly ProposedService[];
  crossings: readonly Crossing[];
  data: readonly DataAccess[];
  transactions: readonly TransactionFact[];
  partition: Partition;
  owners: ReadonlyMap<string, string>;
}

/** Effort bounds on the edge score (crossings + operations + 5 per shared table + 5 per distributed transaction). */
const SMALL = 10;
const MEDIUM = 40;
const PLACES = 12;

interface Risk {
  service: ProposedService;
  /** Services that call it: what must move to its façade before it can leave. */
  dependents: string[];
  /** Tables it owns that others write too, and tables of others it writes. */
  sharedWrites: { table: string; writers: string[] }[];
  foreignWrites: string[];
  transactions: TransactionFact[];
  crossingsIn: Crossing[];
  crossingsOut: Crossing[];
}

/**
 * The strangler-fig order. A service goes earlier the fewer services depend on it (a leaf is cut out without
 * changing its callers), then the less data risk it carries (tables written by several services, transactions
 * spanning services), then the fewer operations it offers, then by name. Every service gets a phase 3 step
 * (modular monolith: a façade module, guardrails, its tables written only by it) in that order, then a phase 4
 * step (network split: façade routes over HTTP, its data moved out) in the same order.
 */
export function extractionSteps(input: StepInput): ExtractionStep[] {
  const risks = input.services.map((service) => riskOf(service, input));
  risks.sort(
    (a, b) =>
      a.dependents.length - b.dependents.length ||
      dataRisk(a) - dataRisk(b) ||
      a.service.operations.length - b.service.operations.length ||
      (a.service.name < b.service.name ? -1 : 1),
  );
  const phase3 = risks.map((risk, i) => modularStep(risk, i + 1));
  const phase4 = risks.map((risk, i) => networkStep(risk, risks.length + i + 1));
  return [...phase3, ...phase4];
}

function dataRisk(risk: Risk): number {
  return risk.sharedWrites.length + risk.foreignWrites.length + risk.transactions.length;
}

function riskOf(service: ProposedService, input: StepInput): Risk {
  const { partition, owners } = input;
  const writers = new Map<string, Set<string>>();
  for (const access of input.data) {
    const s = serviceOf(partition, access.file);
    if (access.mode !== 'write' || s === undefined) continue;
    writers.set(access.table, (writers.get(access.table) ?? new Set()).add(s));
  }
  const sharedWrites = service.tablesOwned
    .map((table) => ({ table, writers: [...(writers.get(table) ?? [])].filter((w) => w !== service.name).sort() }))
    .filter((t) => t.writers.length > 0);
  const foreignWrites = [...writers]
    .filter(([table, set]) => set.has(service.name) && owners.get(table) !== service.name)
    .map(([table]) => table)
    .sort();
  const transactions = input.transactions.filter((tx) => {
    const services = transactionServices(tx, partition, owners);
    return services.size > 1 && services.has(service.name);
  });
  return {
    service,
    dependents: [...new Set(service.operations.flatMap((o) => o.callers.map((c) => c.service)))].sort(),
    sharedWrites,
    foreignWrites,
    transactions,
    crossingsIn: input.crossings.filter((c) => c.toService === service.name),
    crossingsOut: input.crossings.filter((c) => c.fromService === service.name),
  };
}

function effortOf(risk: Risk): ExtractionStep['effort'] {
  const crossings = risk.crossingsIn.length + risk.crossingsOut.length;
  const operations = risk.service.operations.length + risk.service.calls.length;
  const tables = risk.sharedWrites.length + risk.foreignWrites.length;
  const score = crossings + operations + 5 * tables + 5 * risk.transactions.length;
  const size = score <= SMALL ? 'small' : score <= MEDIUM ? 'medium' : 'large';
  return {
    size,
    basis:
      `estimate from edge counts: ${plural(crossings, 'crossing import or call', 'crossing imports and calls')}, ` +
      `${plural(operations, 'operation')} in or out, ${plural(tables, 'shared written table')}, ` +
      `${plural(risk.transactions.length, 'distributed transaction')} (score ${score}; small ≤ ${SMALL}, medium ≤ ${MEDIUM})`,
  };
}

function modularStep(risk: Risk, order: number): ExtractionStep {
  const { service } = risk;
  const name = service.name;
  const preconditions: string[] = [];
  if (risk.dependents.length > 0)
    preconditions.push(
      `Inbound calls from ${risk.dependents.join(', ')} go only through the façade module of ${name} (${plural(risk.crossingsIn.length, 'crossing')} today)`,
    );
  else preconditions.push(`No other service calls ${name}: it can be cut out without changing callers`);
  if (risk.crossingsOut.length > 0)
    preconditions.push(
      `The ${plural(risk.crossingsOut.length, 'import or call', 'imports and calls')} of ${name} into other services go through their façades`,
    );
  for (const shared of risk.sharedWrites)
    preconditions.push(`${shared.table} is written only by ${name} (today also by ${shared.writers.join(', ')})`);
  for (const table of risk.foreignWrites)
    preconditions.push(`${name} no longer writes ${table} directly (owned elsewhere): it calls the owner's operation`);
  if (service.operations.length > 0)
    preconditions.push(
      `The contract of its ${plural(service.operations.length, 'operation')} is frozen and reviewed with its callers`,
    );
  preconditions.push(`The guardrail rules for ${name} (dependency-cruiser, ESLint) pass in CI`);
  return {
    order,
    service: name,
    phase: 3,
    preconditions,
    facadeRoutes: service.operations.map((o) => `${name}.${o.symbol}() (in-process façade)`),
    dataMigrations: [
      ...risk.sharedWrites.map((s) => ({
        table: s.table,
        from: s.writers.join(', '),
        plan: `Move the writes of ${s.writers.join(', ')} into an operation of ${name} and call it; the table stays in the shared database for now`,
      })),
      ...risk.foreignWrites.map((table) => ({
        table,
        from: name,
        plan: `Replace the direct writes of ${name} with a call to the owner's operation`,
      })),
    ],
    rollback: [
      `Revert the façade commit: everything still runs in one process and one database`,
      `Switch the guardrail rules for ${name} to warnings while the façade is fixed`,
    ],
    effort: effortOf(risk),
    places: places(risk),
  };
}

function networkStep(risk: Risk, order: number): ExtractionStep {
  const { service } = risk;
  const name = service.name;
  const preconditions = [
    `Step "${name}" of phase 3 is done: callers use only its façade and the guardrails pass`,
    `${name} owns its tables (${service.tablesOwned.join(', ') || 'none'}) and nobody else writes them`,
  ];
  if (service.tablesRead.length > 0)
    preconditions.push(
      `Reads of ${service.tablesRead.join(', ')} (owned elsewhere) go through their owners' APIs or a replicated read model`,
    );
  if (risk.transactions.length > 0)
    preconditions.push(
      `${plural(risk.transactions.length, 'transaction')} spanning services redesigned as a saga or an outbox (a single database transaction cannot span the network)`,
    );
  preconditions.push('Tracing, health checks and a deployment pipeline exist for the new service');
  const routes = [
    ...service.routes.filter((r) => /^[A-Z]+ \//.test(r)).map((r) => `${r} → ${name} (strangler router)`),
    ...service.operations.map((o) => `POST /internal/${name}/${kebab(o.symbol)} (operation ${o.symbol})`),
  ];
  return {
    order,
    service: name,
    phase: 4,
    preconditions,
    facadeRoutes: routes,
    dataMigrations: [
      ...service.tablesOwned.map((table) => ({
        table,
        from: 'the monolith database',
        plan: `Copy ${table} into the database of ${name}, keep it in sync (change data capture or dual writes) while reads and then writes switch over, compare row counts and checksums, then stop the sync`,
      })),
      ...service.tablesRead.map((table) => ({
        table,
        from: 'its owner',
        plan: `Replace direct reads of ${table} by calls to its owner or a read model fed by its events`,
      })),
    ],
    rollback: [
      `Route the paths of ${name} back to the monolith at the strangler router (a configuration switch)`,
      `Keep the monolith's copy of the tables of ${name} in sync until the service has run in production for an agreed period; reverse the sync to roll back`,
    ],
    effort: effortOf(risk),
    places: places(risk),
  };
}

/** Where to start: the crossings into the service (callers to move onto its façade), then its own. */
function places(risk: Risk): ExtractionStep['places'] {
  const into = risk.crossingsIn.map((c) => ({
    file: c.file,
    range: c.range,
    why: `${c.fromService} uses ${c.symbol} of ${c.toService}: go through the façade`,
  }));
  const out = risk.crossingsOut.map((c) => ({
    file: c.file,
    range: c.range,
    why: `${c.fromService} uses ${c.symbol} of ${c.toService}: call its façade`,
  }));
  const tx = risk.transactions.map((t) => ({
    file: t.file,
    range: t.range,
    why: `transaction over ${t.tables.join(', ')} spans services`,
  }));
  return [...tx, ...into, ...out].slice(0, PLACES);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase();
}
