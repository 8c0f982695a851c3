import * as vscode from 'vscode';
import type { ResetConfirm } from './reset-confirm';
import { modalResetConfirm } from './reset-confirm';
import type { ExerciseId } from '../../workshop/exercises';
import { exercise, exerciseTitle } from '../../workshop/exercises';

export interface ResetPlan {
  /** Files restored to the sample's text. */
  restore: Array<{ file: string; bytes: Uint8Array }>;
  /** Files the sample does not have (a migration the participant added, the exported roadmap). */
  remove: string[];
}

async function readOrUndefined(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}

async function listFiles(dir: vscode.Uri, rel: string): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(dir);
    return entries.filter(([, type]) => type & vscode.FileType.File).map(([name]) => `${rel}/${name}`);
  } catch {
    return [];
  }
}

/** What resetting an exercise would change: only files that differ from the sample's copy. */
export async function planReset(id: ExerciseId, folder: vscode.Uri, sample: vscode.Uri): Promise<ResetPlan> {
  const { files, addedUnder = [] } = exercise(id);
  const plan: ResetPlan = { restore: [], remove: [] };
  for (const file of files) {
    const original = await readOrUndefined(vscode.Uri.joinPath(sample, file));
    const current = await readOrUndefined(vscode.Uri.joinPath(folder, file));
    if (original && !sameBytes(original, current, vscode.Uri.joinPath(folder, file)))
      plan.restore.push({ file, bytes: original });
    else if (!original && current) plan.remove.push(file);
  }
  for (const under of addedUnder) {
    const shipped = new Set(await listFiles(vscode.Uri.joinPath(sample, under), under));
    for (const file of await listFiles(vscode.Uri.joinPath(folder, under), under))
      if (!shipped.has(file)) plan.remove.push(file);
  }
  return plan;
}

/** Equal to the disk's bytes and not edited in an open, unsaved document. */
function sameBytes(original: Uint8Array, current: Uint8Array | undefined, uri: vscode.Uri): boolean {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) return false;
  return current !== undefined && current.length === original.length && current.every((b, i) => b === original[i]);
}

/** Asks before files are reset: the modal in the editor (the integration tests script the answer). */
/**
 * *Reset Exercise*: asks first, then restores the exercise's files from the extension's copy of the sample in one
 * WorkspaceEdit (open documents are edited, so Undo brings the participant's work back) and saves them.
 */
export async function resetExercise(
  id: ExerciseId,
  folder: vscode.Uri,
  sample: vscode.Uri,
  confirm: ResetConfirm = modalResetConfirm,
): Promise<'reset' | 'unchanged' | 'cancelled' | 'failed'> {
  const t = vscode.l10n.t;
  const plan = await planReset(id, folder, sample);
  const title = exerciseTitle(id, t);
  if (plan.restore.length === 0 && plan.remove.length === 0) {
    void vscode.window.showInformationMessage(t('{0}: every file is as the sample ships it.', title));
    return 'unchanged';
  }
  const listed = [...plan.restore.map((r) => r.file), ...plan.remove.map((f) => t('{0} (removed)', f))].join('\n');
  if (!(await confirm(t('Start "{0}" over? These files go back to the sample:', title), listed, t('Reset'))))
    return 'cancelled';
  const edit = new vscode.WorkspaceEdit();
  const decoder = new TextDecoder();
  const edited: vscode.Uri[] = [];
  for (const { file, bytes } of plan.restore) {
    const uri = vscode.Uri.joinPath(folder, file);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      edit.replace(
        uri,
        new vscode.Range(new vscode.Position(0, 0), open.lineAt(open.lineCount - 1).range.end),
        decoder.decode(bytes),
      );
      edited.push(uri);
    } else edit.createFile(uri, { overwrite: true, contents: bytes });
  }
  for (const file of plan.remove) edit.deleteFile(vscode.Uri.joinPath(folder, file), { ignoreIfNotExists: true });
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: false });
  if (!applied) {
    void vscode.window.showErrorMessage(t('{0} could not be reset: the files were left as they were.', title));
    return 'failed';
  }
  for (const uri of edited)
    await vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.save();
  void vscode.window.showInformationMessage(
    t('{0} starts over: {1} files reset.', title, plan.restore.length + plan.remove.length),
  );
  return 'reset';
}
