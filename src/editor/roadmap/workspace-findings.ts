import * as vscode from 'vscode';
import type { AssistantDescriptor } from '../../assistants/catalog';
import { ASSISTANTS, loadAssistant } from '../../assistants/catalog';
import type { AssistantId, Finding } from '../../core/finding';
import { compareFindings } from '../../core/finding';
import type { RuleMeta } from '../../core/rule';
import type { WorkspaceFile } from '../../core/workspace';
import type { ScanStatus } from '../../roadmap/messages';
import type { AnalysisService } from '../analysis-service';
import { log } from './log';
import { isAssistantEnabled } from '../settings';
import { toWorkspacePath } from './workspace-paths';

/** How long a burst of changes (a branch switch, a formatter over the folder) is gathered before one refresh. */
const REFRESH_DELAY_MS = 500;
/** Progress events to the panel at most this often while scanning. */
const PROGRESS_INTERVAL_MS = 100;

interface Job {
  descriptor: AssistantDescriptor;
  uri: vscode.Uri;
  file: WorkspaceFile;
}

/** Lets the extension host's event loop run between files, so a scan never freezes the editor. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The findings of the whole workspace, for the scaling roadmap. The first request scans every file an available
 * assistant handles (the engines read their cross-file context first), with a cancellable progress
 * notification, yielding between files. After that it stays current without rescanning everything at once:
 * analyses of open documents arrive from the AnalysisService as the user types, and files changed on disk
 * (saves, a `git pull`, a deletion) trigger a refresh of their assistant's files — the changed ones first,
 * then the rest, because a change in one manifest can change the findings of another (an HPA and its
 * Deployment). `onDidChange` fires once per burst, debounced.
 *
 * Findings are kept with workspace-relative paths (see workspace-paths.ts) and without fixes: the roadmap
 * groups places, it does not apply edits. Those of open documents are the merged ones the Problems view shows
 * (static findings with the measured advice of `services.advice` laid over them), so a gain *Optimize SQL Query*
 * measured reaches the plan: on a scan, and as soon as the advice is stored (the shell reports the merge as an
 * analysis).
 */
export class WorkspaceFindings implements vscode.Disposable {
  /** uri → assistant → findings of that file. */
  private readonly store = new Map<string, Map<AssistantId, Finding[]>>();
  private readonly rules = new Map<AssistantId, readonly RuleMeta[]>();
  private status: ScanStatus = { state: 'idle', done: 0, total: 0 };
  private scanning?: { promise: Promise<void>; controller: AbortController };
  private started = false;
  private readonly pendingAssistants = new Set<AssistantId>();
  private readonly pendingUris = new Set<string>();
  private refreshTimer?: NodeJS.Timeout;
  private refreshController?: AbortController;
  private changeTimer?: NodeJS.Timeout;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly progressEmitter = new vscode.EventEmitter<ScanStatus>();
  /** The findings changed (debounced). */
  readonly onDidChange = this.changeEmitter.event;
  /** The scan advanced (throttled). */
  readonly onDidProgress = this.progressEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter, this.progressEmitter];

  constructor(
    private readonly analysis: AnalysisService,
    private readonly changeDelayMs = 300,
  ) {}

  get scanStatus(): ScanStatus {
    return { ...this.status };
  }

  /** Scans the first time it is asked (and starts listening for changes); later calls wait for a running scan. */
  ensureScanned(): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.listen();
      return this.scan();
    }
    return this.scanning?.promise ?? Promise.resolve();
  }

  /** Scans the whole workspace again (the panel's Rescan); a running scan is cancelled and replaced. */
  scan(): Promise<void> {
    if (!this.started) return this.ensureScanned();
    this.scanning?.controller.abort();
    this.refreshController?.abort();
    const controller = new AbortController();
    const promise = Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Scaling Assistant', cancellable: true },
        async (progress, token) => {
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            await this.runScan(controller.signal, progress);
          } finally {
            subscription.dispose();
          }
        },
      ),
    ).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log().error(`roadmap: workspace scan failed: ${message}`);
      this.setStatus({ state: 'failed', done: this.status.done, total: this.status.total, message }, true);
    });
    const entry = { promise, controller };
    this.scanning = entry;
    void promise.finally(() => {
      if (this.scanning === entry) this.scanning = undefined;
    });
    return promise;
  }

  /** Every finding of the workspace, in the stable order of compareFindings. */
  findings(): Finding[] {
    const enabled = new Set(this.enabledAssistants().map((a) => a.id));
    const out: Finding[] = [];
    for (const perAssistant of this.store.values()) {
      for (const [id, findings] of perAssistant) if (enabled.has(id)) out.push(...findings);
    }
    return out.sort(compareFindings);
  }

  /** Number of files the scan analysed (with or without findings). */
  fileCount(): number {
    return this.store.size;
  }

  /** The rules of the engines loaded for the scan (what buildPlan takes task titles and estimates from). */
  ruleMetas(): RuleMeta[] {
    const enabled = new Set(this.enabledAssistants().map((a) => a.id));
    return [...this.rules].filter(([id]) => enabled.has(id)).flatMap(([, rules]) => rules);
  }

  private enabledAssistants(): AssistantDescriptor[] {
    const scope = vscode.workspace.workspaceFolders?.[0]?.uri;
    return ASSISTANTS.filter((a) => a.available && isAssistantEnabled(a.id, scope));
  }

  private async runScan(
    signal: AbortSignal,
    progress: vscode.Progress<{ message?: string; increment?: number }>,
  ): Promise<void> {
    const started = performance.now();
    this.setStatus({ state: 'scanning', done: 0, total: 0, message: 'reading the workspace' }, true);
    progress.report({ message: vscode.l10n.t('reading the workspace…') });
    const jobs = await this.listJobs(this.enabledAssistants(), signal);
    if (signal.aborted) return this.cancelled(signal, 0, jobs.length);
    const total = new Set(jobs.map((j) => j.uri.toString())).size;
    const fresh = new Map<string, Map<AssistantId, Finding[]>>();
    this.setStatus({ state: 'scanning', done: 0, total }, true);
    const title = total === 1 ? vscode.l10n.t('scanning 1 file') : vscode.l10n.t('scanning {0} files', total);
    progress.report({ message: title });
    const seen = new Set<string>();
    let lastReport = 0;
    for (const job of jobs) {
      if (signal.aborted) return this.cancelled(signal, seen.size, total, fresh);
      const findings = await this.analyze(job, signal);
      if (signal.aborted) return this.cancelled(signal, seen.size, total, fresh);
      const key = job.uri.toString();
      const perAssistant = fresh.get(key) ?? new Map<AssistantId, Finding[]>();
      perAssistant.set(job.descriptor.id, findings);
      fresh.set(key, perAssistant);
      if (!seen.has(key)) {
        seen.add(key);
        progress.report({ message: `${title} (${seen.size}/${total})`, increment: 100 / Math.max(total, 1) });
      }
      if (performance.now() - lastReport > PROGRESS_INTERVAL_MS) {
        lastReport = performance.now();
        this.setStatus({ state: 'scanning', done: seen.size, total }, true);
      }
      await yieldToEventLoop();
    }
    this.replaceStore(fresh);
    const count = this.findings().length;
    log().info(`roadmap: scanned ${total} files in ${(performance.now() - started).toFixed(0)} ms: ${count} findings`);
    this.setStatus({ state: 'done', done: total, total }, false);
    this.fireChange(true);
  }

  /** A cancelled scan keeps what it analysed (merged over what was known) and says the plan is partial. */
  private cancelled(
    signal: AbortSignal,
    done: number,
    total: number,
    fresh?: Map<string, Map<AssistantId, Finding[]>>,
  ): void {
    for (const [key, perAssistant] of fresh ?? []) this.store.set(key, perAssistant);
    // Replaced by a newer scan (Rescan): that one reports its own status.
    if (this.scanning && this.scanning.controller.signal !== signal) return;
    log().info(`roadmap: workspace scan cancelled after ${done} of ${total} files`);
    this.setStatus(
      {
        state: 'cancelled',
        done,
        total,
        message: `scan cancelled after ${done} of ${total} files: the plan is partial`,
      },
      false,
    );
    this.fireChange(true);
  }

  private replaceStore(fresh: Map<string, Map<AssistantId, Finding[]>>): void {
    this.store.clear();
    for (const [key, value] of fresh) this.store.set(key, value);
  }

  /** The files each assistant handles, inside the workspace folders, with their engines loaded and prepared. */
  private async listJobs(descriptors: readonly AssistantDescriptor[], signal: AbortSignal): Promise<Job[]> {
    const workspace = this.analysis.workspaceFiles();
    const jobs: Job[] = [];
    for (const descriptor of descriptors) {
      if (signal.aborted) break;
      try {
        const engine = await loadAssistant(descriptor.id);
        this.rules.set(descriptor.id, engine.rules);
        await this.analysis.ensurePrepared(descriptor, engine);
      } catch (error) {
        log().error(
          `roadmap: the ${descriptor.displayName} could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        );
        continue;
      }
      for (const file of await workspace.files(descriptor.filePattern)) {
        const uri = vscode.Uri.parse(file.file);
        if (toWorkspacePath(uri) === undefined || !isAssistantEnabled(descriptor.id, uri)) continue;
        jobs.push({ descriptor, uri, file });
      }
    }
    return jobs;
  }

  private async analyze(job: Job, signal: AbortSignal): Promise<Finding[]> {
    const text = await job.file.read();
    if (text === undefined) return [];
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === job.uri.toString());
    const analysis = await this.analysis.analyzeText(
      job.descriptor,
      { uri: job.uri, text, languageId: document?.languageId },
      signal,
    );
    // An open document's measured advice (Optimize SQL Query) counts as it does in the Problems view: its
    // measured gains raise the tasks' impact.
    const merged =
      document && document.getText() === text
        ? this.analysis.withFindingSources(job.uri, job.descriptor.id, analysis)
        : analysis;
    return relativeFindings(merged.findings);
  }

  // --- keeping current ------------------------------------------------------------------------------------------

  private listen(): void {
    const workspace = this.analysis.workspaceFiles();
    this.disposables.push(
      this.analysis.onDidAnalyze((event) => {
        if (toWorkspacePath(event.uri) === undefined) return;
        const key = event.uri.toString();
        const perAssistant = this.store.get(key) ?? new Map<AssistantId, Finding[]>();
        perAssistant.set(event.assistant.id, relativeFindings(event.analysis.findings));
        this.store.set(key, perAssistant);
        this.fireChange();
      }),
      workspace.onDidChangeFile((uri) => this.queueRefresh(uri)),
      // A dirty document closed without saving: its findings were of text that no longer exists.
      vscode.workspace.onDidCloseTextDocument((document) => this.queueRefresh(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('scalingAssistant')) this.queueRefresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.scan()),
    );
  }

  /** Gathers changes for one refresh; without a uri, every assistant's files are refreshed. */
  private queueRefresh(uri?: vscode.Uri): void {
    if (!this.started) return;
    const affected = ASSISTANTS.filter((a) => a.available && (!uri || a.filePattern.test(uri.path)));
    if (affected.length === 0 || (uri && toWorkspacePath(uri) === undefined)) return;
    for (const a of affected) this.pendingAssistants.add(a.id);
    if (uri) this.pendingUris.add(uri.toString());
    this.refreshController?.abort();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    if (this.scanning) {
      // A scan is reading everything anyway; look again once it is done.
      void this.scanning.promise.then(() => this.queueRefresh());
      return;
    }
    const assistants = [...this.pendingAssistants];
    const changed = new Set(this.pendingUris);
    this.pendingAssistants.clear();
    this.pendingUris.clear();
    const controller = new AbortController();
    this.refreshController = controller;
    const enabled = new Set(this.enabledAssistants().map((a) => a.id));
    const requeue = () => {
      for (const id of assistants) this.pendingAssistants.add(id);
      for (const key of changed) this.pendingUris.add(key);
    };
    for (const id of assistants) {
      const descriptor = ASSISTANTS.find((a) => a.id === id);
      if (!descriptor) continue;
      if (!enabled.has(id)) {
        for (const perAssistant of this.store.values()) perAssistant.delete(id);
        continue;
      }
      const jobs = await this.listJobs([descriptor], controller.signal);
      // The changed files first: what the user just saved shows up at once; the files that may depend on it follow.
      jobs.sort((a, b) => Number(changed.has(b.uri.toString())) - Number(changed.has(a.uri.toString())));
      const present = new Set(jobs.map((j) => j.uri.toString()));
      for (const key of [...this.store.keys()]) {
        if (!present.has(key)) this.store.get(key)?.delete(id);
        if (this.store.get(key)?.size === 0) this.store.delete(key);
      }
      for (const job of jobs) {
        if (controller.signal.aborted) return requeue();
        const findings = await this.analyze(job, controller.signal);
        if (controller.signal.aborted) return requeue();
        const key = job.uri.toString();
        const perAssistant = this.store.get(key) ?? new Map<AssistantId, Finding[]>();
        perAssistant.set(id, findings);
        this.store.set(key, perAssistant);
        if (changed.has(key)) this.fireChange();
        await yieldToEventLoop();
      }
    }
    this.fireChange();
  }

  private setStatus(status: ScanStatus, notify: boolean): void {
    this.status = status;
    if (notify) this.progressEmitter.fire({ ...status });
  }

  private fireChange(now = false): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    if (now) {
      this.changeEmitter.fire();
      return;
    }
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.changeEmitter.fire();
    }, this.changeDelayMs);
  }

  dispose(): void {
    this.scanning?.controller.abort();
    this.refreshController?.abort();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Findings named by workspace-relative paths, without fixes (places outside the workspace are dropped). */
function relativeFindings(findings: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    const file = toWorkspacePath(vscode.Uri.parse(finding.file));
    if (file === undefined) continue;
    const { fixes: _fixes, related, ...rest } = finding;
    const mapped: Finding = { ...rest, file };
    const relatedHere = related?.flatMap((r) => {
      const relatedFile = toWorkspacePath(vscode.Uri.parse(r.file));
      return relatedFile === undefined ? [] : [{ ...r, file: relatedFile }];
    });
    if (relatedHere?.length) mapped.related = relatedHere;
    out.push(mapped);
  }
  return out;
}
