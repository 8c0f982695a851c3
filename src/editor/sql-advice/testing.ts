import type * as vscode from 'vscode';
import { parseDatabaseUrl } from './common/database-url';
import { configuredDatabaseUrl, movePasswordToSecrets, passwordSecretKey } from './database-password';

/** For the integration tests (ExtensionMode.Test only): what the password warning's button does, and whether a password is stored. */
export interface SqlAdviceTestHooks {
  /** "Move to Secret Storage" on the warning about a password in scalingAssistant.sql.databaseUrl. */
  movePasswordToSecrets(): Promise<boolean>;
  /** Whether SecretStorage holds a password for the configured URL (never the password itself). */
  hasStoredPassword(): Promise<boolean>;
}

export function sqlAdviceTestHooks(secrets: vscode.SecretStorage): SqlAdviceTestHooks {
  const url = () => {
    const raw = configuredDatabaseUrl();
    const parsed = raw ? parseDatabaseUrl(raw) : undefined;
    return parsed && !('error' in parsed) ? parsed : undefined;
  };
  return {
    movePasswordToSecrets: async () => {
      const current = url();
      return current ? movePasswordToSecrets(secrets, current) : false;
    },
    hasStoredPassword: async () => {
      const current = url();
      return current ? (await secrets.get(passwordSecretKey(current))) !== undefined : false;
    },
  };
}
