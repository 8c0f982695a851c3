import * as vscode from 'vscode';
import type { Workspace, WorkspaceFile } from '../../core/workspace';
import { fromWorkspacePath, toWorkspacePath } from '../roadmap/workspace-paths';
import { VscodeWorkspace } from '../workspace-files';

/** What the module graph reads: modules and the configs that steer their resolution. */
const PLANNER_GLOB = '**/{*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs,package.json,tsconfig*.json,jsconfig*.json}';

/**
 * The workspace as the planner reads it: the editor's files (open documents by version, so a save is seen at
 * once; the rest from disk, kept current by a watcher) named by workspace-relative paths, as the roadmap and the
 * CLI name them. The module graph resolves imports on real-looking paths, which `file://` URIs are not, and the
 * panel, the diagnostics and the webview's messages then speak of the same paths.
 */
export class PlannerWorkspace implements Workspace, vscode.Disposable {
  private readonly files_ = new VscodeWorkspace(PLANNER_GLOB);
  /** A file the planner reads was created, changed or deleted on disk. */
  readonly onDidChangeFile = this.files_.onDidChangeFile;

  async files(pattern: RegExp): Promise<WorkspaceFile[]> {
    const out: WorkspaceFile[] = [];
    for (const entry of await this.files_.files(/./)) {
      const file = toWorkspacePath(vscode.Uri.parse(entry.file));
      if (file !== undefined && pattern.test(file)) out.push({ file, stamp: entry.stamp, read: entry.read });
    }
    return out;
  }

  /** Only a folder on disk has node_modules to read packages' types from. */
  locate(file: string): string | undefined {
    const uri = fromWorkspacePath(file);
    return uri?.scheme === 'file' ? uri.fsPath : undefined;
  }

  dispose(): void {
    this.files_.dispose();
  }
}
