import * as vscode from 'vscode';
import type { SqlAdviceService } from './service';
import { hoverMarkdown, planDocument } from '../../assistants/sql/contract';

export const SHOW_SQL_PLAN = 'scalingAssistant.showSqlPlan';
const PLAN_SCHEME = 'scaling-assistant-plan';
/** Plans kept for open plan documents; older ones are rendered again from the cache or say they are gone. */
const MAX_PLANS = 20;

/**
 * "Show plan": a read-only Markdown document (a virtual document, so it can be read, searched and
 * copied, never saved over anything) with the whole plan tree, the suggestions with their SQL and the
 * plan as JSON.
 */
export class SqlPlanDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly plans = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, this);
  private counter = 0;

  constructor(private readonly advice: SqlAdviceService) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.plans.get(uri.path) ??
      `# ${vscode.l10n.t('Query plan')}\n\n${vscode.l10n.t('This plan is no longer available: run "Scaling Assistant: Optimize SQL Query" again.')}\n`
    );
  }

  /** Opens the plan of the advised statement `index` of `documentUri` (its current version). */
  async show(documentUri: string, index: number): Promise<vscode.TextDocument | undefined> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === documentUri);
    const entry = document ? this.advice.entryFor(document) : undefined;
    const statement = entry?.report.statements[index];
    if (!document || !entry || !statement) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'That plan is out of date: the document changed. Run "Scaling Assistant: Optimize SQL Query" again.',
        ),
      );
      return undefined;
    }
    const name = vscode.workspace.asRelativePath(document.uri);
    const path = `/${++this.counter}/${name.replace(/[^\w.-]+/g, '_')}-statement-${index + 1}.plan.md`;
    this.plans.set(path, planDocument(statement, entry.engineLabel, name));
    while (this.plans.size > MAX_PLANS) this.plans.delete(this.plans.keys().next().value as string);
    const planDoc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: PLAN_SCHEME, path }));
    const shown = await vscode.languages.setTextDocumentLanguage(planDoc, 'markdown');
    await vscode.window.showTextDocument(shown, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
      preserveFocus: false,
    });
    return shown;
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
  }
}

/**
 * Adds "Show plan" to the lightbulb on a statement the optimizer has measured. The measured fixes
 * themselves (create the index in a new migration, apply a proven rewrite) come with the findings and are
 * offered by FindingCodeActions like every other fix: previewable WorkspaceEdits, undoable.
 */
export class SqlAdviceActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly advice: SqlAdviceService) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const at = this.advice.statementAt(document, range.start);
    if (!at?.statement.plan) return [];
    const action = new vscode.CodeAction(
      vscode.l10n.t('Show plan (Scaling Assistant)'),
      vscode.CodeActionKind.QuickFix,
    );
    action.command = { title: action.title, command: SHOW_SQL_PLAN, arguments: [document.uri.toString(), at.index] };
    return [action];
  }
}

/** The plan summary and the measured time when hovering an advised statement (the editor's own cache). */
export class SqlAdviceHovers implements vscode.HoverProvider {
  constructor(private readonly advice: SqlAdviceService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const at = this.advice.statementAt(document, position);
    if (!at) return undefined;
    const markdown = new vscode.MarkdownString(hoverMarkdown(at.statement, at.entry.engineLabel));
    // Untrusted Markdown: the plan's text is data; no command links, no HTML.
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    const start = document.positionAt(at.statement.start);
    const end = document.positionAt(at.statement.end);
    return new vscode.Hover(markdown, new vscode.Range(start, end));
  }
}
