import * as path from 'node:path';
import * as vscode from 'vscode';
import type {
  AiFailure,
  DeepReviewRequest,
  OutgoingRequest,
  ReviewResult,
  ReviewSubject,
  ReviewSuccess,
  UnplacedItem,
} from '../../ai/contract';
import { loadAi } from '../../ai/loader';
import { DEFAULT_MODEL, MAX_INPUT_CHARS } from '../../ai/model';
import type { AssistantDescriptor } from '../../assistants/catalog';
import type { SqlAdviceReport } from '../../assistants/sql/contract';
import { ASSISTANTS, descriptorFor } from '../../assistants/catalog';
import type { RewriteVerdict } from '../../core/assistant';
import type { AssistantId, Range } from '../../core/finding';
import type { RoadmapNarrator } from '../common/roadmap-narrative';
import { log } from '../log';
import type { DeepReviewUi } from './ui';
import type { AdviceEntry } from '../measured-advice';
import type { EditorServices } from '../services';
import { API_KEY_SECRET } from './api-key';
import { DeepReviewCodeActions, STALE_EDIT_COMMAND } from './code-actions';
import type { CachedAdvice } from './facts';
import { factsFor, roadmapFacts } from './facts';
import type { FailureAction, FailurePresentation } from './common/failures';
import { presentFailure } from './common/failures';
import { withoutTrailingSemicolon } from './common/ranges';
import { ConsentStore } from './consent';
import { PLANNED_LANGUAGES, planForReview } from './decomposition';
import { DeepReviewFindings } from './findings';
import { DeepReviewHovers } from './hover';
import { endpointLabel, readDeepReviewSettings } from './settings';
import { assistantName } from '../../core/assistant-names';

/** What *Deep Review with Claude* reports back (also what the integration tests read). */
export interface DeepReviewOutcome {
  status: 'reviewed' | 'failed' | 'not-built' | 'no-document' | 'wrong-kind' | 'assistant-disabled' | 'no-plan';
  subject?: ReviewSubject;
  failure?: AiFailure;
  /** The message the user was shown, and its buttons. */
  message?: string;
  actions?: string[];
  /** Claude findings placed on the document, and those that could not be placed. */
  placed?: number;
  unplaced?: number;
  /** Static findings of the document, untouched by the deep review whatever its outcome. */
  staticFindings?: number;
}

export interface DeepReviewOptions {
  /** Which assistant reviews (otherwise picked from the document's kind, asking when there is a choice). */
  subject?: AssistantId;
  /** Review this range; `null`: the whole file even when there is a selection. Default: the editor's selection. */
  selection?: Range | null;
}

interface Sent {
  result: ReviewResult;
  model: string;
}

/**
 * *Deep Review with Claude*: the static review's facts and the code (redacted) go to Claude, after consent, with
 * a cancellable progress notification; the answer comes back as diagnostics with source "Claude" on exact
 * ranges, explanations in hovers and proposed edits as previewed quick fixes. Every way it can fail ends in a
 * message with the action that helps, and the static findings stay as they are. Also writes the roadmap's
 * narrative for the roadmap panel. The AI layer (SDK, prompts, validation) loads on the first request.
 */
export class DeepReviewController implements vscode.Disposable {
  readonly findings: DeepReviewFindings;
  readonly actions: DeepReviewCodeActions;
  readonly consent: ConsentStore;
  private readonly running = new Set<AbortController>();
  private readonly analysis: EditorServices['analysis'];
  private readonly advice: EditorServices['advice'];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    services: EditorServices,
    private readonly ui: DeepReviewUi,
  ) {
    this.analysis = services.analysis;
    this.advice = services.advice;
    this.findings = new DeepReviewFindings(services.analysis);
    this.actions = new DeepReviewCodeActions(this.findings);
    this.consent = new ConsentStore(context.workspaceState, ui.consent);
    this.disposables.push(this.findings);
  }

  /** The hover, the code actions and the stale-edit explanation; call once, when the chunk loads. */
  register(): void {
    const selector: vscode.DocumentSelector = [
      { scheme: 'file' },
      { scheme: 'untitled' },
      { scheme: 'vscode-remote' },
      { scheme: 'vscode-vfs' },
    ];
    this.disposables.push(
      vscode.commands.registerCommand(STALE_EDIT_COMMAND, () =>
        vscode.window.showWarningMessage(
          vscode.l10n.t(
            'The text this Claude edit was proposed for has changed, so it was not applied. Run the deep review again.',
          ),
        ),
      ),
      vscode.languages.registerHoverProvider(selector, new DeepReviewHovers(this.findings)),
      vscode.languages.registerCodeActionsProvider(selector, this.actions, {
        providedCodeActionKinds: DeepReviewCodeActions.kinds,
      }),
    );
  }

  // --- the command ------------------------------------------------------------------------------------------------

  /** *Clear Deep Review Findings*: how many there were. */
  clearFindings(): number {
    const cleared = this.findings.clear();
    void vscode.window.showInformationMessage(
      cleared
        ? cleared === 1
          ? vscode.l10n.t('Cleared 1 Claude finding.')
          : vscode.l10n.t('Cleared {0} Claude findings.', cleared)
        : vscode.l10n.t('There are no Claude findings to clear.'),
    );
    return cleared;
  }

  async review(uri: vscode.Uri | undefined, options: DeepReviewOptions): Promise<DeepReviewOutcome> {
    const editor = vscode.window.activeTextEditor;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Open a file (and select the part to review) for a deep review with Claude.'),
      );
      return { status: 'no-document' };
    }
    const chosen = await this.chooseAssistant(document, options.subject);
    if ('outcome' in chosen) return chosen.outcome;
    const descriptor = chosen.descriptor;

    // AI off, Restricted Mode, a bad endpoint or no key: said before any work is done for the request.
    const blocked = await this.preflight(descriptor.id);
    if (blocked) {
      const shown = this.showFailure(
        blocked,
        () => void this.review(document.uri, { ...options, subject: descriptor.id }),
      );
      return {
        status: 'failed',
        subject: descriptor.id,
        failure: blocked,
        ...shown,
        staticFindings: this.analysis.findingsOf(document.uri).filter((f) => f.assistant === descriptor.id).length,
      };
    }

    // The decomposition review stands on a plan of the module's folder: the panel's, or one made now.
    const grounding = descriptor.id === 'decomposition' ? await planForReview(document.uri) : undefined;
    if (grounding && !grounding.ok) {
      this.logLine(`deep review of ${vscode.workspace.asRelativePath(document.uri)}: ${grounding.message}`);
      void this.show('warning', grounding.message, []);
      return { status: 'no-plan', subject: descriptor.id, message: grounding.message, actions: [] };
    }
    if (grounding?.ok)
      this.logLine(
        `decomposition review of ${grounding.file} grounded on ${grounding.planned ? 'a new plan' : 'the plan held'} of ${grounding.root || '(workspace folder)'}: ${grounding.plan.services.length} services`,
      );

    let selection: Range | undefined;
    if (options.selection !== undefined) selection = options.selection ?? undefined;
    else if (editor && editor.document === document && !editor.selection.isEmpty)
      selection = plainRange(editor.selection);

    // The facts first: the static review of the document as it is now (the same path as the editor's).
    // A folder planner has no static review of the document: its facts are the plan's.
    const events = descriptor.folderCommand ? [] : await this.analysis.analyzeNow(document);
    // A newer analysis of the same text (an edit elsewhere, the workspace context arriving) may have superseded
    // this one; its published findings are then the current facts.
    const staticFindings =
      events.find((e) => e.assistant.id === descriptor.id)?.analysis.findings ??
      this.analysis.findingsOf(document.uri).filter((f) => f.assistant === descriptor.id);
    const relevant = selection ? staticFindings.filter((f) => overlaps(f.range, selection)) : staticFindings;
    const file = document.uri.toString();
    const text = document.getText();
    const version = document.version;
    const facts = await factsFor(descriptor.id, { file, text }, relevant, {
      workspace: this.analysis.workspaceFiles(),
      advice: cachedAdvice(this.advice.entryFor(document, 'sql')),
      decomposition: grounding?.ok ? { plan: grounding.plan, file: grounding.file } : undefined,
    });

    const sent = await this.send(descriptor.id, (apiKey, model, baseURL, signal) => ({
      subject: descriptor.id,
      document: { file, text, languageId: document.languageId },
      selection,
      findings: relevant,
      facts,
      apiKey,
      model,
      baseURL,
      verifyRewrite:
        descriptor.id === 'sql'
          ? (range, newText) => this.verifySql(document, text, range, newText, signal)
          : undefined,
    }));
    const retry = () => void this.review(document.uri, { ...options, subject: descriptor.id });
    if (!sent.result.ok) {
      const shown = this.showFailure(sent.result.failure, retry);
      return {
        status: 'failed',
        subject: descriptor.id,
        failure: sent.result.failure,
        ...shown,
        staticFindings: staticFindings.length,
      };
    }
    const result = sent.result;
    if (document.isClosed) {
      this.logLine(
        `deep review of ${vscode.workspace.asRelativePath(document.uri)}: the document was closed before Claude answered; nothing placed`,
      );
      return {
        status: 'reviewed',
        subject: descriptor.id,
        placed: 0,
        unplaced: result.findings.length,
        staticFindings: staticFindings.length,
      };
    }
    if (document.version !== version)
      this.logLine('the document changed during the review: findings are placed only where the text is unchanged');
    const findings =
      descriptor.id === 'sql'
        ? result.findings.map((f) => ({ ...f, edits: f.edits.filter((e) => e.verified?.equivalent !== false) }))
        : result.findings;
    const unplaced = [...result.unplaced, ...this.findings.place(document, text, file, findings, result.model)];
    const placed = this.findings.findingsOf(document.uri).length;
    this.logOutcome(result, placed, unplaced);
    const shown = this.showSuccess(document, result, placed, unplaced);
    return {
      status: 'reviewed',
      subject: descriptor.id,
      placed,
      unplaced: unplaced.length,
      ...shown,
      staticFindings: staticFindings.length,
    };
  }

  /** The assistant for the document: the one asked for, the only one of its kind, or the user's pick. */
  private async chooseAssistant(
    document: vscode.TextDocument,
    requested: AssistantId | undefined,
  ): Promise<{ descriptor: AssistantDescriptor } | { outcome: DeepReviewOutcome }> {
    const candidates = requested
      ? [descriptorFor(requested)]
      : ASSISTANTS.filter((a) => reviewedLanguages(a).includes(document.languageId));
    if (candidates.length === 0) {
      const kinds = ASSISTANTS.filter((a) => a.available)
        .map((a) => `${assistantName(a.id, vscode.l10n.t)} (${reviewedLanguages(a).join(', ')})`)
        .join('; ');
      const message = vscode.l10n.t(
        'Deep review with Claude works through an assistant: {0}. {1} is {2}.',
        kinds,
        vscode.workspace.asRelativePath(document.uri),
        document.languageId,
      );
      void vscode.window.showWarningMessage(message);
      return { outcome: { status: 'wrong-kind', message } };
    }
    let descriptor = candidates[0];
    if (candidates.length > 1) {
      const picked = await vscode.window.showQuickPick(
        candidates.map((a) => ({
          label: capitalise(assistantName(a.id, vscode.l10n.t)),
          description: a.available ? undefined : vscode.l10n.t('not built yet'),
          descriptor: a,
        })),
        {
          title: vscode.l10n.t('Deep Review with Claude'),
          placeHolder: vscode.l10n.t('Which assistant’s review should Claude deepen?'),
        },
      );
      if (!picked) return { outcome: { status: 'no-document', message: vscode.l10n.t('No assistant chosen.') } };
      descriptor = picked.descriptor;
    }
    if (!descriptor.available) {
      // The static engine supplies the facts Claude reviews; without it there is nothing honest to send.
      const message = vscode.l10n.t(
        'The {0} is not built yet in this version of Scaling Assistant, so there is no static review for Claude to deepen.',
        assistantName(descriptor.id, vscode.l10n.t),
      );
      void vscode.window.showInformationMessage(message);
      return { outcome: { status: 'not-built', subject: descriptor.id, message } };
    }
    if (descriptor.id === 'decomposition' && !PLANNED_LANGUAGES.includes(document.languageId)) {
      const message = vscode.l10n.t(
        'The decomposition planner reviews a TypeScript or JavaScript module against its plan; {0} is {1}.',
        vscode.workspace.asRelativePath(document.uri),
        document.languageId,
      );
      void vscode.window.showWarningMessage(message);
      return { outcome: { status: 'wrong-kind', subject: descriptor.id, message } };
    }
    if (!descriptor.folderCommand && !this.analysis.assistantsFor(document).some((a) => a.id === descriptor.id)) {
      const message = vscode.l10n.t(
        'The {0} is turned off or does not review this file (scalingAssistant.{1}.enabled, language {2}).',
        assistantName(descriptor.id, vscode.l10n.t),
        descriptor.id,
        document.languageId,
      );
      void vscode.window.showWarningMessage(message);
      return { outcome: { status: 'assistant-disabled', subject: descriptor.id, message } };
    }
    return { descriptor };
  }

  /** Claude's SQL rewrite through the query optimizer's own check (parse, equivalence on its synthetic data). */
  private async verifySql(
    document: vscode.TextDocument,
    text: string,
    wholeRange: Range,
    wholeText: string,
    signal: AbortSignal,
  ): Promise<RewriteVerdict> {
    const { range, newText } = withoutTrailingSemicolon(text, wholeRange, wholeText);
    const verify = this.advice.verifierFor('sql');
    if (!verify) return { parses: false, equivalent: null, note: 'the query optimizer cannot check rewrites here' };
    // Cancelling the deep review also stops the check in the sandbox.
    const verdict = await verify(document, text, range, newText, signal);
    this.logLine(
      `query optimizer on Claude's rewrite of line ${range.start.line + 1}: parses ${verdict.parses}, equivalent ${String(verdict.equivalent)}${verdict.note ? ` (${verdict.note})` : ''}`,
    );
    return verdict;
  }

  // --- the roadmap narrative --------------------------------------------------------------------------------------

  readonly narrate: RoadmapNarrator = async ({ plan, markdown, assessment }) => {
    const facts = roadmapFacts(plan, assessment);
    const sent = await this.send('roadmap', (apiKey, model, baseURL) => ({
      subject: 'roadmap',
      document: { file: 'scaling-roadmap.md', text: capText(markdown, 120_000), languageId: 'markdown' },
      findings: [],
      facts,
      apiKey,
      model,
      baseURL,
    }));
    if (!sent.result.ok) {
      // The panel's button is the retry: the answer must reach the panel, not a command.
      const shown = this.showFailure(sent.result.failure, undefined);
      return { ok: false, failure: sent.result.failure, message: shown.message };
    }
    const text = sent.result.summary?.trim() ?? '';
    if (!text) {
      const failure: AiFailure = { kind: 'invalid-answer', message: 'Claude answered without a narrative' };
      return { ok: false, failure, message: this.showFailure(failure, undefined).message };
    }
    this.logLine(`roadmap narrative: ${text.length} characters from ${sent.result.model}`);
    return { ok: true, text, model: sent.result.model };
  };

  // --- sending ----------------------------------------------------------------------------------------------------

  /**
   * The checks, consent, progress and the request itself, shared by every subject: AI off, Restricted Mode, a bad
   * endpoint and a missing key end here with a typed failure before anything is loaded or sent.
   */
  private async send(
    subject: ReviewSubject,
    build: (
      apiKey: string,
      model: string,
      baseURL: string | undefined,
      signal: AbortSignal,
    ) => Omit<DeepReviewRequest, 'consent' | 'log' | 'promptsDir' | 'signal' | 'onProgress'>,
  ): Promise<Sent> {
    const settings = readDeepReviewSettings(DEFAULT_MODEL);
    const fail = (failure: AiFailure): Sent => ({ result: { ok: false, subject, failure }, model: settings.model });
    const blocked = await this.preflight(subject);
    if (blocked) return fail(blocked);
    const apiKey = await this.context.secrets.get(API_KEY_SECRET);
    if (!apiKey) return fail({ kind: 'no-key', message: 'no Anthropic API key is set. Set one with Set API Key' });
    const scrub = (line: string) => line.split(apiKey).join('«api key»');
    const logLine = (line: string) => this.logLine(scrub(line));

    let ai: Awaited<ReturnType<typeof loadAi>>;
    try {
      ai = await loadAi();
    } catch (error) {
      logLine(`the AI layer could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      return fail({ kind: 'internal', message: 'the AI layer of the extension could not be loaded (see the log)' });
    }
    const endpoint = endpointLabel(settings);
    const controller = new AbortController();
    const request: DeepReviewRequest = {
      ...build(apiKey, settings.model, settings.endpoint, controller.signal),
      signal: controller.signal,
      log: logLine,
      // Asked below, before the progress notification, so the modal is the only thing on screen.
      consent: async () => true,
      promptsDir: path.join(this.context.extensionUri.fsPath, 'prompts'),
    };

    let outgoing: OutgoingRequest;
    try {
      outgoing = await ai.buildOutgoing(request);
    } catch (error) {
      logLine(`preparing the request failed: ${error instanceof Error ? error.message : String(error)}`);
      return fail({ kind: 'too-large', message: 'the request could not be prepared (see the log)' });
    }
    if (outgoing.estimatedTokens * 4 > MAX_INPUT_CHARS) {
      // Refused before the consent question: asking to send what would be refused anyway helps nobody.
      return fail({
        kind: 'too-large',
        message: `the review would send about ${outgoing.estimatedTokens.toLocaleString('en-US')} tokens (an estimate), more than allowed. Select a smaller part of the file`,
      });
    }
    if (!(await this.consent.ask(outgoing, settings.model, endpoint))) {
      logLine('consent declined: nothing was sent');
      return fail({ kind: 'consent-declined', message: 'nothing was sent' });
    }

    this.running.add(controller);
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Deep review with Claude ({0})', settings.model),
          cancellable: true,
        },
        async (progress, token) => {
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            progress.report({
              message: vscode.l10n.t(
                'sending ~{0} tokens (estimate)…',
                outgoing.estimatedTokens.toLocaleString(vscode.env.language),
              ),
            });
            return await ai.runDeepReview({
              ...request,
              onProgress: (message: string) => progress.report({ message: scrub(message) }),
            });
          } finally {
            subscription.dispose();
          }
        },
      );
      return { result: scrubResult(result, scrub), model: settings.model };
    } catch (error) {
      // The AI layer returns failures as values; a throw is a bug, reported without the request's content.
      const message = scrub(error instanceof Error ? error.message : String(error));
      logLine(`deep review failed unexpectedly: ${message}`);
      if (controller.signal.aborted) return fail({ kind: 'cancelled', message: 'cancelled' });
      return fail({ kind: 'internal', message: 'the request failed unexpectedly (see the log)' });
    } finally {
      this.running.delete(controller);
    }
  }

  /** Why nothing may be sent now (AI off, Restricted Mode, a bad endpoint, no key), or undefined. */
  private async preflight(subject: ReviewSubject): Promise<AiFailure | undefined> {
    const settings = readDeepReviewSettings(DEFAULT_MODEL);
    if (!settings.enabled)
      return {
        kind: 'disabled',
        message: 'deep reviews are turned off (scalingAssistant.ai.enabled); turn them on in Settings',
      };
    if (!vscode.workspace.isTrusted) {
      return {
        kind: 'untrusted',
        message:
          'not available in Restricted Mode: nothing is sent from an untrusted workspace. Trust the workspace to use it',
      };
    }
    if (settings.endpointError) return { kind: 'network', message: settings.endpointError };
    if (!(await this.context.secrets.get(API_KEY_SECRET))) {
      return {
        kind: 'no-key',
        message: `no Anthropic API key is set for the ${subject === 'roadmap' ? 'roadmap narrative' : 'deep review'}. Set one with Set API Key (it is kept in VS Code’s secret storage)`,
      };
    }
    return undefined;
  }

  // --- messages ---------------------------------------------------------------------------------------------------

  private showFailure(failure: AiFailure, retry: (() => void) | undefined): { message: string; actions: string[] } {
    const presented = presentFailure(failure);
    const presentation = retry ? presented : { ...presented, actions: presented.actions.filter((a) => a !== 'Retry') };
    this.logLine(`deep review ended: ${failure.kind}: ${failure.message}`);
    void this.show(presentation.level, presentation.message, presentation.actions).then((choice) =>
      this.act(choice, presentation, retry),
    );
    return { message: presentation.message, actions: presentation.actions };
  }

  private async act(
    choice: FailureAction | undefined,
    presentation: FailurePresentation,
    retry: (() => void) | undefined,
  ): Promise<void> {
    switch (choice) {
      case 'Set API Key':
        await vscode.commands.executeCommand('scalingAssistant.setApiKey');
        return;
      case 'Open Settings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'scalingAssistant.ai');
        return;
      case 'Show Log':
        log().show(true);
        return;
      case 'Manage Workspace Trust':
        await vscode.commands.executeCommand('workbench.trust.manage');
        return;
      case 'Retry': {
        const wait = presentation.retryAfterSeconds;
        if (wait && wait > 0) await waitWithProgress(wait);
        retry?.();
        return;
      }
      default:
        return;
    }
  }

  private showSuccess(
    document: vscode.TextDocument,
    result: ReviewSuccess,
    placed: number,
    unplaced: UnplacedItem[],
  ): { message: string; actions: string[] } {
    const where = vscode.workspace.asRelativePath(document.uri);
    const found =
      placed === 0
        ? `Claude (${result.model}) found nothing to add to the static review of ${where}`
        : `Claude (${result.model}): ${placed} finding${placed === 1 ? '' : 's'} in ${where}, shown with source “Claude”`;
    // Edits the guard refused as destructive are said apart from findings that merely could not be placed.
    const refused = unplaced.filter((item) => item.refused).length;
    const notPlaced = unplaced.length - refused;
    const lost = [
      notPlaced ? `${notPlaced} finding${notPlaced === 1 ? '' : 's'} could not be placed` : '',
      refused ? `${refused} edit${refused === 1 ? '' : 's'} refused as destructive` : '',
    ].filter(Boolean);
    const message = `${found}${lost.length ? `; ${lost.join(', ')}: see log` : ''}.`;
    const actions = unplaced.length || result.summary ? ['Show Log'] : [];
    if (placed > 0) actions.unshift('Show Problems');
    void this.show('info', message, actions).then((choice) => {
      if (choice === 'Show Log') log().show(true);
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return { message, actions };
  }

  private show<T extends string>(
    level: 'info' | 'warning' | 'error',
    message: string,
    actions: T[],
  ): Thenable<T | undefined> {
    return this.ui.show(level, message, actions);
  }

  private logOutcome(result: ReviewSuccess, placed: number, unplaced: readonly UnplacedItem[]): void {
    const usage = result.usage
      ? `, ${result.usage.inputTokens} input and ${result.usage.outputTokens} output tokens (measured by the service)`
      : '';
    this.logLine(
      `Claude answered (${result.model}${usage}): ${placed} finding(s) shown, ${unplaced.length} not placed`,
    );
    // The AI layer logged what it could not place; these are the ones the editor could not (the text changed).
    for (const item of unplaced.slice(result.unplaced.length))
      this.logLine(
        `  not placed: ${item.title}: ${item.reason}${item.explanation ? `\n    ${item.explanation.replace(/\n/g, '\n    ')}` : ''}`,
      );
    if (result.summary) this.logLine(`summary by Claude:\n${result.summary}`);
  }

  private logLine(line: string): void {
    this.ui.log(line);
  }

  /** Cancels every request in progress, as the notification's Cancel button does; how many there were. */
  cancelAll(): number {
    const count = this.running.size;
    for (const controller of this.running) controller.abort();
    return count;
  }

  dispose(): void {
    this.cancelAll();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Nothing of the key survives in what is shown or kept, even if a layer below let it through. */
function scrubResult(result: ReviewResult, scrub: (text: string) => string): ReviewResult {
  if (result.ok) return result;
  const failure = { ...result.failure, message: scrub(result.failure.message) } as AiFailure;
  return { ...result, failure };
}

function waitWithProgress(seconds: number): Thenable<void> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Deep review with Claude: retrying in {0} s, as the service asked', Math.ceil(seconds)),
      cancellable: false,
    },
    () => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000)),
  );
}

function capText(text: string, limit: number): string {
  return text.length <= limit
    ? text
    : `${text.slice(0, limit)}\n\n… (the rest of the roadmap is left out: ${(text.length - limit).toLocaleString('en-US')} more characters)`;
}

function plainRange(range: vscode.Range): Range {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** The documents a deep review can take to this assistant: a folder planner's are the modules it plans. */
function reviewedLanguages(assistant: AssistantDescriptor): readonly string[] {
  return assistant.id === 'decomposition' ? PLANNED_LANGUAGES : assistant.languageIds;
}

function capitalise(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

/** What the SQL facts take of the measured advice: its engine and its statements. */
function cachedAdvice(entry: AdviceEntry<SqlAdviceReport> | undefined): CachedAdvice | undefined {
  return entry && { engineLabel: entry.engineLabel, statements: entry.report.statements };
}
