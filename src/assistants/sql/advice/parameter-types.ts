import type { PlanEngine } from '../plan-engine/types';

let prepared = 0;

/**
 * The type PostgreSQL infers for each `$n` of a statement (`make_interval(secs => $3)`: double precision,
 * `now() - $2 * interval '1 second'`: double precision), read from `pg_prepared_statements` after a PREPARE in the
 * sandbox: for a parameter the statement neither casts nor compares with a column. Empty when the engine runs no
 * queries or PostgreSQL cannot infer them (`could not determine data type of parameter`).
 */
export async function inferredParameterTypes(
  engine: PlanEngine,
  sql: string,
  signal?: AbortSignal,
): Promise<Map<number, string>> {
  const types = new Map<number, string>();
  if (!engine.rows || engine.kind !== 'pglite') return types;
  const name = `sa_parameter_types_${++prepared}`;
  try {
    await engine.rows(`PREPARE ${name} AS ${sql.trim().replace(/;\s*$/, '')}`, { signal });
    try {
      const rows = await engine.rows(
        `SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = '${name}'`,
        { signal },
      );
      const list = rows[0]?.[0];
      if (Array.isArray(list)) list.forEach((type, i) => typeof type === 'string' && types.set(i + 1, type));
    } finally {
      await engine.rows(`DEALLOCATE ${name}`, { signal }).catch(() => undefined);
    }
  } catch (error) {
    if (signal?.aborted) throw error;
  }
  return types;
}
