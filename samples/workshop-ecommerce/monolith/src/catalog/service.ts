import { query } from '../shared/db';
import { stockLevels } from '../inventory/service';

export interface CatalogProduct {
  id: number;
  name: string;
  price: string;
  categoryName: string;
  available: number;
}

export interface PricedProduct {
  id: number;
  name: string;
  price: string;
  active: boolean;
}

export async function listCategory(categoryId: number): Promise<CatalogProduct[]> {
  const rows = await query<{ id: number; name: string; price: string; category_name: string }>(
    `SELECT p.id, p.name, p.price, c.name AS category_name
       FROM products p
       JOIN categories c ON c.id = p.category_id
      WHERE p.category_id = $1 AND p.active = true
      ORDER BY p.name`,
    [categoryId],
  );
  const stock = await stockLevels(rows.map((row) => Number(row.id)));
  return rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    price: row.price,
    categoryName: row.category_name,
    available: stock.get(Number(row.id)) ?? 0,
  }));
}

/** Current prices for checkout; used by the orders module. */
export async function priceProducts(productIds: number[]): Promise<Map<number, PricedProduct>> {
  const rows = await query<PricedProduct>(
    'SELECT id, name, price, active FROM products WHERE id = ANY($1::bigint[])',
    [productIds],
  );
  return new Map(rows.map((row) => [Number(row.id), row]));
}

export async function setPrice(productId: number, price: string): Promise<void> {
  await query('UPDATE products SET price = $2, updated_at = now() WHERE id = $1', [productId, price]);
}
