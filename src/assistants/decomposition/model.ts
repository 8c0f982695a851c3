import type { AnalysisError, Range } from '../../core/finding';
import type { ModuleGraph } from '../../core/module-graph';

/**
 * The decomposition planner's model: the facts it reads from a folder, the services it proposes and the plan to
 * cut them out. Facts (facts/), clustering and metrics (cluster/, metrics/), contracts (contracts/) and the plan
 * (plan/) each fill one part; the editor's panel and the CLI read the whole through `DecompositionPlanner`.
 * Paths are the workspace's own (as `Workspace.files` lists them); the CLI prints them relative to the folder.
 */

// ── Facts ────────────────────────────────────────────────────────────────────────────────────────────────────

export type AccessMode = 'read' | 'write';

/** Where a table access was read from: SQL text (through the query optimizer's facts) or an ORM's model/API. */
export type DataSource =
  'sql' | 'prisma' | 'typeorm' | 'mikro-orm' | 'sequelize' | 'mongoose' | 'knex' | 'drizzle' | 'kysely';

/** One file touching one table (a Mongoose collection counts as a table). */
export interface DataAccess {
  file: string;
  /** As PostgreSQL reads it (lower-cased unless quoted); ORM models map to their table name. */
  table: string;
  mode: AccessMode;
  source: DataSource;
  range: Range;
}

/** A transaction block (`BEGIN … COMMIT`, `prisma.$transaction`, `knex.transaction`, `@Transactional`, …). */
export interface TransactionFact {
  file: string;
  range: Range;
  /** Tables touched inside the block, directly or through functions it calls in other files. */
  tables: string[];
  /** Files whose accesses the block reaches (its own file first). */
  files: string[];
}

export type UseCaseKind = 'http-route' | 'queue-consumer' | 'event-handler' | 'scheduled-job';

/** A way in: a route, a consumer, a handler or a job, with the files it reaches through imports and calls. */
export interface UseCase {
  /** Stable across runs: kind, name and file. */
  id: string;
  kind: UseCaseKind;
  /** `GET /orders/:id`, `queue orders.created`, `cron 0 * * * *`, `event order.paid`. */
  name: string;
  file: string;
  range: Range;
  /** Workspace files the handler reaches (its own file included), in breadth-first order. */
  reaches: string[];
}

/** A process the project declares it starts: a package.json script or `bin`, a Procfile line, a Dockerfile command. */
export interface DeclaredProcess {
  /** The script's, Procfile line's or command's name (`start-workers`, `worker`); names joined when one file runs under several. */
  name: string;
  /** The file declaring it (package.json, Procfile, a Dockerfile). */
  declaredIn: string;
  command: string;
  /** The source file of the folder it runs. */
  entry: string;
}

/** A declared process with the files its entry reaches through calls (its own file included), breadth first. */
export interface ProcessEntry extends DeclaredProcess {
  reaches: string[];
}

/** A call in `from` of a function or class that `to` exports (after barrels). */
export interface CallSite {
  from: string;
  to: string;
  /** The exported name in `to`. */
  symbol: string;
  range: Range;
}

/** Files changed together in the repository's history (`git log`). */
export interface ChangeHistory {
  commits: number;
  /** Pairs of files (sorted, `a < b`) with the number of commits that changed both. */
  pairs: { a: string; b: string; commits: number }[];
}

export interface DecompositionFacts {
  /** The folder being decomposed, as the workspace names it ('' for the workspace root). */
  root: string;
  graph: ModuleGraph;
  /** Source files of the folder (not tests, not generated, not node_modules), sorted. */
  files: string[];
  data: DataAccess[];
  transactions: TransactionFact[];
  useCases: UseCase[];
  calls: CallSite[];
  /** Processes the project declares it starts (absent from facts made before they were read). */
  processes?: ProcessEntry[];
  /**
   * Files that only declare types, constants or schemas (no function body, table, route or way in): what other
   * files use rather than code of a domain of its own (absent from facts made before they were read).
   */
  declarations?: string[];
  /** Absent when the folder is not in a repository or history was not read (Restricted Mode). */
  history?: ChangeHistory;
  /** Files or configs that could not be read; everything else is still used. */
  errors: AnalysisError[];
}

// ── Proposal ─────────────────────────────────────────────────────────────────────────────────────────────────

/** How much each signal weighs in the fused graph; shown to the user and settable. */
export interface SignalWeights {
  imports: number;
  calls: number;
  /** Files touching the same table. */
  data: number;
  /** Files reached by the same use case. */
  useCases: number;
  /** Files changed together. */
  coupling: number;
}

/** A user's what-if: put a file or a folder (every file under it) into another service. */
export interface Move {
  path: string;
  service: string;
}

export interface PlanOptions {
  /** Ask for this many services; otherwise the clustering's resolution decides. */
  services?: number;
  weights?: Partial<SignalWeights>;
  moves?: Move[];
}

export interface PartitionMetrics {
  services: number;
  /** Newman modularity Q of the partition on the import graph. */
  modularity: number;
  /** Structural modularity (SM): cohesion inside minus coupling across services. */
  structuralModularity: number;
  /** Inter-call percentage (ICP): share of call weight that crosses services, 0..1. */
  interCallShare: number;
  /** Interface number (IFN): average count of exported symbols other services use, per service. */
  interfaceCount: number;
  /** Non-extreme distribution (NED), rescaled to the folder's size: share of files in services of sensible size. */
  sizeBalance: number;
  /** Business-context purity (BCP): share of use cases served by one service alone, 0..1. */
  routePurity: number;
  /** Share of tables accessed by exactly one service, 0..1. */
  tableOwnershipPurity: number;
  tablesWrittenByMany: number;
  /** Transactions whose tables belong to more than one service. */
  distributedTransactions: number;
  /** Distinct (caller service, callee service, symbol) operations. */
  crossServiceOperations: number;
}

/** An operation a service must offer others: an exported function or class they call today. */
export interface Operation {
  /** The service that must expose it. */
  service: string;
  name: string;
  file: string;
  symbol: string;
  callers: { service: string; file: string; range: Range }[];
  /** From the TypeScript checker when contracts were synthesised: `(id: string) => Promise<Order>`. */
  signature?: string;
}

export interface ProposedService {
  name: string;
  /** Where the name comes from: "folder src/orders", "routes /orders", "table orders". */
  nameFrom: string;
  responsibilities: string[];
  files: string[];
  tablesOwned: string[];
  /** Tables it reads that another service owns. */
  tablesRead: string[];
  /** Names of the use cases it serves. */
  routes: string[];
  /** Operations it exposes (inbound). */
  operations: Operation[];
  /** Operations of other services it calls (outbound). */
  calls: Operation[];
}

/** An import or a call that crosses a proposed boundary: an information diagnostic and a code lens in the editor. */
export interface Crossing {
  file: string;
  range: Range;
  fromService: string;
  toService: string;
  symbol: string;
}

// ── Contracts ────────────────────────────────────────────────────────────────────────────────────────────────

export interface ContractOperation {
  name: string;
  /** Where it is defined today. */
  file: string;
  symbol: string;
  parameters: { name: string; type: string; optional: boolean }[];
  returns: string;
  /** Callers by service, with the number of call sites. */
  callers: { service: string; sites: number }[];
  /** What the callers use: a function, a class's method (through an instance or injection), `new`, a constant. */
  kind?: 'function' | 'method' | 'constructor' | 'constant';
  /** As other services will call it once remote: `(input: PlaceOrderInput): Promise<PlacedOrder>`. */
  signature?: string;
  /** Each call site, with the loop it runs in when there is one (an N+1 over the network once split). */
  sites?: { service: string; file: string; range: Range; loop?: { kind: string; range: Range } }[];
}

export interface ServiceContract {
  service: string;
  operations: ContractOperation[];
  /** A TypeScript module of interfaces: the operations and the types they pass. */
  typescript: string;
  /** An OpenAPI 3.1 document, one POST path per operation. */
  openapi: Record<string, unknown>;
  /** The interface of its operations in `typescript` (`OrdersService`). */
  interfaceName?: string;
  /** What the contract could not convert and how it shows (`unknown` in TypeScript, any value in OpenAPI). */
  notes?: string[];
}

export interface ChattyPair {
  from: string;
  to: string;
  operations: number;
  callSites: number;
  /** Why the pair is marked: which threshold it passes, or that it calls inside loops. */
  why?: string[];
  /** Calls made once per element of a loop (`for`, `.map`, `.forEach`): N+1 round trips once split. */
  loops?: { file: string; range: Range; operation: string; loop: string }[];
}

// ── Plan ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ExtractionStep {
  order: number;
  service: string;
  /** Roadmap phase: 3 (modular monolith, façade) or 4 (network split). */
  phase: 3 | 4;
  preconditions: string[];
  facadeRoutes: string[];
  dataMigrations: { table: string; from: string; plan: string }[];
  rollback: string[];
  /** From edge counts; always labelled an estimate. */
  effort: { size: 'small' | 'medium' | 'large'; basis: string };
  /** Places in the code to change first. */
  places: { file: string; range: Range; why: string }[];
}

export interface DecompositionPlan {
  version: 1;
  root: string;
  weights: SignalWeights;
  services: ProposedService[];
  /** Files most services use: a shared library (or to duplicate). */
  shared: string[];
  /** Files that fit no service well, with why. */
  outliers: { file: string; why: string }[];
  metrics: { ours: PartitionMetrics; folders: PartitionMetrics; louvain: PartitionMetrics };
  contracts: ServiceContract[];
  chatty: ChattyPair[];
  crossings: Crossing[];
  steps: ExtractionStep[];
  errors: AnalysisError[];
  /** How the proposal was reached: the resolution or merges behind `services`, hubs taken out, moves applied. */
  notes?: string[];
}

/**
 * The planner over one folder, kept warm: `refresh` re-reads only files whose stamp changed, so a save updates
 * the plan in well under a second; `plan` re-clusters with the options (a what-if) on the facts it holds.
 */
export interface DecompositionPlanner {
  readonly facts: DecompositionFacts;
  refresh(signal?: AbortSignal): Promise<void>;
  plan(options?: PlanOptions, signal?: AbortSignal): Promise<DecompositionPlan>;
}
