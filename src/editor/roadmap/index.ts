import * as vscode from 'vscode';
import type { NarrativeInput, NarrativeOutcome, RoadmapNarrator } from '../common/roadmap-narrative';
import { NARRATE_ROADMAP_COMMAND } from '../common/roadmap-narrative';
import type { EditorFeature } from '../services';
import { RoadmapLoader } from './loader';
import { recordingObserver } from './common/testing';

/**
 * The scaling roadmap: its commands and the panel serializer. Nothing else happens at activation: the panel,
 * the workspace scan and the plan live in the roadmap's own chunk, loaded by the first roadmap command or when
 * VS Code restores the panel after a reload.
 */
export const registerRoadmap: EditorFeature = (context, services) => {
  const recording = services.testHooks ? recordingObserver() : undefined;
  const roadmap = new RoadmapLoader(context.extensionUri, services.analysis, narrateWithClaude, recording?.observer);
  const register = (id: string, handler: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  context.subscriptions.push(roadmap, roadmap.registerSerializer());
  register('scalingAssistant.showRoadmap', () => roadmap.show());
  register('scalingAssistant.exportRoadmapMarkdown', (target?: vscode.Uri) => roadmap.exportPlan('markdown', target));
  register('scalingAssistant.exportRoadmapJson', (target?: vscode.Uri) => roadmap.exportPlan('json', target));
  register('scalingAssistant.editAssessment', () => roadmap.editAssessment());
  if (recording) services.testHooks?.set('roadmapForTests', recording.hooks(roadmap));
};

/** The narrative comes from the deep review, through its command; without it the panel says so. */
const narrateWithClaude: RoadmapNarrator = async (input: NarrativeInput) => {
  try {
    return await vscode.commands.executeCommand<NarrativeOutcome>(NARRATE_ROADMAP_COMMAND, input);
  } catch (error) {
    const message = 'A narrative by Claude is not available in this window.';
    return {
      ok: false,
      failure: { kind: 'internal', message: error instanceof Error ? error.message : String(error) },
      message,
    };
  }
};
