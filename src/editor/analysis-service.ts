import * as vscode from 'vscode';
import type { AssistantDescriptor } from '../assistants/catalog';
import { ASSISTANTS, loadAssistant, workspaceGlob } from '../assistants/catalog';
import type { Assistant } from '../core/assistant';
import type { AssistantId, Finding } from '../core/finding';
import type { AnalysisConfig } from '../core/config';
import type { DocumentAnalysis } from '../core/pipeline';
import { analyzeDocument, finishFindings, mergeFindings, prepareWorkspace } from '../core/pipeline';
import { ruleDocPath } from '../core/rule';
import { toDiagnostic, toRange, toSeverity } from './convert';
import { log } from './log';
import { analysisConfigFor, assistantSettingsFor, debounceMs, isAssistantEnabled } from './settings';
import { VscodeWorkspace } from './workspace-files';
import { assistantName } from '../core/assistant-names';

/** Schemes whose documents are the user's files; output panes, git views and settings are not. */
const ANALYSED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);

/** Past this size a document is reported as skipped rather than analysed on every keystroke. */
const MAX_DOCUMENT_CHARS = 2_000_000;

/**
 * Findings a feature adds to documents beside the engines' static pass (the query optimizer's measured advice,
 * Claude's deep review). The shell publishes them: suppression comments and the rule settings apply to them
 * exactly as to static findings, and they are merged or kept apart as `target` says.
 */
export interface FindingSource {
  /** Names the source in the log. */
  readonly id: string;
  /**
   * `{ merge: assistant }`: in that assistant's diagnostics, where a finding of the same rule on the same span
   * replaces the static one (the same finding, now with evidence and fixes). `{ label }`: in a collection of its
   * own, whose diagnostics carry the label as their source ("Claude"), never mistaken for the static review.
   */
  readonly target: { merge: AssistantId } | { label: string };
  /** The source's findings for the document as it is now (none for an outdated version). */
  findingsFor(document: vscode.TextDocument): readonly Finding[];
}

/** What `addFindingSource` hands back: tell the shell a document's findings changed; dispose to remove the source. */
export interface FindingSourceHandle extends vscode.Disposable {
  /** Publishes the source's current findings for the document; resolves when its diagnostics are set. */
  changed(uri: vscode.Uri): Promise<void>;
}

export interface AnalysisEvent {
  uri: vscode.Uri;
  assistant: AssistantDescriptor;
  analysis: DocumentAnalysis;
}

/**
 * Runs the assistants on open documents and owns one DiagnosticCollection per assistant. Edits are
 * debounced; a newer edit cancels the older run; results for an outdated document version are dropped,
 * so a slow analysis can never paint stale squiggles over newer text.
 */
export class AnalysisService implements vscode.Disposable {
  private readonly collections = new Map<AssistantId, vscode.DiagnosticCollection>();
  /** uri → assistant → findings, for code actions to find the Finding behind a Diagnostic. */
  private readonly findings = new Map<string, Map<AssistantId, Finding[]>>();
  private readonly pending = new Map<string, { timer?: NodeJS.Timeout; controller: AbortController }>();
  private readonly emitter = new vscode.EventEmitter<AnalysisEvent>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  readonly onDidAnalyze = this.emitter.event;
  /** Workspace files the engines read for cross-file context (created on first analysis, not at activation). */
  private workspace?: VscodeWorkspace;
  /** Engines whose workspace context is being (or has been) read in the background. */
  private readonly preparing = new Map<AssistantId, Promise<void>>();
  /** Assistants whose workspace context is read: until then an open document gets an early, partial answer. */
  private readonly prepared = new Set<AssistantId>();
  private readonly sources = new Set<FindingSource>();
  /** Collections of sources with a label of their own (Claude's). */
  private readonly ownCollections = new Map<FindingSource, vscode.DiagnosticCollection>();
  /** uri → assistant → the static pass of the current version, before other sources were merged in. */
  private readonly staticResults = new Map<string, Map<AssistantId, { version: number; analysis: DocumentAnalysis }>>();

  constructor(private readonly extensionUri: vscode.Uri) {
    for (const assistant of ASSISTANTS) {
      const collection = vscode.languages.createDiagnosticCollection(`scaling-assistant.${assistant.id}`);
      this.collections.set(assistant.id, collection);
      this.disposables.push(collection);
    }
  }

  /** Wires document events; call once from activate(). */
  start(): void {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.schedule(event.document, debounceMs());
        this.scheduleDependents(event.document.uri, this.assistantsFor(event.document));
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc.uri)),
      vscode.workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => this.clearUnder(uri))),
      vscode.workspace.onDidRenameFiles((event) => event.files.forEach(({ oldUri }) => this.clearUnder(oldUri))),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('scalingAssistant')) this.reanalyzeAll();
      }),
    );
    this.reanalyzeAll();
  }

  /** The available, enabled assistants for this document (by language id). */
  assistantsFor(document: vscode.TextDocument): AssistantDescriptor[] {
    if (!ANALYSED_SCHEMES.has(document.uri.scheme)) return [];
    return ASSISTANTS.filter(
      (a) => a.available && a.languageIds.includes(document.languageId) && isAssistantEnabled(a.id, document.uri),
    );
  }

  /**
   * Another file of the same kind changed: open documents of that assistant may depend on it (an HPA
   * here, its Deployment there), so they are analysed again, a little later than the edited file.
   */
  private scheduleDependents(changed: vscode.Uri, assistants: readonly AssistantDescriptor[]): void {
    if (assistants.length === 0) return;
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.toString() === changed.toString()) continue;
      if (this.assistantsFor(document).some((a) => assistants.includes(a))) this.schedule(document, debounceMs() * 2);
    }
  }

  workspaceFiles(): VscodeWorkspace {
    if (!this.workspace) {
      this.workspace = new VscodeWorkspace(workspaceGlob());
      this.disposables.push(
        this.workspace,
        this.workspace.onDidChangeFile((uri) => {
          const kind = ASSISTANTS.filter((a) => a.available && a.filePattern.test(uri.path));
          this.scheduleDependents(uri, kind);
        }),
      );
    }
    return this.workspace;
  }

  /**
   * Reads the workspace for an engine's cross-file context once, in the background, with progress in
   * the status bar and a cancel button; open documents are analysed again when it is done. Until then
   * analyses run on what has been read and hold back conclusions drawn from absence. The promise settles
   * when the context is read (the workspace scan of the roadmap awaits it); it never rejects.
   */
  ensurePrepared(descriptor: AssistantDescriptor, engine: Assistant, gate?: Promise<void>): Promise<void> {
    const existing = this.preparing.get(descriptor.id);
    if (existing) return existing;
    if (!engine.prepare) return Promise.resolve();
    const workspace = this.workspaceFiles();
    const task = Promise.resolve(
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Window,
          title: vscode.l10n.t(
            'Scaling Assistant: reading the workspace for the {0}',
            assistantName(descriptor.id, vscode.l10n.t),
          ),
          cancellable: true,
        },
        async (_progress, token) => {
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            await gate;
            const started = performance.now();
            // One file the engine cannot read costs only that file: its error is logged, the context stands.
            const errors = await prepareWorkspace(engine, workspace, 'workspace', controller.signal);
            log().info(
              `${descriptor.displayName}: workspace context read in ${(performance.now() - started).toFixed(0)} ms${controller.signal.aborted ? ' (cancelled)' : ''}${errors.length ? `, ${errors.length} file(s) not read` : ''}`,
            );
            for (const error of errors) {
              const where = /^[a-z][\w+.-]*:/i.test(error.file)
                ? vscode.workspace.asRelativePath(vscode.Uri.parse(error.file))
                : error.file;
              log().warn(`${descriptor.displayName}: ${where}: ${error.message}`);
            }
          } finally {
            subscription.dispose();
          }
        },
      ),
    ).then(
      () => {
        this.prepared.add(descriptor.id);
        this.reanalyzeOf(descriptor);
      },
      (error: unknown) => {
        // Open documents are not held to early answers for good: they get what the context could give.
        this.prepared.add(descriptor.id);
        this.reanalyzeOf(descriptor);
        log().error(
          `${descriptor.displayName}: reading the workspace failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
    this.preparing.set(descriptor.id, task);
    return task;
  }

  /**
   * Reads an assistant's workspace context again, from the start, after `gate` (integration tests: what a first
   * document sees while a large workspace is read). Open documents get early answers until it is read.
   */
  async readContextAgain(descriptor: AssistantDescriptor, gate?: Promise<void>): Promise<void> {
    const engine = await loadAssistant(descriptor.id);
    await this.preparing.get(descriptor.id);
    this.preparing.delete(descriptor.id);
    this.prepared.delete(descriptor.id);
    void this.ensurePrepared(descriptor, engine, gate);
  }

  private reanalyzeOf(descriptor: AssistantDescriptor): void {
    for (const document of vscode.workspace.textDocuments) {
      // By id: the roadmap's chunk (dist/roadmap.js) has its own copy of the catalog's descriptor objects.
      if (this.assistantsFor(document).some((a) => a.id === descriptor.id)) this.schedule(document, 0);
    }
  }

  reanalyzeAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  schedule(document: vscode.TextDocument, delayMs: number): void {
    const key = document.uri.toString();
    const assistants = this.assistantsFor(document);
    if (assistants.length === 0) {
      // The language may have changed to one we do not analyse, or the assistant was switched off.
      if (this.findings.has(key)) this.clear(document.uri);
      return;
    }
    this.cancel(key);
    const controller = new AbortController();
    const entry: { timer?: NodeJS.Timeout; controller: AbortController } = { controller };
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void this.run(document, assistants, controller.signal);
    }, delayMs);
    this.pending.set(key, entry);
  }

  /** Analyses now (for commands), waiting for the result. */
  async analyzeNow(document: vscode.TextDocument): Promise<AnalysisEvent[]> {
    const key = document.uri.toString();
    this.cancel(key);
    const controller = new AbortController();
    this.pending.set(key, { controller });
    return this.run(document, this.assistantsFor(document), controller.signal);
  }

  private cancel(key: string): void {
    const previous = this.pending.get(key);
    if (!previous) return;
    if (previous.timer) clearTimeout(previous.timer);
    previous.controller.abort();
    this.pending.delete(key);
  }

  private async run(
    document: vscode.TextDocument,
    assistants: AssistantDescriptor[],
    signal: AbortSignal,
  ): Promise<AnalysisEvent[]> {
    const version = document.version;
    const uri = document.uri;
    const text = document.getText();
    const config = analysisConfigFor(uri);
    const events: AnalysisEvent[] = [];
    for (const descriptor of assistants) {
      // An open document is analysed again when the workspace context is read: until then, what needs none of it.
      const raw = await this.analyzeText(descriptor, { uri, text, languageId: document.languageId }, signal, config, {
        early: true,
      });
      // A newer edit or a closed document makes this result stale: never paint it.
      if (signal.aborted || raw.cancelled || document.isClosed || document.version !== version) return events;
      this.rememberStatic(uri, descriptor.id, version, raw);
      const analysis = this.withSources(document, descriptor.id, raw);
      this.publish(uri, descriptor, analysis);
      events.push({ uri, assistant: descriptor, analysis });
    }
    if (this.pending.get(uri.toString())?.controller.signal === signal) this.pending.delete(uri.toString());
    for (const event of events) this.emitter.fire(event);
    return events;
  }

  /**
   * One assistant on one text, the way every analysis in the editor runs: size limit, the engine loaded
   * lazily (its workspace context read in the background), settings of the document's scope, the workspace
   * for cross-file context, errors turned into a skipped result. Publishes nothing: the open-document path
   * (run) and the roadmap's workspace scan both use it.
   */
  async analyzeText(
    descriptor: AssistantDescriptor,
    doc: { uri: vscode.Uri; text: string; languageId?: string },
    signal: AbortSignal,
    config: AnalysisConfig = analysisConfigFor(doc.uri),
    options: { early?: boolean } = {},
  ): Promise<DocumentAnalysis> {
    const { uri, text } = doc;
    if (text.length > MAX_DOCUMENT_CHARS) {
      return skipped(
        uri,
        `skipped: document too large (${text.length} characters, limit ${MAX_DOCUMENT_CHARS})`,
        config.budgetMs,
      );
    }
    try {
      const engine = await loadAssistant(descriptor.id);
      void this.ensurePrepared(descriptor, engine);
      const contextPending = Boolean(options.early && engine.prepare && !this.prepared.has(descriptor.id));
      const analysis = await analyzeDocument(
        engine,
        { file: uri.toString(), text, languageId: doc.languageId },
        config,
        signal,
        {
          workspace: this.workspaceFiles(),
          settings: assistantSettingsFor(descriptor.id, uri),
          ...(contextPending ? { contextPending } : {}),
        },
      );
      if (analysis.partial)
        log().info(
          `${descriptor.displayName}: ${vscode.workspace.asRelativePath(uri)}: early answer, ${analysis.partial}`,
        );
      return analysis;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log().error(`${descriptor.displayName} could not be loaded: ${message}`);
      return skipped(uri, `${descriptor.displayName} could not be loaded: ${message}`, config.budgetMs);
    }
  }

  /**
   * Adds a source of findings (see FindingSource). Its findings reach the Problems view, hovers and quick fixes
   * like the engines' own, after suppression comments and rule settings.
   */
  addFindingSource(source: FindingSource): FindingSourceHandle {
    this.sources.add(source);
    if ('label' in source.target) {
      const collection = vscode.languages.createDiagnosticCollection(`scaling-assistant.${source.id}`);
      this.ownCollections.set(source, collection);
    }
    return {
      changed: (uri) => this.sourceChanged(source, uri),
      dispose: () => {
        this.sources.delete(source);
        this.ownCollections.get(source)?.dispose();
        this.ownCollections.delete(source);
      },
    };
  }

  private async sourceChanged(source: FindingSource, uri: vscode.Uri): Promise<void> {
    if (!this.sources.has(source)) return;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const own = this.ownCollections.get(source);
    if (own) {
      const findings = document ? this.finished(document, source.findingsFor(document)) : [];
      if (findings.length)
        own.set(
          uri,
          findings.map((f) => labelledDiagnostic(f, (source.target as { label: string }).label)),
        );
      else own.delete(uri);
      return;
    }
    if (!document) return;
    const assistant = (source.target as { merge: AssistantId }).merge;
    const last = this.staticResults.get(uri.toString())?.get(assistant);
    const descriptor = this.assistantsFor(document).find((a) => a.id === assistant);
    if (!descriptor) return;
    // The static pass of this very version is at hand: merge again without running the engine. Listeners (the
    // roadmap's workspace findings) hear of it as of an analysis: measured evidence reaches them at once.
    if (last && last.version === document.version) {
      const analysis = this.withSources(document, assistant, last.analysis);
      this.publish(uri, descriptor, analysis);
      this.emitter.fire({ uri, assistant: descriptor, analysis });
      return;
    }
    // An edit has scheduled a run (debounced), which merges the sources when it publishes.
    if (this.pending.has(uri.toString())) return;
    await this.analyzeNow(document);
  }

  /**
   * An analysis of `uri` (run through `analyzeText`) with the merging sources' findings laid over it, when the
   * document is open: the measured advice of its current version, as the Problems view shows it.
   */
  withFindingSources(uri: vscode.Uri, assistant: AssistantId, analysis: DocumentAnalysis): DocumentAnalysis {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return document && !document.isClosed ? this.withSources(document, assistant, analysis) : analysis;
  }

  /** The static pass with every merging source's findings of this document laid over it. */
  private withSources(
    document: vscode.TextDocument,
    assistant: AssistantId,
    analysis: DocumentAnalysis,
  ): DocumentAnalysis {
    const extra = [...this.sources]
      .filter((s) => 'merge' in s.target && s.target.merge === assistant)
      .map((s) => this.finished(document, s.findingsFor(document)));
    if (extra.every((list) => list.length === 0)) return analysis;
    return { ...analysis, findings: mergeFindings(analysis.findings, ...extra) };
  }

  /** Suppression comments and the rule settings of the document's scope, as for the static pass. */
  private finished(document: vscode.TextDocument, findings: readonly Finding[]): Finding[] {
    return findings.length ? finishFindings(findings, document.getText(), analysisConfigFor(document.uri)) : [];
  }

  private rememberStatic(uri: vscode.Uri, assistant: AssistantId, version: number, analysis: DocumentAnalysis): void {
    const key = uri.toString();
    const perAssistant = this.staticResults.get(key) ?? new Map();
    perAssistant.set(assistant, { version, analysis });
    this.staticResults.set(key, perAssistant);
  }

  private publish(uri: vscode.Uri, descriptor: AssistantDescriptor, analysis: DocumentAnalysis): void {
    const diagnostics = analysis.findings.map((finding) =>
      toDiagnostic(
        finding,
        descriptor.displayName,
        vscode.Uri.joinPath(this.extensionUri, ruleDocPath({ assistant: finding.assistant, id: finding.ruleId })),
      ),
    );
    for (const error of analysis.errors) {
      // Errors with a place (a YAML syntax error) belong in the file; the rest go to the status item and log.
      if (error.range) {
        const diagnostic = new vscode.Diagnostic(
          toRange(error.range),
          error.message,
          error.kind === 'parse' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Information,
        );
        diagnostic.source = descriptor.displayName;
        diagnostic.code = `${error.kind}-error`;
        diagnostics.push(diagnostic);
      } else {
        log().info(`${descriptor.displayName}: ${vscode.workspace.asRelativePath(uri)}: ${error.message}`);
      }
    }
    this.collections.get(descriptor.id)?.set(uri, diagnostics);
    const key = uri.toString();
    const perAssistant = this.findings.get(key) ?? new Map<AssistantId, Finding[]>();
    perAssistant.set(descriptor.id, analysis.findings);
    this.findings.set(key, perAssistant);
    log().trace(
      `${descriptor.id}: ${vscode.workspace.asRelativePath(uri)}: ${analysis.findings.length} findings in ${analysis.elapsedMs.toFixed(1)} ms`,
    );
  }

  /** The finding a diagnostic of ours was made from (code actions get copies, so match by content). */
  findingFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined {
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    for (const list of this.findings.get(uri.toString())?.values() ?? []) {
      const match = list.find(
        (f) => f.ruleId === code && f.message === diagnostic.message && toRange(f.range).isEqual(diagnostic.range),
      );
      if (match) return match;
    }
    return undefined;
  }

  findingsOf(uri: vscode.Uri): Finding[] {
    return [...(this.findings.get(uri.toString())?.values() ?? [])].flat();
  }

  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancel(key);
    this.findings.delete(key);
    this.staticResults.delete(key);
    for (const collection of [...this.collections.values(), ...this.ownCollections.values()]) collection.delete(uri);
  }

  /** Clears a deleted file, or everything under a deleted folder. */
  private clearUnder(uri: vscode.Uri): void {
    const prefix = uri.toString().replace(/\/?$/, '/');
    for (const key of [...this.findings.keys()]) {
      if (key === uri.toString() || key.startsWith(prefix)) this.clear(vscode.Uri.parse(key));
    }
    for (const collection of [...this.collections.values(), ...this.ownCollections.values()]) {
      collection.forEach((target) => {
        const key = target.toString();
        if (key === uri.toString() || key.startsWith(prefix)) collection.delete(target);
      });
    }
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
    for (const collection of this.ownCollections.values()) collection.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function skipped(uri: vscode.Uri, message: string, budgetMs: number): DocumentAnalysis {
  return {
    findings: [],
    errors: [{ file: uri.toString(), kind: 'budget', message }],
    elapsedMs: 0,
    budgetMs,
    cancelled: false,
  };
}

/** A diagnostic of a labelled source: its label as the source, the rule id as a plain code. */
function labelledDiagnostic(finding: Finding, label: string): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, toSeverity(finding.severity));
  diagnostic.source = label;
  diagnostic.code = finding.ruleId;
  return diagnostic;
}
