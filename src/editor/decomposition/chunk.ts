import type * as vscode from 'vscode';
import { useLog } from '../roadmap/log';
import { DecompositionHost } from './host';
import type { PanelObserver } from './panel';
import { loadDecompositionPlanner } from '../../assistants/catalog';

/**
 * Entry of the decomposition chunk (dist/decomposition.js): the panel host, the map's layout and the crossing
 * marks, loaded by decomposition/loader.ts on the first decomposition command so activation never pays for them.
 */
export function createDecompositionHost(
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
  observer?: PanelObserver,
): DecompositionHost {
  useLog(log);
  return new DecompositionHost(extensionUri, loadDecompositionPlanner, observer);
}
