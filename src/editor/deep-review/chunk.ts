import type * as vscode from 'vscode';
import type { EditorServices } from '../services';
import { DeepReviewController } from './controller';
import type { DeepReviewUi } from './ui';

/**
 * Entry of the deep review's chunk (dist/deep-review.js): the controller, its findings, hovers and code actions,
 * the facts and the consent. Loaded by deep-review/index.ts on the first deep review or roadmap narrative, so
 * activation never pays for it; nothing of it is needed before a review has placed a finding.
 */
export function createDeepReview(
  context: vscode.ExtensionContext,
  services: EditorServices,
  ui: DeepReviewUi,
): DeepReviewController {
  const controller = new DeepReviewController(context, services, ui);
  controller.register();
  return controller;
}
