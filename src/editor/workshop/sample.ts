import * as vscode from 'vscode';
import { log } from '../log';

const SAMPLE_FOLDER = 'workshop-ecommerce';

/**
 * Copies the workshop sample shipped with the extension into a folder the user picks and offers to
 * open it. Never overwrites: an existing target folder gets a numbered sibling instead.
 */
export async function openWorkshopSample(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const source = vscode.Uri.joinPath(extensionUri, 'samples', SAMPLE_FOLDER);
  const picked = await vscode.window.showOpenDialog({
    title: 'Choose where to put the workshop sample',
    openLabel: 'Copy Sample Here',
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  if (!picked?.[0]) return undefined;
  const target = await freeTarget(picked[0]);
  try {
    await vscode.workspace.fs.copy(source, target, { overwrite: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log().error(`copying the workshop sample failed: ${message}`);
    void vscode.window.showErrorMessage(`Could not copy the workshop sample: ${message}`);
    return undefined;
  }
  log().info(`workshop sample copied to ${target.toString()}`);
  const choice = await vscode.window.showInformationMessage(
    `Workshop sample copied to ${target.fsPath}.`,
    'Open in This Window',
    'Open in New Window',
  );
  if (choice)
    await vscode.commands.executeCommand('vscode.openFolder', target, {
      forceNewWindow: choice === 'Open in New Window',
    });
  return target;
}

async function freeTarget(parent: vscode.Uri): Promise<vscode.Uri> {
  for (let n = 1; ; n++) {
    const candidate = vscode.Uri.joinPath(parent, n === 1 ? SAMPLE_FOLDER : `${SAMPLE_FOLDER}-${n}`);
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
}
