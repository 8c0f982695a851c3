import * as vscode from 'vscode';

/** Files only the workshop sample has together: how a workspace folder is recognised as the participant's copy. */
const MARKERS = ['db/queries/catalog.sql', 'k8s/api.yaml', 'monolith/src/main.ts'];

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The workspace folder holding the workshop sample, if one does. */
export async function findWorkshopFolder(): Promise<vscode.Uri | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = await Promise.all(MARKERS.map((m) => exists(vscode.Uri.joinPath(folder.uri, m))));
    if (found.every(Boolean)) return folder.uri;
  }
  return undefined;
}
