import * as vscode from 'vscode';
import { descriptorFor } from '../assistants/catalog';
import type { AssistantId } from '../core/finding';
import { toRange } from './convert';
import type { AnalysisService } from './analysis-service';
import { log } from './log';
import { SHOW_RULE_DOCS, showRuleDocumentation } from './rule-docs';
import type { EditorFeature } from './services';

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
  // scalingAssistant.optimizeSqlQuery (static review + measured advice) is the sql-advice feature's.
  register('scalingAssistant.optimizeReactComponent', (uri?: vscode.Uri) => runAssistant('react', analysis, uri));
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
    void vscode.window.showWarningMessage(`Open a file for the ${descriptor.displayName} first.`);
    return { status: 'no-document' };
  }
  if (!descriptor.languageIds.includes(document.languageId)) {
    void vscode.window.showWarningMessage(
      `The ${descriptor.displayName} reviews ${descriptor.languageIds.join(' or ')} files; ${vscode.workspace.asRelativePath(document.uri)} is ${document.languageId}.`,
    );
    return { status: 'wrong-kind' };
  }
  if (!analysis.assistantsFor(document).some((a) => a.id === id)) {
    void vscode.window.showWarningMessage(
      `The ${descriptor.displayName} is turned off (scalingAssistant.${id}.enabled).`,
    );
    return { status: 'disabled' };
  }
  return undefined;
}

/** What a command's summary adds about what it does not do yet. */
const COMMAND_NOTES: Partial<Record<AssistantId, string>> = {
  react: ' Static review only: measuring renders is not built yet.',
};

/** The active editor's non-empty selection on this document, if any. */
function selectionIn(document: vscode.TextDocument): vscode.Selection | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document !== document || editor.selection.isEmpty) return undefined;
  return editor.selection;
}

function notBuilt(what: string): CommandOutcome {
  void vscode.window.showInformationMessage(`${what} is not built yet in this version of Scaling Assistant.`);
  return { status: 'not-built' };
}

async function runAssistant(id: AssistantId, analysis: AnalysisService, uri?: vscode.Uri): Promise<CommandOutcome> {
  const descriptor = descriptorFor(id);
  const name = descriptor.displayName[0].toUpperCase() + descriptor.displayName.slice(1);
  if (!descriptor.available) return notBuilt(`The ${descriptor.displayName}`);

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
  const where = `${vscode.workspace.asRelativePath(document.uri)}${selection ? ' (selection)' : ''}`;
  const summary =
    (findings === 0
      ? `${name}: no findings in ${where}${errors ? ` (${result?.errors[0].message})` : ''}.`
      : `${name}: ${findings} finding${findings === 1 ? '' : 's'} in ${where}.`) + (COMMAND_NOTES[id] ?? '');
  void vscode.window.showInformationMessage(summary, ...(findings ? ['Show Problems'] : [])).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return { status: 'analysed', findings, errors };
}
