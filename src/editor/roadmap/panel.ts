import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExportFormat, HostMessage, NoticeTopic, WebviewMessage } from '../../roadmap/messages';
import { parseWebviewMessage } from '../../roadmap/messages';
import { planToMarkdown } from '../../roadmap/markdown';
import type { RoadmapPlan } from '../../roadmap/model';
import { buildPlan } from '../../roadmap/plan';
import type { AnalysisService } from '../analysis-service';
import type { RoadmapNarrator } from '../common/roadmap-narrative';
import type { LoadedAssessment } from './assessment-file';
import { AssessmentFile, assessmentInfo } from './assessment-file';
import { toRange } from '../convert';
import { webviewHtml } from '../common/webview-html';
import { localeOf } from '../../core/translate';
import { log } from './log';
import { roadmapPanelStrings } from './panel-strings';
import { WorkspaceFindings } from './workspace-findings';
import { fromWorkspacePath } from './workspace-paths';

import { ROADMAP_VIEW_TYPE } from './common/view-type';
const WEBVIEW_DIR = ['dist', 'webview'];

/** What *Export Scaling Roadmap…* reports back (and what tests read). */
export interface ExportOutcome {
  status: 'exported' | 'cancelled' | 'failed';
  uri?: vscode.Uri;
  message?: string;
}

/** The panel as it is now: what the integration tests read (with what an observer recorded, roadmap/testing.ts). */
export interface RoadmapPanelState {
  panelOpen: boolean;
  panelVisible: boolean;
  /** The webview's script ran (under the CSP) and said `ready`. */
  webviewReady: boolean;
  plan?: RoadmapPlan;
  scan: WorkspaceFindings['scanStatus'];
  html?: string;
  localResourceRoots: string[];
  retainContextWhenHidden?: boolean;
}

/** Told what the panel posts and what it drops; the integration tests record it (nothing does in production). */
export interface RoadmapObserver {
  posted(message: HostMessage): void;
  /** A message from the webview failed validation, or named a place outside the workspace, and was dropped. */
  ignored(): void;
}

/**
 * The scaling roadmap in the editor: the workspace's findings and the readiness assessment become a plan
 * (src/roadmap/plan.ts), shown in one webview panel and exported as Markdown or JSON. Nothing is created
 * before the first roadmap command (or a panel restored after a reload): no scan at activation.
 */
export class RoadmapHost implements vscode.Disposable {
  private sources?: { findings: WorkspaceFindings; assessment: AssessmentFile };
  private panel?: vscode.WebviewPanel;
  private panelDisposables: vscode.Disposable[] = [];
  private webviewReady = false;
  private planCache?: { plan: RoadmapPlan; assessment: LoadedAssessment };
  private planPending?: Promise<{ plan: RoadmapPlan; assessment: LoadedAssessment }>;
  /** Bumped on every change, so a plan computed from older inputs is never cached as current. */
  private generation = 0;
  /** Claude's narrative of the plan, once asked for; it goes with every later plan (and its export) until replaced. */
  private narrative?: { source: 'claude'; text: string };
  private narrating = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analysis: AnalysisService,
    private readonly narrator?: RoadmapNarrator,
    private readonly observer?: RoadmapObserver,
  ) {}

  private source(): { findings: WorkspaceFindings; assessment: AssessmentFile } {
    if (!this.sources) {
      const findings = new WorkspaceFindings(this.analysis);
      const assessment = new AssessmentFile();
      this.sources = { findings, assessment };
      this.disposables.push(
        findings,
        assessment,
        findings.onDidChange(() => this.invalidate()),
        findings.onDidProgress((scan) => this.post({ type: 'scanProgress', scan })),
        assessment.onDidChange(() => this.invalidate()),
      );
    }
    return this.sources;
  }

  // --- the panel ------------------------------------------------------------------------------------------------

  /** *Show Scaling Roadmap*: opens the panel (or brings it to the front) and scans the workspace the first time. */
  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
    } else {
      const panel = vscode.window.createWebviewPanel(
        ROADMAP_VIEW_TYPE,
        vscode.l10n.t('Scaling Roadmap'),
        vscode.ViewColumn.Active,
        this.webviewOptions(),
      );
      this.attach(panel);
    }
    void this.source().findings.ensureScanned();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, ...WEBVIEW_DIR)],
      // The webview keeps its state with getState/setState and is rebuilt when shown again: no hidden memory.
      retainContextWhenHidden: false,
      enableFindWidget: true,
    };
  }

  /** Takes over a panel: a new one, or one VS Code restored after a reload (the serializer in roadmap-loader.ts). */
  attach(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    this.webviewReady = false;
    panel.webview.options = this.webviewOptions();
    panel.title = vscode.l10n.t('Scaling Roadmap');
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidChangeViewState(() => {
        // Hidden without retainContextWhenHidden, the webview is torn down; it says `ready` again when shown.
        if (!panel.visible) this.webviewReady = false;
      }),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.panel = undefined;
        this.webviewReady = false;
        vscode.Disposable.from(...this.panelDisposables).dispose();
        this.panelDisposables = [];
      }),
    ];
    void this.source().findings.ensureScanned();
  }

  private html(webview: vscode.Webview): string {
    const asset = (...parts: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...WEBVIEW_DIR, ...parts)).toString();
    return webviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      language: vscode.env.language,
      title: vscode.l10n.t('Scaling Roadmap'),
      loading: vscode.l10n.t('Loading the scaling roadmap…'),
      codicons: asset('codicons', 'codicon.css'),
      stylesheet: asset('webview.css'),
      script: asset('webview.js'),
    });
  }

  private post(message: HostMessage): void {
    if (!this.panel || !this.webviewReady) return;
    this.observer?.posted(message);
    void this.panel.webview.postMessage(message);
  }

  private notice(topic: NoticeTopic, level: 'info' | 'warning' | 'error', message: string): void {
    this.post({ type: 'notice', topic, level, message });
  }

  // --- messages from the webview --------------------------------------------------------------------------------

  /** Every message from the webview comes through here, validated first; an invalid one is logged and dropped. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.observer?.ignored();
      log().warn(`roadmap panel: ignored an invalid message from the webview: ${parsed.error}`);
      return;
    }
    try {
      await this.handle(parsed.value);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log().error(`roadmap panel: ${parsed.value.type} failed: ${message}`);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        this.post({ type: 'strings', strings: roadmapPanelStrings() });
        await this.sendState();
        return;
      case 'openLocation':
        await this.openLocation(message.file, message.range);
        return;
      case 'saveAssessment': {
        try {
          const uri = await this.source().assessment.save(message.assessment);
          log().info(`roadmap: assessment saved to ${uri.toString()}`);
          this.notice(
            'assessment',
            'info',
            vscode.l10n.t('Saved to {0}; the plan is updated.', this.source().assessment.relativePath()),
          );
        } catch (error) {
          this.notice(
            'assessment',
            'error',
            vscode.l10n.t('The assessment was not saved: {0}', error instanceof Error ? error.message : String(error)),
          );
        }
        // The plan follows through the assessment file's change event (save() fires it at once).
        return;
      }
      case 'export': {
        const outcome = await this.exportPlan(message.format);
        if (outcome.status === 'exported' && outcome.uri)
          this.notice(
            'export',
            'info',
            vscode.l10n.t('Exported to {0}.', vscode.workspace.asRelativePath(outcome.uri)),
          );
        if (outcome.status === 'failed')
          this.notice('export', 'error', vscode.l10n.t('Export failed: {0}', outcome.message ?? ''));
        return;
      }
      case 'requestNarrative':
        await this.writeNarrative();
        return;
      case 'rescan':
        void this.source().findings.scan();
        return;
    }
  }

  /**
   * The narrative button: Claude writes a narrative of the current plan (the deep review's checks, consent and
   * cancellable progress apply), shown above the tasks as Claude's and included in the Markdown export. A failure
   * is a notice with what happened; the plan itself never depends on Claude.
   */
  private async writeNarrative(): Promise<void> {
    if (!this.narrator) {
      this.notice(
        'narrative',
        'info',
        vscode.l10n.t(
          'A narrative by Claude is not available in this window. Everything in this plan is built from the findings in your workspace and the readiness assessment.',
        ),
      );
      return;
    }
    if (this.narrating) {
      this.notice(
        'narrative',
        'info',
        vscode.l10n.t('Claude is still writing the narrative; cancel it from its notification.'),
      );
      return;
    }
    this.narrating = true;
    this.post({ type: 'narrativeBusy', busy: true });
    try {
      const plan = stripNarrative(await this.currentPlan());
      const assessment = (await this.source().assessment.load()).parsed?.assessment;
      this.notice('narrative', 'info', vscode.l10n.t('Claude is writing a narrative of this plan…'));
      const outcome = await this.narrator({ plan, markdown: planToMarkdown(plan), assessment });
      if (!outcome.ok) {
        const level =
          outcome.failure.kind === 'cancelled' || outcome.failure.kind === 'consent-declined' ? 'info' : 'warning';
        this.notice('narrative', level, outcome.message);
        return;
      }
      this.narrative = { source: 'claude', text: outcome.text };
      this.planCache = undefined;
      this.planPending = undefined;
      this.generation++;
      await this.sendPlan();
      this.notice(
        'narrative',
        'info',
        vscode.l10n.t('Narrative written by Claude ({0}); it is part of the Markdown export.', outcome.model),
      );
    } finally {
      this.narrating = false;
      this.post({ type: 'narrativeBusy', busy: false });
    }
  }

  private async openLocation(
    file: string,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
  ): Promise<void> {
    const uri = fromWorkspacePath(file);
    if (!uri) {
      this.observer?.ignored();
      log().warn(
        `roadmap panel: refused to open ${JSON.stringify(file).slice(0, 200)}: not a path inside the workspace`,
      );
      return;
    }
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (error) {
      this.notice(
        'location',
        'warning',
        vscode.l10n.t('Could not open {0}: {1}', file, error instanceof Error ? error.message : String(error)),
      );
      return;
    }
    // Clamp to the document as it is now: the plan may be a moment older than an edit.
    const selection = document.validateRange(toRange(range));
    const panelColumn = this.panel?.viewColumn;
    const other = vscode.window.visibleTextEditors.find(
      (e) => e.viewColumn !== undefined && e.viewColumn !== panelColumn,
    );
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: other?.viewColumn ?? vscode.ViewColumn.Beside,
      selection,
      preserveFocus: false,
      preview: false,
    });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  // --- the plan -------------------------------------------------------------------------------------------------

  private invalidate(): void {
    this.generation++;
    this.planCache = undefined;
    this.planPending = undefined;
    void this.sendPlan();
  }

  private async sendState(): Promise<void> {
    const { findings } = this.source();
    this.post({ type: 'scanProgress', scan: findings.scanStatus });
    const state = findings.scanStatus.state;
    if (state !== 'idle' && !(state === 'scanning' && !this.planCache)) await this.sendPlan();
  }

  private async sendPlan(): Promise<void> {
    if (!this.panel || !this.webviewReady) return;
    const generation = this.generation;
    const { plan, assessment } = await this.computePlan();
    // Inputs changed meanwhile: the newer call posts the newer plan, and this one must not overtake it.
    if (generation !== this.generation) return;
    this.post({
      type: 'plan',
      plan,
      assessment: assessmentInfo(assessment),
      scan: this.source().findings.scanStatus,
      workspace: vscode.workspace.workspaceFolders?.[0]?.name ?? vscode.workspace.name ?? '',
    });
  }

  private computePlan(): Promise<{ plan: RoadmapPlan; assessment: LoadedAssessment }> {
    if (this.planCache) return Promise.resolve(this.planCache);
    this.planPending ??= this.buildCurrentPlan();
    return this.planPending;
  }

  private async buildCurrentPlan(): Promise<{ plan: RoadmapPlan; assessment: LoadedAssessment }> {
    const generation = this.generation;
    const { findings, assessment } = this.source();
    const loaded = await assessment.load();
    const parsed = loaded.parsed;
    const started = performance.now();
    const plan = buildPlan({
      findings: findings.findings(),
      rules: findings.ruleMetas(),
      assessment: parsed?.assessment
        ? { value: parsed.assessment, file: loaded.file, rangeOf: (path) => parsed.rangeOf(path) }
        : undefined,
      files: findings.fileCount(),
    });
    log().trace(
      `roadmap: plan of ${plan.summary.tasks} tasks from ${plan.summary.findings} findings built in ${(performance.now() - started).toFixed(1)} ms`,
    );
    if (this.narrative) plan.narrative = this.narrative;
    const result = { plan, assessment: loaded };
    if (generation === this.generation) this.planCache = result;
    return result;
  }

  /** The plan of the workspace as it is now, scanning first when that has not happened yet. */
  async currentPlan(): Promise<RoadmapPlan> {
    await this.source().findings.ensureScanned();
    return (await this.computePlan()).plan;
  }

  // --- commands -------------------------------------------------------------------------------------------------

  /**
   * *Export Scaling Roadmap as Markdown / JSON*: asks where (default `scaling-roadmap.md|json` in the workspace
   * folder) unless a target is given (tests, other extensions), then writes the plan there.
   */
  async exportPlan(format: ExportFormat, target?: vscode.Uri): Promise<ExportOutcome> {
    const extension = format === 'markdown' ? 'md' : 'json';
    let uri = target instanceof vscode.Uri ? target : undefined;
    if (!uri) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      uri = await vscode.window.showSaveDialog({
        title:
          format === 'markdown'
            ? vscode.l10n.t('Export Scaling Roadmap as Markdown')
            : vscode.l10n.t('Export Scaling Roadmap as JSON'),
        defaultUri: folder ? vscode.Uri.joinPath(folder, `scaling-roadmap.${extension}`) : undefined,
        filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
        saveLabel: vscode.l10n.t('Export'),
      });
      if (!uri) return { status: 'cancelled' };
    }
    try {
      const plan = await this.currentPlan();
      const text =
        format === 'markdown'
          ? planToMarkdown(plan, localeOf(vscode.env.language))
          : `${JSON.stringify(plan, null, 2)}\n`;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      log().info(`roadmap: exported ${format} to ${uri.toString()}`);
      if (!(target instanceof vscode.Uri)) {
        void vscode.window
          .showInformationMessage(
            vscode.l10n.t('Scaling roadmap exported to {0}.', vscode.workspace.asRelativePath(uri)),
            vscode.l10n.t('Open'),
          )
          .then((choice) => {
            if (choice) void vscode.window.showTextDocument(uri as vscode.Uri);
          });
      }
      return { status: 'exported', uri };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log().error(`roadmap: export to ${uri.toString()} failed: ${message}`);
      if (!(target instanceof vscode.Uri))
        void vscode.window.showErrorMessage(vscode.l10n.t('Exporting the scaling roadmap failed: {0}', message));
      return { status: 'failed', uri, message };
    }
  }

  /**
   * *Edit Readiness Assessment*: creates `.scaling-assistant/assessment.json` from the template when it is
   * missing, then opens the panel on its form.
   */
  async editAssessment(): Promise<{ status: 'opened' | 'no-folder'; created?: boolean }> {
    const { assessment } = this.source();
    if (!assessment.uri()) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Open a folder first: the readiness assessment is saved in the workspace.'),
      );
      return { status: 'no-folder' };
    }
    const created = await assessment.createIfMissing();
    if (created) log().info(`roadmap: created ${assessment.relativePath()} from the template`);
    await this.show();
    if (this.webviewReady) this.post({ type: 'showAssessment' });
    else this.pendingShowAssessment();
    return { status: 'opened', created };
  }

  /** The webview is still loading: switch to the form as soon as it says ready. */
  private pendingShowAssessment(): void {
    const panel = this.panel;
    if (!panel) return;
    const subscription = panel.webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = parseWebviewMessage(raw);
      if (!parsed.ok || parsed.value.type !== 'ready') return;
      subscription.dispose();
      // After the host has answered `ready` (same tick order: the host's own listener was registered first).
      setTimeout(() => this.post({ type: 'showAssessment' }), 0);
    });
    this.panelDisposables.push(subscription);
  }

  state(): RoadmapPanelState {
    const options = this.panel?.webview.options;
    return {
      panelOpen: this.panel !== undefined,
      panelVisible: this.panel?.visible ?? false,
      webviewReady: this.webviewReady,
      plan: this.planCache?.plan,
      scan: this.sources?.findings.scanStatus ?? { state: 'idle', done: 0, total: 0 },
      html: this.panel?.webview.html,
      localResourceRoots: (options?.localResourceRoots ?? []).map((u) => u.toString()),
      retainContextWhenHidden: this.panel?.options.retainContextWhenHidden,
    };
  }

  dispose(): void {
    this.panel?.dispose();
    vscode.Disposable.from(...this.panelDisposables, ...this.disposables).dispose();
  }
}

/** The plan Claude narrates is the plan itself, not an earlier narrative of it. */
function stripNarrative(plan: RoadmapPlan): RoadmapPlan {
  if (!plan.narrative) return plan;
  const { narrative: _narrative, ...rest } = plan;
  return rest;
}
