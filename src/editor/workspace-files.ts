import * as vscode from 'vscode';
import { staysInWorkspace } from '../core/workspace-paths';
import type { Workspace, WorkspaceFile } from '../core/workspace';

const EXCLUDE = '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**,**/.vscode-test/**}';
/** A workspace with more candidate files than this is sampled, not read whole, on every analysis. */
const MAX_FILES = 20_000;

/**
 * The engines' view of the workspace inside VS Code: open documents (stamped by version, read from
 * memory, so unsaved edits count) and files on disk found once and kept current by a watcher (stamped
 * by a change counter). Engines cache parses by stamp, so a file is read again only after it changed.
 */
export class VscodeWorkspace implements Workspace, vscode.Disposable {
  private readonly known = new Map<string, { uri: vscode.Uri; generation: number }>();
  private scan?: Promise<void>;
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** A file on disk was created, changed or deleted (not a keystroke in an open document). */
  readonly onDidChangeFile = this.emitter.event;

  constructor(private readonly glob: string) {
    this.watcher = vscode.workspace.createFileSystemWatcher(glob);
    this.watcher.onDidCreate((uri) => this.touch(uri));
    this.watcher.onDidChange((uri) => this.touch(uri));
    this.watcher.onDidDelete((uri) => {
      this.known.delete(uri.toString());
      this.emitter.fire(uri);
    });
  }

  private touch(uri: vscode.Uri): void {
    if (/[\\/](node_modules|\.git)[\\/]/.test(uri.path)) return;
    const entry = this.known.get(uri.toString());
    this.known.set(uri.toString(), { uri, generation: (entry?.generation ?? 0) + 1 });
    this.emitter.fire(uri);
  }

  private ensureScanned(): Promise<void> {
    this.scan ??= Promise.resolve(vscode.workspace.findFiles(this.glob, EXCLUDE, MAX_FILES)).then((uris) => {
      for (const uri of uris)
        if (!this.known.has(uri.toString())) this.known.set(uri.toString(), { uri, generation: 0 });
    });
    return this.scan;
  }

  async files(pattern: RegExp): Promise<WorkspaceFile[]> {
    await this.ensureScanned();
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const out: WorkspaceFile[] = [];
    const keys = new Set([...this.known.keys(), ...[...open.keys()].filter((k) => pattern.test(k))]);
    for (const key of [...keys].sort()) {
      if (!pattern.test(key)) continue;
      const document = open.get(key);
      if (document && !document.isClosed) {
        out.push({
          file: key,
          stamp: `doc:${document.version}:${document.isDirty ? 'dirty' : 'saved'}`,
          read: async () => ((await linkedOutside(document.uri)) ? undefined : document.getText()),
        });
        continue;
      }
      const entry = this.known.get(key);
      if (!entry) continue;
      out.push({
        file: key,
        stamp: `disk:${entry.generation}`,
        read: async () => {
          if (await linkedOutside(entry.uri)) return undefined;
          try {
            const bytes = await vscode.workspace.fs.readFile(entry.uri);
            // Binary content is not a manifest; a NUL byte in the first 8 KB is the usual tell.
            if (bytes.subarray(0, 8192).includes(0)) return undefined;
            return new TextDecoder('utf-8').decode(bytes);
          } catch {
            return undefined;
          }
        },
      });
    }
    return out;
  }

  dispose(): void {
    this.watcher.dispose();
    this.emitter.dispose();
  }
}

/**
 * A file reached through a symbolic link whose real path is outside every workspace folder: never read for
 * the engines, so nothing of it is analysed, quoted in facts or sent to Claude.
 */
async function linkedOutside(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme !== 'file') return false;
  const roots = (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
  return !(await staysInWorkspace(uri.fsPath, roots));
}
