import * as vscode from 'vscode';
import type { ExerciseId } from '../../workshop/exercises';
import { EXERCISES } from '../../workshop/exercises';
import type { ExerciseResult } from '../../workshop/result';
import { completion } from '../../workshop/result';

const STATE_KEY = 'scalingAssistant.workshop.results';

/** The context key a walkthrough step completes on (`onContext:`), true once its exercise's check passed. */
export function passedContextKey(id: ExerciseId): string {
  return `scalingAssistant.workshop.${id}.passed`;
}

/**
 * The participant's progress in this workspace (workspaceState): each exercise's last check. Publishes it as
 * context keys for the walkthrough and as the status item "Workshop: 3 of 4".
 */
export class WorkshopProgress implements vscode.Disposable {
  private readonly status = vscode.window.createStatusBarItem(
    'scalingAssistant.workshop',
    vscode.StatusBarAlignment.Left,
    20,
  );
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  /** The context keys as last set (the walkthrough's completion events read them; tests read this copy). */
  readonly contextKeys: Record<string, boolean> = {};
  /** The status item's text while it shows, for tests. */
  statusText(): string | undefined {
    return this.visible ? this.status.text : undefined;
  }
  private visible = false;

  constructor(private readonly state: vscode.Memento) {
    this.status.name = vscode.l10n.t('Scaling Workshop');
    this.status.command = 'scalingAssistant.checkMyWork';
  }

  results(): ExerciseResult[] {
    const stored = this.state.get<ExerciseResult[]>(STATE_KEY, []);
    return Array.isArray(stored) ? stored : [];
  }

  result(id: ExerciseId): ExerciseResult | undefined {
    return this.results().find((r) => r.exercise === id);
  }

  async record(result: ExerciseResult): Promise<void> {
    const others = this.results().filter((r) => r.exercise !== result.exercise);
    await this.state.update(STATE_KEY, [...others, result]);
    await this.publish();
    this.changed.fire();
  }

  async forget(id: ExerciseId): Promise<void> {
    await this.state.update(
      STATE_KEY,
      this.results().filter((r) => r.exercise !== id),
    );
    await this.publish();
    this.changed.fire();
  }

  /** The first exercise not passed yet, in the walkthrough's order, among those that can be checked. */
  current(available: (id: ExerciseId) => boolean): ExerciseId | undefined {
    return EXERCISES.find((e) => available(e.id) && this.result(e.id)?.status !== 'passed')?.id;
  }

  /** Context keys and the status item; the item shows only in the workshop's folder. */
  async publish(inWorkshop = true, totalCheckable?: number): Promise<void> {
    const results = this.results();
    await Promise.all(
      EXERCISES.map((e) => {
        const key = passedContextKey(e.id);
        this.contextKeys[key] = results.some((r) => r.exercise === e.id && r.status === 'passed');
        return vscode.commands.executeCommand('setContext', key, this.contextKeys[key]);
      }),
    );
    this.visible = inWorkshop;
    if (!inWorkshop) {
      this.status.hide();
      return;
    }
    if (totalCheckable !== undefined) this.total = totalCheckable;
    const passed = completion(results.filter((r) => r.status === 'passed')).passed;
    this.status.text = `$(mortar-board) ${vscode.l10n.t('Workshop: {0} of {1}', passed, this.total)}`;
    this.status.tooltip = vscode.l10n.t(
      'Scaling workshop: exercises passed in this workspace. Click to check your work.',
    );
    this.status.show();
  }

  private total = EXERCISES.length;

  dispose(): void {
    this.status.dispose();
    this.changed.dispose();
  }
}
