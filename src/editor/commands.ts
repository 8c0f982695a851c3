import * as vscode from 'vscode';
import { descriptorFor } from '../assistants/catalog';
import type { AssistantId } from '../core/finding';
import { toRange } from './convert';
import type { AnalysisService } from './analysis-service';
import { log } from './log';
import { SHOW_RULE_DOCS, showRuleDocumentation } from './rule-docs';
import type { EditorFeature } from './services';
import { assistantName } from '../core/assistant-names';

/** What an assistant command reports back (also what integration tests read). */
export interface CommandOutcome {
  status: 'analysed' | 'not-built' | 'no-document' | 'wrong-kind' | 'disabled';
  findings?: number;
  errors?: number;
}

/**
 * The shell's commands: review a document with an assistant (assistants whose engines are not built yet say so
 * plainly; nothing pretends to analyse), the log and the rule documentation. Features register their own
 * (*Plan Monolith Decomposition* is the decomposition feature's: it plans a folder, not a document).
 */
export const registerShellCommands: EditorFeature = (context, { analysis }) => {
  const register = (id: string, handler: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  register('scalingAssistant.reviewKubernetesManifest', (uri?: vscode.Uri) => runAssistant('k8s', analysis, uri));
  // scalingAssistant.optimizeSqlQuery and optimizeReactComponent (static review + measured advice) are the
  // sql-advice and react features'.
  register('scalingAssistant.showLog', () => log().show(true));
  register(SHOW_RULE_DOCS, (assistant: AssistantId, ruleId: string) =>
    showRuleDocumentation(context.extensionUri, assistant, ruleId),
  );
};

/**
 * Why an assistant's command cannot run on this document (none open, another kind of file, the assistant
 * turned off), said to the user; undefined when it can.
 */
export function refuseDocument(
  id: AssistantId,
  analysis: AnalysisService,
  document: vscode.TextDocument | undefined,
): CommandOutcome | undefined {
  const descriptor = descriptorFor(id);
  if (!document) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Open a file for the {0} first.', assistantName(id, vscode.l10n.t)),
    );
    return { status: 'no-document' };
  }
  if (!descriptor.languageIds.includes(document.languageId)) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'The {0} reviews {1} files; {2} is {3}.',
        assistantName(id, vscode.l10n.t),
        descriptor.languageIds.join(', '),
        vscode.workspace.asRelativePath(document.uri),
        document.languageId,
      ),
    );
    return { status: 'wrong-kind' };
  }
  if (!analysis.assistantsFor(document).some((a) => a.id === id)) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The {0} is turned off (scalingAssistant.{1}.enabled).', assistantName(id, vscode.l10n.t), id),
    );
    return { status: 'disabled' };
  }
  return undefined;
}

/** The active editor's non-empty selection on this document, if any. */
function selectionIn(document: vscode.TextDocument): vscode.Selection | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document !== document || editor.selection.isEmpty) return undefined;
  return editor.selection;
}

function notBuilt(id: AssistantId): CommandOutcome {
  void vscode.window.showInformationMessage(
    vscode.l10n.t('The {0} is not built yet in this version of Scaling Assistant.', assistantName(id, vscode.l10n.t)),
  );
  return { status: 'not-built' };
}

async function runAssistant(id: AssistantId, analysis: AnalysisService, uri?: vscode.Uri): Promise<CommandOutcome> {
  const descriptor = descriptorFor(id);
  const localName = assistantName(id, vscode.l10n.t);
  const name = localName[0].toUpperCase() + localName.slice(1);
  if (!descriptor.available) return notBuilt(id);

  const document =
    uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const refused = refuseDocument(id, analysis, document);
  if (refused || !document) return refused ?? { status: 'no-document' };
  const events = await analysis.analyzeNow(document);
  const result = events.find((e) => e.assistant.id === id)?.analysis;
  // With a selection, the findings inside it (the component the user picked); the whole file otherwise.
  const selection = selectionIn(document);
  const inScope = (result?.findings ?? []).filter((f) => !selection || selection.intersection(toRange(f.range)));
  const findings = inScope.length;
  const errors = result?.errors.length ?? 0;
  const path = vscode.workspace.asRelativePath(document.uri);
  const where = selection ? vscode.l10n.t('{0} (selection)', path) : path;
  const summary =
    findings === 0
      ? errors
        ? vscode.l10n.t('{0}: no findings in {1} ({2}).', name, where, result?.errors[0].message ?? '')
        : vscode.l10n.t('{0}: no findings in {1}.', name, where)
      : findings === 1
        ? vscode.l10n.t('{0}: 1 finding in {1}.', name, where)
        : vscode.l10n.t('{0}: {1} findings in {2}.', name, findings, where);
  const showProblems = vscode.l10n.t('Show Problems');
  void vscode.window.showInformationMessage(summary, ...(findings ? [showProblems] : [])).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return { status: 'analysed', findings, errors };
}
