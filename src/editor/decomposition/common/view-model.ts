import type {
  DecompositionPlan,
  Move,
  Operation,
  PartitionMetrics,
  ProposedService,
} from '../../../assistants/decomposition/contract';
import { layoutServiceMap } from './layout';
import type { Better, MapEdge, MetricRow, OperationView, PanelView, ServiceView } from './messages';

/** The metrics the panel shows, in order, with the direction that is better (none: a count to read, not rank). */
export const METRICS: readonly { key: keyof PartitionMetrics; better: Better; percent: boolean }[] = [
  { key: 'services', better: 'none', percent: false },
  { key: 'structuralModularity', better: 'higher', percent: false },
  { key: 'modularity', better: 'higher', percent: false },
  { key: 'interCallShare', better: 'lower', percent: true },
  { key: 'interfaceCount', better: 'lower', percent: false },
  { key: 'sizeBalance', better: 'higher', percent: true },
  { key: 'routePurity', better: 'higher', percent: true },
  { key: 'tableOwnershipPurity', better: 'higher', percent: true },
  { key: 'tablesWrittenByMany', better: 'lower', percent: false },
  { key: 'distributedTransactions', better: 'lower', percent: false },
  { key: 'crossServiceOperations', better: 'lower', percent: false },
];

/** Names and explanations of the metrics, translated by the host. */
export type MetricLabels = Record<keyof PartitionMetrics, { label: string; description: string }>;

export interface ViewContext {
  moves: readonly Move[];
  requestedServices?: number;
  /** Whether change coupling from git history went into the plan. */
  history: boolean;
  labels: MetricLabels;
}

/** The planner's plan as the panel draws it: everything the webview needs, laid out, and nothing it does not. */
export function toPanelView(plan: DecompositionPlan, context: ViewContext): PanelView {
  const services = plan.services.map(serviceView);
  const view: PanelView = {
    root: plan.root,
    weights: { ...plan.weights },
    services,
    shared: [...plan.shared],
    outliers: plan.outliers.map((o) => ({ ...o })),
    metrics: metricRows(plan.metrics, context.labels),
    map: layoutServiceMap(
      plan.services.map((s) => ({ service: s.name, files: s.files.length })),
      serviceEdges(plan),
    ),
    contracts: plan.contracts.map((c) => ({
      service: c.service,
      operations: c.operations.length,
      typescript: c.typescript,
      openapi: `${JSON.stringify(c.openapi, null, 2)}\n`,
    })),
    steps: plan.steps.map((s) => ({
      order: s.order,
      service: s.service,
      phase: s.phase,
      preconditions: [...s.preconditions],
      facadeRoutes: [...s.facadeRoutes],
      dataMigrations: s.dataMigrations.map((d) => ({ ...d })),
      rollback: [...s.rollback],
      effort: { ...s.effort },
      places: s.places.map((p) => ({ file: p.file, range: p.range, why: p.why })),
    })),
    crossings: plan.crossings.length,
    chatty: plan.chatty.map((c) => ({ from: c.from, to: c.to, operations: c.operations, callSites: c.callSites })),
    moves: context.moves.map((m) => ({ path: m.path, service: m.service })),
    folders: foldersOf(plan),
    history: context.history,
    errors: plan.errors.map((e) => ({ file: e.file, message: e.message })),
  };
  if (context.requestedServices !== undefined) view.requestedServices = context.requestedServices;
  return view;
}

function operationView(operation: Operation, onlyFrom?: string): OperationView {
  const callers = onlyFrom ? operation.callers.filter((c) => c.service === onlyFrom) : operation.callers;
  const view: OperationView = {
    service: operation.service,
    name: operation.name,
    file: operation.file,
    symbol: operation.symbol,
    callerServices: [...new Set(operation.callers.map((c) => c.service))].sort(),
    callSites: callers.length,
  };
  if (operation.signature) view.signature = operation.signature;
  return view;
}

function serviceView(service: ProposedService): ServiceView {
  return {
    name: service.name,
    nameFrom: service.nameFrom,
    responsibilities: [...service.responsibilities],
    files: [...service.files],
    tablesOwned: [...service.tablesOwned],
    tablesRead: [...service.tablesRead],
    routes: [...service.routes],
    inbound: service.operations.map((o) => operationView(o)),
    outbound: service.calls.map((o) => operationView(o, service.name)),
  };
}

function metricRows(metrics: DecompositionPlan['metrics'], labels: MetricLabels): MetricRow[] {
  return METRICS.map(({ key, better, percent }) => ({
    key,
    label: labels[key].label,
    description: labels[key].description,
    better,
    percent,
    ours: applicable(metrics.ours[key]),
    folders: applicable(metrics.folders[key]),
    louvain: applicable(metrics.louvain[key]),
  }));
}

/** A metric with nothing to measure (a share of no use cases) is NaN from the planner; the panel says so. */
function applicable(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * One edge per (caller, callee) pair of services: the distinct operations the caller uses and their call sites,
 * from each service's outbound operations; chatty as the planner marked it.
 */
export function serviceEdges(plan: DecompositionPlan): Omit<MapEdge, 'points'>[] {
  const chatty = new Set(plan.chatty.map((c) => `${c.from}\n${c.to}`));
  const edges = new Map<string, Omit<MapEdge, 'points'>>();
  for (const service of plan.services) {
    for (const operation of service.calls) {
      if (operation.service === service.name) continue;
      const key = `${service.name}\n${operation.service}`;
      const edge = edges.get(key) ?? {
        from: service.name,
        to: operation.service,
        operations: 0,
        callSites: 0,
        chatty: chatty.has(key),
      };
      edge.operations++;
      edge.callSites += operation.callers.filter((c) => c.service === service.name).length;
      edges.set(key, edge);
    }
  }
  return [...edges.values()].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1));
}

/** Every folder strictly under the root that holds a file of the plan: what a what-if can move whole. */
function foldersOf(plan: DecompositionPlan): string[] {
  const prefix = plan.root === '' ? '' : `${plan.root}/`;
  const folders = new Set<string>();
  for (const file of allFiles(plan)) {
    if (!file.startsWith(prefix)) continue;
    const parts = file.slice(prefix.length).split('/');
    for (let i = 1; i < parts.length; i++) folders.add(prefix + parts.slice(0, i).join('/'));
  }
  return [...folders].sort();
}

function allFiles(plan: DecompositionPlan): string[] {
  return [...plan.services.flatMap((s) => s.files), ...plan.shared, ...plan.outliers.map((o) => o.file)];
}

/**
 * Why a what-if move cannot apply to this plan (a path or a service it does not have), or undefined when it
 * can. The webview only offers valid moves; this is for a message that did not come from it.
 */
export function checkMove(plan: DecompositionPlan, move: Move): string | undefined {
  if (!plan.services.some((s) => s.name === move.service)) return `no service named ${move.service}`;
  const files = allFiles(plan);
  const folder = `${move.path}/`;
  if (!files.some((file) => file === move.path || file.startsWith(folder)))
    return `${move.path} is not a file or folder of this plan`;
  return undefined;
}

/**
 * Adds a move to the list: a later move of the same path replaces the earlier one, so undo steps back one
 * decision rather than one message.
 */
export function addMove(moves: readonly Move[], move: Move): Move[] {
  return [...moves.filter((m) => m.path !== move.path), { path: move.path, service: move.service }];
}
