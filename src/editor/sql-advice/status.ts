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
    this.item.name = 'Scaling Assistant: measured SQL advice';
    this.disposables.push(
      advice.onDidChange(() => this.render()),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.render()),
    );
    this.render();
  }

  private render(): void {
    this.item.command = { title: 'Optimize SQL Query', command: 'scalingAssistant.optimizeSqlQuery' };
    if (!vscode.workspace.isTrusted) {
      this.item.text = 'SQL advice: static only';
      this.item.detail = 'Restricted Mode: no sandbox, no database';
      this.item.command = undefined;
      return;
    }
    const document = vscode.window.activeTextEditor?.document;
    const entry = document ? this.advice.entryFor(document) : undefined;
    if (!entry) {
      this.item.text = this.advice.isWarm ? 'SQL advice: sandbox warm' : 'SQL advice';
      this.item.detail = 'not measured: run Optimize SQL Query';
      return;
    }
    const [best] = rankedSuggestions(entry.report.statements);
    this.item.text = best?.measured
      ? `SQL advice: ≈${Math.round(best.measured.speedup)}× (measured)`
      : 'SQL advice: measured';
    this.item.detail = `${best ? suggestionLine(best) : 'no faster index or rewrite'} · ${entry.engineLabel} · ${formatMs(entry.elapsedMs)}`;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
