import * as vscode from 'vscode';
import type { AssistantId } from '../core/finding';
import { ruleDocPath } from '../core/rule';
import { log } from './log';

export const SHOW_RULE_DOCS = 'scalingAssistant.showRuleDocumentation';

/** Opens a rule's page (docs/rules/<assistant>/<id>.md, shipped with the extension) as a Markdown preview. */
export async function showRuleDocumentation(
  extensionUri: vscode.Uri,
  assistant: AssistantId,
  ruleId: string,
): Promise<void> {
  if (typeof assistant !== 'string' || typeof ruleId !== 'string' || !/^[a-z0-9-]+$/.test(ruleId)) return;
  const uri = vscode.Uri.joinPath(extensionUri, ruleDocPath({ assistant, id: ruleId }));
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showErrorMessage(vscode.l10n.t('No documentation page found for rule {0}.', ruleId));
    log().warn(`missing rule documentation: ${uri.toString()}`);
    return;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // Without the built-in Markdown extension the page still opens as text.
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}
