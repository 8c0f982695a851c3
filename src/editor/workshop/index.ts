import * as vscode from 'vscode';
import type { EditorFeature } from '../services';
import { WORKSHOP_COMMANDS, WorkshopController } from './controller';
import { WorkshopProgress } from './progress';
import { openWorkshopSample } from './sample';
import type { WorkshopTestHooks } from './common/testing';

const WALKTHROUGH_SHOWN = 'scalingAssistant.workshop.walkthroughShown';
/** The folder Open Workshop Sample copied to: its window opens the walkthrough once it is open there. */
const PENDING_WALKTHROUGH = 'scalingAssistant.workshop.pendingWalkthrough';

/**
 * The scaling workshop inside VS Code: the sample, the walkthrough (opened by Open Workshop Sample and once on
 * first install), Check My Work, Reset Exercise, the report, and the progress shown as "Workshop: 3 of 4".
 */
export const registerWorkshop: EditorFeature = (context, services) => {
  const progress = new WorkshopProgress(context.workspaceState);
  const workshop = new WorkshopController(context, progress, () => import('./chunk'));
  const register = (id: string, handler: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  context.subscriptions.push(progress);
  register('scalingAssistant.openWorkshopSample', async () => {
    const copy = await openWorkshopSample(context.extensionUri, (folder) =>
      context.globalState.update(PENDING_WALKTHROUGH, folder.toString()),
    );
    // Opened: the window showing the copy opens the walkthrough when it finds the folder.
    if (copy && !copy.opened) await workshop.openWalkthrough();
    return copy?.target;
  });
  register(WORKSHOP_COMMANDS.checkMyWork, (id?: unknown) => workshop.checkMyWork(id));
  register(WORKSHOP_COMMANDS.resetExercise, (id?: unknown) => workshop.resetExercise(id));
  register(WORKSHOP_COMMANDS.exportReport, (participant?: unknown) =>
    workshop.exportReport(typeof participant === 'string' ? participant : undefined),
  );
  register(WORKSHOP_COMMANDS.openWalkthrough, () => workshop.openWalkthrough());
  register(WORKSHOP_COMMANDS.openAndRun, (file?: unknown, command?: unknown) => workshop.openAndRun(file, command));
  register(WORKSHOP_COMMANDS.exportRoadmap, () => workshop.exportRoadmap());
  register(WORKSHOP_COMMANDS.saveDecomposition, () => workshop.saveDecomposition());
  context.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void workshop.refresh()));

  void workshop.refresh().then(async (folder) => {
    const pending = context.globalState.get<string>(PENDING_WALKTHROUGH);
    const arrived = folder !== undefined && pending === folder.toString();
    const firstInstall = !context.globalState.get<boolean>(WALKTHROUGH_SHOWN);
    // Only as users run it: tests and a development host (the e2e tier's fresh profile is a "first install") drive
    // the walkthrough themselves, and a tab opening on its own would take their focus.
    if ((arrived || firstInstall) && context.extensionMode === vscode.ExtensionMode.Production)
      await workshop.openWalkthrough();
    if (arrived) await context.globalState.update(PENDING_WALKTHROUGH, undefined);
    await context.globalState.update(WALKTHROUGH_SHOWN, true);
  });

  if (services.testHooks) {
    workshop.showResults = false;
    const modal = workshop.confirmReset;
    const hooks: WorkshopTestHooks = {
      refresh: async () => (await workshop.refresh())?.toString(),
      results: () => progress.results(),
      contextKeys: () => ({ ...progress.contextKeys }),
      statusText: () => progress.statusText(),
      answerReset: (answer) => {
        workshop.confirmReset = answer === undefined ? modal : () => Promise.resolve(answer);
      },
    };
    services.testHooks.set('workshopForTests', hooks);
  }
};
