// The workshop's checks, reset and report (dist/workshop.js): loaded on the first Check My Work, Reset Exercise or
// Export Workshop Report, so activation never loads what they bring (the YAML parser for the HPA exercise's
// manifests, the report's Markdown and HTML).
import * as vscode from 'vscode';
import { checkExercise } from '../../workshop/check';
import type { ExerciseId } from '../../workshop/exercises';
import { exerciseTitle } from '../../workshop/exercises';
import type { ExerciseResult } from '../../workshop/result';
import { readAdviceSettings } from '../sql-advice/settings';
import { assistantSettingsFor } from '../settings';
import { folderWorkspace } from './folder-workspace';

export { exportWorkshopReport } from './report-command';
export { resetExercise } from './reset';
export { saveDecompositionPlan } from './save-decomposition';

/**
 * One exercise's checks with a cancellable progress notification. The sandbox executes SQL, so the catalogue query
 * is measured only in a trusted workspace with the sandbox on (`measure` says whether it was); the storefront's
 * renders run its code, so they too are measured only when the workspace is trusted.
 */
export async function checkWithProgress(
  exerciseId: ExerciseId,
  folder: vscode.Uri,
  sample: vscode.Uri,
): Promise<{ result: ExerciseResult; measure: boolean }> {
  const t = vscode.l10n.t;
  const advice = readAdviceSettings(folder);
  const measure = vscode.workspace.isTrusted && advice.sandboxEnabled;
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: t('Checking "{0}"', exerciseTitle(exerciseId, t)),
      cancellable: true,
    },
    async (report, token) => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      try {
        return await checkExercise(exerciseId, {
          workspace: await folderWorkspace(folder),
          original: await folderWorkspace(sample),
          t,
          settings: {
            sql: {
              ...assistantSettingsFor('sql', folder),
              // Measured in the sandbox on its rows, whatever server the settings name.
              databaseUrl: undefined,
              rows: advice.rows,
              rowsPerTable: advice.rowsPerTable,
              statementTimeoutMs: advice.statementTimeoutMs,
              sandboxLoadTimeoutMs: advice.sandboxLoadTimeoutMs,
            },
            k8s: assistantSettingsFor('k8s', folder),
          },
          measure,
          // The frontend exercise measures against the folder's node_modules, and renders only in a trusted one.
          folder: folder.scheme === 'file' ? folder.fsPath : undefined,
          trusted: vscode.workspace.isTrusted,
          signal: abort.signal,
          onProgress: (message) => report.report({ message }),
        });
      } finally {
        subscription.dispose();
      }
    },
  );
  return { result, measure };
}
