import * as vscode from 'vscode';

/** The Anthropic key lives in SecretStorage only: never in settings, files or logs. */
export const API_KEY_SECRET = 'scalingAssistant.anthropicApiKey';

export async function setApiKey(secrets: vscode.SecretStorage): Promise<boolean> {
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('Set Anthropic API Key'),
    prompt: vscode.l10n.t("Stored in VS Code's secret storage; used only when you ask for a deep review with Claude."),
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'sk-ant-…',
    validateInput: (value) => {
      const trimmed = value.trim();
      if (!trimmed) return vscode.l10n.t('Enter a key, or press Escape to cancel.');
      if (/\s/.test(trimmed)) return vscode.l10n.t('An API key has no spaces.');
      return undefined;
    },
  });
  if (key === undefined) return false;
  await secrets.store(API_KEY_SECRET, key.trim());
  void vscode.window.showInformationMessage(vscode.l10n.t('Anthropic API key saved in secret storage.'));
  return true;
}

export async function clearApiKey(secrets: vscode.SecretStorage): Promise<void> {
  const had = (await secrets.get(API_KEY_SECRET)) !== undefined;
  await secrets.delete(API_KEY_SECRET);
  void vscode.window.showInformationMessage(
    had ? vscode.l10n.t('Anthropic API key removed.') : vscode.l10n.t('No Anthropic API key was stored.'),
  );
}
