import type * as vscode from 'vscode';
import type { PrivilegedRole } from '../../assistants/sql/contract';
import type { PrivilegedRolePrompt } from './privileged-role';
import { parseDatabaseUrl } from './common/database-url';
import { configuredDatabaseUrl, movePasswordToSecrets, passwordSecretKey } from './database-password';

/** For the integration tests (ExtensionMode.Test only): what the password warning's button does, and whether a password is stored. */
export interface SqlAdviceTestHooks {
  /** "Move to Secret Storage" on the warning about a password in scalingAssistant.sql.databaseUrl. */
  movePasswordToSecrets(): Promise<boolean>;
  /** Whether SecretStorage holds a password for the configured URL (never the password itself). */
  hasStoredPassword(): Promise<boolean>;
  /** Answers the privileged-role question without the modal (undefined: the modal again). */
  answerPrivilegedRole(answer: boolean | undefined): void;
  /** The role the last privileged-role question was about, while answered by answerPrivilegedRole. */
  lastPrivilegedRole(): PrivilegedRole | undefined;
}

/** The privileged-role question, answerable by a script in test mode; built only in that mode. */
export function scriptedPrivilegedRolePrompt(base: PrivilegedRolePrompt): {
  prompt: PrivilegedRolePrompt;
  answer(answer: boolean | undefined): void;
  last(): PrivilegedRole | undefined;
} {
  let scripted: boolean | undefined;
  let last: PrivilegedRole | undefined;
  return {
    prompt: (role) => {
      if (scripted === undefined) return base(role);
      last = role;
      return Promise.resolve(scripted);
    },
    answer: (answer) => {
      scripted = answer;
    },
    last: () => last,
  };
}

export function sqlAdviceTestHooks(
  secrets: vscode.SecretStorage,
  privileged: ReturnType<typeof scriptedPrivilegedRolePrompt>,
): SqlAdviceTestHooks {
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
    answerPrivilegedRole: privileged.answer,
    lastPrivilegedRole: privileged.last,
  };
}
