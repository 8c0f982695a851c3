import * as vscode from 'vscode';
import type { EditorFeature } from '../services';
import { clearApiKey, setApiKey } from './api-key';
import { DeepReviewController, editorUi } from './controller';
import { recordingUi } from './testing';

/**
 * The deep review with Claude: *Deep Review with Claude*, its findings (source "Claude"), hovers and previewed
 * edits, the roadmap's narrative, and the Anthropic API key in secret storage. The AI layer loads on first use.
 */
export const registerDeepReview: EditorFeature = (context, services) => {
  const recording = services.testHooks ? recordingUi(editorUi) : undefined;
  const controller = new DeepReviewController(context, services, recording?.ui ?? editorUi);
  controller.register();
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand('scalingAssistant.setApiKey', () => setApiKey(context.secrets)),
    vscode.commands.registerCommand('scalingAssistant.clearApiKey', () => clearApiKey(context.secrets)),
  );
  if (recording) services.testHooks?.set('deepReviewForTests', recording.hooks(controller, context.secrets));
};
