/**
 * Plans from a real PostgreSQL server (read-only, HypoPG what-if). Load it lazily: it pulls in `pg` and
 * the SQL parser. `describeConnection` and `passwordInUrl` are in connection.ts, which imports neither,
 * so the editor can use them without loading this engine.
 */
export type { ServerConnection, ServerErrorKind } from './connection';
export { ServerEngineError, connectionLabel, describeConnection, passwordInUrl } from './connection';
export type { ServerEngineOptions, ServerPlanEngine } from './engine';
export { openServerEngine } from './engine';
