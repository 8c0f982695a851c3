import * as vscode from 'vscode';
import { exerciseTitle } from '../../workshop/exercises';
import type { Criterion, ExerciseResult } from '../../workshop/result';

interface CriterionItem extends vscode.QuickPickItem {
  criterion?: Criterion;
}

/**
 * An exercise's result as a list: each criterion passed or not with its hint, and the figures it measured;
 * choosing one opens its place.
 * Resolves when the list is closed.
 */
export async function showResult(result: ExerciseResult, folder: vscode.Uri): Promise<void> {
  const t = vscode.l10n.t;
  const title = exerciseTitle(result.exercise, t);
  const passed = result.criteria.filter((c) => c.passed).length;
  const items: CriterionItem[] = result.criteria.flatMap((criterion) => [
    {
      label: `${criterion.passed ? '$(pass-filled)' : '$(error)'} ${criterion.label}`,
      detail: criterion.hint,
      description: criterion.place
        ? criterion.place.line !== undefined
          ? `${criterion.place.file}:${criterion.place.line + 1}`
          : criterion.place.file
        : undefined,
      criterion,
    },
    // What the check measured (the report's figures), under the criterion they belong to.
    ...(criterion.figures ?? []).map((figure) => ({
      label: `$(graph) ${figure.label}`,
      detail: figure.value,
      criterion,
    })),
  ]);
  if (result.note) items.unshift({ label: `$(info) ${result.note}` });
  const heading =
    result.status === 'unavailable'
      ? t('{0}: not available yet', title)
      : t('{0}: {1} of {2} criteria passed', title, passed, result.criteria.length);
  if (result.status === 'passed') void vscode.window.showInformationMessage(t('{0}: passed. Well done!', title));
  const picked = await vscode.window.showQuickPick(items, {
    title: heading,
    placeHolder: t('Choose a criterion to open the place it concerns'),
    matchOnDetail: true,
  });
  if (picked?.criterion?.place) await openPlace(folder, picked.criterion.place.file, picked.criterion.place.line);
}

export async function openPlace(folder: vscode.Uri, file: string, line?: number): Promise<void> {
  const uri = vscode.Uri.joinPath(folder, file);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      await vscode.commands.executeCommand('revealInExplorer', uri);
      return;
    }
  } catch {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} does not exist yet.', file));
    return;
  }
  const position = new vscode.Position(line ?? 0, 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position) });
}
