import type * as vscode from 'vscode';
import type { EditorFeature, EditorServices } from '../services';
import { ImportCostDecorations } from './import-cost-decorations';

/**
 * The frontend optimizer in the editor, beyond the shell's diagnostics and fixes: the measured import cost after
 * each package import (`scalingAssistant.react.importCostDecorations`), cached under the extension's global storage.
 */
export const registerReact: EditorFeature = (context: vscode.ExtensionContext, services: EditorServices) => {
  const decorations = new ImportCostDecorations(context.globalStorageUri.fsPath);
  context.subscriptions.push(decorations);
  services.testHooks?.set('reactForTests', {
    importCostsSettled: () => decorations.settled,
    importCostLabels: (uri) => decorations.labelsOf(uri),
  });
};
