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
import { assemblePlan, baselineMetrics, proposeFor } from './plan/build';
import { LineIndex } from './plan/positions';

export interface PlannerOptions {
  /**
   * Reads the change history (`git log`) for the folder; absent: no change coupling. The caller decides (never in
   * Restricted Mode). Called on creation and on every refresh.
   */
  history?: () => Promise<ChangeHistory | undefined>;
  signal?: AbortSignal;
}

/** What a set of facts costs to prepare once and what every plan over them reuses. */
interface Prepared {
  facts: DecompositionFacts;
  pf: PartitionFacts;
  baselines: { folders: PartitionMetrics; louvain: PartitionMetrics };
  /** Line indexes by file and stamp: a save re-reads only the saved file. */
  lines: Map<string, { stamp: string; index: LineIndex }>;
}

class Planner implements DecompositionPlanner {
  private prepared: Prepared;

  constructor(
    private readonly workspace: Workspace,
    facts: DecompositionFacts,
    private readonly options: PlannerOptions,
  ) {
    this.prepared = prepare(facts, new Map());
  }

  get facts(): DecompositionFacts {
    return this.prepared.facts;
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    const history = await this.options.history?.();
    const facts = await refreshFacts(this.prepared.facts, this.workspace, { history, signal } satisfies GatherOptions);
    this.prepared = prepare(facts, this.prepared.lines);
  }

  async plan(options: PlanOptions = {}, signal?: AbortSignal): Promise<DecompositionPlan> {
    const { facts, pf, baselines } = this.prepared;
    const proposed = proposeFor(facts, pf, options);
    signal?.throwIfAborted();
    const lines = await this.linesOf(proposed.needLines);
    signal?.throwIfAborted();
    return assemblePlan(proposed, lines, baselines);
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

function prepare(facts: DecompositionFacts, lines: Prepared['lines']): Prepared {
  const pf = partitionFacts(facts);
  return { facts, pf, baselines: baselineMetrics(facts, pf), lines };
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
  const facts = await gatherFacts(workspace, root, { history, signal: options.signal });
  return new Planner(workspace, facts, options);
}
