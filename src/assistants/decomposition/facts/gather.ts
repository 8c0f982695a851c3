import type { AnalysisError } from '../../../core/finding';
import { ModuleGraph } from '../../../core/module-graph';
import type { Workspace } from '../../../core/workspace';
import type { ChangeHistory, DecompositionFacts } from '../model';

export interface GatherOptions {
  /** Read by the caller (`git log`), never in Restricted Mode; absent when there is no repository. */
  history?: ChangeHistory;
  signal?: AbortSignal;
}

/** Tests, type declarations and build output are not part of a service's code. */
const NOT_SOURCE =
  /(?:^|\/)(?:node_modules|dist|build|out|coverage|__tests__|__mocks__|tests?|e2e)\/|\.(?:test|spec|stories|d)\.[cm]?[jt]sx?$/;

/** True when `file` is under `root` ('' is the workspace root); both use forward slashes. */
export function isUnder(file: string, root: string): boolean {
  const normal = file.replace(/\\/g, '/');
  return root === '' || normal === root || normal.startsWith(root.endsWith('/') ? root : `${root}/`);
}

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
  return factsOf(graph, root, options.history);
}

/** Brings facts up to date after edits: only files whose stamp changed are read again. */
export async function refreshFacts(
  facts: DecompositionFacts,
  workspace: Workspace,
  options: GatherOptions = {},
): Promise<DecompositionFacts> {
  await facts.graph.update(workspace);
  options.signal?.throwIfAborted();
  return factsOf(facts.graph, facts.root, options.history ?? facts.history);
}

function factsOf(graph: ModuleGraph, root: string, history: ChangeHistory | undefined): DecompositionFacts {
  const errors: AnalysisError[] = [...graph.configErrors, ...graph.errors].map(({ file, message }) => ({
    file,
    message,
    kind: 'read',
  }));
  return {
    root,
    graph,
    files: sourceFiles(graph, root),
    data: [],
    transactions: [],
    useCases: [],
    calls: [],
    history,
    errors,
  };
}
