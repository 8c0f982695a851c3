import * as vscode from 'vscode';
import type { Workspace } from '../../core/workspace';
import { memoryWorkspace } from '../../core/workspace';
import { EXERCISE_FOLDERS } from '../../workshop/exercises';

const MAX_FILES = 2000;

/**
 * A folder's exercise files as the engines' `Workspace`, paths relative to it (`k8s/api.yaml`). An open document's
 * text wins over the disk, so Check My Work judges what the participant sees, saved or not.
 */
export async function folderWorkspace(folder: vscode.Uri): Promise<Workspace> {
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d.getText()]));
  const texts = new Map<string, string>();
  const decoder = new TextDecoder();
  const visit = async (dir: vscode.Uri, rel: string): Promise<void> => {
    let entries: [string, vscode.FileType][];
    try {
      // stat first: a missing folder (docs/ before the roadmap's export) is normal, not worth the host's warning.
      if (!((await vscode.workspace.fs.stat(dir)).type & vscode.FileType.Directory)) return;
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      if (texts.size >= MAX_FILES) return;
      const uri = vscode.Uri.joinPath(dir, name);
      const path = `${rel}/${name}`;
      if (type & vscode.FileType.Directory) await visit(uri, path);
      else if (type & vscode.FileType.File) {
        const text = open.get(uri.toString()) ?? decoder.decode(await vscode.workspace.fs.readFile(uri));
        texts.set(path, text);
      }
    }
  };
  for (const name of EXERCISE_FOLDERS) await visit(vscode.Uri.joinPath(folder, name), name);
  return memoryWorkspace(texts);
}

/** The extension's own copy of the sample: the "before" of each comparison and the source of Reset Exercise. */
export function originalSample(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'samples', 'workshop-ecommerce');
}
