/**
 * The rights of the role the engine connects as. EXPLAIN ANALYZE executes statements with them: for an
 * ordinary role the read-only transaction and the allow-list are the whole story, but a superuser or a
 * member of the predefined roles below could do harm no transaction undoes if anything slipped through. So
 * with such a role ANALYZE waits for the user's confirmation for that database (the settings'
 * `analyzeWithPrivilegedRole` list, `advise --allow-privileged-role`); until then statements are planned only.
 * Engine-free (no `pg`). The report's shape, PrivilegedRole, is part of the plan-engine contract.
 */
import type { PrivilegedRole } from '../plan-engine/types';

export type { PrivilegedRole };

/** Predefined roles whose rights reach outside any transaction, and what they allow. */
export const PRIVILEGED_ROLES: Readonly<Record<string, string>> = {
  pg_signal_backend: 'cancel or end other sessions',
  pg_read_server_files: 'read any file the server can read',
  pg_write_server_files: 'write files on the server',
  pg_execute_server_program: 'run programs on the server',
};

export interface RoleRights {
  role: string;
  superuser: boolean;
  memberOf: string[];
}

/** The query that reads the rights, for the session user and the current user alike (they differ after SET ROLE). */
export const ROLE_QUERY = `SELECT current_user::text AS role,
  EXISTS (SELECT 1 FROM pg_roles WHERE rolname IN (current_user, session_user) AND rolsuper) AS superuser,
  ARRAY(SELECT r.rolname::text FROM pg_roles r
         WHERE r.rolname = ANY($1::text[])
           AND (pg_has_role(current_user, r.oid, 'MEMBER') OR pg_has_role(session_user, r.oid, 'MEMBER'))
         ORDER BY 1) AS member_of`;

export const ROLE_QUERY_VALUES = [Object.keys(PRIVILEGED_ROLES)];

export function privilegedRole(
  rights: RoleRights,
  database: string,
  options: { analyze: boolean; confirmedDatabases: readonly string[] },
): PrivilegedRole | undefined {
  if (!rights.superuser && rights.memberOf.length === 0) return undefined;
  const confirmed = options.confirmedDatabases.includes(database);
  const what = rights.superuser
    ? 'a superuser (it can end other sessions, read and write server files and run programs on the server)'
    : `a member of ${rights.memberOf.map((r) => `${r} (${PRIVILEGED_ROLES[r]})`).join(', ')}`;
  const risk = `The role ${rights.role} on ${database} is ${what}: statements that EXPLAIN ANALYZE executes run with these rights, so anything the read-only transaction and the allow-list missed could use them.`;
  const warning = !options.analyze
    ? `${risk} ANALYZE is off: statements are only planned.`
    : confirmed
      ? `${risk} You confirmed EXPLAIN ANALYZE for this database.`
      : `${risk} Statements are only planned (EXPLAIN, estimates) until you confirm EXPLAIN ANALYZE for this database (setting scalingAssistant.sql.analyzeWithPrivilegedRole, or advise --allow-privileged-role); better, connect as a role without these rights.`;
  return {
    database,
    role: rights.role,
    superuser: rights.superuser,
    memberOf: [...rights.memberOf],
    confirmed,
    needsConfirmation: options.analyze && !confirmed,
    warning,
  };
}

/** The note on a statement planned instead of executed because of the role. */
export function roleRefusal(role: PrivilegedRole): string {
  return `the role ${role.role} is ${role.superuser ? 'a superuser' : `a member of ${role.memberOf.join(', ')}`} and EXPLAIN ANALYZE with it is not confirmed for ${role.database}`;
}
