import * as vscode from 'vscode';
import { ASSISTANTS, disposeLoadedAssistants } from './assistants/catalog';
import { setCodeCacheFolder } from './core/code-cache';
import { AnalysisService } from './editor/analysis-service';
import { FindingCodeActions } from './editor/code-actions';
import { registerShellCommands } from './editor/commands';
import { registerDecomposition } from './editor/decomposition';
import { registerDeepReview } from './editor/deep-review';
import { EngineHovers } from './editor/hover';
import { disposeLog, log } from './editor/log';
import { MeasuredAdvice } from './editor/measured-advice';
import { registerRoadmap } from './editor/roadmap';
import type { EditorFeature, EditorServices } from './editor/services';
import { registerReact } from './editor/react';
import { registerSqlAdvice } from './editor/sql-advice';
import { AnalysisStatus } from './editor/status';
import type { TestApi } from './editor/common/test-hooks';
import { TestHooks } from './editor/common/test-hooks';
import { registerWorkshop } from './editor/workshop';

/** The editor's features, in registration order; each brings its commands, providers and listeners. */
const FEATURES: readonly EditorFeature[] = [
  registerShellCommands,
  registerSqlAdvice,
  registerReact,
  registerDeepReview,
  registerRoadmap,
  registerDecomposition,
  registerWorkshop,
];

/**
 * What activate() hands other extensions: how long activation took (it shows in the log too). Nothing else:
 * the integration tests' hooks (TestApi) are added only when VS Code runs the extension for its tests.
 */
export interface ScalingAssistantApi {
  activationMs: number;
}

/**
 * Registrations only. Engines (the YAML parser, SQL WASM, PGlite, the Anthropic SDK) load on the first document
 * of their kind, from their own chunks in dist/assistants/.
 */
export function activate(
  context: vscode.ExtensionContext,
): ScalingAssistantApi | (ScalingAssistantApi & Partial<TestApi>) {
  const started = performance.now();
  // The engines keep TypeScript's compiled code in the extension's storage between sessions (core/code-cache.ts).
  setCodeCacheFolder(context.globalStorageUri.fsPath);
  const analysis = new AnalysisService(context.extensionUri);
  const advice = new MeasuredAdvice(analysis);
  const testHooks = context.extensionMode === vscode.ExtensionMode.Test ? new TestHooks() : undefined;
  const services: EditorServices = { analysis, advice, testHooks };
  const selector = ASSISTANTS.filter((a) => a.available).flatMap((a) =>
    a.languageIds.map((language) => ({ language })),
  );
  context.subscriptions.push(
    analysis,
    advice,
    new AnalysisStatus(analysis),
    vscode.languages.registerCodeActionsProvider(selector, new FindingCodeActions(analysis), {
      providedCodeActionKinds: FindingCodeActions.kinds,
    }),
    vscode.languages.registerHoverProvider(selector, new EngineHovers(analysis)),
    { dispose: disposeLog },
  );
  for (const register of FEATURES) register(context, services);
  analysis.start();
  const activationMs = performance.now() - started;
  log().info(`activated in ${activationMs.toFixed(1)} ms (workspace trusted: ${vscode.workspace.isTrusted})`);
  return testHooks ? { activationMs, ...testHooks.api() } : { activationMs };
}

export function deactivate(): Promise<void> {
  // Disposables registered on the context clean up the rest; engines may hold a worker or connections.
  return disposeLoadedAssistants();
}
