import * as vscode from 'vscode';
import { log } from './log';
import { staysInWorkspace } from '../core/workspace-paths';
import type { Workspace, WorkspaceFile } from '../core/workspace';

/** Folders never searched for the engines' files (dependencies, git's own files, build output). */
const SKIPPED_FOLDERS = ['node_modules', '.git', 'dist', 'out', '.vscode-test'];
const EXCLUDE = `{${SKIPPED_FOLDERS.map((folder) => `**/${folder}/**`).join(',')}}`;
const IN_SKIPPED_FOLDER = new RegExp(
  `[\\\\/](${SKIPPED_FOLDERS.map((f) => f.replace('.', '\\.')).join('|')})([\\\\/]|$)`,
);
/** Paths the watcher reports that are never read (dependencies, git's own files). */
const IGNORED = /[\\/](node_modules|\.git)([\\/]|$)/;
/** A workspace with more candidate files than this is sampled, not read whole, on every analysis. */
const MAX_FILES = 20_000;

/**
 * The engines' view of the workspace inside VS Code: open documents (stamped by version, read from
 * memory, so unsaved edits count) and files on disk found once and kept current by a watcher (stamped
 * by a change counter). Engines cache parses by stamp, so a file is read again only after it changed.
 */
/** Whether `uri` names a folder now (false when it is a file, gone, or cannot be read). */
export async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

export class VscodeWorkspace implements Workspace, vscode.Disposable {
  private readonly known = new Map<string, { uri: vscode.Uri; generation: number }>();
  private scan?: Promise<void>;
  private readonly watcher: vscode.FileSystemWatcher;
  /** Creations of anything (folders among them): see folderCreated. */
  private readonly creations: vscode.FileSystemWatcher;
  private createdFolders = new Set<string>();
  private folderTimer?: NodeJS.Timeout;
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
    this.creations = vscode.workspace.createFileSystemWatcher('**/*', false, true, true);
    this.creations.onDidCreate((uri) => this.folderCreated(uri));
  }

  /**
   * A folder created with files in it at once (a checkout, an unzip, `writeFile` making the parent) can beat the
   * recursive watcher: on Linux the folder's own watch is added only after its creation is seen, so the files
   * written before that raise no event and would stay unknown until a reload. Each created folder is therefore
   * searched once for our files (batched: a checkout creates many).
   */
  private folderCreated(uri: vscode.Uri): void {
    // Build output is never searched: a build writing thousands of files there costs nothing here.
    if (IN_SKIPPED_FOLDER.test(uri.path) || this.known.has(uri.toString())) return;
    this.createdFolders.add(uri.toString());
    this.folderTimer ??= setTimeout(() => void this.searchCreatedFolders(), 100);
  }

  private async searchCreatedFolders(): Promise<void> {
    this.folderTimer = undefined;
    // A folder's search covers what was created inside it: a checkout's files are not each looked at.
    const created = this.createdFolders;
    this.createdFolders = new Set();
    const insideAnother = (key: string) => {
      for (let cut = key.lastIndexOf('/'); cut > 0; cut = key.lastIndexOf('/', cut - 1))
        if (created.has(key.slice(0, cut))) return true;
      return false;
    };
    const folders = [...created].filter((key) => !insideAnother(key)).map((key) => vscode.Uri.parse(key));
    for (const folder of folders) {
      if (!(await isFolder(folder))) continue;
      const found = await Promise.resolve(
        vscode.workspace.findFiles(new vscode.RelativePattern(folder, this.glob), EXCLUDE, MAX_FILES),
      ).catch(() => []);
      const missed = found.filter((uri) => !this.known.has(uri.toString()));
      for (const uri of missed) this.touch(uri);
      if (missed.length)
        log().debug(`${missed.length} file(s) of the new folder ${folder.path} were not reported by the watcher`);
    }
  }

  private touch(uri: vscode.Uri): void {
    if (IGNORED.test(uri.path)) return;
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
    if (this.folderTimer) clearTimeout(this.folderTimer);
    this.watcher.dispose();
    this.creations.dispose();
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
