import * as vscode from 'vscode';
import type { ProposedEdit } from '../../ai/contract';
import type { Range } from '../../core/finding';
import type { DeepReviewFindings } from './findings';
import { CLAUDE_SOURCE } from './findings';
import { toRange } from '../convert';

/** Explains why an edit was not applied: its text changed since Claude answered. */
export const STALE_EDIT_COMMAND = 'scalingAssistant.showStaleDeepReviewEdit';

/** A code action for one edit Claude proposed; the edit itself is computed when the user picks it. */
export class DeepReviewEditAction extends vscode.CodeAction {
  /** Set when resolved: how the edit is labelled in the refactor preview (VS Code's API cannot read it back). */
  previewMetadata?: vscode.WorkspaceEditEntryMetadata;

  constructor(
    title: string,
    readonly uri: vscode.Uri,
    readonly findingId: number,
    readonly editIndex: number,
  ) {
    super(title, vscode.CodeActionKind.QuickFix);
  }
}

/** The action's title: the edit's own, without the AI layer's short verdict (the label below says more). */
export function actionTitle(edit: ProposedEdit): string {
  const title = edit.title.replace(/\s*\((?:verified equivalent|equivalence not proven)\)\s*$/, '');
  return `${/\bClaude\b/.test(title) ? title : `Claude: ${title}`}${verdictLabel(edit)}`;
}

/** "(proven equivalent on N synthetic rows)" / "(not proven: …)" for SQL rewrites the query optimizer checked. */
export function verdictLabel(edit: ProposedEdit): string {
  const verified = edit.verified;
  if (!verified) return '';
  const note = verified.note?.trim();
  if (verified.equivalent === true) {
    const rows = note && /(\d[\d,]*)\s+(?:synthetic\s+)?rows?/i.exec(note)?.[1];
    return rows ? ` (proven equivalent on ${rows} synthetic rows)` : ` (proven equivalent${note ? `: ${note}` : ''})`;
  }
  if (verified.equivalent === null) return ` (not proven${note ? `: ${note}` : ''})`;
  return ` (not equivalent${note ? `: ${note}` : ''})`;
}

/**
 * The edits Claude proposed, as quick fixes on its diagnostics. Nothing is computed until one is chosen
 * (`resolveCodeAction`), and the WorkspaceEdit then carries `needsConfirmation`, so VS Code opens the refactor
 * preview and the user sees the change before it is applied; it is undoable like any edit. An edit whose text
 * changed since Claude answered is not offered.
 */
export class DeepReviewCodeActions implements vscode.CodeActionProvider<DeepReviewEditAction> {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly findings: DeepReviewFindings) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): DeepReviewEditAction[] {
    const actions: DeepReviewEditAction[] = [];
    const fromContext = context.diagnostics.filter((d) => d.source === CLAUDE_SOURCE);
    // Under the cursor: the finding's range, or the lines its edit replaces (whole lines, usually wider).
    const meets = (r: Range) => toRange(r).intersection(range) !== undefined;
    const placedHere = this.findings
      .findingsOf(document.uri)
      .filter((p) => meets(p.range) || p.edits.some((e) => meets(e.range)));
    for (const placed of placedHere) {
      const diagnostic = fromContext.find(
        (d) => d.message === placed.finding.message && toRange(placed.range).isEqual(d.range),
      );
      placed.edits.forEach((tracked, index) => {
        if (!this.findings.isCurrent(document, tracked)) return;
        const action = new DeepReviewEditAction(actionTitle(tracked.edit), document.uri, placed.id, index);
        if (diagnostic) action.diagnostics = [diagnostic];
        actions.push(action);
      });
    }
    return actions;
  }

  resolveCodeAction(action: DeepReviewEditAction): DeepReviewEditAction {
    const placed = this.findings.byId(action.uri, action.findingId);
    const tracked = placed?.edits[action.editIndex];
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === action.uri.toString());
    if (!placed || !tracked || !document || !this.findings.isCurrent(document, tracked)) {
      // Stale since it was offered: apply nothing, and say why instead of editing the wrong text.
      action.command = {
        title: vscode.l10n.t('Explain'),
        command: STALE_EDIT_COMMAND,
        arguments: [],
      };
      return action;
    }
    const metadata: vscode.WorkspaceEditEntryMetadata = {
      needsConfirmation: true,
      label: vscode.l10n.t('Proposed by Claude'),
      description: `${placed.model}${verdictLabel(tracked.edit)}`,
      iconPath: new vscode.ThemeIcon('sparkle'),
    };
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, toRange(tracked.range), tracked.edit.newText, metadata);
    action.edit = edit;
    action.previewMetadata = metadata;
    return action;
  }
}
