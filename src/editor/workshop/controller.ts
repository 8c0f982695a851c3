import * as vscode from 'vscode';
import { descriptorFor } from '../../assistants/catalog';
import type { ExerciseId } from '../../workshop/exercises';
import { EXERCISES, ROADMAP_EXPORT_PATH, exerciseTitle, isCheckable, isExerciseId } from '../../workshop/exercises';
import type { ExerciseResult } from '../../workshop/result';
import { log } from '../log';
import { originalSample } from './folder-workspace';
import type * as WorkshopChecks from './chunk';
import type { WorkshopProgress } from './progress';
import type { ResetConfirm } from './reset-confirm';
import { modalResetConfirm } from './reset-confirm';
import { openPlace, showResult } from './show-result';
import { findWorkshopFolder } from './workshop-folder';

export const WALKTHROUGH_ID = 'scaling-assistant.scaling-assistant#scalingWorkshop';

/** Commands the walkthrough's buttons run, besides the assistants' own. */
export const WORKSHOP_COMMANDS = {
  checkMyWork: 'scalingAssistant.checkMyWork',
  resetExercise: 'scalingAssistant.resetExercise',
  exportReport: 'scalingAssistant.exportWorkshopReport',
  openWalkthrough: 'scalingAssistant.openWorkshopWalkthrough',
  openAndRun: 'scalingAssistant.workshop.openAndRun',
  exportRoadmap: 'scalingAssistant.workshop.exportRoadmap',
  saveDecomposition: 'scalingAssistant.workshop.saveDecomposition',
} as const;

const available = (id: ExerciseId) => isCheckable(id);

/** The workshop in this window: its folder (if the workspace is the sample), progress and commands. */
export class WorkshopController {
  /** Shows a check's result as a list; tests replace it, so nothing waits for a pick. */
  showResults = true;
  /** The question before a reset; tests script it. */
  confirmReset: ResetConfirm = modalResetConfirm;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly progress: WorkshopProgress,
    /** The checks' chunk (dist/workshop.js), loaded on the first Check My Work. */
    private readonly loadChecks: () => Promise<typeof WorkshopChecks>,
  ) {}

  async refresh(): Promise<vscode.Uri | undefined> {
    const folder = await findWorkshopFolder();
    await this.progress.publish(folder !== undefined, EXERCISES.filter((e) => available(e.id)).length);
    return folder;
  }

  private async folderOrSay(): Promise<vscode.Uri | undefined> {
    const folder = await findWorkshopFolder();
    if (folder) return folder;
    const open = vscode.l10n.t('Open Workshop Sample');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('The workshop exercises run in the workshop sample: open it first.'),
      open,
    );
    if (choice) await vscode.commands.executeCommand('scalingAssistant.openWorkshopSample');
    return undefined;
  }

  private async pickExercise(placeHolder: string): Promise<ExerciseId | undefined> {
    const t = vscode.l10n.t;
    const current = this.progress.current(available);
    const items = EXERCISES.map((e) => {
      const result = this.progress.result(e.id);
      const state = !isCheckable(e.id)
        ? t('no check available')
        : result?.status === 'passed'
          ? t('passed')
          : result
            ? t('not yet passed')
            : t('not checked yet');
      return { label: exerciseTitle(e.id, t), description: state, id: e.id, picked: e.id === current };
    });
    items.sort((a, b) => Number(b.id === current) - Number(a.id === current));
    return (await vscode.window.showQuickPick(items, { placeHolder }))?.id;
  }

  /** *Check My Work*: the exercise's checks with the assistants' engines, the long measurement cancellable. */
  async checkMyWork(id?: unknown): Promise<ExerciseResult | undefined> {
    const t = vscode.l10n.t;
    const folder = await this.folderOrSay();
    if (!folder) return undefined;
    const exerciseId = isExerciseId(id) ? id : await this.pickExercise(t('Which exercise should be checked?'));
    if (!exerciseId) return undefined;
    const { checkWithProgress } = await this.loadChecks();
    const { result, measure } = await checkWithProgress(exerciseId, folder, originalSample(this.context.extensionUri));
    if (!measure && result.criteria.some((c) => c.id === 'catalog-query-faster'))
      result.note = vscode.workspace.isTrusted
        ? t(
            'The sandbox is turned off (scalingAssistant.sql.sandbox.enabled), so the catalogue query was not measured.',
          )
        : t('Restricted Mode: the catalogue query is measured only in a trusted workspace.');
    // A cancelled check keeps the last complete one.
    if (!(result.status === 'incomplete' && this.progress.result(exerciseId))) await this.progress.record(result);
    log().info(`workshop: ${exerciseId} checked: ${result.status}`);
    if (this.showResults) void showResult(result, folder);
    return result;
  }

  async resetExercise(id?: unknown): Promise<string | undefined> {
    const folder = await this.folderOrSay();
    if (!folder) return undefined;
    const exerciseId = isExerciseId(id)
      ? id
      : await this.pickExercise(vscode.l10n.t('Which exercise should start over?'));
    if (!exerciseId) return undefined;
    const { resetExercise } = await this.loadChecks();
    const outcome = await resetExercise(
      exerciseId,
      folder,
      originalSample(this.context.extensionUri),
      this.confirmReset,
    );
    if (outcome === 'reset') await this.progress.forget(exerciseId);
    return outcome;
  }

  async exportReport(participant?: string): Promise<vscode.Uri[] | undefined> {
    const folder = await this.folderOrSay();
    if (!folder) return undefined;
    const { exportWorkshopReport } = await this.loadChecks();
    return exportWorkshopReport(
      this.context,
      this.progress,
      folder,
      typeof participant === 'string' ? participant : undefined,
    );
  }

  /**
   * A walkthrough button: opens a file (or reveals a folder) of the sample and runs an assistant's command on it.
   * An assistant that is not built yet is said so, and its command is not run.
   */
  async openAndRun(file: unknown, command?: unknown): Promise<void> {
    const folder = await this.folderOrSay();
    if (!folder || typeof file !== 'string') return;
    if (command === 'scalingAssistant.planDecomposition' && !descriptorFor('decomposition').available) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The decomposition planner is not built yet in this version of Scaling Assistant.'),
      );
      return;
    }
    const uri = vscode.Uri.joinPath(folder, file);
    if (command === 'scalingAssistant.planDecomposition') {
      await vscode.commands.executeCommand(command, uri);
      return;
    }
    await openPlace(folder, file);
    if (typeof command === 'string' && command.startsWith('scalingAssistant.'))
      await vscode.commands.executeCommand(command, uri);
  }

  /** The roadmap exercise's button: the plan exported where the exercise expects it, then checked. */
  async exportRoadmap(): Promise<ExerciseResult | undefined> {
    const folder = await this.folderOrSay();
    if (!folder) return undefined;
    const target = vscode.Uri.joinPath(folder, ROADMAP_EXPORT_PATH);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    const outcome = await vscode.commands.executeCommand<{ status: string; message?: string }>(
      'scalingAssistant.exportRoadmapMarkdown',
      target,
    );
    if (outcome?.status !== 'exported') {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Exporting the roadmap failed: {0}', outcome?.message ?? outcome?.status ?? ''),
      );
      return undefined;
    }
    await vscode.window.showTextDocument(target, { preview: true });
    return this.checkMyWork('roadmap');
  }

  /** The decomposition exercise's button: the boundaries of the plan held for monolith/ saved, then checked. */
  async saveDecomposition(): Promise<ExerciseResult | undefined> {
    const folder = await this.folderOrSay();
    if (!folder) return undefined;
    const { saveDecompositionPlan } = await this.loadChecks();
    const saved = await saveDecompositionPlan(folder);
    if (!saved) return undefined;
    await vscode.window.showTextDocument(saved, { preview: true });
    return this.checkMyWork('decomposition');
  }

  async openWalkthrough(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  }
}
