// Optimize React Component's measured part, its own chunk (dist/react.js): loaded on the first run of the command.
import * as vscode from 'vscode';
import { loadAssistant } from '../../assistants/catalog';
import type { ReactRenderReport } from '../../assistants/react/contract';
import { baselineLine, reportMarkdown } from '../../assistants/react/contract';
import { assistantName } from '../../core/assistant-names';
import { TimeBudget, isCancelled } from '../../core/budget';
import { fromRange } from '../convert';
import type { CommandOutcome } from '../commands';
import { refuseDocument } from '../commands';
import { log } from '../log';
import type { EditorServices } from '../services';
import { analysisConfigFor, assistantSettingsFor } from '../settings';

/** What Optimize React Component reports back (integration tests read it). */
export interface ReactCommandOutcome extends CommandOutcome {
  /** How the measured part went. */
  render?: 'measured' | 'not-rendered' | 'untrusted' | 'cancelled' | 'failed';
  /** The component rendered. */
  component?: string;
  /** The code as written ("renders per parent update: …"), then one line per candidate fix. */
  measured?: string[];
  /** Why it was not rendered, as the user read it. */
  reason?: string;
  /** Findings carrying evidence.measured. */
  measuredFindings?: number;
  message?: string;
}

/**
 * Optimize React Component: the static review of the document, then (in a trusted workspace only: rendering
 * executes the workspace's code) the selected component rendered in the sandbox and each candidate fix measured,
 * under a cancellable progress notification. The findings with measured fixes go into the shell's measured advice
 * (Problems view, hovers, Claude's context); the report opens as Markdown on request. Static findings stay
 * whatever happens to the measurement.
 */
export async function optimizeReactComponent(services: EditorServices, uri?: vscode.Uri): Promise<ReactCommandOutcome> {
  const { analysis, advice } = services;
  const localName = assistantName('react', vscode.l10n.t);
  const name = localName[0].toUpperCase() + localName.slice(1);
  const editor = vscode.window.activeTextEditor;
  const fromEditor = !(uri instanceof vscode.Uri) || editor?.document.uri.toString() === uri.toString();
  const document = fromEditor ? editor?.document : await vscode.workspace.openTextDocument(uri);
  const refused = refuseDocument('react', analysis, document);
  if (refused || !document) return refused ?? { status: 'no-document' };
  // A run started meanwhile (the document just opened, an edit) cancels this one and leaves no result: ask again.
  let staticResult;
  for (let attempt = 0; attempt < 3 && !staticResult; attempt++)
    staticResult = (await analysis.analyzeNow(document)).find((e) => e.assistant.id === 'react')?.analysis;
  const staticCount = staticResult?.findings.length ?? 0;
  const where = vscode.workspace.asRelativePath(document.uri);
  const base = { status: 'analysed' as const, findings: staticCount, errors: staticResult?.errors.length ?? 0 };
  const SHOW_PROBLEMS = vscode.l10n.t('Show Problems');
  const SHOW_REPORT = vscode.l10n.t('Show Report');

  if (!vscode.workspace.isTrusted) {
    const message = vscode.l10n.t(
      '{0}: {1} findings in {2}. Renders are not measured in Restricted Mode: measuring runs the workspace code. Trust the workspace to measure them.',
      name,
      staticCount,
      where,
    );
    void vscode.window.showInformationMessage(message, ...(staticCount ? [SHOW_PROBLEMS] : [])).then(showProblems);
    return { ...base, render: 'untrusted', message };
  }

  const selection = fromEditor && editor && !editor.selection.isEmpty ? fromRange(editor.selection) : undefined;
  const started = performance.now();
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Scaling Assistant: measuring renders in {0}', where),
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      // An edit makes the measurement stale: it stops, the static findings stay.
      const edited = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === document && event.contentChanges.length) controller.abort();
      });
      try {
        const engine = await loadAssistant('react');
        const config = analysisConfigFor(document.uri);
        const result = await engine.advise!(
          { file: document.uri.toString(), text: document.getText(), languageId: document.languageId },
          {
            config,
            budget: new TimeBudget(Math.max(config.budgetMs, 600_000), controller.signal),
            signal: controller.signal,
            workspace: analysis.workspaceFiles(),
            settings: assistantSettingsFor('react', document.uri),
            ...(selection ? { selection } : {}),
            onProgress: (step) => progress.report({ message: step }),
          },
        );
        return { result };
      } catch (error) {
        if (controller.signal.aborted || isCancelled(error)) return { cancelled: true };
        log().error(`render measurement of ${where} failed: ${error instanceof Error ? error.stack : String(error)}`);
        return { error: error instanceof Error ? error.message : String(error) };
      } finally {
        subscription.dispose();
        edited.dispose();
      }
    },
  );

  if ('cancelled' in outcome) {
    const message = vscode.l10n.t('{0}: measuring renders was cancelled. Static findings: {1}.', name, staticCount);
    void vscode.window.showInformationMessage(message);
    return { ...base, render: 'cancelled', message };
  }
  if ('error' in outcome || !outcome.result) {
    const message = vscode.l10n.t(
      '{0}: measuring renders failed ({1}). Static findings: {2}.',
      name,
      outcome.error ?? '',
      staticCount,
    );
    void vscode.window.showErrorMessage(message);
    return { ...base, render: 'failed', message };
  }
  const { result } = outcome;
  const report = result.report;
  await advice.set('react', {
    uri: document.uri.toString(),
    version: document.version,
    report,
    findings: result.findings,
    errors: result.errors,
    engineLabel: report.engine,
    elapsedMs: performance.now() - started,
  });
  log().info(`measured renders of ${where}:\n${reportMarkdown(report)}`);
  const measuredFindings = result.findings.filter((f) => f.evidence?.measured).length;
  const open = (choice: string | undefined) => {
    if (choice === SHOW_REPORT) void showReport(report);
    else showProblems(choice);
  };
  if (report.notRendered) {
    const message = vscode.l10n.t(
      '{0}: {1} could not be measured: {2}. Static findings: {3}.',
      name,
      report.component ?? where,
      report.notRendered,
      staticCount,
    );
    void vscode.window.showWarningMessage(message, ...(staticCount ? [SHOW_PROBLEMS] : [])).then(open);
    return { ...base, render: 'not-rendered', component: report.component, reason: report.notRendered, message };
  }
  const measured = [
    ...(report.baseline ? [baselineLine(report, report.baseline)] : []),
    ...report.candidates.map((c) => `${c.fix}: ${c.line}`),
  ];
  const message = vscode.l10n.t(
    '{0}: {1} measured ({2} candidate fixes, {3} with fewer renders). {4}',
    name,
    report.component ?? where,
    report.candidates.length,
    measuredFindings,
    measured[0] ?? '',
  );
  void vscode.window.showInformationMessage(message, SHOW_REPORT, ...(staticCount ? [SHOW_PROBLEMS] : [])).then(open);
  return { ...base, render: 'measured', component: report.component, measured, measuredFindings, message };
}

/** The report as an untitled Markdown document beside the code. */
async function showReport(report: ReactRenderReport): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: reportMarkdown(report) });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

function showProblems(choice: string | undefined): void {
  if (choice === vscode.l10n.t('Show Problems')) void vscode.commands.executeCommand('workbench.actions.view.problems');
}
