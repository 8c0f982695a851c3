import * as vscode from 'vscode';
import { fromRange } from '../convert';
import type { AnalysisService } from '../analysis-service';
import type { CommandOutcome } from '../commands';
import { refuseDocument } from '../commands';
import type { AdviceOutcome, SqlAdviceService } from './service';
import type { SqlPlanDocuments } from './actions';
import type { PrivilegedRolePrompt } from './privileged-role';
import { confirmPrivilegedDatabase } from './settings';
import { rankedSuggestions, suggestionLine, summaryText } from '../../assistants/sql/contract';

export const OPTIMIZE_SQL_QUERY = 'scalingAssistant.optimizeSqlQuery';

/** What Optimize SQL Query reports back (integration tests read it). */
export interface SqlCommandOutcome extends CommandOutcome {
  /** How the measured part went; absent when the static part stopped the command. */
  advice?: AdviceOutcome['status'];
  /** What was measured: the selection, the statement at the cursor, or the file. */
  scope?: 'selection' | 'statement' | 'file';
  /** Findings carrying evidence.measured. */
  measured?: number;
  /** The suggestions' lines, best first ("create index … — ≈38× faster on 100,000 synthetic rows (measured)"). */
  suggestions?: string[];
  /** The message shown to the user. */
  message?: string;
  /** The engine's notes on the measured statements (why no plan, what was not measured). */
  notes?: string[];
  /** The server's role was privileged and ANALYZE was held back: what the user answered. */
  privilegedRole?: 'allowed' | 'declined';
}

/**
 * Optimize SQL Query: the static review of the document, then the measured advice for the selection,
 * else the statement at the cursor, else the whole file (from the explorer: the file). One message sums
 * up both; static findings stay whatever happens to the measurement.
 */
export async function optimizeSqlQuery(
  analysis: AnalysisService,
  advice: SqlAdviceService,
  plans: SqlPlanDocuments,
  askPrivileged: PrivilegedRolePrompt,
  uri?: vscode.Uri,
): Promise<SqlCommandOutcome> {
  const name = vscode.l10n.t('Query optimizer');
  const editor = vscode.window.activeTextEditor;
  const fromEditor = !(uri instanceof vscode.Uri) || editor?.document.uri.toString() === uri.toString();
  const document = fromEditor ? editor?.document : await vscode.workspace.openTextDocument(uri);
  const refused = refuseDocument('sql', analysis, document);
  if (refused || !document) return refused ?? { status: 'no-document' };

  const events = await analysis.analyzeNow(document);
  const staticResult = events.find((e) => e.assistant.id === 'sql')?.analysis;
  const where = vscode.workspace.asRelativePath(document.uri);

  const selection = fromEditor && editor && !editor.selection.isEmpty ? editor.selection : undefined;
  const cursor = fromEditor && editor && !selection ? editor.selection.active : undefined;
  let scope: SqlCommandOutcome['scope'] = selection ? 'selection' : cursor ? 'statement' : 'file';
  const range = selection ? fromRange(selection) : cursor ? fromRange(new vscode.Range(cursor, cursor)) : undefined;
  let outcome = await advice.advise(document, range);
  // A privileged role on the server: ANALYZE is held back until the user allows it for this database.
  let privilegedRole: SqlCommandOutcome['privilegedRole'];
  const role = outcome.status === 'advised' ? outcome.entry.report.privilegedRole : undefined;
  if (role?.needsConfirmation) {
    privilegedRole = (await askPrivileged(role)) ? 'allowed' : 'declined';
    if (privilegedRole === 'allowed') {
      await confirmPrivilegedDatabase(role.database);
      outcome = await advice.advise(document, range);
    }
  }
  if (
    scope === 'statement' &&
    outcome.status === 'advised' &&
    outcome.entry.report.statements.length === 0 &&
    document.version === outcome.entry.version
  ) {
    // The cursor is on no statement (a comment, a blank line): measure the file instead.
    scope = 'file';
    outcome = await advice.advise(document, undefined);
  }

  const findings = analysis.findingsOf(document.uri).filter((f) => f.assistant === 'sql');
  const measured = findings.filter((f) => f.evidence?.measured).length;
  const staticPart =
    findings.length === 1
      ? vscode.l10n.t('1 finding in {0}', where)
      : vscode.l10n.t('{0} findings in {1}', findings.length, where);
  const SHOW_PROBLEMS = vscode.l10n.t('Show Problems');
  const SHOW_PLAN = vscode.l10n.t('Show Plan');
  const SHOW_LOG = vscode.l10n.t('Show Log');
  const buttons: string[] = findings.length ? [SHOW_PROBLEMS] : [];
  let message: string;
  let show: (text: string, ...items: string[]) => Thenable<string | undefined> = vscode.window.showInformationMessage;
  let suggestions: string[] | undefined;
  switch (outcome.status) {
    case 'advised': {
      const { entry } = outcome;
      suggestions = rankedSuggestions(entry.report.statements).map(suggestionLine);
      message =
        entry.report.statements.length === 0
          ? entry.errors.length
            ? vscode.l10n.t('{0}: {1}; no statement to measure ({2}).', name, staticPart, entry.errors[0].message)
            : vscode.l10n.t('{0}: {1}; no statement to measure.', name, staticPart)
          : `${name}: ${summaryText(entry.report.statements, entry.engineLabel)}. ${capitalize(staticPart)}.`;
      if (entry.report.statements.some((s) => s.plan)) buttons.push(SHOW_PLAN);
      break;
    }
    case 'unavailable':
      message = `${name}: ${staticPart}. ${outcome.message}`;
      break;
    case 'cancelled':
      message = `${name}: ${staticPart}. ${outcome.message}`;
      break;
    case 'failed':
      message = vscode.l10n.t('{0}: {1} Static findings: {2}.', name, outcome.message, findings.length);
      show = vscode.window.showErrorMessage;
      buttons.push(SHOW_LOG);
      break;
  }
  if (privilegedRole === 'declined' && role) {
    message = vscode.l10n.t(
      '{0} Plans only on {1}: its role {2} is privileged (allow EXPLAIN ANALYZE there in scalingAssistant.sql.analyzeWithPrivilegedRole).',
      message,
      role.database,
      role.role,
    );
  }
  void show(message, ...buttons).then((choice) => {
    if (choice === SHOW_PROBLEMS) void vscode.commands.executeCommand('workbench.actions.view.problems');
    else if (choice === SHOW_LOG) void vscode.commands.executeCommand('scalingAssistant.showLog');
    else if (choice === SHOW_PLAN && outcome.status === 'advised') {
      const index = outcome.entry.report.statements.findIndex((s) => s.plan);
      void plans.show(outcome.entry.uri, index);
    }
  });
  return {
    status: 'analysed',
    findings: findings.length,
    errors: staticResult?.errors.length ?? 0,
    advice: outcome.status,
    scope,
    measured,
    suggestions,
    message,
    privilegedRole,
    notes:
      outcome.status === 'advised'
        ? [...outcome.entry.report.statements.flatMap((s) => s.notes), ...outcome.entry.errors.map((e) => e.message)]
        : undefined,
  };
}

function capitalize(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
