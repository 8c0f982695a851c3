import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A throwaway PostgreSQL 15 server for tests: initdb into a temporary folder, postgres on a free loopback
 * port (and a unix socket in that folder), the workshop schema with rows, HypoPG installed. Stopped and
 * removed by `stop()`, and at process exit if a test run dies before that.
 *
 * Root cannot run postgres: as root the server runs as the `postgres` OS user (`runuser`), which owns the
 * temporary folder; as anyone else it runs as that user. Binaries: Debian's postgresql-15 (installed by
 * scripts/setup-postgres.mjs, which `npm test` runs first).
 */

export const PG_BIN = process.env.SA_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const HYPOPG_CONTROL = '/usr/share/postgresql/15/extension/hypopg.control';
const ROOT = path.resolve(__dirname, '..', '..');
const MIGRATIONS = path.join(ROOT, 'samples', 'workshop-ecommerce', 'db', 'migrations');

export interface TestPostgres {
  /** TCP URL of the application role (password authentication), password included. */
  url: string;
  /** The same without the password, for tests that pass it separately (SecretStorage). */
  urlWithoutPassword: string;
  user: string;
  password: string;
  database: string;
  port: number;
  /** Folder of the unix socket (the superuser connects there without a password). */
  socketDir: string;
  /** Runs SQL as the superuser through psql; returns its unaligned, tuples-only output. */
  psql(sql: string, options?: { user?: string }): string;
  /** Measured: initdb, server start, schema and rows, in ms. */
  timings: { initdbMs: number; startMs: number; seedMs: number };
  stop(): void;
}

/** Why the server cannot be started here, or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  for (const binary of ['initdb', 'postgres', 'pg_ctl', 'psql']) {
    if (!fs.existsSync(path.join(PG_BIN, binary)))
      return `PostgreSQL binaries not found in ${PG_BIN} (run: node scripts/setup-postgres.mjs)`;
  }
  if (!fs.existsSync(HYPOPG_CONTROL))
    return `HypoPG not installed (${HYPOPG_CONTROL} missing; run: node scripts/setup-postgres.mjs)`;
  if (isRoot() && !osUser('postgres')) return 'running as root and there is no `postgres` OS user to run the server as';
  return undefined;
}

/**
 * For a suite's `before`: skips the suite with a printed reason when the server cannot run here, except
 * under CI=true, where the setup script must have installed it and a missing server is a failure.
 */
export function requirePostgres(context: Mocha.Context): void {
  const reason = postgresUnavailable();
  if (!reason) return;
  if (process.env.CI === 'true') throw new Error(`CI=true but the PostgreSQL server cannot run: ${reason}`);
  console.log(`      (skipped: ${reason})`);
  context.skip();
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function osUser(name: string): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** A server command, as the postgres OS user when we are root. Throws with its output when it fails. */
function pgCommand(binary: string, args: string[], input?: string): string {
  const command = isRoot() ? 'runuser' : path.join(PG_BIN, binary);
  const argv = isRoot() ? ['-u', 'postgres', '--', path.join(PG_BIN, binary), ...args] : args;
  const result = spawnSync(command, argv, {
    encoding: 'utf8',
    input,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LC_ALL: 'C', PGTZ: 'UTC' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`${binary} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<() => void>();
process.once('exit', () => {
  for (const stop of [...running]) stop();
});

export interface StartOptions {
  /** Rows in the big tables (users get a tenth). Default 20,000. */
  rows?: number;
  /**
   * The workshop schema's migrations to apply; default: the sample's, found from this file (a bundled
   * integration test passes its workspace's copy, since it runs from elsewhere).
   */
  migrationsDir?: string;
}

export async function startTestPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  const reason = postgresUnavailable();
  if (reason) throw new Error(reason);
  // As root the server runs as `postgres`, which must reach the folder: /tmp, not a root-only $TMPDIR.
  // A short path also keeps the unix socket's path under its 107-byte limit.
  const dir = fs.mkdtempSync(path.join(isRoot() || os.tmpdir().length > 60 ? '/tmp' : os.tmpdir(), 'sa-pg-'));
  const data = path.join(dir, 'data');
  const owner = isRoot() ? osUser('postgres') : undefined;
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  let started = false;
  const reaper = startReaper(dir, data);
  const stop = () => {
    running.delete(stop);
    try {
      if (reaper.pid) process.kill(reaper.pid);
    } catch {
      // already gone
    }
    if (started) {
      try {
        pgCommand('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  running.add(stop);
  try {
    const user = 'shop_app';
    const password = `pw-${randomBytes(9).toString('base64url')}`;
    const database = 'shop';
    let t = Date.now();
    fs.writeFileSync(path.join(dir, 'pwfile'), 'unused-superuser-password\n', { mode: 0o600 });
    if (owner) fs.chownSync(path.join(dir, 'pwfile'), owner.uid, owner.gid);
    pgCommand('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--pwfile',
      path.join(dir, 'pwfile'),
      '-E',
      'UTF8',
      '--no-sync',
      '--locale=C',
    ]);
    const initdbMs = Date.now() - t;

    t = Date.now();
    let port = 0;
    for (let attempt = 0; attempt < 5 && !started; attempt++) {
      port = await freePort();
      const settings = [
        `-p ${port}`,
        `-k ${dir}`,
        "-c listen_addresses='127.0.0.1'",
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c shared_buffers=32MB',
        '-c max_connections=30',
        '-c max_wal_size=256MB',
      ].join(' ');
      try {
        pgCommand('pg_ctl', [
          '-D',
          data,
          '-l',
          path.join(dir, 'server.log'),
          '-o',
          settings,
          '-w',
          '-t',
          '60',
          'start',
        ]);
        started = true;
      } catch (error) {
        // Another process may have taken the port between the probe and the start: try another.
        if (attempt === 4) throw new Error(`${(error as Error).message}\n${readLog(dir)}`);
      }
    }
    const startMs = Date.now() - t;

    const psql = (sql: string, opts: { user?: string } = {}) =>
      pgCommand(
        'psql',
        [
          '-X',
          '-q',
          '-A',
          '-t',
          '-v',
          'ON_ERROR_STOP=1',
          '-h',
          dir,
          '-p',
          String(port),
          '-U',
          opts.user ?? 'postgres',
          '-d',
          database,
        ],
        sql,
      );

    t = Date.now();
    pgCommand(
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres'],
      `CREATE ROLE ${user} LOGIN PASSWORD '${password}';\nCREATE DATABASE ${database} OWNER ${user};\n`,
    );
    psql('CREATE EXTENSION hypopg;');
    // The application role owns the tables: only the engine's guards stand between it and a write.
    const migrationsDir = options.migrationsDir ?? MIGRATIONS;
    const migrations = fs
      .readdirSync(migrationsDir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    psql(
      [
        ...migrations.map((file) => fs.readFileSync(path.join(migrationsDir, file), 'utf8')),
        seedSql(options.rows ?? 20_000),
      ].join('\n;\n'),
      { user },
    );
    const seedMs = Date.now() - t;

    const urlWithoutPassword = `postgres://${user}@127.0.0.1:${port}/${database}`;
    return {
      url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
      urlWithoutPassword,
      user,
      password,
      database,
      port,
      socketDir: dir,
      psql,
      timings: { initdbMs, startMs, seedMs },
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * A detached shell that outlives this process: when the test process dies without cleaning up (killed by
 * a signal, a crash of the runner), it stops the server and removes the folder. `stop()` ends it first.
 */
function startReaper(dir: string, data: string) {
  const pgCtl = path.join(PG_BIN, 'pg_ctl');
  const stopServer = isRoot()
    ? `runuser -u postgres -- '${pgCtl}' -D '${data}' -m immediate stop`
    : `'${pgCtl}' -D '${data}' -m immediate stop`;
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; if [ -d '${data}' ]; then ${stopServer}; fi >/dev/null 2>&1; rm -rf '${dir}'`;
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

function readLog(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

/** Rows for the workshop schema, plus a function that writes (to prove a read-only transaction stops it). */
function seedSql(rows: number): string {
  const users = Math.max(100, Math.floor(rows / 10));
  return `
INSERT INTO users (email, password_hash, display_name, billing_country, created_at)
  SELECT 'user' || g || '@example.com', 'x', 'User ' || g, (ARRAY['DE','FR','US','GB'])[1 + g % 4], now() - g * interval '1 minute'
  FROM generate_series(1, ${users}) g;
INSERT INTO categories (name, slug) SELECT 'Category ' || g, 'category-' || g FROM generate_series(1, 50) g;
INSERT INTO products (category_id, sku, name, price)
  SELECT 1 + g % 50, 'SKU-' || g, 'Product ' || g, (g % 500) + 0.99 FROM generate_series(1, 2000) g;
INSERT INTO orders (user_id, status, total, shipping_address, created_at)
  SELECT 1 + g % ${users}, (ARRAY['pending','paid','shipped','delivered'])[1 + g % 4], (g % 1000) + 0.5, '{}'::jsonb, now() - g * interval '10 seconds'
  FROM generate_series(1, ${rows}) g;
INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price)
  SELECT 1 + g % ${rows}, 1 + g % 2000, 'Product', 1 + g % 3, 9.99 FROM generate_series(1, ${rows * 2}) g;
CREATE TABLE audit_log (id bigserial PRIMARY KEY, note text NOT NULL);
CREATE FUNCTION write_audit(note text) RETURNS bigint LANGUAGE sql VOLATILE AS
  $$ INSERT INTO audit_log (note) VALUES (note) RETURNING id $$;
ANALYZE;
`;
}
