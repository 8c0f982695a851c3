import * as vscode from 'vscode';

/** How Reset Exercise asks before it restores files: a modal question, replaced by a scripted answer in tests. */
export type ResetConfirm = (message: string, detail: string, button: string) => Thenable<boolean>;

export const modalResetConfirm: ResetConfirm = async (message, detail, button) =>
  (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
