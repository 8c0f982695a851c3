import * as vscode from 'vscode';
import { HELD_DECOMPOSITION_PLAN_COMMAND } from '../common/decomposition-plan';
import type { EditorFeature } from '../services';
import { recordingObserver } from './common/testing';
import { SHOW_PANEL_COMMAND } from './common/commands';
import { DecompositionLoader } from './loader';

/**
 * The decomposition planner in the editor: its commands and the panel serializer, nothing else at activation. The
 * panel, the layout and the crossing marks live in the decomposition chunk, the planner in its engine chunk; both
 * load on first use (or when VS Code restores the panel after a reload).
 */
export const registerDecomposition: EditorFeature = (context, services) => {
  const recording = services.testHooks ? recordingObserver() : undefined;
  const decomposition = new DecompositionLoader(context.extensionUri, recording?.observer);
  const register = (id: string, handler: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  context.subscriptions.push(decomposition, decomposition.registerSerializer());
  register('scalingAssistant.planDecomposition', (target?: vscode.Uri) => decomposition.plan(target));
  register(SHOW_PANEL_COMMAND, () => decomposition.showPanel());
  register(HELD_DECOMPOSITION_PLAN_COMMAND, () => decomposition.heldPlan());
  register('scalingAssistant.exportDependencyCruiserRules', () => decomposition.guardrails('dependency-cruiser'));
  register('scalingAssistant.exportEslintBoundaries', () => decomposition.guardrails('eslint'));
  if (recording)
    services.testHooks?.set('decompositionForTests', {
      state: () => {
        const state = decomposition.state();
        return state && { ...state, ...recording.record() };
      },
      plan: (folder) => decomposition.plan(folder),
      restore: (panel, state) => decomposition.restore(panel, state),
      guardrails: (kind) => decomposition.guardrails(kind),
      receive: (message) => decomposition.receive(message),
    });
};
