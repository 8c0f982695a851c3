import * as vscode from 'vscode';
import { isWorkspaceRelativePath } from '../../roadmap/messages';

/**
 * The roadmap names files by workspace-relative paths with forward slashes (`k8s/api.yaml`), as the CLI does,
 * so the plan, its Markdown export and the panel read the same in the editor and in CI. In a multi-root
 * workspace the folder's name comes first (`shop/k8s/api.yaml`), as VS Code's own relative paths do.
 */
export function toWorkspacePath(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const base = folder.uri.path.replace(/\/$/, '');
  if (!uri.path.startsWith(`${base}/`)) return undefined;
  const relative = uri.path.slice(base.length + 1);
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return multiRoot ? `${folder.name}/${relative}` : relative;
}

/**
 * The file a workspace-relative path names, or undefined when it names nothing inside a workspace folder:
 * absolute paths, `..`, other schemes and unknown folder names are refused, so a message from the webview can
 * never open a file outside the workspace.
 */
export function fromWorkspacePath(file: string): vscode.Uri | undefined {
  if (!isWorkspaceRelativePath(file)) return undefined;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return undefined;
  if (folders.length === 1) return vscode.Uri.joinPath(folders[0].uri, ...file.split('/'));
  const [name, ...rest] = file.split('/');
  const folder = folders.find((f) => f.name === name);
  return folder && rest.length ? vscode.Uri.joinPath(folder.uri, ...rest) : undefined;
}
