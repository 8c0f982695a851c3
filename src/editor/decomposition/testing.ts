import type * as vscode from 'vscode';
import type { PanelRecord } from './common/testing';
import type { DecompositionState, GuardrailOutcome, PlanOutcome } from './host';
import type { GuardrailKind } from './common/messages';

/** For the integration tests (ExtensionMode.Test only), through the extension's exports. */
export interface DecompositionTestHooks {
  /** undefined until the first decomposition command loads the chunk. */
  state(): (DecompositionState & PanelRecord) | undefined;
  /** *Plan Monolith Decomposition* on a folder, with its outcome. */
  plan(folder: vscode.Uri): Promise<PlanOutcome>;
  /** What the panel serializer does after a window reload, on a panel the test made and a state it gives. */
  restore(panel: vscode.WebviewPanel, state: unknown): Promise<PlanOutcome>;
  guardrails(kind: GuardrailKind): Promise<GuardrailOutcome>;
  /** Handles a message exactly as if the webview had sent it, validation included. */
  receive(message: unknown): Promise<void>;
}
