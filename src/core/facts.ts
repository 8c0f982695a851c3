import type { SourceDocument } from './assistant';
import type { AnalysisError, Range } from './finding';
import type { Workspace } from './workspace';

/**
 * Facts one assistant offers the others. Assistants never import each other: a consumer asks the catalog
 * for a provider by kind (`factsProvider('table-access')` in assistants/catalog.ts), and the catalog loads the
 * assistant that knows. The shapes live here so both sides depend on core only.
 */

/**
 * The tables one statement of a file touches. Names are as PostgreSQL reads them: unquoted identifiers
 * folded to lower case, `schema.table` when the statement qualifies the name, the bare name otherwise (it
 * resolves through the search_path at run time). Names of WITH queries are not tables and never appear.
 */
export interface TableAccess {
  file: string;
  /** The statement in the file (for SQL embedded in a script, its span in the host file). */
  range: Range;
  /** Tables whose rows the statement reads: FROM, JOIN, subqueries, the source of INSERT … SELECT or MERGE. */
  reads: string[];
  /** Tables it changes: rows (INSERT, UPDATE, DELETE, MERGE, COPY FROM, TRUNCATE) or definitions (DDL). */
  writes: string[];
  /** True when the statement changes table definitions (CREATE, ALTER, DROP, CREATE INDEX…) rather than rows. */
  changesSchema: boolean;
}

export interface TableAccessFacts {
  /** One entry per statement that touches a table, in document order. */
  accesses: TableAccess[];
  /** Statements that could not be read (a syntax error) or a document that failed; the rest is still listed. */
  errors: AnalysisError[];
}

export interface TableAccessProvider {
  /** Files the provider can say something about: a consumer filters the workspace with it. */
  files: RegExp;
  tableAccess(doc: SourceDocument): Promise<TableAccessFacts>;
}

/**
 * One workload at the top of its replica range (its autoscaler's maxReplicas, else spec.replicas), priced as the
 * HPA reviewer prices it: what its pods request × the prices per hour × 730 hours a month. An estimate.
 */
export interface WorkloadPeak {
  file: string;
  kind: string;
  name: string;
  namespace: string;
  replicas: number;
  /** True when an autoscaler sets the top (its maxReplicas); false for a fixed spec.replicas. */
  autoscaled: boolean;
  /** Cores and bytes one pod requests; undefined for a resource no request covers (not priced). */
  podCpu?: number;
  podMemory?: number;
  /** One month at `replicas`, in the prices' currency, and as the reviewer writes it. */
  monthly: number;
  monthlyText: string;
}

/** The workspace's workloads at peak, as the HPA reviewer's estimate of what the peak costs. */
export interface PeakCostFacts {
  /** Every workload priced (one copy per kind and name, as base and overlay folders may hold one each). */
  workloads: WorkloadPeak[];
  /** Their sum, a month. */
  monthly: number;
  /** The same as the reviewer writes money: "$1,234", "€12.50". */
  monthlyText: string;
  currency: string;
  /** Where the prices come from (the setting, or the example prices and their source): every figure says so. */
  prices: string;
  /** Workloads not in the sum: without requests, or DaemonSets (one pod per node, the nodes are not known). */
  uncounted: string[];
  /** Workloads in the sum with one resource unpriced (no request for it). */
  partial: string[];
  /** Manifests that could not be read; the rest is still priced. */
  errors: AnalysisError[];
}

export interface PeakCostProvider {
  /** Files the provider reads: the manifests a consumer must hand it in the workspace. */
  files: RegExp;
  peakCost(workspace: Workspace, settings?: Readonly<Record<string, unknown>>): Promise<PeakCostFacts>;
}

/** Every kind of fact an assistant offers, and the provider a consumer gets for it. */
export interface FactProviders {
  'table-access': TableAccessProvider;
  'peak-cost': PeakCostProvider;
}

export type FactKind = keyof FactProviders;
