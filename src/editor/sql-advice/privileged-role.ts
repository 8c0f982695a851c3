import * as vscode from 'vscode';
import type { PrivilegedRole } from '../../assistants/sql/contract';

/** Asks whether EXPLAIN ANALYZE may run with a privileged role on this database; true to allow it from now on. */
export type PrivilegedRolePrompt = (role: PrivilegedRole) => Thenable<boolean>;

/**
 * A modal warning in the engine's words (what the role could do that a rolled-back transaction does not undo),
 * with what allowing means: kept for this database in the user's settings; without it the server only plans.
 */
export const modalPrivilegedRolePrompt: PrivilegedRolePrompt = async (role) => {
  const ALLOW = vscode.l10n.t('Allow EXPLAIN ANALYZE');
  const detail = [
    vscode.l10n.t(
      'Allowing it runs the statements the query optimizer has vetted with EXPLAIN ANALYZE as {0} on {1}, and keeps that choice for this database in your user settings (scalingAssistant.sql.analyzeWithPrivilegedRole).',
      role.role,
      role.database,
    ),
    vscode.l10n.t('Otherwise the server only plans them, and the advice shows estimates.'),
  ].join('\n\n');
  return (await vscode.window.showWarningMessage(role.warning, { modal: true, detail }, ALLOW)) === ALLOW;
};
