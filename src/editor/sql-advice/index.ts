import * as vscode from 'vscode';
import { descriptorFor } from '../../assistants/catalog';
import type { EditorFeature } from '../services';
import { SHOW_SQL_PLAN, SqlAdviceActions, SqlAdviceHovers, SqlPlanDocuments } from './actions';
import { OPTIMIZE_SQL_QUERY, optimizeSqlQuery } from './command';
import { checkUrlForPassword, clearDatabasePassword, setDatabasePassword } from './database-password';
import { SqlAdviceService } from './service';
import { SqlAdviceStatus } from './status';
import { modalPrivilegedRolePrompt } from './privileged-role';
import { scriptedPrivilegedRolePrompt, sqlAdviceTestHooks } from './testing';

/**
 * Measured SQL advice in the editor: *Optimize SQL Query* (static review, then the sandbox or a server), its
 * findings in the shell's measured advice, *Show plan*, the plan hover, the status item and the database
 * password commands.
 */
export const registerSqlAdvice: EditorFeature = (context, services) => {
  const recording = services.testHooks ? scriptedPrivilegedRolePrompt(modalPrivilegedRolePrompt) : undefined;
  const advice = new SqlAdviceService(context.secrets, services);
  const plans = new SqlPlanDocuments(advice);
  const selector = descriptorFor('sql').languageIds.map((language) => ({ language }));
  context.subscriptions.push(
    advice,
    plans,
    new SqlAdviceStatus(advice),
    vscode.languages.registerCodeActionsProvider(selector, new SqlAdviceActions(advice), {
      providedCodeActionKinds: SqlAdviceActions.kinds,
    }),
    vscode.languages.registerHoverProvider(selector, new SqlAdviceHovers(advice)),
    vscode.commands.registerCommand(OPTIMIZE_SQL_QUERY, (uri?: vscode.Uri) =>
      optimizeSqlQuery(services.analysis, advice, plans, recording?.prompt ?? modalPrivilegedRolePrompt, uri),
    ),
    vscode.commands.registerCommand(SHOW_SQL_PLAN, (uri: string, index: number) => plans.show(uri, index)),
    vscode.commands.registerCommand('scalingAssistant.setDatabasePassword', () => setDatabasePassword(context.secrets)),
    vscode.commands.registerCommand('scalingAssistant.clearDatabasePassword', () =>
      clearDatabasePassword(context.secrets),
    ),
    services.advice.provideVerifier('sql', (document, text, range, newText, signal) =>
      advice.verifyRewrite(document, text, range, newText, signal),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('scalingAssistant.sql.databaseUrl')) void checkUrlForPassword(context.secrets);
    }),
  );
  // Reads one setting; the warning shows only when the user's URL carries a password.
  void checkUrlForPassword(context.secrets);
  if (recording) services.testHooks?.set('sqlAdviceForTests', sqlAdviceTestHooks(context.secrets, recording));
};
