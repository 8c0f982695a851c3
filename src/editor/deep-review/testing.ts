import * as vscode from 'vscode';
import { API_KEY_SECRET } from './api-key';
import type { DeepReviewEditAction } from './code-actions';
import type { ConsentPrompt } from './consent';
import type { DeepReviewController } from './controller';
import type { DeepReviewUi } from './ui';

/** For the integration tests (ExtensionMode.Test only), through the extension's exports. */
export interface DeepReviewTestHooks {
  /** Every line the deep review wrote to the log channel, as written. */
  logLines(): string[];
  /** Answers the consent question without the modal (undefined: the modal again). */
  answerConsent(answer: boolean | undefined): void;
  /** The last consent question asked (its message and detail), while answered by answerConsent. */
  lastConsentQuestion(): { message: string; detail: string } | undefined;
  forgetConsent(): Promise<void>;
  /** Cancels the running request exactly as the notification's Cancel button does. */
  cancelRunning(): number;
  /** Messages shown to the user, newest last. */
  messages(): { level: string; message: string; actions: string[] }[];
  /** Stores (or with undefined removes) the API key in SecretStorage, as *Set Anthropic API Key* does. */
  storeApiKey(key: string | undefined): Promise<void>;
  /** The deep review's code actions at a range, resolved by the provider itself (its preview metadata included). */
  resolvedActions(uri: vscode.Uri, range: vscode.Range): Promise<DeepReviewEditAction[]>;
}

/** The controller lives in its own chunk: loaded on demand, or the one loaded already. */
export interface ControllerAccess {
  load(): Promise<DeepReviewController>;
  current(): DeepReviewController | undefined;
}

/**
 * The deep review's UI for the integration tests: the editor's own, wrapped so that what it logs and shows is
 * kept for the tests to read and the consent question can be answered by a script. Built only in test mode.
 */
export function recordingUi(base: DeepReviewUi): {
  ui: DeepReviewUi;
  hooks(controller: ControllerAccess, secrets: vscode.SecretStorage): DeepReviewTestHooks;
} {
  const lines: string[] = [];
  const shown: { level: string; message: string; actions: string[] }[] = [];
  let scripted: ConsentPrompt | undefined;
  let lastQuestion: { message: string; detail: string } | undefined;
  const ui: DeepReviewUi = {
    log: (line) => {
      base.log(line);
      lines.push(line);
      if (lines.length > 2000) lines.splice(0, 1000);
    },
    show: (level, message, actions) => {
      shown.push({ level, message, actions: [...actions] });
      if (shown.length > 50) shown.shift();
      return base.show(level, message, actions);
    },
    consent: (message, detail) => (scripted ?? base.consent)(message, detail),
  };
  const hooks = (controller: ControllerAccess, secrets: vscode.SecretStorage): DeepReviewTestHooks => ({
    logLines: () => [...lines],
    answerConsent: (answer) => {
      scripted =
        answer === undefined
          ? undefined
          : async (message, detail) => {
              lastQuestion = { message, detail };
              return answer;
            };
    },
    lastConsentQuestion: () => lastQuestion,
    forgetConsent: async () => (await controller.load()).consent.forget(),
    // Nothing can be running before the controller's chunk has loaded.
    cancelRunning: () => controller.current()?.cancelAll() ?? 0,
    messages: () => [...shown],
    storeApiKey: async (key) => {
      if (key === undefined) await secrets.delete(API_KEY_SECRET);
      else await secrets.store(API_KEY_SECRET, key);
    },
    resolvedActions: async (uri, range) => {
      const document = await vscode.workspace.openTextDocument(uri);
      const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.range.intersection(range) !== undefined);
      const context: vscode.CodeActionContext = {
        diagnostics,
        triggerKind: vscode.CodeActionTriggerKind.Invoke,
        only: undefined,
      };
      const { actions } = await controller.load();
      return actions.provideCodeActions(document, range, context).map((action) => actions.resolveCodeAction(action));
    },
  });
  return { ui, hooks };
}
