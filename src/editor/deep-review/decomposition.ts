import * as vscode from 'vscode';
import type { DecompositionPlan } from '../../assistants/decomposition/contract';
import type { HeldDecompositionPlan } from '../common/decomposition-plan';
import { HELD_DECOMPOSITION_PLAN_COMMAND } from '../common/decomposition-plan';
import type { PlanOutcome } from '../decomposition/host';
import { toWorkspacePath } from '../roadmap/workspace-paths';

/** The languages the decomposition planner plans: a module of one of them can be reviewed against the plan. */
export const PLANNED_LANGUAGES: readonly string[] = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'];

/** The plan a decomposition review is grounded on, with the reviewed file as the plan names it. */
export type ReviewPlan =
  { ok: true; plan: DecompositionPlan; root: string; file: string; planned: boolean } | { ok: false; message: string };

/**
 * The plan for a deep review of this module: the one the decomposition panel holds when it covers the module
 * (what-if moves included, so Claude reviews what the user is looking at), otherwise a new plan of the module's
 * top-level folder, made by *Plan Monolith Decomposition* itself (its progress, its cancellation, its panel). Without
 * a plan the review has nothing to stand on, so a failed or cancelled planning ends the review with that said.
 */
export async function planForReview(uri: vscode.Uri): Promise<ReviewPlan> {
  const file = toWorkspacePath(uri);
  const folder = topFolderOf(uri);
  if (file === undefined || !folder)
    return {
      ok: false,
      message: vscode.l10n.t(
        "The decomposition review grounds Claude on a plan of the workspace's code; {0} is not inside a workspace folder.",
        uri.path.split('/').pop() ?? '',
      ),
    };
  const held = await heldPlan();
  if (held && covers(held.root, file)) return { ok: true, plan: held.plan, root: held.root, file, planned: false };

  const outcome = await vscode.commands.executeCommand<PlanOutcome | undefined>(
    'scalingAssistant.planDecomposition',
    folder,
  );
  const planned = outcome?.status === 'planned' ? await heldPlan() : undefined;
  if (planned && covers(planned.root, file)) return { ok: true, ...planned, file, planned: true };
  const where = vscode.workspace.asRelativePath(folder);
  const why: Record<PlanOutcome['status'], string> = {
    planned: vscode.l10n.t('the plan of {0} does not cover {1}', where, file),
    cancelled: vscode.l10n.t('planning {0} was cancelled', where),
    disabled: vscode.l10n.t('the decomposition planner is turned off (scalingAssistant.decomposition.enabled)'),
    'no-folder': vscode.l10n.t('{0} is not a folder of the workspace', where),
    failed: outcome?.message
      ? vscode.l10n.t('planning {0} failed: {1}', where, outcome.message)
      : vscode.l10n.t('planning {0} failed', where),
  };
  return {
    ok: false,
    message: vscode.l10n.t(
      'The decomposition review needs a plan of the folder, and there is none: {0}. Run Plan Monolith Decomposition on {1}, then the deep review again. Nothing was sent.',
      outcome ? why[outcome.status] : vscode.l10n.t('the planner did not answer'),
      where,
    ),
  };
}

async function heldPlan(): Promise<HeldDecompositionPlan | undefined> {
  return vscode.commands.executeCommand<HeldDecompositionPlan | undefined>(HELD_DECOMPOSITION_PLAN_COMMAND);
}

function covers(root: string, file: string): boolean {
  return root === '' || file.startsWith(`${root}/`);
}

/** The folder to plan for a module: its top-level folder (a monolith's own, as the folder pick offers), or the
 * workspace folder for a module at its top. */
function topFolderOf(uri: vscode.Uri): vscode.Uri | undefined {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(uri);
  if (!workspaceFolder) return undefined;
  const base = workspaceFolder.uri.path.replace(/\/$/, '');
  const segments = uri.path.slice(base.length + 1).split('/');
  return segments.length > 1 ? vscode.Uri.joinPath(workspaceFolder.uri, segments[0]) : workspaceFolder.uri;
}
