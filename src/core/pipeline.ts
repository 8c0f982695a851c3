import type { AnalysisConfig } from './config';
import { applyConfig } from './config';
import type { AnalysisContext, AnalysisResult, Assistant, SourceDocument } from './assistant';
import { TimeBudget, isCancelled, isOverBudget } from './budget';
import type { AnalysisError, Finding } from './finding';
import { compareFindings } from './finding';
import { applySuppressions } from './suppression';
import type { Workspace } from './workspace';

export interface DocumentAnalysis extends AnalysisResult {
  elapsedMs: number;
  budgetMs: number;
  cancelled: boolean;
}

/**
 * Runs one assistant on one document the same way for the editor, the CLI and tests: under a time
 * budget, with suppression comments and user settings applied, errors caught and turned into
 * `AnalysisError`s so one bad file never takes the rest of a run down.
 */
export async function analyzeDocument(
  assistant: Assistant,
  doc: SourceDocument,
  config: AnalysisConfig,
  signal?: AbortSignal,
  extras: Pick<AnalysisContext, 'workspace' | 'settings' | 'contextPending'> = {},
): Promise<DocumentAnalysis> {
  const budget = new TimeBudget(config.budgetMs, signal);
  const done = (result: AnalysisResult, cancelled = false): DocumentAnalysis => ({
    findings: finishFindings(result.findings, doc.text, config),
    errors: result.errors,
    ...(result.partial ? { partial: result.partial } : {}),
    elapsedMs: budget.elapsedMs,
    budgetMs: config.budgetMs,
    cancelled,
  });
  const cancelled = (): DocumentAnalysis => done({ findings: [], errors: [] }, true);
  // An assistant that never checks its budget (or finishes just as the user types on) must still not hand
  // back results for a cancelled request; nor may an AbortError from an SDK become an "internal" error.
  if (signal?.aborted) return cancelled();
  try {
    const result = await assistant.analyze(doc, { config, budget, signal, ...extras });
    return signal?.aborted ? cancelled() : done(result);
  } catch (error) {
    if (isCancelled(error) || signal?.aborted) return cancelled();
    if (isOverBudget(error)) {
      return done({ findings: [], errors: [{ file: doc.file, kind: 'budget', message: error.message }] });
    }
    const message = error instanceof Error ? error.message : String(error);
    return done({
      findings: [],
      errors: [{ file: doc.file, kind: 'internal', message: `${assistant.id} assistant failed: ${message}` }],
    });
  }
}

/**
 * What every finding goes through before anyone sees it, whatever produced it (an engine's static pass, measured
 * advice, Claude): suppression comments in the text, then the user's rule settings, then the stable order.
 */
export function finishFindings(findings: readonly Finding[], text: string, config: AnalysisConfig): Finding[] {
  return applyConfig(applySuppressions(findings, text), config).sort(compareFindings);
}

/**
 * One document's findings from several sources: a later source's finding of the same rule on the same span
 * replaces the earlier one (it is the same finding, now with evidence and fixes); the rest are added.
 */
export function mergeFindings(...sources: readonly (readonly Finding[])[]): Finding[] {
  const key = (f: Finding) =>
    `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
  const byKey = new Map<string, Finding>();
  for (const findings of sources) for (const finding of findings) byKey.set(key(finding), finding);
  return [...byKey.values()].sort(compareFindings);
}

/**
 * Runs an engine's `prepare` the same way for every caller: the errors it reports per file, and a failure of
 * its own (a bug, not a file) as one error for `scope` (how the caller names the workspace) instead of an
 * exception, so files are still analysed, only without the context that could not be read.
 */
export async function prepareWorkspace(
  assistant: Assistant,
  workspace: Workspace,
  scope: string,
  signal?: AbortSignal,
): Promise<AnalysisError[]> {
  try {
    return (await assistant.prepare?.(workspace, signal))?.errors ?? [];
  } catch (error) {
    if (isCancelled(error) || signal?.aborted) return [];
    const reason = error instanceof Error ? error.message : String(error);
    return [
      {
        file: scope,
        kind: 'internal',
        message: `the ${assistant.id} assistant could not read the workspace: ${reason}`,
      },
    ];
  }
}
