import type { Assistant } from '../../core/assistant';
import type { AnalysisError } from '../../core/finding';
import type { TimeBudget } from '../../core/budget';
import type { Workspace, WorkspaceFile } from '../../core/workspace';
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
import { mergeBuildFindings } from './kustomize/build-findings';
import { KUSTOMIZATION_FILE, isOperationList } from './kustomize/kustomization';
import { HeldBack, ruleContext } from './rule-context';
import { k8sSettings } from './settings';
import { remoteChartNotices } from './remote-charts';

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
   * The workspace's manifests besides the document's (with the files kustomize generators read), and the
   * assessment's budget. Reading the context may use half the budget; past it, the context is incomplete and
   * rules that conclude from an absence hold back (`graph.complete`). The graph itself is built by the caller
   * right before it is used, with no await in between, so a graph is never used after a later analysis rebuilt it.
   */
  async function contextFor(
    manifest: ParsedManifest,
    files: readonly WorkspaceFile[] | undefined,
    budget: TimeBudget,
    workspace: Workspace | undefined,
  ): Promise<{ manifests: ParsedManifest[]; complete: boolean; assessment?: AssessmentBudget }> {
    if (!files || !workspace) return { manifests: [manifest], complete: true };
    const context = await cache.load(files, manifest.file, () => budget.elapsedMs > budget.budgetMs / 2);
    const manifests = [...context.manifests, manifest];
    await cache.loadSources(workspace, manifests);
    await cache.loadCharts(workspace);
    return { manifests, complete: context.complete, assessment: await budgets.budgetFor(files, manifest.file) };
  }

  /** The workspace's candidate files (read once per analysis), and the document parsed in their light. */
  async function parseDocument(
    doc: { file: string; text: string },
    workspace: Workspace | undefined,
  ): Promise<{ files?: WorkspaceFile[]; manifest: ParsedManifest }> {
    const files = workspace ? await workspace.files(K8S_FILE_PATTERN) : undefined;
    if (files) cache.setFiles(files);
    return { files, manifest: cache.parseText(doc.file, doc.text) };
  }

  return {
    id: 'k8s',
    rules,
    async analyze(doc, { budget, workspace, settings: rawSettings }) {
      const settings = k8sSettings(rawSettings);
      cache.setChartOptions({ clusterVersion: settings.clusterVersion, valuesFiles: settings.helmValuesFiles });
      const { files, manifest } = await parseDocument(doc, workspace);
      if (!mayHoldObjects(manifest) && !cache.inChart(doc.file)) return { findings: [], errors: manifest.errors };
      const context = await contextFor(manifest, files, budget, workspace);
      const graph = cache.graph(context.manifests, context.complete);
      // A chart template the render handled: the render's word replaces the parse's "not analysed".
      const own = graph.renderedFromChart(doc.file) ? [] : manifest.errors;
      const errors = [...own, ...graph.buildErrorsFor(doc.file), ...remoteChartNotices(manifest)];
      if (cache.inChart(doc.file))
        for (const missing of cache.missingValuesFiles())
          errors.push({
            file: doc.file,
            kind: 'partial',
            message: `values file ${missing} (scalingAssistant.k8s.helmValuesFiles) is not in the workspace: charts render without it`,
          });
      if (!context.complete) {
        errors.push({
          file: doc.file,
          kind: 'partial',
          message:
            'workspace context still loading: checks that need other files (missing targets, PDBs, quotas) are held back until it is complete',
        });
      }
      const heldBack = new HeldBack();
      const ruleErrors: AnalysisError[] = [];
      // One run of the rules per kustomize build the file wrote part of (one for a plain manifest), each build
      // seeing its own objects and the plain manifests (overlays are alternatives, not neighbours).
      const groups = graph.objectsFor(doc.file).map(({ folder, kustomization, condition, objects }) => {
        const view = { ...manifest, objects };
        const seen = graph.seenFrom(kustomization);
        const parts = { manifest: view, graph: seen, settings, budget: context.assessment };
        const ran = runRules({
          rules,
          file: doc.file,
          budget,
          check: (rule, report) => rule.check(ruleContext(parts, heldBack, report)),
        });
        ruleErrors.push(...ran.errors);
        return { folder, condition, findings: withCostNotes(ran.findings, view, seen, settings.prices) };
      });
      return {
        findings: mergeBuildFindings(doc.file, groups),
        errors: [...errors, ...heldBack.errors(doc.file), ...uniqueErrors(ruleErrors)],
      };
    },
    async prepare(workspace, signal) {
      const files = await workspace.files(K8S_FILE_PATTERN);
      cache.setFiles(files);
      const { manifests, complete } = await cache.load(files, '', () => signal?.aborted ?? false);
      // Helm charts are rendered with the graph: made here, once, the first document analysed does not pay for it
      // under its time budget (an analysis of an unchanged workspace reuses this graph).
      if (complete && !signal?.aborted && manifests.some((m) => cache.inChart(m.file))) {
        await cache.loadSources(workspace, manifests);
        await cache.loadCharts(workspace);
        cache.graph(manifests, true);
      }
      return { errors: manifests.flatMap((m) => m.errors) };
    },
    // The HPA hover: same parse cache and object graph as analyze, so hovering costs no extra parse.
    async hover(doc, position, { budget, workspace, settings }) {
      const read = k8sSettings(settings);
      cache.setChartOptions({ clusterVersion: read.clusterVersion, valuesFiles: read.helmValuesFiles });
      const { files, manifest } = await parseDocument(doc, workspace);
      if (!manifest.objects.some((o) => o.kind === 'HorizontalPodAutoscaler')) return undefined;
      // A hover over a partial workspace still helps.
      const context = await contextFor(manifest, files, budget, workspace);
      const graph = cache.graph(context.manifests, context.complete);
      // An HPA a kustomize build reads is shown as the (first) build makes it.
      const [first] = graph.objectsFor(doc.file);
      return hoverAt(
        first ? { ...manifest, objects: first.objects } : manifest,
        graph.seenFrom(first?.kustomization),
        position,
        {
          prices: read.prices,
          budget: context.assessment,
        },
      );
    },
  };
}

/**
 * Whether a file can matter to the rules: it holds objects, or is a kustomization or a JSON 6902 patch (whose
 * fields go into built objects). Other YAML (CI workflows, Helm values) is not worth reading the workspace for.
 */
function mayHoldObjects(manifest: ParsedManifest): boolean {
  return (
    manifest.objects.length > 0 ||
    KUSTOMIZATION_FILE.test(manifest.file) ||
    manifest.documents.some((d) => isOperationList(d.contents))
  );
}

/** A rule that fails fails the same way in every build: one error each. */
function uniqueErrors(errors: readonly AnalysisError[]): AnalysisError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.message) && seen.add(e.message) !== undefined);
}

export const k8sAssistant: Assistant<never> = createK8sAssistant();

export { ObjectGraph };

export { peakCostProvider } from './peak-facts';
