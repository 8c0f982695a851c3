import type { TableAccessProvider } from '../../../core/facts';
import type { AnalysisError } from '../../../core/finding';
import { ModuleGraph } from '../../../core/module-graph';
import type { Workspace } from '../../../core/workspace';
import type { ChangeHistory, DecompositionFacts } from '../model';
import { extractFacts } from './extract';
import { isUnder } from './folder-paths';

export interface GatherOptions {
  /** Read by the caller (`git log`), never in Restricted Mode; absent when there is no repository. */
  history?: ChangeHistory;
  signal?: AbortSignal;
  /**
   * The query optimizer's table-access facts, `() => factsProvider('table-access')` from the catalog (an
   * assistant never imports the catalog, so the caller hands it in). Called only when the folder holds SQL;
   * without it, SQL is not read and the ORMs' accesses alone are the data.
   */
  tableAccess?: () => Promise<TableAccessProvider>;
}

/** Tests, type declarations and build output are not part of a service's code. */
const NOT_SOURCE =
  /(?:^|\/)(?:node_modules|dist|build|out|coverage|__tests__|__mocks__|__fixtures__|integration-tests|tests?|e2e)\/|\.(?:test|spec|stories|d)\.[cm]?[jt]sx?$/;

export { isUnder };

/** The folder's own source files, from the module graph's modules. */
export function sourceFiles(graph: ModuleGraph, root: string): string[] {
  const prefix = root.replace(/\\/g, '/').replace(/\/+$/, '');
  return graph.files
    .filter((file) => isUnder(file, prefix))
    .filter((file) => !NOT_SOURCE.test(file.replace(/\\/g, '/').slice(prefix ? prefix.length + 1 : 0)))
    .sort();
}

/**
 * Reads the facts of the folder `root` of a workspace. A file that cannot be read is an error of the result and
 * the rest is still used.
 */
export async function gatherFacts(
  workspace: Workspace,
  root: string,
  options: GatherOptions = {},
): Promise<DecompositionFacts> {
  const graph = await ModuleGraph.build(workspace);
  options.signal?.throwIfAborted();
  return factsOf(graph, workspace, root, options);
}

/** Brings facts up to date after edits: only files whose stamp changed are read again. */
export async function refreshFacts(
  facts: DecompositionFacts,
  workspace: Workspace,
  options: GatherOptions = {},
): Promise<DecompositionFacts> {
  await facts.graph.update(workspace);
  options.signal?.throwIfAborted();
  return factsOf(facts.graph, workspace, facts.root, { ...options, history: options.history ?? facts.history });
}

async function factsOf(
  graph: ModuleGraph,
  workspace: Workspace,
  root: string,
  options: GatherOptions,
): Promise<DecompositionFacts> {
  const errors: AnalysisError[] = [...graph.configErrors, ...graph.errors].map(({ file, message }) => ({
    file,
    message,
    kind: 'read',
  }));
  const files = sourceFiles(graph, root);
  const extracted = await extractFacts(graph, workspace, root, files, options);
  return {
    root,
    graph,
    files,
    data: extracted.data,
    transactions: extracted.transactions,
    useCases: extracted.useCases,
    calls: extracted.calls,
    processes: extracted.processes,
    declarations: extracted.declarations,
    ...(options.history ? { history: options.history } : {}),
    errors: [...errors, ...extracted.errors],
  };
}
