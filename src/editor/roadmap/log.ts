import type * as vscode from 'vscode';

/**
 * The log channel for the roadmap's modules. They are built into their own chunk (dist/roadmap.js, loaded on the
 * first roadmap command), which would otherwise carry a second copy of log.ts and open a second "Scaling
 * Assistant" output channel: the main bundle hands its channel over instead (see roadmap.ts).
 */
let channel: vscode.LogOutputChannel | undefined;

export function useLog(log: vscode.LogOutputChannel): void {
  channel = log;
}

export function log(): Pick<vscode.LogOutputChannel, 'trace' | 'info' | 'warn' | 'error'> {
  return channel ?? console;
}
