import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's one log channel ("Scaling Assistant" in the Output view, with log levels). */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Scaling Assistant', { log: true });
  return channel;
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
