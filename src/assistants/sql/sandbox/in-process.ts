import { abortError } from '../plan-engine/abort';
import type { ExplainOptions, IndexCandidate, PlanEngine, PlanSummary, RowsOptions } from '../plan-engine/types';
import { loadSqlParser } from '../parser';
import type { Catalog } from '../schema';
import { buildSandboxSchema } from './catalog-spec';
import { SandboxDatabase } from './database';
import type { LoadReport, RowSettings } from './schema-spec';

/** What to build: the workspace catalog, which tables, how many rows. */
export interface SandboxSetup {
  catalog: Catalog;
  /** Table keys (`public.orders`) or names the statements read; their parents come along. Default: all. */
  tables?: readonly string[];
  /** Synthetic rows per table (default of the setting `rows`, 100,000). */
  rows: number;
  rowsPerTable?: Readonly<Record<string, number>>;
  /** Rows per table of the edge-case dataset (default 12). */
  edgeRows?: number;
  /** Per-statement timeout, ms (statement_timeout inside the sandbox; the worker is also stopped past it). */
  statementTimeoutMs?: number;
  /**
   * Longest time starting PGlite and loading the schema and rows may take, ms: past it the worker is stopped
   * and the load fails (a CHECK or DEFAULT calling a slow function would otherwise hang it). Worker only.
   */
  loadTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export type SandboxEngine = PlanEngine & {
  readonly kind: 'pglite';
  readonly loadReport: LoadReport;
};

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw sandboxAborted();
}

/** The sandbox's cancellation (client.ts rejects its pending requests with it too). */
export function sandboxAborted(): Error {
  return abortError('sandbox request cancelled');
}

/**
 * The sandbox on the caller's own thread: PGlite started here, schema and data loaded, a PlanEngine over
 * it. Blocks the thread while PGlite works, so the extension and the CLI use `openSandbox` (a worker);
 * tests and the worker itself use this. A request cannot be interrupted mid-statement here: a signal is
 * honoured between statements.
 */
export async function openInProcessDatabase(setup: SandboxSetup): Promise<SandboxEngine> {
  throwIfAborted(setup.signal);
  await loadSqlParser();
  const schema = buildSandboxSchema(setup.catalog, setup.tables);
  setup.onProgress?.('starting PGlite');
  const db = await SandboxDatabase.start();
  try {
    throwIfAborted(setup.signal);
    const settings: RowSettings = { rows: setup.rows, rowsPerTable: setup.rowsPerTable, edgeRows: setup.edgeRows };
    const report = await db.load(schema, settings, setup.onProgress);
    return databaseEngine(db, report, setup.statementTimeoutMs);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** A PlanEngine over a loaded SandboxDatabase. */
export function databaseEngine(db: SandboxDatabase, loadReport: LoadReport, timeoutMs?: number): SandboxEngine {
  return {
    kind: 'pglite',
    loadReport,
    explain(sql: string, options: ExplainOptions): Promise<PlanSummary> {
      throwIfAborted(options.signal);
      return db.explain(sql, { analyze: options.analyze, params: options.params, timeoutMs });
    },
    explainWithIndex(index: IndexCandidate, sql: string, options: ExplainOptions): Promise<PlanSummary> {
      throwIfAborted(options.signal);
      return db.explainWithIndex(index, sql, { analyze: options.analyze, params: options.params, timeoutMs });
    },
    explainWithIndexes(indexes: readonly IndexCandidate[], sql: string, options: ExplainOptions): Promise<PlanSummary> {
      throwIfAborted(options.signal);
      return db.explainWithIndexes(indexes, sql, { analyze: options.analyze, params: options.params, timeoutMs });
    },
    rows(sql: string, options: RowsOptions = {}): Promise<unknown[][]> {
      throwIfAborted(options.signal);
      return db.rows(sql, { params: options.params, dataset: options.dataset, seeds: options.seeds, timeoutMs });
    },
    tableRows: (table: string) => db.tableRows(table),
    close: () => db.close(),
  };
}
