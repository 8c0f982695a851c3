import type { Assistant } from '../../core/assistant';
import type { TimeBudget } from '../../core/budget';
import type { Workspace } from '../../core/workspace';
import type { EngineOptions } from '../../core/run-rules';
import { runRules } from '../../core/run-rules';
import type { AssessmentBudget } from './assessment-budget';
import { AssessmentBudgets } from './assessment-budget';
import { withCostNotes } from './cost-notes';
import { ObjectGraph } from './graph';
import { hoverAt } from './hover';
import type { ParsedManifest } from './manifest';
import { K8S_FILE_PATTERN, ManifestCache } from './manifest-cache';
import type { K8sRule } from './rule';
import { K8S_RULES } from './rules';
import { k8sSettings } from './settings';
import { pairRange } from './yaml-nodes';

/**
 * The HPA reviewer's engine: parse the document (and, through the cache, the rest of the workspace),
 * build the object graph, run each rule under the time budget. Findings are reported for the analysed
 * document only; other files are context. Each engine instance owns its parse cache.
 */
export function createK8sAssistant({
  cache = new ManifestCache(),
  rules = K8S_RULES,
}: EngineOptions<ManifestCache, K8sRule> = {}): Assistant<never> {
  const budgets = new AssessmentBudgets();

  /**
   * The workspace's manifests besides the document's, and the assessment's budget. Reading the context may use
   * half the budget; past it, the context is incomplete and rules that conclude from an absence hold back
   * (`graph.complete`). The graph itself is built by the caller right before it is used, with no await in
   * between, so a graph is never used after a later analysis rebuilt it.
   */
  async function contextFor(
    file: string,
    workspace: Workspace | undefined,
    budget: TimeBudget,
  ): Promise<{ manifests: ParsedManifest[]; complete: boolean; assessment?: AssessmentBudget }> {
    if (!workspace) return { manifests: [], complete: true };
    const files = await workspace.files(K8S_FILE_PATTERN);
    const context = await cache.load(files, file, () => budget.elapsedMs > budget.budgetMs / 2);
    return { ...context, assessment: await budgets.budgetFor(files, file) };
  }

  return {
    id: 'k8s',
    rules,
    async analyze(doc, { budget, workspace, settings: rawSettings }) {
      const manifest = cache.parseText(doc.file, doc.text);
      if (manifest.objects.length === 0) return { findings: [], errors: manifest.errors };
      const context = await contextFor(doc.file, workspace, budget);
      const graph = cache.graph([...context.manifests, manifest], context.complete);
      const errors = [...manifest.errors];
      if (!context.complete) {
        errors.push({
          file: doc.file,
          kind: 'partial',
          message:
            'workspace context still loading: checks that need other files (missing targets, PDBs, quotas) are held back until it is complete',
        });
      }
      const settings = k8sSettings(rawSettings);
      const ran = runRules({
        rules,
        file: doc.file,
        budget,
        check: (rule, report) =>
          rule.check({
            manifest,
            graph,
            settings,
            budget: context.assessment,
            rangeOf: (object, pair) => {
              const lines = graph.manifestOf(object.file)?.lines;
              return pair && lines ? pairRange(pair, lines) : undefined;
            },
            relatedAt: (object, pair, message) => {
              const lines = graph.manifestOf(object.file)?.lines;
              const range = pair && lines ? pairRange(pair, lines) : undefined;
              return range ? [{ file: object.file, range, message }] : undefined;
            },
            report,
          }),
      });
      const findings = withCostNotes(ran.findings, manifest, graph, settings.prices);
      return { findings, errors: [...errors, ...ran.errors] };
    },
    async prepare(workspace, signal) {
      const { manifests } = await cache.load(
        await workspace.files(K8S_FILE_PATTERN),
        '',
        () => signal?.aborted ?? false,
      );
      return { errors: manifests.flatMap((m) => m.errors) };
    },
    // The HPA hover: same parse cache and object graph as analyze, so hovering costs no extra parse.
    async hover(doc, position, { budget, workspace, settings }) {
      const manifest = cache.parseText(doc.file, doc.text);
      if (!manifest.objects.some((o) => o.kind === 'HorizontalPodAutoscaler')) return undefined;
      // A hover over a partial workspace still helps.
      const context = await contextFor(doc.file, workspace, budget);
      const graph = cache.graph([...context.manifests, manifest], context.complete);
      return hoverAt(manifest, graph, position, { prices: k8sSettings(settings).prices, budget: context.assessment });
    },
  };
}

export const k8sAssistant: Assistant<never> = createK8sAssistant();

export { ObjectGraph };
