/**
 * The connection URL of a real PostgreSQL server: shown without its password, checked for one (the editor
 * moves it to SecretStorage), and turned into what the `pg` driver needs. Connection failures become
 * messages a user can act on, never carrying the password.
 */

/** What `openServerEngine` connects with: the URL from the settings, the password from SecretStorage. */
export interface ServerConnection {
  url: string;
  password?: string;
}

export type ServerErrorKind =
  'config' | 'connect' | 'auth' | 'ssl' | 'timeout' | 'cancelled' | 'refused' | 'unsupported' | 'server';

/** Every failure of the server engine: `message` is for the user and never holds the password. */
export class ServerEngineError extends Error {
  readonly kind: ServerErrorKind;
  /** SQLSTATE when the server answered with an error. */
  readonly sqlState?: string;
  /** An established connection was lost (not a failure to connect): the engine reconnects on its next use. */
  readonly lostConnection: boolean;
  constructor(kind: ServerErrorKind, message: string, sqlState?: string, lostConnection = false) {
    super(message);
    this.name = 'ServerEngineError';
    this.kind = kind;
    this.lostConnection = lostConnection;
    if (sqlState) this.sqlState = sqlState;
  }
}

const SCHEMES = new Set(['postgres:', 'postgresql:']);

function parseUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url.trim());
    return SCHEMES.has(parsed.protocol) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** libpq's key=value form (`host=db password=secret`) is not a URL but may still hold a password. */
const KEYWORD_PASSWORD = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)/gi;
/** `scheme://user:secret@host` in a string URL parsing rejects (a bad port, a stray character). */
const USERINFO_PASSWORD = /^([a-z][\w+.-]*:\/\/[^/?#:@]*:)([^/?#]*)@/i;

/** Masks passwords in text that is not a valid URL. */
function maskLoosely(text: string): string {
  return text.replace(USERINFO_PASSWORD, '$1***@').replace(KEYWORD_PASSWORD, '$1***');
}

/** True when the URL carries a password (`user:secret@host` or `?password=`): it belongs in SecretStorage. */
export function passwordInUrl(url: string): boolean {
  const parsed = parseUrl(url);
  if (parsed) return parsed.password !== '' || parsed.searchParams.has('password');
  return USERINFO_PASSWORD.test(url.trim()) || new RegExp(KEYWORD_PASSWORD.source, 'i').test(url);
}

/** The URL as it may appear in logs and messages: no password, in any of the places one can hide. */
export function describeConnection(url: string): string {
  let shown: URL;
  try {
    // Any scheme: a mistyped one (mysql://, postgress://) may still carry a password.
    shown = new URL(url.trim());
  } catch {
    return maskLoosely(url.trim()) || '(no URL)';
  }
  if (shown.password) shown.password = '***';
  if (shown.searchParams.has('password')) shown.searchParams.set('password', '***');
  // URL keeps `***` percent-encoded in the userinfo; show it plainly.
  return shown.href.replace(/%2A%2A%2A/g, '***');
}

/** Host, port, database and user as a short label ("app@db.example:5432/shop"). */
export function connectionLabel(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return describeConnection(url);
  const host = decodeURIComponent(parsed.hostname || parsed.searchParams.get('host') || 'localhost');
  const port = parsed.port || '5432';
  const database =
    decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username) || '(default)';
  const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
  return `${user}${host}:${port}/${database}`;
}

/** Checks the URL before any network use; throws a `config` error naming what is wrong. */
export function checkConnectionUrl(url: string): URL {
  if (!url || url.trim() === '')
    throw new ServerEngineError('config', 'No database URL is set (scalingAssistant.sql.databaseUrl).');
  const parsed = parseUrl(url);
  if (!parsed) {
    throw new ServerEngineError(
      'config',
      `The database URL is not a PostgreSQL URL: expected postgres://user@host:5432/database, got "${describeConnection(url)}".`,
    );
  }
  return parsed;
}

/** Secrets that must never leave in a message: the password as given and as it appears encoded in a URL. */
export function secretsOf(connection: ServerConnection): string[] {
  const secrets = new Set<string>();
  const add = (value: string | undefined | null) => {
    if (!value) return;
    secrets.add(value);
    try {
      secrets.add(decodeURIComponent(value));
    } catch {
      // not percent-encoded
    }
    secrets.add(encodeURIComponent(value));
  };
  add(connection.password);
  const parsed = parseUrl(connection.url);
  if (parsed) {
    add(parsed.password);
    add(parsed.searchParams.get('password'));
  }
  // Secrets of one or two characters would blank out ordinary words; such a password is not hidden by this.
  return [...secrets].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out.replace(KEYWORD_PASSWORD, '$1***');
}

interface DriverError {
  message?: string;
  code?: string;
  severity?: string;
}

const SSL_CODES =
  /^(?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_.*|EPROTO)$/;

/**
 * A driver or server error while connecting → a message for the user. `label` names the server without
 * the password; `secrets` are scrubbed from whatever the driver said.
 */
export function connectError(
  error: unknown,
  label: string,
  secrets: readonly string[],
  connectTimeoutMs: number,
): ServerEngineError {
  if (error instanceof ServerEngineError) return error;
  const e = (error ?? {}) as DriverError;
  const said = scrub(String(e.message ?? error), secrets);
  const code = e.code ?? '';
  if (code === '28P01' || code === '28000' || /password authentication failed|no pg_hba\.conf entry/i.test(said)) {
    return new ServerEngineError(
      'auth',
      `Authentication failed for ${label}: ${said}. Check the user and the password (set it with the command that stores it in SecretStorage).`,
      code || undefined,
    );
  }
  if (/client password must be a string|password must be a string/i.test(said)) {
    return new ServerEngineError(
      'auth',
      `${label} asks for a password and none is set: store it in SecretStorage (not in the URL).`,
    );
  }
  if (code === '3D000') return new ServerEngineError('connect', `Database does not exist on ${label}: ${said}.`, code);
  if (code === '53300') return new ServerEngineError('connect', `${label} refuses new connections: ${said}.`, code);
  if (code === 'ECONNREFUSED')
    return new ServerEngineError(
      'connect',
      `Connection refused by ${label}: is the server running and listening there?`,
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ServerEngineError('connect', `Cannot resolve the host of ${label} (${code}).`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ECONNRESET')
    return new ServerEngineError('connect', `Cannot reach ${label} (${code}).`);
  if (code === 'ETIMEDOUT' || /timeout expired|connection timeout|timed out/i.test(said)) {
    return new ServerEngineError('timeout', `Connecting to ${label} timed out after ${connectTimeoutMs} ms.`);
  }
  if (SSL_CODES.test(code) || /\bssl\b|\btls\b|certificate/i.test(said)) {
    return new ServerEngineError(
      'ssl',
      `SSL problem with ${label}: ${said}. Check sslmode in the URL (e.g. ?sslmode=require, or verify-full with the server's CA).`,
    );
  }
  return new ServerEngineError(
    'connect',
    `Cannot connect to ${label}: ${said}${code ? ` (${code})` : ''}.`,
    /^[0-9A-Z]{5}$/.test(code) ? code : undefined,
  );
}
