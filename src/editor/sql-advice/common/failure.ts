import type { DatabaseUrl } from './database-url';
import { redactPassword } from './database-url';

/**
 * A failure in words a user can act on, never with the password: the sandbox did not start, the server
 * refused the connection or the login, a statement ran past the timeout.
 */
export function failureMessage(
  error: unknown,
  settings: { database?: DatabaseUrl; statementTimeoutMs: number },
  password?: string,
): string {
  const raw = redactPassword(error instanceof Error ? error.message : String(error), password);
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  if (
    /statement timeout|canceling statement due to|timed? ?out/i.test(raw) ||
    code === '57014' ||
    code === 'ETIMEDOUT'
  ) {
    return `Measurement timed out (scalingAssistant.sql.statementTimeoutMs is ${settings.statementTimeoutMs} ms): ${raw}`;
  }
  if (settings.database) {
    if (
      /password authentication failed|no password supplied|SASL|authentication/i.test(raw) ||
      code === '28P01' ||
      code === '28000'
    ) {
      return `Could not log in to ${settings.database.key}: ${raw}. Run "Scaling Assistant: Set Database Password".`;
    }
    if (
      /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|getaddrinfo|connect|does not exist/i.test(raw) ||
      /^E[A-Z]+$/.test(code)
    ) {
      return `Could not connect to ${settings.database.safe}: ${raw}`;
    }
    return `The server ${settings.database.label} failed: ${raw}`;
  }
  // No server configured: the sandbox was the engine, whatever the error says.
  return `The PGlite sandbox could not run: ${raw}`;
}
