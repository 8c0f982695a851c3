import * as vscode from 'vscode';
import { log } from '../log';

const SAMPLE_FOLDER = 'workshop-ecommerce';

export interface SampleCopy {
  target: vscode.Uri;
  /** Whether the copy was opened (this window reloads, or a new one opens); false when the user only copied it. */
  opened: boolean;
}

/**
 * Copies the workshop sample shipped with the extension into a folder the user picks and offers to
 * open it. Never overwrites: an existing target folder gets a numbered sibling instead. `beforeOpen` runs before
 * the folder opens (this window's extension host stops when it does).
 */
export async function openWorkshopSample(
  extensionUri: vscode.Uri,
  beforeOpen: (target: vscode.Uri) => Thenable<void>,
): Promise<SampleCopy | undefined> {
  const t = vscode.l10n.t;
  const source = vscode.Uri.joinPath(extensionUri, 'samples', SAMPLE_FOLDER);
  const picked = await vscode.window.showOpenDialog({
    title: t('Choose where to put the workshop sample'),
    openLabel: t('Copy Sample Here'),
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
    void vscode.window.showErrorMessage(t('Could not copy the workshop sample: {0}', message));
    return undefined;
  }
  log().info(`workshop sample copied to ${target.toString()}`);
  const thisWindow = t('Open in This Window');
  const newWindow = t('Open in New Window');
  const choice = await vscode.window.showInformationMessage(
    t('Workshop sample copied to {0}.', target.fsPath),
    thisWindow,
    newWindow,
  );
  if (!choice) return { target, opened: false };
  await beforeOpen(target);
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: choice === newWindow });
  return { target, opened: true };
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
