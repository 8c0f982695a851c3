import * as vscode from 'vscode';
import { loadAssistant } from '../../assistants/catalog';
import type { EngineDescription, ReportStatement, SqlAdviceReport } from '../../assistants/sql/contract';
import { engineLabel, isSchemaPath, sqlSettings } from '../../assistants/sql/contract';
import type { AdviceResult, Assistant, RewriteVerdict } from '../../core/assistant';
import { TimeBudget, isCancelled } from '../../core/budget';
import type { Range } from '../../core/finding';
import { log } from '../log';
import type { AdviceEntry, MeasuredAdvice } from '../measured-advice';
import type { EditorServices } from '../services';
import { analysisConfigFor, assistantSettingsFor } from '../settings';
import { redactPassword } from './common/database-url';
import { failureMessage } from './common/failure';
import type { AdviceSettings } from './settings';
import { adviseSecrets, adviseSettingsPayload, readAdviceSettings } from './settings';
import { assistantName } from '../../core/assistant-names';

/** The query optimizer's measured advice of one document version, as the shell keeps it. */
export type SqlAdviceEntry = AdviceEntry<SqlAdviceReport>;

export type AdviceOutcome =
  | { status: 'advised'; entry: SqlAdviceEntry }
  /** Nothing to measure with: Restricted Mode, sandbox off and no server, or an engine without `advise`. */
  | { status: 'unavailable'; message: string }
  | { status: 'cancelled'; message: string }
  | { status: 'failed'; message: string };

/**
 * Runs the query optimizer's measured review (`advise`: the PGlite sandbox in a worker, or a server) for a
 * document or a selection, with a cancellable progress notification, and stores the result in the shell's
 * measured advice (per document version), whose findings the shell merges into the static ones: they show in
 * the Problems view and carry their fixes into the lightbulb. An edit makes the advice stale: the shell drops
 * it, a run in progress for that document is cancelled here, the static findings stay.
 */
export class SqlAdviceService implements vscode.Disposable {
  private readonly running = new Map<string, { controller: AbortController; reason?: string }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly advice: MeasuredAdvice;
  private readonly analysis: EditorServices['analysis'];
  /** Fires when advice is stored or dropped (the status item listens). */
  readonly onDidChange: vscode.Event<unknown>;
  /** The engine finished at least one run in this session: the sandbox is warm. */
  private warm = false;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    services: EditorServices,
  ) {
    this.advice = services.advice;
    this.analysis = services.analysis;
    this.onDidChange = (listener, thisArgs, disposables) =>
      this.advice.onDidChange(
        (change) => change.assistant === 'sql' && listener.call(thisArgs, change),
        undefined,
        disposables,
      );
    const schemaChanged = (uris: readonly vscode.Uri[]) => {
      if (uris.some((uri) => isSchemaFile(uri))) this.invalidateAll(vscode.l10n.t('the schema changed'));
    };
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.invalidate(event.document.uri, vscode.l10n.t('the document changed while it was being measured'));
        schemaChanged([event.document.uri]);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) =>
        this.invalidate(doc.uri, vscode.l10n.t('the document was closed')),
      ),
      // Advice was measured against the schema as it was: a new migration (the index fix itself) or an
      // edited one makes it stale everywhere.
      vscode.workspace.onDidCreateFiles((event) => schemaChanged(event.files)),
      vscode.workspace.onDidDeleteFiles((event) => schemaChanged(event.files)),
      vscode.workspace.onDidRenameFiles((event) => schemaChanged(event.files.flatMap((f) => [f.oldUri, f.newUri]))),
    );
  }

  get isWarm(): boolean {
    return this.warm;
  }

  /** The advice of this document's current version, if any. */
  entryFor(document: vscode.TextDocument): SqlAdviceEntry | undefined {
    return this.advice.entryFor(document, 'sql');
  }

  /** The advised statement under `position` in the current version. */
  statementAt(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): { entry: SqlAdviceEntry; statement: ReportStatement; index: number } | undefined {
    const entry = this.entryFor(document);
    if (!entry) return undefined;
    const offset = document.offsetAt(position);
    const statements = entry.report.statements;
    const index = statements.findIndex((s) => offset >= s.start && offset <= s.end);
    return index < 0 ? undefined : { entry, statement: statements[index], index };
  }

  /**
   * Measures the statements overlapping `selection` (all of the document when undefined) and publishes
   * the result. A second request for the same document cancels the first.
   */
  async advise(document: vscode.TextDocument, selection: Range | undefined): Promise<AdviceOutcome> {
    if (!vscode.workspace.isTrusted) {
      return {
        status: 'unavailable',
        message: vscode.l10n.t(
          'Restricted Mode: only static analysis runs (no sandbox, no database). Trust the workspace for measured advice.',
        ),
      };
    }
    const settings = readAdviceSettings(document.uri);
    if (settings.databaseError) return { status: 'failed', message: settings.databaseError };
    if (!settings.database && !settings.sandboxEnabled) {
      return {
        status: 'unavailable',
        message: vscode.l10n.t(
          'Measured advice is off: scalingAssistant.sql.sandbox.enabled is false and no scalingAssistant.sql.databaseUrl is set.',
        ),
      };
    }
    const engine = await loadAssistant('sql').catch((error: unknown) => error as Error);
    if (engine instanceof Error)
      return {
        status: 'failed',
        message: vscode.l10n.t('The {0} could not be loaded: {1}', assistantName('sql', vscode.l10n.t), engine.message),
      };
    if (!engine.advise)
      return {
        status: 'unavailable',
        message: vscode.l10n.t(
          'Measured advice (sandbox or server plans) is not available in this build of the query optimizer.',
        ),
      };

    const key = document.uri.toString();
    const previous = this.running.get(key);
    if (previous) {
      previous.reason ??= vscode.l10n.t('a newer request for this document replaced it');
      previous.controller.abort();
    }
    const run = { controller: new AbortController(), reason: undefined as string | undefined };
    this.running.set(key, run);
    const version = document.version;
    const where = vscode.workspace.asRelativePath(document.uri);
    const description = describeEngine(settings);
    const password = (await adviseSecrets(settings, this.secrets)).databasePassword;
    const started = performance.now();
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Scaling Assistant: measuring {0} ({1})', where, engineLabel(description)),
          cancellable: true,
        },
        async (progress, token) => {
          const subscription = token.onCancellationRequested(() => {
            run.reason ??= 'cancelled';
            run.controller.abort();
          });
          try {
            progress.report({
              message: settings.database
                ? vscode.l10n.t('connecting to {0}', settings.database.label)
                : this.warm
                  ? vscode.l10n.t('planning')
                  : vscode.l10n.t('starting the PGlite sandbox'),
            });
            return await this.runAdvise(
              engine.advise!.bind(engine),
              document,
              selection,
              settings,
              run.controller.signal,
              (message) => progress.report({ message }),
            );
          } finally {
            subscription.dispose();
          }
        },
      );
      if (run.controller.signal.aborted) return { status: 'cancelled', message: cancelledMessage(run.reason) };
      if (document.isClosed || document.version !== version) {
        return { status: 'cancelled', message: cancelledMessage('the document changed while it was being measured') };
      }
      if (description.kind === 'pglite') this.warm = true;
      const { statements } = result.report;
      const rows = statements.flatMap((s) => s.suggestions).find((s) => s.measured)?.measured?.rows;
      const entry: SqlAdviceEntry = {
        uri: key,
        version,
        report: result.report,
        findings: result.findings,
        errors: result.errors.map((e) => ({ ...e, message: redactPassword(e.message, password) })),
        engineLabel: engineLabel(
          description,
          statements.find((s) => s.plan)?.plan,
          description.kind === 'pglite' ? rows : undefined,
        ),
        elapsedMs: performance.now() - started,
      };
      log().info(
        `query optimizer: ${where}: measured advice in ${entry.elapsedMs.toFixed(0)} ms (${entry.engineLabel}): ${statements.length} statement(s), ${entry.findings.length} finding(s)`,
      );
      for (const error of entry.errors) log().info(`query optimizer: ${where}: ${error.message}`);
      for (const note of statements.flatMap((s) => s.notes)) log().info(`query optimizer: ${where}: ${note}`);
      await this.advice.set('sql', entry);
      return { status: 'advised', entry };
    } catch (error) {
      if (run.controller.signal.aborted || isCancelled(error) || isAbort(error))
        return { status: 'cancelled', message: cancelledMessage(run.reason) };
      const message = failureMessage(error, settings, password);
      log().error(`query optimizer: ${where}: ${message}`);
      return { status: 'failed', message };
    } finally {
      if (this.running.get(key) === run) this.running.delete(key);
    }
  }

  private async runAdvise(
    advise: NonNullable<Assistant<SqlAdviceReport>['advise']>,
    document: vscode.TextDocument,
    selection: Range | undefined,
    settings: AdviceSettings,
    signal: AbortSignal,
    onProgress: (message: string) => void,
  ): Promise<AdviceResult<SqlAdviceReport>> {
    const config = analysisConfigFor(document.uri);
    // The measured review is long by nature (sandbox start, synthetic rows, timed runs): its bound is the
    // statement timeout per step and the Cancel button, not the keystroke budget of the static pass.
    const budgetMs = Math.max(config.budgetMs, 10 * 60_000);
    return advise(
      { file: document.uri.toString(), text: document.getText(), languageId: document.languageId },
      {
        config,
        budget: new TimeBudget(budgetMs, signal),
        signal,
        workspace: this.analysis.workspaceFiles(),
        settings: adviseSettingsPayload(settings, document.uri),
        secrets: await adviseSecrets(settings, this.secrets),
        selection,
        onProgress,
      },
    );
  }

  /**
   * A rewrite proposed from outside (Claude's), checked by the query optimizer: it parses with PostgreSQL's
   * grammar and returns the same rows as the original on the sandbox's data (edge cases included). Runs on the
   * same engine and settings as the measured advice; the signal stops it.
   */
  async verifyRewrite(
    document: vscode.TextDocument,
    text: string,
    range: Range,
    newText: string,
    signal: AbortSignal,
  ): Promise<RewriteVerdict> {
    const engine = await loadAssistant('sql');
    const config = analysisConfigFor(document.uri);
    if (!engine.verifyRewrite) {
      // No equivalence check in this build: the rewrite must at least parse with the real PostgreSQL grammar.
      const parsed = await engine.analyze(
        { file: 'claude-rewrite.sql', text: newText, languageId: 'sql' },
        { config, budget: new TimeBudget(config.budgetMs, signal), signal, settings: {} },
      );
      const parseError = parsed.errors.find((e) => e.kind === 'parse');
      return parseError
        ? { parses: false, equivalent: null, note: parseError.message }
        : {
            parses: true,
            equivalent: null,
            note: 'this build of the query optimizer parses rewrites but does not compare their rows',
          };
    }
    const settings = readAdviceSettings(document.uri);
    return engine.verifyRewrite(
      { file: document.uri.toString(), text, languageId: document.languageId },
      range,
      newText,
      {
        config,
        budget: new TimeBudget(Math.max(config.budgetMs, 120_000), signal),
        signal,
        workspace: this.analysis.workspaceFiles(),
        settings: adviseSettingsPayload(settings, document.uri),
        secrets: await adviseSecrets(settings, this.secrets),
      },
    );
  }

  /** Cancels a run in progress for the document and drops its advice (its measured findings go, the static stay). */
  invalidate(uri: vscode.Uri, reason: string): void {
    const run = this.running.get(uri.toString());
    if (run) {
      run.reason ??= reason;
      run.controller.abort();
    }
    void this.advice.delete(uri, 'sql');
  }

  private invalidateAll(reason: string): void {
    const keys = new Set([...this.advice.urisOf('sql').map((uri) => uri.toString()), ...this.running.keys()]);
    for (const key of keys) this.invalidate(vscode.Uri.parse(key), reason);
  }

  dispose(): void {
    for (const run of this.running.values()) run.controller.abort();
    this.running.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** A file the query optimizer reads the schema from, by the engine's own rule, without loading the engine. */
function isSchemaFile(uri: vscode.Uri): boolean {
  return isSchemaPath(uri.path, sqlSettings(assistantSettingsFor('sql', uri)));
}

function describeEngine(settings: AdviceSettings): EngineDescription {
  // With per-table overrides no single count is true of every table: the label then takes the count from a measurement.
  const uniform = Object.keys(settings.rowsPerTable).length === 0;
  return settings.database
    ? { kind: 'postgresql', server: settings.database.label }
    : { kind: 'pglite', rows: uniform ? settings.rows : undefined };
}

function cancelledMessage(reason: string | undefined): string {
  return !reason || reason === 'cancelled'
    ? vscode.l10n.t('Measurement cancelled; static findings are unchanged.')
    : vscode.l10n.t('Measurement cancelled: {0}. Run it again on the current text.', reason);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || /\baborted\b/i.test(error.message));
}
