import type { TableAccessProvider } from '../../core/facts';
import type { Workspace } from '../../core/workspace';
import { gatherFacts, refreshFacts } from './facts/gather';
import type { GatherOptions } from './facts/gather';
import { partitionFacts } from './metrics/partition';
import type { PartitionFacts } from './metrics/partition';
import type {
  ChangeHistory,
  DecompositionFacts,
  DecompositionPlan,
  DecompositionPlanner,
  PartitionMetrics,
  PlanOptions,
} from './model';
import type { Clustering } from './cluster/propose';
import { clusterFacts, clusteringKey } from './cluster/propose';
import { assemblePlan, baselineMetrics, proposeFor } from './plan/build';
import { LineIndex } from '../../core/text';
import { ContractMemory, synthesizeContracts } from './contracts';
import { SHARED } from './cluster/hubs';
import { clusteringInputsKey } from './clustering-inputs';
import { ENTRY } from './cluster/propose';

export interface PlannerOptions {
  /**
   * Reads the change history (`git log`) for the folder; absent: no change coupling. The caller decides (never in
   * Restricted Mode). Called on creation and on every refresh.
   */
  history?: () => Promise<ChangeHistory | undefined>;
  /**
   * The query optimizer's table-access facts (SQL in `.sql` files and in code), handed in by the caller because an
   * assistant never imports the catalog; `loadDecompositionPlanner()` supplies it. Without it, ORM accesses alone.
   */
  tableAccess?: () => Promise<TableAccessProvider>;
  signal?: AbortSignal;
}

/** What gatherFacts and refreshFacts are given (the table-access provider is read by the facts extractors). */
type FactOptions = GatherOptions & { tableAccess?: () => Promise<TableAccessProvider> };

/** What a set of facts costs to prepare once and what every plan over them reuses. */
interface Prepared {
  facts: DecompositionFacts;
  pf: PartitionFacts;
  baselines: { folders: PartitionMetrics; louvain: PartitionMetrics };
  /** Clusterings of these facts by weights and number of services: a what-if (moves) reuses them. */
  clusterings: Map<string, Clustering>;
  /** Line indexes by file and stamp: a save re-reads only the saved file. */
  lines: Map<string, { stamp: string; index: LineIndex }>;
  /** What the clustering and the baselines read (clustering-inputs.ts): equal after a save, both are kept. */
  inputs: string;
}

class Planner implements DecompositionPlanner {
  private prepared: Prepared;
  /** The last contracts: a save re-types only the callers and services it can change. */
  private readonly contracts = new ContractMemory();

  constructor(
    private readonly workspace: Workspace,
    facts: DecompositionFacts,
    private readonly options: PlannerOptions,
  ) {
    this.prepared = prepare(facts);
  }

  get facts(): DecompositionFacts {
    return this.prepared.facts;
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    const history = await this.options.history?.();
    const options: FactOptions = { history, signal, tableAccess: this.options.tableAccess };
    const facts = await refreshFacts(this.prepared.facts, this.workspace, options);
    this.prepared = prepare(facts, this.prepared);
  }

  async plan(options: PlanOptions = {}, signal?: AbortSignal): Promise<DecompositionPlan> {
    const { facts, pf, baselines, clusterings } = this.prepared;
    const key = clusteringKey(options);
    let clustering = clusterings.get(key);
    if (!clustering) {
      clustering = clusterFacts(facts, pf, options);
      // A few recent settings are enough: the panel flips between them.
      if (clusterings.size >= 8) clusterings.delete(clusterings.keys().next().value!);
      clusterings.set(key, clustering);
    }
    const proposed = proposeFor(facts, pf, options, clustering);
    signal?.throwIfAborted();
    const lines = await this.linesOf(proposed.needLines);
    signal?.throwIfAborted();
    const plan = assemblePlan(proposed, lines, baselines);
    // The shared library and the composition roots stay in-process: calls into them are not remote operations.
    const services = new Map(
      [...proposed.proposal.assignment].filter(([, service]) => service !== SHARED && service !== ENTRY),
    );
    const contracts = await synthesizeContracts(this.workspace, facts, services, { signal, memory: this.contracts });
    return {
      ...plan,
      contracts: contracts.contracts,
      chatty: contracts.chatty,
      errors: [...plan.errors, ...contracts.errors],
    };
  }

  private async linesOf(files: readonly string[]): Promise<Map<string, LineIndex>> {
    const wanted = new Set(files);
    const cache = this.prepared.lines;
    const out = new Map<string, LineIndex>();
    for (const entry of await this.workspace.files(/\.[cm]?[jt]sx?$/)) {
      if (!wanted.has(entry.file)) continue;
      const cached = cache.get(entry.file);
      if (cached?.stamp === entry.stamp) {
        out.set(entry.file, cached.index);
        continue;
      }
      const text = await entry.read();
      if (text === undefined) continue;
      const index = new LineIndex(text);
      cache.set(entry.file, { stamp: entry.stamp, index });
      out.set(entry.file, index);
    }
    return out;
  }
}

/** Prepares new facts; the previous preparation's baselines and clusterings are kept when their inputs are equal. */
function prepare(facts: DecompositionFacts, previous?: Prepared): Prepared {
  const pf = partitionFacts(facts);
  const inputs = clusteringInputsKey(facts, pf);
  const lines = previous?.lines ?? new Map();
  if (previous?.inputs === inputs)
    return { facts, pf, baselines: previous.baselines, clusterings: previous.clusterings, lines, inputs };
  return { facts, pf, baselines: baselineMetrics(facts, pf), clusterings: new Map(), lines, inputs };
}

/**
 * The planner over the folder `root` of a workspace ('' for its root): gathers the facts once (module graph, data,
 * use cases, calls, and history when `options.history` reads it), then plans on them as often as asked.
 */
export async function createDecompositionPlanner(
  workspace: Workspace,
  root: string,
  options: PlannerOptions = {},
): Promise<DecompositionPlanner> {
  const history = await options.history?.();
  const factOptions: FactOptions = { history, signal: options.signal, tableAccess: options.tableAccess };
  const facts = await gatherFacts(workspace, root, factOptions);
  return new Planner(workspace, facts, options);
}
