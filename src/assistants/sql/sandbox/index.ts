import { createHash } from 'node:crypto';
import type { ExplainOptions, IndexCandidate, PlanSummary, RowsOptions } from '../plan-engine/types';
import { loadSqlParser } from '../parser';
import { DEFAULT_SQL_SETTINGS } from '../settings';
import { buildSandboxSchema } from './catalog-spec';
import type { CallOptions } from './client';
import { NotLoadedError, SandboxClient } from './client';
import type { SandboxEngine, SandboxSetup } from './in-process';
import type { LoadReport, RowSettings } from './schema-spec';

/**
 * The embedded PostgreSQL sandbox: PGlite in a worker thread with the workspace schema and synthetic
 * rows, as a PlanEngine. `openSandbox` reuses the warm worker and its database while the schema and row
 * settings are unchanged; `disposeSandbox` stops it (deactivate, tests).
 */

export type { SandboxEngine, SandboxSetup } from './in-process';
export { openInProcessDatabase } from './in-process';
export type { LoadReport } from './schema-spec';

let client: SandboxClient | undefined;
let idleMinutes = 10;

function shared(): SandboxClient {
  client ??= new SandboxClient(idleMinutes * 60_000);
  return client;
}

/** Minutes without requests after which the worker (and its memory) is released. */
export function configureSandbox(options: { idleMinutes?: number }): void {
  if (options.idleMinutes !== undefined && options.idleMinutes > 0) {
    idleMinutes = options.idleMinutes;
    client?.setIdleMs(idleMinutes * 60_000);
  }
}

export async function disposeSandbox(): Promise<void> {
  const current = client;
  client = undefined;
  await current?.dispose();
}

/** The shared worker client (tests: its `crash` hook; benchmarks). */
export function sandboxClient(): SandboxClient {
  return shared();
}

/** Worker starts so far and the last spawn time (benchmark, tests). */
export function sandboxStats(): { starts: number; lastSpawnMs?: number; loaded: boolean } {
  return {
    starts: client?.starts ?? 0,
    lastSpawnMs: client?.lastSpawnMs,
    loaded: client?.loadedFingerprint !== undefined,
  };
}

/** Default per-request timeout when the setup gives none: generous, it also covers building a GIN index. */
const DEFAULT_TIMEOUT_MS = 60_000;

export async function openSandbox(setup: SandboxSetup): Promise<SandboxEngine> {
  await loadSqlParser();
  const schema = buildSandboxSchema(setup.catalog, setup.tables);
  const settings: RowSettings = { rows: setup.rows, rowsPerTable: setup.rowsPerTable, edgeRows: setup.edgeRows };
  const fingerprint = createHash('sha256').update(JSON.stringify({ schema, settings })).digest('hex');
  const loadTimeoutMs = setup.loadTimeoutMs ?? DEFAULT_SQL_SETTINGS.sandboxLoadTimeoutMs;
  const load = async (options: CallOptions): Promise<LoadReport> => {
    const report = (await shared().call(
      { op: 'load', schema, settings, fingerprint },
      {
        ...options,
        timeoutMs: loadTimeoutMs,
        timeoutMessage: `the sandbox did not finish starting and loading the schema and synthetic rows within ${loadTimeoutMs} ms and was stopped: a CHECK or DEFAULT in the schema may call something slow, or the tables have too many rows (lower scalingAssistant.sql.sandbox.rows, or raise scalingAssistant.sql.sandbox.loadTimeoutMs)`,
      },
    )) as LoadReport;
    if (!report.reused) report.workerMs = shared().lastSpawnMs;
    return report;
  };
  let loadReport = await load({ signal: setup.signal, onProgress: setup.onProgress });
  const timeoutMs = setup.statementTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  /**
   * Runs a request; when the worker restarted or holds another load, reloads once and retries. The shared
   * client is looked up per request, so a handle outlives disposeSandbox() (the next request starts a worker).
   */
  const loaded = async <T>(signal: AbortSignal | undefined, run: () => Promise<unknown>): Promise<T> => {
    if (shared().loadedFingerprint !== fingerprint) loadReport = await load({ signal, onProgress: setup.onProgress });
    try {
      return (await run()) as T;
    } catch (error) {
      if (!(error instanceof NotLoadedError)) throw error;
      loadReport = await load({ signal, onProgress: setup.onProgress });
      return (await run()) as T;
    }
  };
  const withIndexes = (indexes: readonly IndexCandidate[], sql: string, options: ExplainOptions) =>
    loaded<PlanSummary>(options.signal, () =>
      // Building the indexes is not the statement: they get a timeout of their own on top.
      shared().call(
        {
          op: 'explainWithIndexes',
          fingerprint,
          indexes: [...indexes],
          sql,
          request: { analyze: options.analyze, params: options.params, timeoutMs },
        },
        { signal: options.signal, timeoutMs: timeoutMs * (1 + indexes.length) },
      ),
    );
  return {
    kind: 'pglite',
    get loadReport() {
      return loadReport;
    },
    explain: (sql: string, options: ExplainOptions) =>
      loaded<PlanSummary>(options.signal, () =>
        shared().call(
          { op: 'explain', fingerprint, sql, request: { analyze: options.analyze, params: options.params, timeoutMs } },
          { signal: options.signal, timeoutMs },
        ),
      ),
    explainWithIndex: (index: IndexCandidate, sql: string, options: ExplainOptions) =>
      withIndexes([index], sql, options),
    explainWithIndexes: (indexes: readonly IndexCandidate[], sql: string, options: ExplainOptions) =>
      withIndexes(indexes, sql, options),
    rows: (sql: string, options: RowsOptions = {}) =>
      loaded<unknown[][]>(options.signal, () =>
        shared().call(
          {
            op: 'rows',
            fingerprint,
            sql,
            request: { params: options.params, dataset: options.dataset, seeds: options.seeds, timeoutMs },
          },
          { signal: options.signal, timeoutMs },
        ),
      ),
    tableRows: async (table: string) => {
      const rows = loadReport.rows;
      return (
        rows[table] ??
        rows[`public.${table}`] ??
        Object.entries(rows).find(([key]) => key.split('.').pop() === table)?.[1]
      );
    },
    // The worker is shared and kept warm for the next handle; disposeSandbox() ends it.
    close: async () => undefined,
  };
}
