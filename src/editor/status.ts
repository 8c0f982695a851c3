import * as vscode from 'vscode';
import { ASSISTANTS } from '../assistants/catalog';
import type { AnalysisEvent, AnalysisService } from './analysis-service';
import { assistantName } from '../core/assistant-names';

/**
 * A language status item ("{ }" in the status bar) telling what was analysed in the active editor and
 * how long it took against the budget, the way the ESLint extension reports its time budget.
 */
export class AnalysisStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly last = new Map<string, AnalysisEvent[]>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(analysis: AnalysisService) {
    const languages = [...new Set(ASSISTANTS.filter((a) => a.available).flatMap((a) => a.languageIds))];
    this.item = vscode.languages.createLanguageStatusItem('scalingAssistant.status', languages);
    this.item.name = 'Scaling Assistant';
    this.item.text = 'Scaling Assistant';
    this.item.detail = vscode.l10n.t('waiting for analysis');
    this.item.command = { title: vscode.l10n.t('Show Log'), command: 'scalingAssistant.showLog' };
    this.disposables.push(
      this.item,
      analysis.onDidAnalyze((event) => this.record(event)),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.last.delete(doc.uri.toString())),
    );
  }

  private record(event: AnalysisEvent): void {
    const key = event.uri.toString();
    const others = (this.last.get(key) ?? []).filter((e) => e.assistant.id !== event.assistant.id);
    this.last.set(key, [...others, event]);
    this.render();
  }

  private render(): void {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const events = active ? this.last.get(active) : undefined;
    if (!events?.length) {
      this.item.text = 'Scaling Assistant';
      this.item.detail = vscode.l10n.t('not analysed');
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    const parts = events.map(({ assistant, analysis }) => {
      const skipped = analysis.errors.find((e) => e.kind === 'budget' || e.kind === 'unsupported');
      const name = assistantName(assistant.id, vscode.l10n.t);
      const count =
        analysis.findings.length === 1
          ? vscode.l10n.t('1 finding')
          : vscode.l10n.t('{0} findings', analysis.findings.length);
      const ms = analysis.elapsedMs.toFixed(0);
      if (skipped) return `${name}: ${skipped.message}`;
      return analysis.errors.some((e) => e.kind === 'partial')
        ? vscode.l10n.t(
            '{0}: {1} in {2} ms (budget {3} ms, workspace still being read)',
            name,
            count,
            ms,
            analysis.budgetMs,
          )
        : vscode.l10n.t('{0}: {1} in {2} ms (budget {3} ms)', name, count, ms, analysis.budgetMs);
    });
    const overBudget = events.some(({ analysis }) => analysis.errors.some((e) => e.kind === 'budget'));
    this.item.text = overBudget ? '$(warning) Scaling Assistant' : 'Scaling Assistant';
    this.item.detail = parts.join('; ');
    this.item.severity = overBudget ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
