import * as vscode from 'vscode';
import { log } from '../log';
import type { ConsentPrompt } from './consent';
import { modalPrompt } from './consent';

export const DEEP_REVIEW_COMMAND = 'scalingAssistant.deepReview';
export const CLEAR_DEEP_REVIEW_FINDINGS_COMMAND = 'scalingAssistant.clearDeepReviewFindings';

/**
 * Where the deep review speaks to the user: its log lines, its messages and the consent question. The editor's
 * own by default; the integration tests inject recording ones (deep-review/testing.ts), so nothing here keeps a
 * record for them.
 */
export interface DeepReviewUi {
  log(line: string): void;
  show<T extends string>(level: 'info' | 'warning' | 'error', message: string, actions: T[]): Thenable<T | undefined>;
  consent: ConsentPrompt;
}

export const editorUi: DeepReviewUi = {
  log: (line) => log().info(`[deep review] ${line}`),
  show: (level, message, actions) =>
    level === 'error'
      ? vscode.window.showErrorMessage(message, ...actions)
      : level === 'warning'
        ? vscode.window.showWarningMessage(message, ...actions)
        : vscode.window.showInformationMessage(message, ...actions),
  consent: modalPrompt,
};
