import { query, type Tx } from '../shared/db';
import { bus } from '../shared/events';

const LOW_STOCK_THRESHOLD = 5;

export async function stockLevels(productIds: number[]): Promise<Map<number, number>> {
  const rows = await query<{ product_id: number; quantity: number }>(
    'SELECT product_id, quantity - reserved AS quantity FROM inventory WHERE product_id = ANY($1::bigint[])',
    [productIds],
  );
  return new Map(rows.map((row) => [Number(row.product_id), row.quantity]));
}

/** Reserves stock for one product inside the caller's transaction. */
export async function reserve(tx: Tx, productId: number, quantity: number): Promise<boolean> {
  const rows = await query<{ quantity: number }>(
    `UPDATE inventory SET reserved = reserved + $2, updated_at = now()
      WHERE product_id = $1 AND quantity - reserved >= $2
      RETURNING quantity - reserved AS quantity`,
    [productId, quantity],
    tx,
  );
  if (rows[0] && rows[0].quantity < LOW_STOCK_THRESHOLD) {
    bus.publish('stock.low', { productId, quantity: rows[0].quantity });
  }
  return rows.length === 1;
}

/** Warehouse stock count from the nightly ERP export or the back-office form. */
export async function setStock(productId: number, quantity: number): Promise<void> {
  await query(
    `INSERT INTO inventory (product_id, quantity) VALUES ($1, $2)
     ON CONFLICT (product_id) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()`,
    [productId, quantity],
  );
}
