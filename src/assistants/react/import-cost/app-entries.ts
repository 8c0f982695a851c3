import type { ModuleGraph } from '../../../core/module-graph';
import type { Workspace, WorkspaceFile } from '../../../core/workspace';
import { sameListing } from '../../../core/workspace';
import type { AppEntry } from './app-entry';
import { ENTRY_CONFIG, findAppEntry } from './app-entry';

/**
 * The app entry of each folder's files, found once while the workspace stays as it was: every file of a folder
 * has the same entry (the nearest package.json above it decides), and finding it reads the configs, index.html and
 * the module graph, which in a check of 400 files was a tenth of the run when done for each file.
 */
export class AppEntries {
  private readonly byFolder = new Map<string, Promise<AppEntry | undefined>>();
  private workspace: Workspace | undefined;
  private modules: object | undefined;
  private configs: readonly Pick<WorkspaceFile, 'file' | 'stamp'>[] = [];

  /**
   * The entry of `file`'s app. `modules` stands for the module graph's state (an object that is replaced whenever
   * the workspace's modules or their stamps change); a change of it, of the workspace or of a config forgets
   * every entry found.
   */
  async of(workspace: Workspace, graph: ModuleGraph, modules: object, file: string, root: unknown) {
    const configs = await workspace.files(ENTRY_CONFIG);
    if (workspace !== this.workspace || modules !== this.modules || !sameListing(this.configs, configs)) {
      this.byFolder.clear();
      this.workspace = workspace;
      this.modules = modules;
      this.configs = configs.map((entry) => ({ file: entry.file, stamp: entry.stamp }));
    }
    const key = `${typeof root === 'string' ? root : ''}\0${folderOf(file)}`;
    let entry = this.byFolder.get(key);
    if (!entry) {
      entry = findAppEntry(workspace, graph, file, root);
      this.byFolder.set(key, entry);
      // A failure is the analysis' error, as before, and not kept: the next file asks again.
      entry.catch(() => this.byFolder.delete(key));
    }
    return entry;
  }
}

function folderOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut < 0 ? '' : file.slice(0, cut);
}
