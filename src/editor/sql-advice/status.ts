import * as vscode from 'vscode';
import { descriptorFor } from '../../assistants/catalog';
import type { SqlAdviceService } from './service';
import { rankedSuggestions, suggestionLine } from '../../assistants/sql/contract';
import { formatMs } from '../../core/format';

/**
 * A language status item for SQL documents telling whether the active document has measured advice
 * (and from which engine), or how to get it; in Restricted Mode it says measured advice is off.
 */
export class SqlAdviceStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('scalingAssistant.sqlAdvice', [
    ...descriptorFor('sql').languageIds,
  ]);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly advice: SqlAdviceService) {
    this.item.name = vscode.l10n.t('Scaling Assistant: measured SQL advice');
    this.disposables.push(
      advice.onDidChange(() => this.render()),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.render()),
    );
    this.render();
  }

  private render(): void {
    this.item.command = { title: vscode.l10n.t('Optimize SQL Query'), command: 'scalingAssistant.optimizeSqlQuery' };
    if (!vscode.workspace.isTrusted) {
      this.item.text = vscode.l10n.t('SQL advice: static only');
      this.item.detail = vscode.l10n.t('Restricted Mode: no sandbox, no database');
      this.item.command = undefined;
      return;
    }
    const document = vscode.window.activeTextEditor?.document;
    const entry = document ? this.advice.entryFor(document) : undefined;
    if (!entry) {
      this.item.text = this.advice.isWarm ? vscode.l10n.t('SQL advice: sandbox warm') : vscode.l10n.t('SQL advice');
      this.item.detail = vscode.l10n.t('not measured: run Optimize SQL Query');
      return;
    }
    const [best] = rankedSuggestions(entry.report.statements);
    this.item.text = best?.measured
      ? vscode.l10n.t('SQL advice: ≈{0}× (measured)', Math.round(best.measured.speedup))
      : vscode.l10n.t('SQL advice: measured');
    this.item.detail = `${best ? suggestionLine(best) : vscode.l10n.t('no faster index or rewrite')} · ${entry.engineLabel} · ${formatMs(entry.elapsedMs)}`;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
