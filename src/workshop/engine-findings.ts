import { loadAssistant } from '../assistants/catalog';
import { TimeBudget } from '../core/budget';
import { DEFAULT_CONFIG } from '../core/config';
import type { AssistantId, Finding } from '../core/finding';
import type { Workspace } from '../core/workspace';

/** Checks are not interactive typing: a document may take this long before its check reports it as not read. */
const CHECK_BUDGET_MS = 60_000;

export interface EngineRun {
  findings: Finding[];
  /** Files the engine could not read or analyse, with its message: the check says so instead of passing. */
  errors: Array<{ file: string; message: string }>;
}

/**
 * The engine's own findings on the workspace's files matching `pattern`, with its cross-file context prepared.
 * Suppression comments and the user's rule settings are deliberately not applied: silencing a rule is not
 * solving the exercise.
 */
export async function engineFindings(
  id: AssistantId,
  workspace: Workspace,
  pattern: RegExp,
  settings: Readonly<Record<string, unknown>> | undefined,
  signal?: AbortSignal,
): Promise<EngineRun> {
  const engine = await loadAssistant(id);
  const prepared = await engine.prepare?.(workspace, signal);
  const errors = (prepared?.errors ?? [])
    .filter((e) => e.kind !== 'partial')
    .map((e) => ({ file: e.file, message: e.message }));
  const findings: Finding[] = [];
  for (const file of await workspace.files(pattern)) {
    if (signal?.aborted) break;
    const text = await file.read();
    if (text === undefined) {
      errors.push({ file: file.file, message: 'not readable' });
      continue;
    }
    const result = await engine.analyze(
      { file: file.file, text },
      { config: DEFAULT_CONFIG, budget: new TimeBudget(CHECK_BUDGET_MS, signal), signal, workspace, settings },
    );
    findings.push(...result.findings);
    for (const error of result.errors)
      if (error.kind === 'parse' || error.kind === 'budget' || error.kind === 'internal')
        errors.push({ file: error.file, message: error.message });
  }
  return { findings, errors };
}

/** Escapes a workspace path for a RegExp that matches exactly that file. */
export function exactFile(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
