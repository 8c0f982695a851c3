import type * as TS from 'typescript';
import type { AnalysisContext, AnalysisResult, Assistant, SourceDocument } from '../../core/assistant';
import { loadTypeScript } from '../../core/module-graph/typescript';
import type { TimeBudget } from '../../core/budget';
import { CancelledError, OverBudgetError } from '../../core/budget';
import type { BudgetCheck, EngineOptions } from '../../core/run-rules';
import { runRules } from '../../core/run-rules';
import { LineIndex } from '../../core/text';
import { ComponentGraph } from './component-graph';
import type { ReactCompilerCheck } from './compiler';
import { reactCompiler } from './compiler';
import { weighManualMemo } from './compiler/weigh';
import { ReactEdits } from './edits';
import { projectFramework } from './framework';
import type { ImportCostMeasurer } from './import-cost';
import { importCosts } from './import-cost';
import type { LocalModules } from './import-cost/for-file';
import { AppEntries } from './import-cost/app-entries';
import { NO_LOCAL_MODULES, localModules, measureImports } from './import-cost/for-file';
import type { RenderDeps } from './render/advise';
import { adviseRenders } from './render/advise';
import type { ReactRenderReport } from './contract';
import type { ReadBytes } from './local-files';
import { readForRules, readFromDisk } from './local-files';
import { buildFileModel } from './model';
import { MAX_NESTING, mayHoldReact, nestingDepth, parseScript, syntaxError } from './parse';
import type { ReactRule } from './rule';
import { REACT_RULES } from './rules';

/**
 * The frontend optimizer's engine: parse the document with TypeScript's parser, read its components,
 * elements and hooks, resolve each element to the component it renders across the workspace (the component
 * graph on the shared module graph), then run each rule under the time budget. Findings are reported for the
 * analysed document only; other files are context. Each engine instance owns its graph.
 */
export function createReactAssistant({
  cache,
  rules = REACT_RULES,
  importCost: measurer = importCosts,
  compiler = reactCompiler,
  measure,
  readFile = readFromDisk,
}: EngineOptions<ComponentGraph, ReactRule> & {
  /** Where import costs are measured (the process's shared measurer); false: never, the findings say so. */
  importCost?: ImportCostMeasurer | false;
  /** Where the React Compiler is detected and run (the process's shared check); false: never. */
  compiler?: ReactCompilerCheck | false;
  /** Where renders are measured (the sandbox's worker thread unless a test hands in its own). */
  measure?: RenderDeps['measure'];
  /** How the files rules read (local images) are read; false: never. */
  readFile?: ReadBytes | false;
} = {}): Assistant<ReactRenderReport> {
  let ts: typeof TS | undefined;
  let graph = cache;
  const appEntries = new AppEntries();

  /** One analysis of `doc` (before the workspace is read, `contextPending`: only the rules that need no other file). */
  async function analyzeOnce(
    doc: SourceDocument,
    { budget, workspace, signal, settings, config, contextPending }: AnalysisContext,
  ): Promise<AnalysisResult> {
    ts ??= await loadTypeScript();
    const lines = new LineIndex(doc.text);
    const unreadable = (message: string) => ({
      findings: [],
      errors: [{ file: doc.file, kind: 'unsupported' as const, message: `not analysed: ${message}` }],
    });
    // Before the workspace is read (the editor's first file of a large project waits seconds for the module
    // graph) the rules that need no other file answer at once; the editor analyses again when it is read.
    const early = Boolean(workspace && contextPending);
    let source: TS.SourceFile;
    try {
      // The workspace's first read parsed the file already when it was kept (the CLI's run over every file).
      source = (workspace && !early && graph?.takeSource(doc.file, doc.text)) || parseScript(ts, doc.file, doc.text);
    } catch (error) {
      // TypeScript's own parser running out of stack on pathological nesting is this file's problem alone.
      return unreadable(
        `the TypeScript parser could not read it (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    if (nestingDepth(ts, source) > MAX_NESTING)
      return unreadable(`its syntax is nested more than ${MAX_NESTING} levels deep`);
    const broken = syntaxError(ts, source);
    if (broken) {
      const at = lines.rangeOf(broken.start, broken.start);
      return {
        findings: [],
        errors: [{ file: doc.file, kind: 'parse', range: at, message: `not analysed: ${broken.message}` }],
      };
    }
    const model = buildFileModel(ts, doc.file, doc.text, source);
    let components = new ComponentGraph(ts);
    let local: LocalModules = NO_LOCAL_MODULES;
    if (workspace && !early) {
      graph ??= new ComponentGraph(ts);
      await graph.update(workspace, { file: doc.file, text: doc.text, source });
      await graph.resolveFor(model);
      await graph.resolveNames(model, providerObjects(model));
      components = graph;
      const entry = await appEntries.of(workspace, graph.modules, graph.state, doc.file, settings?.importCostRoot);
      local = localModules(graph.modules, doc.file, settings?.importCostRoot, entry);
    }
    const edits = new ReactEdits(model, lines);
    const active = early ? rules.filter((rule) => !rule.crossFile) : rules;
    const enabled = active.filter(
      (rule) => !config.disabledRules.includes(rule.id) && config.severityOverrides[rule.id] !== 'off',
    );
    const waitStarted = performance.now();
    const measuring = Promise.all([
      measureImports(measurer, model, enabled, { signal, settings, local }),
      compiler ? compiler.compilationOf(model, { workspace, settings, signal }) : undefined,
      readForRules(readFile, model, enabled, settings),
      projectFramework(doc.file, workspace),
    ]);
    const [importCost, compilation, fileBytes, framework] = await measuring;
    const ran = runRules({
      rules: active,
      file: doc.file,
      // Measuring and compiling have their own time limits and run on their threads: waiting for them is not
      // the rules' time.
      budget: excluding(budget, performance.now() - waitStarted, signal),
      check: (rule, report) =>
        rule.check({
          model,
          graph: components,
          edits,
          report,
          importCost,
          local,
          settings: settings ?? {},
          fileBytes,
          framework,
          ...(compilation ? { compiler: compilation } : {}),
        }),
    });
    const findings = weighManualMemo(ran.findings, rules, model, lines, compilation);
    if (!early) return { findings, errors: ran.errors };
    const later = rules.filter((rule) => rule.crossFile).map((rule) => rule.id);
    return {
      findings,
      errors: ran.errors,
      partial: `the workspace is still being read: ${later.join(', ')} follow when it is`,
    };
  }

  const assistant: Assistant<ReactRenderReport> = {
    id: 'react',
    rules,
    async analyze(doc, context) {
      if (!mayHoldReact(doc.file, doc.text)) return { findings: [], errors: [] };
      return analyzeOnce(doc, context);
    },
    async prepare(workspace, signal) {
      ts ??= await loadTypeScript();
      graph ??= new ComponentGraph(ts);
      if (signal?.aborted) return { errors: [] };
      await graph.update(workspace);
      return {
        errors: graph.modules.errors.map((e) => ({ file: e.file, kind: 'parse' as const, message: e.message })),
      };
    },
    async advise(doc, context) {
      ts ??= await loadTypeScript();
      return adviseRenders(doc, context, {
        ts,
        graph: () => graph,
        analyze: async (d, c) => assistant.analyze(d, c),
        ...(measure ? { measure } : {}),
      });
    },
  };
  return assistant;
}

function excluding(budget: TimeBudget, waitedMs: number, signal?: AbortSignal): BudgetCheck {
  return {
    check() {
      if (signal?.aborted) throw new CancelledError();
      const elapsed = budget.elapsedMs - waitedMs;
      if (elapsed > budget.budgetMs) throw new OverBudgetError(budget.budgetMs, elapsed);
    },
  };
}

/** `Theme` of `<Theme.Provider>` and `<Theme>` (React 19 renders a context as its provider). */
function providerObjects(model: ReturnType<typeof buildFileModel>): Set<string> {
  const names = new Set<string>();
  for (const use of model.jsx) if (!use.intrinsic) names.add(use.tag.replace(/\.Provider$/, ''));
  return names;
}

export const reactAssistant: Assistant<ReactRenderReport> = createReactAssistant();

// The editor's import-cost decorations, through the catalog: the same measurer (cache, thread) as the findings.
export { importCosts } from './import-cost';
export { measureFileImports } from './import-cost/file-imports';
export { reactCompiler } from './compiler';
