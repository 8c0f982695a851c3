import * as vscode from 'vscode';

/**
 * The files package managers rewrite in node_modules on every install: npm's hidden lockfile, pnpm's state, yarn's
 * install state (the contracts' synthesis is keyed by them: assistants/decomposition/contracts/package-types.ts).
 * Each sits directly in node_modules, outside the package folders the editor's default watcher exclusions skip.
 */
const INSTALL_STATE_GLOB = '**/node_modules/{.package-lock.json,.modules.yaml,.yarn-state.yml}';

/** Calls `onInstall` with the node_modules folder an install wrote to. */
export function watchInstalls(onInstall: (nodeModules: vscode.Uri) => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(INSTALL_STATE_GLOB);
  const installed = (uri: vscode.Uri) => onInstall(vscode.Uri.joinPath(uri, '..'));
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(installed),
    watcher.onDidChange(installed),
    watcher.onDidDelete(installed),
  );
}
