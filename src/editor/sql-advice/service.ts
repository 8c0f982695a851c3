import * as vscode from 'vscode';
import { descriptorFor, loadAssistant } from '../assistants/catalog';
import type { StatementAdvice } from '../assistants/sql/advice/types';
import type { AdviceResult, Assistant } from '../core/assistant';
import { TimeBudget, isCancelled } from '../core/budget';
import { applyConfig } from '../core/config';
import type { AnalysisError, AssistantId, Finding, Range } from '../core/finding';
import { compareFindings } from '../core/finding';
import type { DocumentAnalysis } from '../core/pipeline';
import { applySuppressions } from '../core/suppression';
import type { AnalysisService } from './analysis-service';
import { redactPassword } from './database-url';
import { log } from './log';
import type { EngineDescription } from './sql-advice-format';
import { engineLabel, failureMessage, statementsOf, withMeasuredMessage } from './sql-advice-format';
import type { AdviceSettings } from './sql-advice-settings';
import { adviseSecrets, adviseSettingsPayload, readAdviceSettings } from './sql-advice-settings';
import { globToRegExp, sqlSettings } from '../assistants/sql/settings';
import { analysisConfigFor, assistantSettingsFor } from './settings';

/** Measured advice of one document version. */
export interface AdviceEntry {
  uri: string;
  version: number;
  statements: StatementAdvice[];
  /** Findings with measured evidence (suppressions and rule settings applied). */
  findings: Finding[];
  errors: AnalysisError[];
  engine: EngineDescription;
  /** "PGlite sandbox, 100,000 synthetic rows". */
  engineLabel: string;
  elapsedMs: number;
}

export type AdviceOutcome =
  | { status: 'advised'; entry: AdviceEntry }
  /** Nothing to measure with: Restricted Mode, sandbox off and no server, or an engine without `advise`. */
  | { status: 'unavailable'; message: string }
  | { status: 'cancelled'; message: string }
  | { status: 'failed'; message: string };

/**
 * Runs the query optimizer's measured review (`advise`: the PGlite sandbox in a worker, or a server) for a
 * document or a selection, with a cancellable progress notification. Keeps the result per document
 * version and merges its findings into the static ones through AnalysisService's `enrich` hook, so they
 * show in the Problems view and carry their fixes into the lightbulb. An edit makes the advice stale: it
 * is dropped (and a run in progress for that document cancelled), the static findings stay.
 */
export class SqlAdviceService implements vscode.Disposable {
  private readonly entries = new Map<string, AdviceEntry>();
  private readonly running = new Map<string, { controller: AbortController; reason?: string }>();
  private readonly emitter = new vscode.EventEmitter<AdviceEntry | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** Fires when advice is stored or dropped (the status item listens). */
  readonly onDidChange = this.emitter.event;
  /** The engine finished at least one run in this session: the sandbox is warm. */
  private warm = false;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly analysis: AnalysisService,
  ) {
    const schemaChanged = (uris: readonly vscode.Uri[]) => {
      if (uris.some((uri) => isSchemaFile(uri))) this.invalidateAll('the schema changed');
    };
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.invalidate(event.document.uri, 'the document changed while it was being measured');
        schemaChanged([event.document.uri]);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.invalidate(doc.uri, 'the document was closed')),
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
  entryFor(document: vscode.TextDocument): AdviceEntry | undefined {
    const entry = this.entries.get(document.uri.toString());
    return entry && entry.version === document.version ? entry : undefined;
  }

  /** The advised statement under `position` in the current version. */
  statementAt(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): { entry: AdviceEntry; statement: StatementAdvice; index: number } | undefined {
    const entry = this.entryFor(document);
    if (!entry) return undefined;
    const offset = document.offsetAt(position);
    const index = entry.statements.findIndex((s) => offset >= s.start && offset <= s.end);
    return index < 0 ? undefined : { entry, statement: entry.statements[index], index };
  }

  /**
   * AnalysisService's hook: the static findings of a sql document plus the measured ones of the same
   * version. A measured finding replaces the static one of the same rule on the same span (it is the same
   * finding, now with evidence and fixes); the plan's own findings are added.
   */
  enrich(document: vscode.TextDocument, assistant: AssistantId, analysis: DocumentAnalysis): DocumentAnalysis {
    if (assistant !== 'sql') return analysis;
    const entry = this.entryFor(document);
    if (!entry || entry.findings.length === 0) return analysis;
    return { ...analysis, findings: mergeFindings(analysis.findings, entry.findings) };
  }

  /**
   * Measures the statements overlapping `selection` (all of the document when undefined) and publishes
   * the result. A second request for the same document cancels the first.
   */
  async advise(document: vscode.TextDocument, selection: Range | undefined): Promise<AdviceOutcome> {
    if (!vscode.workspace.isTrusted) {
      return {
        status: 'unavailable',
        message:
          'Restricted Mode: only static analysis runs (no sandbox, no database). Trust the workspace for measured advice.',
      };
    }
    const settings = readAdviceSettings(document.uri);
    if (settings.databaseError) return { status: 'failed', message: settings.databaseError };
    if (!settings.database && !settings.sandboxEnabled) {
      return {
        status: 'unavailable',
        message:
          'Measured advice is off: scalingAssistant.sql.sandbox.enabled is false and no scalingAssistant.sql.databaseUrl is set.',
      };
    }
    const engine = await loadAssistant('sql').catch((error: unknown) => error as Error);
    if (engine instanceof Error)
      return {
        status: 'failed',
        message: `The ${descriptorFor('sql').displayName} could not be loaded: ${engine.message}`,
      };
    if (!engine.advise)
      return {
        status: 'unavailable',
        message: 'Measured advice (sandbox or server plans) is not available in this build of the query optimizer.',
      };

    const key = document.uri.toString();
    const previous = this.running.get(key);
    if (previous) {
      previous.reason ??= 'a newer request for this document replaced it';
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
          title: `Scaling Assistant: measuring ${where} (${engineLabel(description)})`,
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
                ? `connecting to ${settings.database.label}`
                : this.warm
                  ? 'planning'
                  : 'starting the PGlite sandbox',
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
      const config = analysisConfigFor(document.uri);
      const statements = statementsOf(result.report);
      const rows = statements.flatMap((s) => s.suggestions).find((s) => s.measured)?.measured?.rows;
      const entry: AdviceEntry = {
        uri: key,
        version,
        statements,
        findings: applyConfig(applySuppressions(result.findings, document.getText()), config)
          .map(withMeasuredMessage)
          .sort(compareFindings),
        errors: result.errors.map((e) => ({ ...e, message: redactPassword(e.message, password) })),
        engine: description,
        engineLabel: engineLabel(
          description,
          statements.find((s) => s.plan)?.plan,
          description.kind === 'pglite' ? rows : undefined,
        ),
        elapsedMs: performance.now() - started,
      };
      this.entries.set(key, entry);
      log().info(
        `query optimizer: ${where}: measured advice in ${entry.elapsedMs.toFixed(0)} ms (${entry.engineLabel}): ${statements.length} statement(s), ${entry.findings.length} finding(s)`,
      );
      for (const error of entry.errors) log().info(`query optimizer: ${where}: ${error.message}`);
      for (const note of statements.flatMap((s) => s.notes)) log().info(`query optimizer: ${where}: ${note}`);
      this.emitter.fire(entry);
      await this.analysis.analyzeNow(document);
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
    advise: NonNullable<Assistant['advise']>,
    document: vscode.TextDocument,
    selection: Range | undefined,
    settings: AdviceSettings,
    signal: AbortSignal,
    onProgress: (message: string) => void,
  ): Promise<AdviceResult> {
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

  /** Drops a document's advice (its findings go at the next publish) and cancels a run in progress. */
  invalidate(uri: vscode.Uri, reason: string): void {
    const key = uri.toString();
    const run = this.running.get(key);
    if (run) {
      run.reason ??= reason;
      run.controller.abort();
    }
    if (this.entries.delete(key)) this.emitter.fire(undefined);
  }

  private invalidateAll(reason: string): void {
    for (const key of new Set([...this.entries.keys(), ...this.running.keys()]))
      this.invalidate(vscode.Uri.parse(key), reason);
  }

  dispose(): void {
    for (const run of this.running.values()) run.controller.abort();
    this.running.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/**
 * A file the query optimizer reads the schema from, by the same rule as its discovery (sql/settings.ts
 * globs when set; else migrations, schema*.sql, *.ddl.sql, db/), without loading the engine.
 */
function isSchemaFile(uri: vscode.Uri): boolean {
  const path = uri.path;
  if (!/\.(?:sql|psql|pgsql)$/i.test(path)) return false;
  const { schemaPaths } = sqlSettings(assistantSettingsFor('sql', uri));
  if (schemaPaths) return schemaPaths.some((glob) => globToRegExp(glob).test(path));
  return /(?:^|\/)(?:migrations?|migrate|db)\/|(?:^|\/)[^/]*schema[^/]*\.sql$|\.ddl\.sql$/i.test(path);
}

function describeEngine(settings: AdviceSettings): EngineDescription {
  // With per-table overrides no single count is true of every table: the label then takes the count from a measurement.
  const uniform = Object.keys(settings.rowsPerTable).length === 0;
  return settings.database
    ? { kind: 'postgresql', server: settings.database.label }
    : { kind: 'pglite', rows: uniform ? settings.rows : undefined };
}

/** Static findings with the measured ones laid over: same rule on the same span → the measured one wins. */
export function mergeFindings(staticFindings: readonly Finding[], measured: readonly Finding[]): Finding[] {
  const key = (f: Finding) =>
    `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
  const byKey = new Map<string, Finding>();
  for (const finding of staticFindings) byKey.set(key(finding), finding);
  for (const finding of measured) byKey.set(key(finding), finding);
  return [...byKey.values()].sort(compareFindings);
}

function cancelledMessage(reason: string | undefined): string {
  return !reason || reason === 'cancelled'
    ? 'Measurement cancelled; static findings are unchanged.'
    : `Measurement cancelled: ${reason}. Run it again on the current text.`;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || /\baborted\b/i.test(error.message));
}
