import * as vscode from 'vscode';

/** The Anthropic key lives in SecretStorage only: never in settings, files or logs. */
export const API_KEY_SECRET = 'scalingAssistant.anthropicApiKey';

export async function setApiKey(secrets: vscode.SecretStorage): Promise<boolean> {
  const key = await vscode.window.showInputBox({
    title: 'Set Anthropic API Key',
    prompt: "Stored in VS Code's secret storage; used only when you ask for a deep review with Claude.",
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'sk-ant-…',
    validateInput: (value) => {
      const trimmed = value.trim();
      if (!trimmed) return 'Enter a key, or press Escape to cancel.';
      if (/\s/.test(trimmed)) return 'An API key has no spaces.';
      return undefined;
    },
  });
  if (key === undefined) return false;
  await secrets.store(API_KEY_SECRET, key.trim());
  void vscode.window.showInformationMessage('Anthropic API key saved in secret storage.');
  return true;
}

export async function clearApiKey(secrets: vscode.SecretStorage): Promise<void> {
  const had = (await secrets.get(API_KEY_SECRET)) !== undefined;
  await secrets.delete(API_KEY_SECRET);
  void vscode.window.showInformationMessage(had ? 'Anthropic API key removed.' : 'No Anthropic API key was stored.');
}
