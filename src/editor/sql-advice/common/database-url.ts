/**
 * `scalingAssistant.sql.databaseUrl` parsed into what is safe to show and what a password is stored
 * under, and passwords kept out of messages. No vscode: unit-tested in Node.
 */

export interface DatabaseUrl {
  /** The URL as the user wrote it, password included (never log or show it). */
  raw: string;
  /** `postgres://user@host:port/db?…`: the URL with the password removed, safe to show. */
  safe: string;
  /** `user@host:port/db`: what the password is stored under. */
  key: string;
  /** `host/db`, for messages and the hover ("server db.internal/shop, estimates"). */
  label: string;
  /** The password written into the URL itself, if any (settings should not hold one). */
  inlinePassword?: string;
}

/** Parses a `postgres://` or `postgresql://` URL; a clear message for anything else. */
export function parseDatabaseUrl(raw: string): DatabaseUrl | { error: string } {
  const trimmed = raw.trim();
  if (!/^postgres(?:ql)?:\/\//i.test(trimmed)) {
    return {
      error:
        'scalingAssistant.sql.databaseUrl must be a postgres:// or postgresql:// URL (for example postgres://reader@db.internal:5432/shop).',
    };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { error: 'scalingAssistant.sql.databaseUrl is not a valid URL.' };
  }
  if (!url.hostname) return { error: 'scalingAssistant.sql.databaseUrl names no host.' };
  // libpq also reads `?password=`: treat it like the userinfo password.
  const queryPassword = url.searchParams.get('password') ?? undefined;
  const inlinePassword = url.password ? safeDecode(url.password) : queryPassword;
  url.password = '';
  url.searchParams.delete('password');
  const database = url.pathname.replace(/^\//, '') || safeDecode(url.username) || 'postgres';
  const user = safeDecode(url.username);
  const hostPort = url.port ? `${url.hostname}:${url.port}` : url.hostname;
  return {
    raw: trimmed,
    safe: url.toString(),
    key: `${user ? `${user}@` : ''}${hostPort}/${database}`,
    label: `${url.hostname}/${database}`,
    inlinePassword,
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Removes every occurrence of the password (raw and URL-encoded) from a message before it is shown. */
export function redactPassword(message: string, password: string | undefined): string {
  let out = message.replace(/(postgres(?:ql)?:\/\/[^:@/\s]*):[^@/\s]*@/gi, '$1:***@');
  if (password) {
    for (const form of new Set([password, encodeURIComponent(password)])) out = out.split(form).join('***');
  }
  return out;
}
