import type * as vscode from 'vscode';
import type { AnalysisService } from './analysis-service';
import type { MeasuredAdvice } from './measured-advice';
import type { TestHooks } from './common/test-hooks';

/**
 * What the shell offers every editor feature: the analysis of open documents (with its finding-source
 * registry) and the measured advice of open documents. Features reach each other only through these and
 * through commands, never by holding one another.
 */
export interface EditorServices {
  analysis: AnalysisService;
  advice: MeasuredAdvice;
  /**
   * Only when VS Code runs the extension for its own tests (`ExtensionMode.Test`): where a feature leaves the
   * hooks the integration tests drive it by. Undefined otherwise, so production code records nothing for tests
   * and no other extension can reach a hook.
   */
  testHooks?: TestHooks;
}

/** An editor feature: its commands, providers and listeners, registered on the context. */
export type EditorFeature = (context: vscode.ExtensionContext, services: EditorServices) => void;
