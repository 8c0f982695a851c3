import type { Catalog } from '../schema';
import type { SqlSettings } from '../settings';
import type { PlanEngine } from '../plan-engine/types';
import { DATABASE_PASSWORD_SECRET } from '../settings';

/**
 * The plan engine behind `advise`, kept warm between requests: starting PGlite and loading synthetic rows
 * takes seconds, so one sandbox serves every request on the same schema, row settings and tables (a request
 * for tables not loaded yet reloads with the union). A configured database URL uses the real server
 * instead. Engines load lazily (their own chunks): no PGlite or `pg` until advice is asked for.
 */

export interface EngineRequest {
  catalog: Catalog;
  tables: readonly string[];
  settings: SqlSettings;
  secrets?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

interface Current {
  key: string;
  tables: Set<string>;
  engine: Promise<PlanEngine>;
}

const catalogIds = new WeakMap<Catalog, number>();
let nextCatalogId = 1;

function catalogId(catalog: Catalog): number {
  let id = catalogIds.get(catalog);
  if (id === undefined) {
    id = nextCatalogId++;
    catalogIds.set(catalog, id);
  }
  return id;
}

export class EngineProvider {
  private current?: Current;

  async acquire(request: EngineRequest): Promise<PlanEngine> {
    const { settings } = request;
    if (settings.databaseUrl) return this.server(request);
    const key = `sandbox|${catalogId(request.catalog)}|${settings.rows}|${JSON.stringify(settings.rowsPerTable ?? {})}|${settings.statementTimeoutMs}`;
    const current = this.current;
    if (current && current.key === key && request.tables.every((t) => current.tables.has(t))) {
      try {
        return await current.engine;
      } catch {
        // A failed or cancelled load is not reused: start again below.
      }
    }
    const tables = new Set(request.tables);
    if (current?.key === key) for (const t of current.tables) tables.add(t);
    // The shared worker keeps its database warm; only a server connection needs closing here.
    if (current && !current.key.startsWith('sandbox|')) await this.dispose();
    const engine = (async () => {
      const { openSandbox } = await import('../sandbox/index');
      return openSandbox({
        catalog: request.catalog,
        tables: [...tables],
        rows: settings.rows,
        rowsPerTable: settings.rowsPerTable,
        statementTimeoutMs: settings.statementTimeoutMs,
        loadTimeoutMs: settings.sandboxLoadTimeoutMs,
        signal: request.signal,
        onProgress: request.onProgress,
      });
    })();
    const entry: Current = { key, tables, engine };
    this.current = entry;
    engine.catch(() => {
      if (this.current === entry) this.current = undefined;
    });
    return engine;
  }

  private async server(request: EngineRequest): Promise<PlanEngine> {
    const { settings } = request;
    const key = `server|${settings.databaseUrl}|${settings.analyzeOnServer}|${settings.statementTimeoutMs}|${settings.analyzeWithPrivilegedRole.join(',')}`;
    const current = this.current;
    if (current?.key === key) {
      try {
        const reused = await current.engine;
        // The role's rights may have changed since the connection opened: read them again for this run.
        await reused.refreshRole?.(request.signal);
        return reused;
      } catch {
        // Reconnect below.
      }
    }
    await this.dispose();
    const engine = (async () => {
      const { openServerEngine } = await import('../server/engine');
      return openServerEngine(
        { url: settings.databaseUrl!, password: request.secrets?.[DATABASE_PASSWORD_SECRET] },
        {
          analyze: settings.analyzeOnServer,
          analyzeWithPrivilegedRole: settings.analyzeWithPrivilegedRole,
          statementTimeoutMs: settings.statementTimeoutMs,
          applicationName: 'scaling-assistant advise',
          signal: request.signal,
        },
      );
    })();
    const entry: Current = { key, tables: new Set(), engine };
    this.current = entry;
    engine.catch(() => {
      if (this.current === entry) this.current = undefined;
    });
    // The engine closes itself when its signal aborts (a cancel, the run's time limit): not reused then.
    request.signal?.addEventListener(
      'abort',
      () => {
        if (this.current === entry) this.current = undefined;
      },
      { once: true },
    );
    return engine;
  }

  /** Closes the current engine; `all` also stops the shared sandbox worker (the process is done with it). */
  async dispose(all = false): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (current) {
      try {
        await (await current.engine).close();
      } catch {
        // Never opened, or already gone.
      }
    }
    if (all) {
      const { disposeSandbox } = await import('../sandbox/index');
      await disposeSandbox();
    }
  }
}
