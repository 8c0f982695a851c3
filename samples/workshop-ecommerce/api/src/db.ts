import { Pool, type PoolClient, type QueryResultRow } from 'pg';

/**
 * One connection pool per process. PG_POOL_MAX is set per pod in k8s/api.yaml;
 * the connection string comes from the db-config secret.
 */
export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.PG_POOL_MAX ?? 20),
  idleTimeoutMillis: 30_000,
});

export interface SqlQuery {
  text: string;
  values: unknown[];
}

/**
 * Tagged template for parameterised SQL: every interpolated value becomes a $n placeholder,
 * never part of the SQL text.
 *
 *   const q = sql`SELECT name FROM products WHERE id = ${id}`;
 *   // { text: 'SELECT name FROM products WHERE id = $1', values: [id] }
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlQuery {
  const text = strings.reduce((acc, part, index) => `${acc}$${index}${part}`);
  return { text, values };
}

export async function query<T extends QueryResultRow>(q: SqlQuery): Promise<T[]> {
  const result = await pool.query<T>(q.text, q.values);
  return result.rows;
}

export async function withTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
