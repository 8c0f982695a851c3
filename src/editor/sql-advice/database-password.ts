import * as vscode from 'vscode';
import type { DatabaseUrl } from './common/database-url';
import { parseDatabaseUrl } from './common/database-url';
import { SECTION } from '../settings';

/**
 * The database password of `scalingAssistant.sql.databaseUrl` lives in SecretStorage, keyed by the URL
 * without its password (user, host, port, database), so the settings file never holds it and a second
 * server keeps its own password.
 */

const URL_SETTING = 'sql.databaseUrl';
const SECRET_PREFIX = 'scalingAssistant.sql.databasePassword/';

/**
 * The configured server URL. Application-scoped: only the user's own settings count, so a cloned
 * repository's `.vscode/settings.json` cannot point the extension (and a stored password) at its server.
 */
export function configuredDatabaseUrl(): string | undefined {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<string>(URL_SETTING);
  const value = inspected?.globalValue;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function passwordSecretKey(url: DatabaseUrl): string {
  return SECRET_PREFIX + url.key;
}

/** The password for this URL: from SecretStorage, else the one written into the URL. */
export async function databasePassword(secrets: vscode.SecretStorage, url: DatabaseUrl): Promise<string | undefined> {
  return (await secrets.get(passwordSecretKey(url))) ?? url.inlinePassword;
}

export async function setDatabasePassword(secrets: vscode.SecretStorage): Promise<boolean> {
  const url = await requireUrl();
  if (!url) return false;
  const password = await vscode.window.showInputBox({
    title: vscode.l10n.t('Set Database Password for {0}', url.key),
    prompt: vscode.l10n.t("Stored in VS Code's secret storage, used only to connect to this server for query plans."),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) =>
      value === '' ? vscode.l10n.t('Enter the password, or press Escape to cancel.') : undefined,
  });
  if (password === undefined) return false;
  await secrets.store(passwordSecretKey(url), password);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Database password for {0} saved in secret storage.', url.key),
  );
  return true;
}

export async function clearDatabasePassword(secrets: vscode.SecretStorage): Promise<boolean> {
  const url = await requireUrl();
  if (!url) return false;
  const key = passwordSecretKey(url);
  const had = (await secrets.get(key)) !== undefined;
  await secrets.delete(key);
  void vscode.window.showInformationMessage(
    had
      ? vscode.l10n.t('Database password for {0} removed.', url.key)
      : vscode.l10n.t('No database password was stored for {0}.', url.key),
  );
  return had;
}

async function requireUrl(): Promise<DatabaseUrl | undefined> {
  const raw = configuredDatabaseUrl();
  if (!raw) {
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Set scalingAssistant.sql.databaseUrl in your user settings first (postgres://user@host:port/database, without the password).',
      ),
      vscode.l10n.t('Open Settings'),
    );
    if (choice)
      void vscode.commands.executeCommand('workbench.action.openSettings', 'scalingAssistant.sql.databaseUrl');
    return undefined;
  }
  const url = parseDatabaseUrl(raw);
  if ('error' in url) {
    void vscode.window.showErrorMessage(url.error);
    return undefined;
  }
  return url;
}

/**
 * A password written into the URL sits in plain text in settings.json (and in settings sync): say so and
 * offer to move it into secret storage, rewriting the setting without it.
 */
export async function checkUrlForPassword(secrets: vscode.SecretStorage): Promise<'none' | 'moved' | 'kept'> {
  const raw = configuredDatabaseUrl();
  if (!raw) return 'none';
  const url = parseDatabaseUrl(raw);
  if ('error' in url || url.inlinePassword === undefined) return 'none';
  const move = vscode.l10n.t('Move to Secret Storage');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'scalingAssistant.sql.databaseUrl contains a password in plain text ({0}). Move it to secret storage?',
      url.key,
    ),
    move,
  );
  if (choice !== move) return 'kept';
  return (await movePasswordToSecrets(secrets, url)) ? 'moved' : 'kept';
}

/** Stores the URL's password in SecretStorage and writes the setting back without it. */
export async function movePasswordToSecrets(secrets: vscode.SecretStorage, url: DatabaseUrl): Promise<boolean> {
  if (url.inlinePassword === undefined) return false;
  await secrets.store(passwordSecretKey(url), url.inlinePassword);
  await vscode.workspace.getConfiguration(SECTION).update(URL_SETTING, url.safe, vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Database password moved to secret storage; the setting now reads {0}.', url.safe),
  );
  return true;
}
