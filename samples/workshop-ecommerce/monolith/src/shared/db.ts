import { Pool, type PoolClient, type QueryResultRow } from 'pg';

/** The single PostgreSQL database every module reads and writes. */
export const db = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.PG_POOL_MAX ?? 30),
});

export type Tx = PoolClient;

export async function query<T extends QueryResultRow = QueryResultRow>(
  text: string,
  values: unknown[] = [],
  client: Pool | PoolClient = db,
): Promise<T[]> {
  const result = await client.query<T>(text, values);
  return result.rows;
}

export async function transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await db.connect();
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK');
    throw error;
  } finally {
    tx.release();
  }
}
