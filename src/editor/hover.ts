import * as vscode from 'vscode';
import { loadAssistant } from '../assistants/catalog';
import { TimeBudget } from '../core/budget';
import type { AnalysisService } from './analysis-service';
import { analysisConfigFor, assistantSettingsFor } from './settings';

/**
 * Hovers from engines that explain what is under the cursor (an HPA's effective behaviour and a
 * simulation of it). Markdown is rendered untrusted: no command links, no HTML.
 */
export class EngineHovers implements vscode.HoverProvider {
  constructor(private readonly analysis: AnalysisService) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      for (const descriptor of this.analysis.assistantsFor(document)) {
        const engine = await loadAssistant(descriptor.id);
        if (!engine.hover) continue;
        const config = analysisConfigFor(document.uri);
        const markdown = await engine.hover(
          { file: document.uri.toString(), text: document.getText(), languageId: document.languageId },
          { line: position.line, character: position.character },
          {
            config,
            budget: new TimeBudget(config.budgetMs, controller.signal),
            signal: controller.signal,
            workspace: this.analysis.workspaceFiles(),
            settings: assistantSettingsFor(descriptor.id, document.uri),
          },
        );
        if (markdown && !token.isCancellationRequested) return new vscode.Hover(new vscode.MarkdownString(markdown));
      }
      return undefined;
    } catch {
      // A hover must never surface an error popup; the analysis path reports problems.
      return undefined;
    } finally {
      subscription.dispose();
    }
  }
}
