import * as vscode from 'vscode';
import { configuredDatabaseUrl, databasePassword } from './database-password';
import type { DatabaseUrl } from './common/database-url';
import { parseDatabaseUrl } from './common/database-url';
import { SECTION, assistantSettingsFor } from '../settings';

/** Bounds of the measured review's settings, the same as package.json declares. */
export const ROWS_MIN = 100;
export const ROWS_MAX = 5_000_000;
export const DEFAULT_ROWS = 100_000;
export const TIMEOUT_MIN_MS = 100;
export const TIMEOUT_MAX_MS = 600_000;
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface AdviceSettings {
  sandboxEnabled: boolean;
  rows: number;
  rowsPerTable: Record<string, number>;
  /** Undefined: no server configured, the sandbox answers. */
  database?: DatabaseUrl;
  /** Set when the URL setting is there but unusable. */
  databaseError?: string;
  analyzeOnServer: boolean;
  /** Databases (`user@host:port/database`) where the user confirmed EXPLAIN ANALYZE with a privileged role. */
  privilegedDatabases: string[];
  statementTimeoutMs: number;
  /** Starting the sandbox and loading its schema and rows. */
  sandboxLoadTimeoutMs?: number;
}

/** Where the user's confirmations of EXPLAIN ANALYZE with a privileged role are kept (user settings only). */
export const PRIVILEGED_SETTING = 'sql.analyzeWithPrivilegedRole';

/**
 * `scalingAssistant.sql.*` for a measured review. The server URL, ANALYZE on it and the databases where a
 * privileged role may run it are application-scoped and read from the user's settings only, so a workspace can
 * neither redirect the connection nor make the extension execute statements on a server.
 */
export function readAdviceSettings(scope: vscode.ConfigurationScope | undefined): AdviceSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const rawUrl = configuredDatabaseUrl();
  const parsed = rawUrl ? parseDatabaseUrl(rawUrl) : undefined;
  const user = vscode.workspace.getConfiguration(SECTION);
  const analyze = user.inspect<boolean>('sql.analyzeOnServer')?.globalValue;
  const privileged = user.inspect<unknown>(PRIVILEGED_SETTING)?.globalValue;
  const loadTimeout = config.get<unknown>('sql.sandbox.loadTimeoutMs');
  return {
    sandboxEnabled: config.get<boolean>('sql.sandbox.enabled') !== false,
    rows: clampInt(config.get<unknown>('sql.sandbox.rows'), ROWS_MIN, ROWS_MAX, DEFAULT_ROWS),
    rowsPerTable: rowsPerTable(config.get<unknown>('sql.sandbox.rowsPerTable')),
    database: parsed && !('error' in parsed) ? parsed : undefined,
    databaseError: parsed && 'error' in parsed ? parsed.error : undefined,
    analyzeOnServer: analyze === true,
    privilegedDatabases: Array.isArray(privileged) ? privileged.filter((d): d is string => typeof d === 'string') : [],
    sandboxLoadTimeoutMs: typeof loadTimeout === 'number' ? loadTimeout : undefined,
    statementTimeoutMs: clampInt(
      config.get<unknown>('sql.statementTimeoutMs'),
      TIMEOUT_MIN_MS,
      TIMEOUT_MAX_MS,
      DEFAULT_TIMEOUT_MS,
    ),
  };
}

/**
 * What the engine's `advise` receives as `context.settings`: the sql section as the static pass sees it,
 * with the measured review's keys flattened and validated (the sandbox's `sandbox.rows` becomes `rows`).
 */
export function adviseSettingsPayload(
  settings: AdviceSettings,
  scope: vscode.ConfigurationScope | undefined,
): Record<string, unknown> {
  const base = assistantSettingsFor('sql', scope);
  delete base.sandbox;
  delete base.databaseUrl;
  return {
    ...base,
    sandbox: settings.sandboxEnabled,
    rows: settings.rows,
    rowsPerTable: settings.rowsPerTable,
    statementTimeoutMs: settings.statementTimeoutMs,
    analyzeOnServer: settings.analyzeOnServer,
    analyzeWithPrivilegedRole: settings.privilegedDatabases,
    ...(settings.sandboxLoadTimeoutMs !== undefined ? { sandboxLoadTimeoutMs: settings.sandboxLoadTimeoutMs } : {}),
    ...(settings.database ? { databaseUrl: settings.database.safe } : {}),
  };
}

/** `context.secrets`: the server password, when a server is configured and one is known. */
export async function adviseSecrets(
  settings: AdviceSettings,
  secrets: vscode.SecretStorage,
): Promise<Record<string, string>> {
  if (!settings.database) return {};
  const password = await databasePassword(secrets, settings.database);
  return password === undefined ? {} : { databasePassword: password };
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function rowsPerTable(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [table, rows] of Object.entries(value as Record<string, unknown>)) {
    if (table.trim() === '' || typeof rows !== 'number' || !Number.isFinite(rows)) continue;
    // Per-table counts may go below the global minimum (a lookup table of 5 rows) but never negative.
    out[table.trim()] = Math.min(ROWS_MAX, Math.max(0, Math.floor(rows)));
  }
  return out;
}

/** Keeps the user's confirmation for this database in their settings, so it is asked once. */
export async function confirmPrivilegedDatabase(database: string): Promise<void> {
  const user = vscode.workspace.getConfiguration(SECTION);
  const current = readAdviceSettings(undefined).privilegedDatabases;
  if (current.includes(database)) return;
  await user.update(PRIVILEGED_SETTING, [...current, database], vscode.ConfigurationTarget.Global);
}
