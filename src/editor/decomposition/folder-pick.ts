import * as vscode from 'vscode';
import { fromWorkspacePath, toWorkspacePath } from '../roadmap/workspace-paths';

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/dist/**,**/build/**,**/out/**,**/coverage/**,**/*.d.ts}';
/** Enough to rank the folders; a larger workspace is ranked on this sample. */
const COUNT_LIMIT = 50_000;

/** A folder to decompose: its URI and its workspace-relative path ('' for a workspace folder itself). */
export interface PlanFolder {
  uri: vscode.Uri;
  root: string;
}

/** The folder the command was given (Explorer), or undefined when it is outside the workspace. */
export function folderOf(uri: vscode.Uri): PlanFolder | undefined {
  if (!vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === uri.toString());
  if (folder) return { uri, root: (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? folder.name : '' };
  const root = toWorkspacePath(uri);
  return root === undefined ? undefined : { uri, root };
}

/**
 * The folder a plan's root names (as `folderOf` gives it), if it is still a folder of the workspace: '' for the
 * only workspace folder, a workspace folder's name in a multi-root workspace, else a workspace-relative path.
 */
export function folderFromRoot(root: string): PlanFolder | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (root === '') return folders.length === 1 ? { uri: folders[0].uri, root } : undefined;
  const named = folders.length > 1 ? folders.find((f) => f.name === root) : undefined;
  if (named) return { uri: named.uri, root };
  const uri = fromWorkspacePath(root);
  return uri && folderOf(uri)?.root === root ? { uri, root } : undefined;
}

/** Source files per top-level folder of the workspace (and per workspace folder), most first. */
export async function rankTopFolders(token?: vscode.CancellationToken): Promise<(PlanFolder & { files: number })[]> {
  const uris = await vscode.workspace.findFiles(SOURCE_GLOB, EXCLUDE, COUNT_LIMIT, token);
  const counts = new Map<string, PlanFolder & { files: number }>();
  const count = (uri: vscode.Uri) => {
    const folder = folderOf(uri);
    if (!folder) return;
    const entry = counts.get(folder.uri.toString()) ?? { ...folder, files: 0 };
    entry.files++;
    counts.set(folder.uri.toString(), entry);
  };
  for (const uri of uris) {
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(uri);
    if (!workspaceFolder) continue;
    count(workspaceFolder.uri);
    const relative = uri.path.slice(workspaceFolder.uri.path.replace(/\/$/, '').length + 1).split('/');
    if (relative.length > 1) count(vscode.Uri.joinPath(workspaceFolder.uri, relative[0]));
  }
  return [...counts.values()].sort((a, b) => b.files - a.files || a.root.localeCompare(b.root));
}

/**
 * Asks which folder to decompose: the workspace's top folders with their source files, the one with most
 * first (a workspace folder itself counts every file, so it comes after a top folder holding nearly all).
 */
export async function pickFolder(): Promise<PlanFolder | undefined> {
  const ranked = await rankTopFolders();
  if (ranked.length === 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('No TypeScript or JavaScript source files in this workspace to decompose.'),
    );
    return undefined;
  }
  const topFolders = ranked.filter((f) => !isWorkspaceFolder(f.uri));
  const ordered = [...topFolders, ...ranked.filter((f) => !topFolders.includes(f))];
  const items = ordered.map((folder) => ({
    label: folder.root === '' ? vscode.l10n.t('(workspace folder)') : folder.root,
    description: vscode.l10n.t('{0} source files', folder.files),
    folder,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Plan Monolith Decomposition'),
    placeHolder: vscode.l10n.t('Which folder holds the monolith?'),
  });
  return picked?.folder;
}

function isWorkspaceFolder(uri: vscode.Uri): boolean {
  return vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === uri.toString()) ?? false;
}
