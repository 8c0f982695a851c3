import * as vscode from 'vscode';
import { AnalysisService } from './editor/analysis-service';
import { FindingCodeActions } from './editor/code-actions';
import { EngineHovers } from './editor/hover';
import { registerCommands } from './editor/commands';
import type { DeepReviewTestHooks } from './editor/deep-review';
import { DeepReviewController } from './editor/deep-review';
import type { SqlAdviceTestHooks } from './editor/sql-advice-command';
import { registerSqlAdvice, sqlAdviceTestHooks } from './editor/sql-advice-command';
import { RoadmapLoader } from './editor/roadmap-loader';
import type { RoadmapTestState } from './editor/roadmap-panel';
import { disposeLog, log } from './editor/log';
import { AnalysisStatus } from './editor/status';
import { ASSISTANTS, disposeLoadedAssistants } from './assistants/catalog';

/**
 * Registrations only. Engines (YAML parser today; SQL WASM, PGlite and the Anthropic SDK later) load on
 * the first document of their kind, from their own chunks in dist/assistants/.
 */
/** What activate() hands other extensions and tests: how long activation took (it shows in the log too). */
export interface ScalingAssistantApi {
  activationMs: number;
  /**
   * For the integration tests, not a stable API: the roadmap panel's state, and its message entry point
   * (`receive` handles a message exactly as if the webview had sent it, validation included).
   */
  roadmapForTests: {
    /** undefined until the first roadmap command loads the roadmap's chunk. */
    state(): RoadmapTestState | undefined;
    receive(message: unknown): Promise<void>;
  };
  /** For the integration tests, not a stable API: the deep review's log lines, consent answers, cancellation. */
  deepReviewForTests: DeepReviewTestHooks;
  /** For the integration tests, not a stable API: the database password's storage. */
  sqlAdviceForTests: SqlAdviceTestHooks;
}

export function activate(context: vscode.ExtensionContext): ScalingAssistantApi {
  const started = performance.now();
  const analysis = new AnalysisService(context.extensionUri);
  const selector = ASSISTANTS.filter((a) => a.available).flatMap((a) =>
    a.languageIds.map((language) => ({ language })),
  );
  context.subscriptions.push(
    analysis,
    new AnalysisStatus(analysis),
    vscode.languages.registerCodeActionsProvider(selector, new FindingCodeActions(analysis), {
      providedCodeActionKinds: FindingCodeActions.kinds,
    }),
    vscode.languages.registerHoverProvider(
      selector,
      new EngineHovers(analysis, (document, position) => sqlAdvice?.statementAt(document, position) !== undefined),
    ),
    { dispose: disposeLog },
  );
  // Deep review with Claude: registers commands, hover and code actions; the AI layer loads on first use.
  const deepReview = new DeepReviewController(context, analysis, () => sqlAdvice);
  deepReview.register();
  context.subscriptions.push(deepReview);
  // Creates nothing until a roadmap command runs or VS Code restores the panel after a reload.
  const roadmap = new RoadmapLoader(context.extensionUri, analysis, deepReview.narrate);
  context.subscriptions.push(roadmap, roadmap.registerSerializer());
  registerCommands(context, analysis, roadmap);
  const sqlAdvice = registerSqlAdvice(context, analysis);
  analysis.start();
  const activationMs = performance.now() - started;
  log().info(`activated in ${activationMs.toFixed(1)} ms (workspace trusted: ${vscode.workspace.isTrusted})`);
  return {
    activationMs,
    roadmapForTests: { state: () => roadmap.testState(), receive: (message) => roadmap.receive(message) },
    deepReviewForTests: deepReview.testHooks(),
    sqlAdviceForTests: sqlAdviceTestHooks(context.secrets),
  };
}

export function deactivate(): Promise<void> {
  // Disposables registered on the context clean up the rest; engines may hold a worker or connections.
  return disposeLoadedAssistants();
}
