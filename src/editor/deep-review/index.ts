import * as vscode from 'vscode';
import type { NarrativeInput } from '../common/roadmap-narrative';
import { NARRATE_ROADMAP_COMMAND } from '../common/roadmap-narrative';
import type { EditorFeature } from '../services';
import { clearApiKey, setApiKey } from './api-key';
import type { DeepReviewController, DeepReviewOptions } from './controller';
import { recordingUi } from './testing';
import { CLEAR_DEEP_REVIEW_FINDINGS_COMMAND, DEEP_REVIEW_COMMAND, editorUi } from './ui';

/**
 * The deep review with Claude: *Deep Review with Claude*, its findings (source "Claude"), hovers and previewed
 * edits, the roadmap's narrative, and the Anthropic API key in secret storage. Activation registers the commands
 * only; the controller is its own chunk (dist/deep-review.js), loaded on the first review or narrative, and the AI
 * layer (dist/ai.js) on the first request.
 */
export const registerDeepReview: EditorFeature = (context, services) => {
  const recording = services.testHooks ? recordingUi(editorUi) : undefined;
  let controller: Promise<DeepReviewController> | undefined;
  let current: DeepReviewController | undefined;
  const load = () =>
    (controller ??= import('./chunk').then((chunk) => {
      current = chunk.createDeepReview(context, services, recording?.ui ?? editorUi);
      context.subscriptions.push(current);
      return current;
    }));
  context.subscriptions.push(
    vscode.commands.registerCommand(DEEP_REVIEW_COMMAND, async (uri?: unknown, options?: DeepReviewOptions) =>
      (await load()).review(uri instanceof vscode.Uri ? uri : undefined, options ?? {}),
    ),
    vscode.commands.registerCommand(CLEAR_DEEP_REVIEW_FINDINGS_COMMAND, async () => (await load()).clearFindings()),
    vscode.commands.registerCommand(NARRATE_ROADMAP_COMMAND, async (input: NarrativeInput) =>
      (await load()).narrate(input),
    ),
    vscode.commands.registerCommand('scalingAssistant.setApiKey', () => setApiKey(context.secrets)),
    vscode.commands.registerCommand('scalingAssistant.clearApiKey', () => clearApiKey(context.secrets)),
  );
  if (recording)
    services.testHooks?.set('deepReviewForTests', recording.hooks({ load, current: () => current }, context.secrets));
};
