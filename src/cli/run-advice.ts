import type { AdviceResult, Assistant, SourceDocument } from '../core/assistant';
import { DEFAULT_CONFIG } from '../core/config';
import { TimeBudget } from '../core/budget';
import type { AnalysisError } from '../core/finding';
import { prepareWorkspace } from '../core/pipeline';
import type { Workspace } from '../core/workspace';
import type { CliIo } from './io';

export interface AdviceRun {
  /** The command's name, for "scaling-assistant: <command> failed: …". */
  command: string;
  doc: SourceDocument;
  workspace: Workspace;
  /** What the workspace context is read for (prepareWorkspace's label). */
  prepareLabel: string;
  settings: Record<string, unknown>;
  secrets?: Record<string, string>;
  quiet: boolean;
  /** What to say when this build of the engine cannot advise. */
  noAdvice: string;
}

/**
 * How the measuring commands (advise, render) run an engine's `advise`: Ctrl+C cancels it, the workspace's
 * context is read first (an engine that cannot advise: exit 2), each new progress line goes to stderr unless quiet, and the engine is disposed whatever
 * happens. `present` prints the result and gives the exit code; anything thrown is "<command> failed", exit 2.
 */
export async function runAdvice<Report>(
  engine: Assistant<Report>,
  run: AdviceRun,
  io: CliIo,
  present: (result: AdviceResult<Report>, workspaceErrors: AnalysisError[]) => number,
): Promise<number> {
  if (!engine.advise) {
    io.stderr(`scaling-assistant: ${run.noAdvice}\n`);
    return 2;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let lastProgress = '';
  try {
    const workspaceErrors = await prepareWorkspace(engine, run.workspace, run.prepareLabel, controller.signal);
    const result = await engine.advise(run.doc, {
      config: DEFAULT_CONFIG,
      budget: new TimeBudget(Number.MAX_SAFE_INTEGER, controller.signal),
      signal: controller.signal,
      workspace: run.workspace,
      settings: run.settings,
      ...(run.secrets ? { secrets: run.secrets } : {}),
      onProgress: (message) => {
        if (!run.quiet && message !== lastProgress) io.stderr(`${message}\n`);
        lastProgress = message;
      },
    });
    return present(result, workspaceErrors);
  } catch (error) {
    io.stderr(`scaling-assistant: ${run.command} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await engine.dispose?.();
  }
}
