import * as vscode from 'vscode';
import { descriptorFor } from '../../assistants/catalog';
import type { EditorFeature, EditorServices } from '../services';
import { ImportCostDecorations } from './import-cost-decorations';
import { RenderHovers } from './render-hover';

export const OPTIMIZE_REACT_COMPONENT = 'scalingAssistant.optimizeReactComponent';

/**
 * The frontend optimizer in the editor, beyond the shell's diagnostics and fixes: the measured import cost after
 * each package import (`scalingAssistant.react.importCostDecorations`), cached under the extension's global storage;
 * *Optimize React Component* (static review, then measured renders: its own chunk, loaded on first use) and the
 * hover that shows what it measured.
 */
export const registerReact: EditorFeature = (context: vscode.ExtensionContext, services: EditorServices) => {
  const decorations = new ImportCostDecorations(context.globalStorageUri.fsPath);
  const selector = descriptorFor('react').languageIds.map((language) => ({ language }));
  context.subscriptions.push(
    decorations,
    vscode.commands.registerCommand(OPTIMIZE_REACT_COMPONENT, async (uri?: vscode.Uri) =>
      (await import('./chunk')).optimizeReactComponent(services, uri),
    ),
    vscode.languages.registerHoverProvider(selector, new RenderHovers(services.advice)),
  );
  services.testHooks?.set('reactForTests', {
    importCostsSettled: () => decorations.settled,
    importCostLabels: (uri) => decorations.labelsOf(uri),
    readWorkspaceAgain: (gate) => services.analysis.readContextAgain(descriptorFor('react'), gate),
    workspaceStamp: async (uri) =>
      (await services.analysis.workspaceFiles().files(/\.[cm]?[jt]sx?$/)).find((f) => f.file === uri)?.stamp,
  });
};
