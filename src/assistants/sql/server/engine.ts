import type { Client, ClientConfig, QueryConfig, QueryResult } from 'pg';
import { summarizePlan } from '../plan-engine/plan';
import type { IndexCandidate, PlanEngine, PlanNode, PlanSummary } from '../plan-engine/types';
import { loadSqlParser } from '../parser';
import { sendCancelRequest } from './cancel';
import type { ServerConnection } from './connection';
import { ServerEngineError, checkConnectionUrl, connectError, connectionLabel, scrub, secretsOf } from './connection';
import type { ExecutionVerdict, Notice } from './execution-check';
import { checkExecution } from './execution-check';
import type { PrivilegedRole } from './role';
import { privilegedRole, ROLE_QUERY, ROLE_QUERY_VALUES, roleRefusal } from './role';
import type { CheckedStatement } from './statement';
import { checkIndexDdl, checkStatement } from './statement';

/**
 * Plans from a real PostgreSQL server, which it never changes:
 * - every statement runs inside `BEGIN TRANSACTION READ ONLY … ROLLBACK` with local statement, lock and
 *   idle-in-transaction timeouts, sent through the extended protocol (one statement per message, so even
 *   a text the parser misread cannot carry a second statement);
 * - before anything is planned, the server says what the statement calls (execution-check.ts):
 *   `EXPLAIN (ANALYZE, BUFFERS)` only when the user opted in, only for pure reads that call nothing but
 *   allowed built-ins (allow-list.ts), and with a privileged role only once the user confirmed it for this
 *   database (role.ts); everything else gets plain `EXPLAIN (FORMAT JSON)` and a note saying why, and a
 *   statement whose planning alone would run something not allowed is not planned at all; a write hidden
 *   anywhere is still stopped by the read-only transaction;
 * - what-if indexes through HypoPG when the database has it installed; it is never created from here;
 * - `$n` parameters without values: `EXPLAIN (GENERIC_PLAN)` on PostgreSQL 16+; before 16, `PREPARE` with
 *   `plan_cache_mode = force_generic_plan` and `EXPLAIN EXECUTE` with NULL arguments (the generic plan does
 *   not depend on them), then `DEALLOCATE`, since prepared statements outlive a rollback.
 */

export interface ServerEngineOptions {
  /** The user opted in to EXPLAIN ANALYZE on this server (it executes reads). */
  analyze: boolean;
  /**
   * Connection labels (`user@host:port/database`, see `connectionLabel`) for which the user confirmed
   * EXPLAIN ANALYZE with a privileged role (superuser, pg_signal_backend, server file and program roles).
   */
  analyzeWithPrivilegedRole?: readonly string[];
  statementTimeoutMs: number;
  applicationName?: string;
  /** Aborting closes the engine (and stops a connection attempt). */
  signal?: AbortSignal;
  /** Default 10 s. */
  connectTimeoutMs?: number;
}

export interface ServerPlanEngine extends PlanEngine {
  readonly kind: 'postgresql';
  /** HypoPG is installed in the database and callable: `explainWithIndex` is defined. */
  readonly hypopg: boolean;
  /** `server_version`, e.g. "15.18 (Debian 15.18-0+deb12u1)". */
  readonly serverVersion: string;
  /** `server_version_num`, e.g. 150018. */
  readonly serverVersionNum: number;
  /** Where it is connected, without the password: "app@db.example:5432/shop". */
  readonly label: string;
  /** `tableRows` are the planner's estimates (`pg_class.reltuples`), not counts. */
  readonly rowsAreEstimates: true;
  /** What the user should know about this server (HypoPG missing, ANALYZE off, a privileged role…). */
  readonly notes: readonly string[];
  /** Set when the role has rights beyond any transaction: `needsConfirmation` holds ANALYZE back. */
  readonly privilegedRole?: PrivilegedRole;
  /** Reads the role's rights again (a reused connection, before another run). */
  refreshRole(signal?: AbortSignal): Promise<void>;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/**
 * How long the server's account of what a statement calls is reused (the advisor plans the same text
 * several times): long enough for one statement's measurements, short enough that a function redefined
 * in between is looked at again.
 */
const VERDICT_TTL_MS = 60_000;
/** After a cancel request, how long the statement may take to stop before the connection is dropped. */
const CANCEL_GRACE_MS = 2_000;

type Explain = { analyze: boolean; signal?: AbortSignal; params?: readonly unknown[] };

export async function openServerEngine(
  connection: ServerConnection,
  options: ServerEngineOptions,
): Promise<ServerPlanEngine> {
  const url = checkConnectionUrl(connection.url);
  if (!(options.statementTimeoutMs > 0) || !Number.isFinite(options.statementTimeoutMs)) {
    throw new ServerEngineError(
      'config',
      `The statement timeout must be a positive number of milliseconds, got ${options.statementTimeoutMs}.`,
    );
  }
  if (options.signal?.aborted) throw new ServerEngineError('cancelled', 'Cancelled before connecting.');
  await loadSqlParser();
  const pg = await import('pg');
  const ClientClass = (pg.Client ?? (pg as unknown as { default: typeof pg }).default.Client) as typeof Client;
  const engine = new ServerEngine(ClientClass, connection, url, options);
  await engine.start();
  return engine;
}

class ServerEngine implements ServerPlanEngine {
  readonly kind = 'postgresql' as const;
  readonly rowsAreEstimates = true as const;
  readonly label: string;
  readonly notes: string[] = [];
  hypopg = false;
  privilegedRole?: PrivilegedRole;
  serverVersion = '';
  serverVersionNum = 0;
  explainWithIndex?: (index: IndexCandidate, sql: string, options: Explain) => Promise<PlanSummary>;

  private client: Client | undefined;
  private broken = false;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private hypopgSchema = '';
  private prepared = 0;
  private readonly verdicts = new Map<string, { verdict: ExecutionVerdict; at: number }>();
  /** Statements that undo session state once the current transaction has ended. */
  private readonly cleanup: string[] = [];
  private readonly secrets: string[];
  private readonly config: ClientConfig;
  private readonly timeouts: { statement: number; lock: number; idle: number };
  private readonly onEngineAbort = () => void this.close();

  constructor(
    private readonly ClientClass: typeof Client,
    connection: ServerConnection,
    url: URL,
    private readonly options: ServerEngineOptions,
  ) {
    this.label = connectionLabel(connection.url);
    this.secrets = secretsOf(connection);
    // The SecretStorage password replaces one in the URL. It goes into the URL handed to pg, since pg lets
    // a URL's (even empty) password win over a separate `password`; that URL is never shown.
    const target = new URL(url.href);
    const urlPassword = decodeURIComponent(target.password) || target.searchParams.get('password') || undefined;
    target.searchParams.delete('password');
    const password = connection.password ?? urlPassword;
    target.password = password !== undefined ? encodeURIComponent(password) : '';
    // sslmode as libpq (and so psql and every other client of the same URL) reads it: `require` encrypts
    // without checking the certificate, `verify-full` checks it. pg alone treats them all as verify-full.
    if (target.searchParams.has('sslmode') && !target.searchParams.has('uselibpqcompat'))
      target.searchParams.set('uselibpqcompat', 'true');
    this.config = {
      connectionString: target.href,
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      application_name: options.applicationName ?? 'scaling-assistant',
      keepAlive: true,
    };
    const statement = Math.max(1, Math.round(options.statementTimeoutMs));
    // A plan should never queue behind a migration's lock for long; the idle timeout ends the session on
    // the server if this side dies inside a transaction.
    this.timeouts = { statement, lock: Math.min(statement, 2_000), idle: statement + 10_000 };
  }

  /**
   * Reads the role's rights again before a reused connection serves another run: a role granted superuser or
   * `pg_signal_backend` since the connection opened must not run EXPLAIN ANALYZE unconfirmed.
   */
  async refreshRole(signal?: AbortSignal): Promise<void> {
    await this.exclusive(signal, (client) => this.readRole(client));
  }

  private async readRole(client: Client): Promise<void> {
    const rights = await this.readOnly(client, () =>
      this.query<{ role: string; superuser: boolean; member_of: string[] }>(client, ROLE_QUERY, [...ROLE_QUERY_VALUES]),
    );
    const { role, superuser, member_of: memberOf } = rights.rows[0];
    const previous = this.privilegedRole?.warning;
    this.privilegedRole = privilegedRole({ role, superuser, memberOf }, this.label, {
      analyze: this.options.analyze,
      confirmedDatabases: this.options.analyzeWithPrivilegedRole ?? [],
    });
    const at = previous === undefined ? -1 : this.notes.indexOf(previous);
    if (at >= 0) this.notes.splice(at, 1);
    if (this.privilegedRole) this.notes.push(this.privilegedRole.warning);
  }

  async start(): Promise<void> {
    this.options.signal?.addEventListener('abort', this.onEngineAbort, { once: true });
    try {
      await this.exclusive(this.options.signal, async (client) => {
        const info = await this.readOnly(client, () =>
          this.query<{ version: string; num: number; installed: string | null; available: boolean }>(
            client,
            `SELECT current_setting('server_version') AS version,
                    current_setting('server_version_num')::int AS num,
                    (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'hypopg') AS installed,
                    EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg') AS available`,
          ),
        );
        const row = info.rows[0];
        this.serverVersion = row.version;
        this.serverVersionNum = Number(row.num);
        await this.readRole(client);
        if (row.installed) await this.probeHypopg(client, row.installed);
        else if (row.available) {
          this.notes.push(
            `HypoPG is available on ${this.label} but not installed in this database: what-if indexes need it. A database owner can run CREATE EXTENSION hypopg; the assistant never creates it (that would be a write).`,
          );
        } else {
          this.notes.push(
            `HypoPG is not installed on ${this.label}: what-if indexes (plans as if an index existed) need the hypopg extension.`,
          );
        }
      });
    } catch (error) {
      await this.close();
      throw error;
    }
    if (!this.options.analyze)
      this.notes.push('EXPLAIN ANALYZE is off for this server: plans are estimates; opt in to measure reads.');
    if (this.serverVersionNum < 120000)
      this.notes.push(
        `PostgreSQL ${this.serverVersion} is older than 12: statements with $n parameters cannot be planned without values.`,
      );
  }

  /** HypoPG's functions must run inside a read-only transaction; a server where they cannot gets no what-if. */
  private async probeHypopg(client: Client, schema: string): Promise<void> {
    const qualified = `${quoteIdent(schema)}.`;
    try {
      await this.readOnly(client, () => this.query(client, `SELECT ${qualified}hypopg_reset()`));
    } catch (error) {
      this.notes.push(
        `HypoPG is installed on ${this.label} but cannot be used here: ${scrub(String((error as Error).message), this.secrets)}.`,
      );
      return;
    }
    this.hypopg = true;
    this.hypopgSchema = qualified;
    this.explainWithIndex = (index, sql, options) => this.planWithIndex(index, sql, options);
  }

  async explain(sql: string, options: Explain): Promise<PlanSummary> {
    const checked = checkStatement(sql);
    checkParameterValues(checked, options.params);
    return this.exclusive(options.signal, (client) =>
      this.readOnly(client, async () => {
        const verdict = await this.plannable(client, checked);
        const notExecuted = options.analyze && this.options.analyze ? this.executionRefusals(checked, verdict) : [];
        const analyze = options.analyze && this.options.analyze && notExecuted.length === 0;
        const plan = await this.planInTransaction(client, checked, analyze, options.params);
        if (notExecuted.length > 0)
          plan.notes = [
            ...(plan.notes ?? []),
            `not executed: ${notExecuted.join('; ')}. Planned with EXPLAIN only: the costs are estimates.`,
          ];
        return plan;
      }),
    );
  }

  private async planWithIndex(index: IndexCandidate, sql: string, options: Explain): Promise<PlanSummary> {
    const ddl = checkIndexDdl(index.ddl);
    // Hypothetical indexes exist only for the planner: EXPLAIN ANALYZE would run without them.
    const checked = checkStatement(sql);
    checkParameterValues(checked, options.params);
    return this.exclusive(options.signal, async (client) => {
      // Hypothetical indexes live in the session, not the transaction: queued first, so a failed plan
      // does not leave one behind either.
      const reset = `SELECT ${this.hypopgSchema}hypopg_reset()`;
      this.cleanup.push(reset);
      return this.readOnly(client, async () => {
        await this.plannable(client, checked);
        const result = await this.query<{ indexname: string }>(
          client,
          `SELECT indexname FROM ${this.hypopgSchema}hypopg_create_index($1)`,
          [ddl],
        );
        const plan = await this.planInTransaction(client, checked, false, options.params);
        await this.query(client, reset);
        // Reset inside the still healthy transaction: no cleanup transaction needed.
        this.cleanup.splice(this.cleanup.indexOf(reset), 1);
        const hypothetical = result.rows[0]?.indexname;
        if (hypothetical) renameIndex(plan.root, hypothetical, index.name);
        return plan;
      });
    });
  }

  /**
   * What the server says the statement calls (cached for VERDICT_TTL_MS), inside the open read-only
   * transaction; throws `refused` when not even planning it is safe.
   */
  private async plannable(client: Client, checked: CheckedStatement): Promise<ExecutionVerdict> {
    const cached = this.verdicts.get(checked.sql);
    let verdict = cached && Date.now() - cached.at < VERDICT_TTL_MS ? cached.verdict : undefined;
    if (!verdict) {
      const name = `scaling_assistant_check_${++this.prepared}`;
      // Prepared statements outlive a rollback: DEALLOCATE after the transaction if the check stops early.
      const deallocate = `DEALLOCATE ${name}`;
      this.cleanup.push(deallocate);
      verdict = await checkExecution(
        {
          serverVersionNum: this.serverVersionNum,
          query: async <R extends object>(text: string, values?: unknown[]) =>
            (await this.query<R>(client, text, values)).rows,
          withNotices: (text) => this.withNotices(client, text),
        },
        checked.sql,
        name,
      );
      this.cleanup.splice(this.cleanup.indexOf(deallocate), 1);
      const now = Date.now();
      for (const [sql, entry] of this.verdicts) if (now - entry.at >= VERDICT_TTL_MS) this.verdicts.delete(sql);
      this.verdicts.set(checked.sql, { verdict, at: now });
    }
    if (verdict.notPlanned.length > 0) {
      throw new ServerEngineError(
        'refused',
        `Not planned: ${verdict.notPlanned.join('; ')}. Nothing of it was run; only the server's parse of it was read.`,
      );
    }
    return verdict;
  }

  /** Why EXPLAIN ANALYZE may not run a statement that may be planned: its text, its calls, the role. */
  private executionRefusals(checked: CheckedStatement, verdict: ExecutionVerdict): string[] {
    // A write the text shows says enough; the rest would only repeat it.
    const reasons = checked.notExecuted ? [checked.notExecuted] : [...verdict.notExecuted];
    if (this.privilegedRole?.needsConfirmation) reasons.push(roleRefusal(this.privilegedRole));
    return reasons;
  }

  /** Runs one statement and returns the notices (and LOG messages) the server sent meanwhile. */
  private async withNotices(client: Client, text: string): Promise<Notice[]> {
    const notices: Notice[] = [];
    const listen = (notice: Notice) => notices.push(notice);
    client.on('notice', listen);
    try {
      await this.query(client, text);
    } finally {
      client.removeListener('notice', listen);
    }
    return notices;
  }

  /** Inside an open read-only transaction. */
  private async planInTransaction(
    client: Client,
    checked: CheckedStatement,
    analyze: boolean,
    params: readonly unknown[] | undefined,
  ): Promise<PlanSummary> {
    const n = checked.parameterCount;
    if (n === 0 || params !== undefined) {
      const values = n > 0 ? [...params!.slice(0, n)] : undefined;
      const result = await this.query(
        client,
        `EXPLAIN (${analyze ? 'ANALYZE, BUFFERS, ' : ''}FORMAT JSON) ${checked.sql}`,
        values,
      );
      return summarizePlan(firstValue(result), 'postgresql', analyze);
    }
    // Parameters without values: the generic plan, whatever the opt-in (it cannot be executed).
    if (this.serverVersionNum >= 160000) {
      const result = await this.query(client, `EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${checked.sql}`);
      return summarizePlan(firstValue(result), 'postgresql', false);
    }
    if (this.serverVersionNum < 120000) {
      throw new ServerEngineError(
        'unsupported',
        `PostgreSQL ${this.serverVersion} cannot plan a statement with $n parameters without values (needs 12+).`,
      );
    }
    const name = `scaling_assistant_plan_${++this.prepared}`;
    await this.query(client, `SET LOCAL plan_cache_mode = force_generic_plan`);
    // PREPARE is not undone by ROLLBACK: DEALLOCATE runs after it, in a read-only transaction of its own.
    this.cleanup.push(`DEALLOCATE ${name}`);
    await this.query(client, `PREPARE ${name} AS ${checked.sql}`);
    const nulls = Array.from({ length: n }, () => 'NULL').join(', ');
    const result = await this.query(client, `EXPLAIN (FORMAT JSON) EXECUTE ${name}(${nulls})`);
    return summarizePlan(firstValue(result), 'postgresql', false);
  }

  async tableRows(table: string): Promise<number | undefined> {
    return this.exclusive(undefined, async (client) => {
      const result = await this.readOnly(client, () =>
        this.query<{ rows: number | null }>(
          client,
          `SELECT CASE WHEN c.relkind = 'p'
                       THEN (SELECT sum(greatest(k.reltuples, 0)) FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid WHERE i.inhparent = c.oid)
                       ELSE c.reltuples END::float8 AS rows
             FROM pg_class c WHERE c.oid = to_regclass($1)`,
          [table],
        ),
      );
      const rows = result.rows[0]?.rows;
      // -1: never vacuumed or analysed, the server has no estimate.
      return rows === null || rows === undefined || rows < 0 ? undefined : Math.round(Number(rows));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.signal?.removeEventListener('abort', this.onEngineAbort);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    // A graceful end (Terminate message); a connection that does not close in time is destroyed.
    const timer = setTimeout(() => destroy(client), CANCEL_GRACE_MS);
    await client.end().catch(() => undefined);
    clearTimeout(timer);
  }

  // --- sessions, transactions, cancellation ------------------------------------------------------------

  /** One operation at a time on the connection, so transactions never interleave. */
  private exclusive<T>(signal: AbortSignal | undefined, work: (client: Client) => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      if (this.closed) throw new ServerEngineError('cancelled', `The connection to ${this.label} is closed.`);
      if (signal?.aborted) throw new ServerEngineError('cancelled', 'Cancelled.');
      const client = await this.session(signal);
      try {
        return await (signal ? this.cancellable(client, signal, work) : work(client));
      } finally {
        await this.runCleanup(client);
      }
    };
    // A connection the server or the network dropped while idle is found out by the next statement: one
    // more try on a new connection. Safe, since nothing sent here changes anything.
    const run = () =>
      attempt().catch((error: unknown) => {
        if (
          error instanceof ServerEngineError &&
          error.kind === 'connect' &&
          error.lostConnection &&
          !this.closed &&
          !signal?.aborted
        )
          return attempt();
        throw error;
      });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async cancellable<T>(client: Client, signal: AbortSignal, work: (client: Client) => Promise<T>): Promise<T> {
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        const target = client as unknown as {
          host: string;
          port: number;
          processID: number | null;
          secretKey: number | null;
        };
        if (target.processID !== null && target.secretKey !== null) {
          void sendCancelRequest({
            host: target.host,
            port: target.port,
            processId: target.processID,
            secretKey: target.secretKey,
          });
        }
        // The statement normally stops within milliseconds; if it does not, drop the connection.
        const timer = setTimeout(() => {
          this.markBroken();
          reject(
            new ServerEngineError(
              'cancelled',
              'Cancelled (the server did not stop the statement in time; the connection was closed).',
            ),
          );
        }, CANCEL_GRACE_MS);
        timer.unref?.();
        working.finally(() => clearTimeout(timer)).catch(() => undefined);
      };
    });
    const working = work(client);
    signal.addEventListener('abort', onAbort!, { once: true });
    try {
      return await Promise.race([working, aborted]);
    } catch (error) {
      if (signal.aborted && !(error instanceof ServerEngineError && error.kind === 'cancelled')) {
        throw new ServerEngineError('cancelled', 'Cancelled: the server stopped the statement.');
      }
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort!);
      // Whatever happened, the next operation waits for this one to leave the connection.
      await working.catch(() => undefined);
    }
  }

  private async session(signal: AbortSignal | undefined): Promise<Client> {
    if (this.client && !this.broken) return this.client;
    if (this.client) {
      const old = this.client;
      this.client = undefined;
      destroy(old);
    }
    this.broken = false;
    const client = new this.ClientClass(this.config);
    // Without a listener a lost connection would be an uncaught 'error' event.
    client.on('error', () => this.markBroken());
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        destroy(client);
        reject(new ServerEngineError('cancelled', `Cancelled while connecting to ${this.label}.`));
      };
    });
    const connecting = client.connect();
    connecting.catch(() => undefined);
    signal?.addEventListener('abort', onAbort!, { once: true });
    try {
      await (signal ? Promise.race([connecting, aborted]) : connecting);
    } catch (error) {
      destroy(client);
      if (signal?.aborted) throw new ServerEngineError('cancelled', `Cancelled while connecting to ${this.label}.`);
      throw connectError(
        error,
        this.label,
        this.secrets,
        this.config.connectionTimeoutMillis ?? DEFAULT_CONNECT_TIMEOUT_MS,
      );
    } finally {
      signal?.removeEventListener('abort', onAbort!);
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      throw new ServerEngineError('cancelled', `The connection to ${this.label} is closed.`);
    }
    this.client = client;
    return client;
  }

  /** Session state the last operation left (a prepared statement, hypothetical indexes), undone after its transaction. */
  private async runCleanup(client: Client): Promise<void> {
    const statements = this.cleanup.splice(0);
    // A dropped connection took its session state with it.
    if (statements.length === 0 || this.broken || this.client !== client) return;
    for (const statement of statements) {
      try {
        await this.readOnly(client, () => this.query(client, statement));
      } catch (error) {
        // A statement that was never prepared (PREPARE itself failed) has nothing to undo; anything else
        // leaves the session in doubt, so it is dropped.
        if ((error as ServerEngineError).sqlState !== '26000') {
          this.markBroken();
          return;
        }
      }
    }
  }

  private markBroken(): void {
    this.broken = true;
    // Destroying the socket ends whatever is pending on it at once; the next operation reconnects.
    if (this.client) destroy(this.client);
  }

  /** BEGIN READ ONLY with local timeouts, the work, ROLLBACK — whether the work succeeded or not. */
  private async readOnly<T>(client: Client, work: () => Promise<T>): Promise<T> {
    const t = this.timeouts;
    // Fixed text with integers only, sent as one simple-protocol message: one round trip.
    await this.query(
      client,
      `BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${t.statement}; SET LOCAL lock_timeout = ${t.lock}; SET LOCAL idle_in_transaction_session_timeout = ${t.idle}`,
      undefined,
      'simple',
    );
    try {
      return await work();
    } finally {
      if (!this.broken) await this.query(client, 'ROLLBACK', undefined, 'simple').catch(() => this.markBroken());
    }
  }

  private async query<R extends object = Record<string, unknown>>(
    client: Client,
    text: string,
    values?: unknown[],
    mode: 'simple' | 'extended' = 'extended',
  ): Promise<QueryResult<R>> {
    try {
      const config = { text, values, ...(mode === 'extended' ? { queryMode: 'extended' } : {}) } as QueryConfig;
      return (await client.query(config)) as unknown as QueryResult<R>;
    } catch (error) {
      throw this.queryError(error);
    }
  }

  private queryError(error: unknown): ServerEngineError {
    if (error instanceof ServerEngineError) return error;
    const e = (error ?? {}) as { message?: string; code?: string; hint?: string; detail?: string };
    const said = scrub(String(e.message ?? error), this.secrets);
    const code = e.code ?? '';
    const t = this.timeouts;
    if (code === '57014') {
      if (/statement timeout/i.test(said)) {
        return new ServerEngineError(
          'timeout',
          `The statement ran longer than the statement timeout (${t.statement} ms) and the server stopped it.`,
          code,
        );
      }
      return new ServerEngineError('cancelled', 'Cancelled: the server stopped the statement.', code);
    }
    if (code === '55P03') {
      return new ServerEngineError(
        'timeout',
        `Waited more than ${t.lock} ms for a lock on a table the statement uses (a migration or a long transaction holds it).`,
        code,
      );
    }
    if (code === '25P03')
      return new ServerEngineError('timeout', `The server closed the idle transaction after ${t.idle} ms.`, code);
    if (code.startsWith('08') || code.startsWith('57P0')) {
      // The server ended the session (terminated by an administrator, shut down, connection failure).
      this.markBroken();
      return new ServerEngineError('connect', `Lost the connection to ${this.label}: ${said}`, code, true);
    }
    if (code === '25006')
      return new ServerEngineError(
        'refused',
        `Refused by the server: the statement would write, and it only runs in a read-only transaction (${said}).`,
        code,
      );
    if (/^[0-9A-Z]{5}$/.test(code)) {
      const extra = [e.detail, e.hint].filter(Boolean).map((s) => scrub(String(s), this.secrets));
      return new ServerEngineError(
        'server',
        `${this.label}: ${said}${extra.length ? ` (${extra.join('; ')})` : ''}`,
        code,
      );
    }
    // No SQLSTATE: the connection itself failed (reset, terminated); the next operation reconnects.
    this.markBroken();
    return new ServerEngineError('connect', `Lost the connection to ${this.label}: ${said}`, undefined, true);
  }
}

/** Values for fewer `$n` than the statement uses: refused before anything is sent. */
function checkParameterValues(checked: CheckedStatement, params: readonly unknown[] | undefined): void {
  const n = checked.parameterCount;
  if (n > 0 && params !== undefined && params.length < n) {
    throw new ServerEngineError(
      'refused',
      `The statement uses $${n} but only ${params.length} parameter value(s) were given.`,
    );
  }
}

function destroy(client: Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

function firstValue(result: QueryResult): unknown {
  const row = result.rows[0] as Record<string, unknown> | undefined;
  if (!row) throw new ServerEngineError('server', 'EXPLAIN returned no rows.');
  return row['QUERY PLAN'] ?? Object.values(row)[0];
}

/** HypoPG names its indexes `<oid>btree_table_col`; the plan shows the candidate's own name instead. */
function renameIndex(node: PlanNode, from: string, to: string): void {
  if (node.indexName === from) node.indexName = to;
  for (const child of node.children) renameIndex(child, from, to);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
