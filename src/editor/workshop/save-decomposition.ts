import * as vscode from 'vscode';
import { loadDecompositionPlanner } from '../../assistants/catalog';
import { DECOMPOSITION_PLAN_PATH, MONOLITH_ROOT } from '../../workshop/exercises';
import type { HeldDecompositionPlan } from '../common/decomposition-plan';
import { HELD_DECOMPOSITION_PLAN_COMMAND } from '../common/decomposition-plan';

/**
 * The decomposition exercise's button: the plan the decomposition panel holds for monolith/ (what-if moves
 * included) written to docs/decomposition.json as `scaling-assistant decompose --format json` writes it, so Check
 * My Work can judge the boundaries the participant chose. Without a plan of monolith/ it says to plan first.
 */
export async function saveDecompositionPlan(folder: vscode.Uri): Promise<vscode.Uri | undefined> {
  const held = await vscode.commands.executeCommand<HeldDecompositionPlan | undefined>(HELD_DECOMPOSITION_PLAN_COMMAND);
  if (!held || held.root.replace(/\/+$/, '') !== MONOLITH_ROOT) {
    const plan = vscode.l10n.t('Plan the Decomposition of monolith/');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Plan the decomposition of {0}/ first: its boundaries are what is saved.', MONOLITH_ROOT),
      plan,
    );
    if (choice)
      await vscode.commands.executeCommand(
        'scalingAssistant.planDecomposition',
        vscode.Uri.joinPath(folder, MONOLITH_ROOT),
      );
    return undefined;
  }
  const engine = await loadDecompositionPlanner();
  const target = vscode.Uri.joinPath(folder, DECOMPOSITION_PLAN_PATH);
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
  const text = `${JSON.stringify(engine.planToJson(held.plan), null, 2)}\n`;
  // An open copy (the last save shown) is what the check reads: replace its text, so it never lags the file.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (open) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(target, open.validateRange(new vscode.Range(0, 0, open.lineCount, 0)), text);
    if ((await vscode.workspace.applyEdit(edit)) && (await open.save())) return target;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  return target;
}
