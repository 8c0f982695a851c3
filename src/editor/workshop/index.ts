import * as vscode from 'vscode';
import type { EditorFeature } from '../services';
import { openWorkshopSample } from './sample';

/** The scaling workshop inside VS Code: *Open Workshop Sample* copies the workshop's sample app and opens it. */
export const registerWorkshop: EditorFeature = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('scalingAssistant.openWorkshopSample', () =>
      openWorkshopSample(context.extensionUri),
    ),
  );
};
