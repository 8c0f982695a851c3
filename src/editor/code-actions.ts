import * as vscode from 'vscode';
import { ASSISTANTS } from '../assistants/catalog';
import { suppressionEdit } from '../core/suppression';
import type { AnalysisService } from './analysis-service';
import { toWorkspaceEdit } from './convert';
import { SHOW_RULE_DOCS } from './rule-docs';

const SOURCES = new Set(ASSISTANTS.map((a) => a.displayName));

/**
 * Turns each finding under the cursor into quick fixes: the assistant's own fixes (edits the user
 * previews in the lightbulb and can undo), "Disable <rule> for this line" and "Show documentation".
 */
export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly analysis: AnalysisService) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const seenRules = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      if (!diagnostic.source || !SOURCES.has(diagnostic.source)) continue;
      const finding = this.analysis.findingFor(document.uri, diagnostic);
      if (!finding) continue;

      const fixes = finding.fixes ?? [];
      const preferredIndex = Math.max(
        0,
        fixes.findIndex((f) => f.isPreferred),
      );
      fixes.forEach((fix, index) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.edit = toWorkspaceEdit(fix.edits);
        action.isPreferred = index === preferredIndex;
        actions.push(action);
      });

      // One suppression and one docs action per rule, even when it fired twice under the cursor.
      if (seenRules.has(finding.ruleId)) continue;
      seenRules.add(finding.ruleId);
      const suppress = fixes.some((f) => f.suppression)
        ? undefined
        : suppressionEdit(document.getText(), finding.file, diagnostic.range.start.line, finding.ruleId);
      if (suppress) {
        const action = new vscode.CodeAction(
          vscode.l10n.t('Disable {0} for this line', finding.ruleId),
          vscode.CodeActionKind.QuickFix,
        );
        action.diagnostics = [diagnostic];
        action.edit = toWorkspaceEdit([suppress]);
        actions.push(action);
      }
      const docs = new vscode.CodeAction(
        vscode.l10n.t('Show documentation for {0}', finding.ruleId),
        vscode.CodeActionKind.QuickFix,
      );
      docs.diagnostics = [diagnostic];
      docs.command = { title: docs.title, command: SHOW_RULE_DOCS, arguments: [finding.assistant, finding.ruleId] };
      actions.push(docs);
    }
    return actions;
  }
}
