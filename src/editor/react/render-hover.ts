import * as vscode from 'vscode';
import type { MeasuredAdvice } from '../measured-advice';
import { toRange } from '../convert';

/**
 * The measured figures of the frontend optimizer's findings under the cursor (what Optimize React Component
 * measured for their fixes), for the document version they were measured on. Rendered untrusted.
 */
export class RenderHovers implements vscode.HoverProvider {
  constructor(private readonly advice: MeasuredAdvice) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const entry = this.advice.entryFor(document, 'react');
    if (!entry) return undefined;
    const measured = new Set(entry.report.candidates.map((c) => `${c.fix}: ${c.line}`));
    const lines = entry.findings
      .filter((f) => toRange(f.range).contains(position))
      .flatMap((f) => (f.evidence?.notes ?? []).filter((note) => measured.has(note)));
    if (!lines.length) return undefined;
    const markdown = new vscode.MarkdownString(
      [
        `**${vscode.l10n.t('Measured renders')}** (${entry.report.component ?? ''})`,
        ...lines.map((l) => `- ${l}`),
      ].join('\n'),
    );
    markdown.isTrusted = false;
    return new vscode.Hover(markdown);
  }
}
