import * as vscode from 'vscode';
import type { HeldDecompositionPlan } from '../common/decomposition-plan';
import { log } from '../log';
import type { DecompositionState, GuardrailOutcome, PlanOutcome } from './host';
import type { DecompositionHost } from './host';
import type { PanelObserver } from './panel';
import type { GuardrailKind } from './common/messages';
import { DECOMPOSITION_VIEW_TYPE } from './common/view-type';

/**
 * What activation holds of the decomposition planner: the commands' entry points, nothing else. The host (panel,
 * layout, diagnostics) lives in its own chunk, dist/decomposition.js (esbuild.mjs rewrites the import below),
 * and the planner's engine in dist/assistants/decomposition.js, both loaded by the first command.
 */
export class DecompositionLoader implements vscode.Disposable {
  private host?: Promise<DecompositionHost>;
  private loaded?: DecompositionHost;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly observer?: PanelObserver,
  ) {}

  private load(): Promise<DecompositionHost> {
    this.host ??= import('./chunk').then((chunk) => {
      this.loaded = chunk.createDecompositionHost(this.extensionUri, log(), this.observer);
      return this.loaded;
    });
    return this.host;
  }

  /**
   * Brings the panel back after a window reload (activation event `onWebviewPanel:scalingAssistant.decomposition`),
   * planning again from the state its webview saved.
   */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DECOMPOSITION_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        await this.restore(panel, state);
      },
    });
  }

  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<PlanOutcome> {
    return (await this.load()).restore(panel, state);
  }

  async plan(target?: vscode.Uri): Promise<PlanOutcome> {
    return (await this.load()).plan(target);
  }

  async showPanel(): Promise<void> {
    return (await this.load()).showPanel();
  }

  async guardrails(kind: GuardrailKind): Promise<GuardrailOutcome> {
    return (await this.load()).guardrails(kind);
  }

  /** The plan held: none before the first decomposition command has loaded the chunk. */
  heldPlan(): HeldDecompositionPlan | undefined {
    return this.loaded?.heldPlan();
  }

  /** The panel's state, once the chunk is loaded. */
  state(): DecompositionState | undefined {
    return this.loaded?.state();
  }

  async receive(message: unknown): Promise<void> {
    return (await this.load()).receive(message);
  }

  dispose(): void {
    this.loaded?.dispose();
  }
}
