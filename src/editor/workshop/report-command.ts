import * as vscode from 'vscode';
import { roadmapSummary } from '../../workshop/check-roadmap';
import { EXERCISES, isCheckable } from '../../workshop/exercises';
import type { WorkshopReport } from '../../workshop/report';
import { reportHtml, reportMarkdown } from '../../workshop/report';
import { completion } from '../../workshop/result';
import { folderWorkspace } from './folder-workspace';
import type { WorkshopProgress } from './progress';

const NAME_KEY = 'scalingAssistant.workshop.participant';
export const REPORT_FILES = { markdown: 'workshop-report.md', html: 'workshop-report.html' };

/** The participant's name: asked once, remembered for every workspace (globalState). */
async function participantName(state: vscode.Memento): Promise<string | undefined> {
  const known = state.get<string>(NAME_KEY);
  if (known) return known;
  const name = (
    await vscode.window.showInputBox({
      title: vscode.l10n.t('Export Workshop Report'),
      prompt: vscode.l10n.t('Your name, as the report should show it'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')),
    })
  )?.trim();
  if (name) await state.update(NAME_KEY, name);
  return name;
}

/**
 * *Export Workshop Report*: the last check of every exercise, the roadmap's summary and the extension's version,
 * written beside the sample as Markdown and as a self-contained HTML page.
 */
export async function exportWorkshopReport(
  context: vscode.ExtensionContext,
  progress: WorkshopProgress,
  folder: vscode.Uri,
  participant?: string,
): Promise<vscode.Uri[] | undefined> {
  const t = vscode.l10n.t;
  const results = progress.results();
  const { passed, total } = completion(results);
  const unchecked = EXERCISES.filter((e) => isCheckable(e.id) && !results.some((r) => r.exercise === e.id));
  if (participant === undefined && (unchecked.length > 0 || passed < total)) {
    const exportAnyway = t('Export Anyway');
    const answer = await vscode.window.showWarningMessage(
      t(
        'Not every exercise has passed its check yet ({0} of {1}). The report will say so.',
        passed,
        Math.max(total, passed + unchecked.length),
      ),
      { modal: true },
      exportAnyway,
    );
    if (answer !== exportAnyway) return undefined;
  }
  const name = participant ?? (await participantName(context.globalState));
  if (!name) return undefined;
  const report: WorkshopReport = {
    participant: name,
    date: new Date().toISOString(),
    version: String((context.extension.packageJSON as { version?: unknown }).version ?? ''),
    locale: vscode.env.language,
    results,
    roadmapSummary: await roadmapSummary({ workspace: await folderWorkspace(folder) }),
  };
  const encoder = new TextEncoder();
  const markdown = vscode.Uri.joinPath(folder, REPORT_FILES.markdown);
  const htmlFile = vscode.Uri.joinPath(folder, REPORT_FILES.html);
  await vscode.workspace.fs.writeFile(markdown, encoder.encode(reportMarkdown(report, t)));
  await vscode.workspace.fs.writeFile(htmlFile, encoder.encode(reportHtml(report, t)));
  if (participant === undefined) {
    const open = t('Open');
    void vscode.window
      .showInformationMessage(
        t('Workshop report written to {0} and {1}.', REPORT_FILES.markdown, REPORT_FILES.html),
        open,
      )
      .then((choice) => (choice ? vscode.window.showTextDocument(markdown) : undefined));
  }
  return [markdown, htmlFile];
}
