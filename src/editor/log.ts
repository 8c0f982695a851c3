import * as vscode from 'vscode';

/**
 * Where the channel is kept: on the global object, not in this module, because the lazily loaded chunks
 * (dist/deep-review.js, dist/roadmap.js) carry their own copy of this module and must write to the same channel.
 */
const CHANNEL = Symbol.for('scalingAssistant.logChannel');
const holder = globalThis as { [CHANNEL]?: vscode.LogOutputChannel };

/** The extension's one log channel ("Scaling Assistant" in the Output view, with log levels). */
export function log(): vscode.LogOutputChannel {
  holder[CHANNEL] ??= vscode.window.createOutputChannel('Scaling Assistant', { log: true });
  return holder[CHANNEL];
}

export function disposeLog(): void {
  holder[CHANNEL]?.dispose();
  holder[CHANNEL] = undefined;
}
