import { Router } from 'express';
import { pool, query, sql } from '../db';
import { requireUser } from '../sessions';

export const cart = Router();
cart.use(requireUser);

async function cartIdFor(userId: number): Promise<string> {
  const [row] = await query<{ id: string }>(sql`
    INSERT INTO carts (user_id) VALUES (${userId})
    ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
    RETURNING id
  `);
  return row.id;
}

// Cart drawer: the items with their current price and stock, in one query.
cart.get('/', async (_req, res) => {
  const { rows } = await pool.query(
    `SELECT ci.product_id, ci.quantity, p.name, p.price, p.image_url, i.quantity AS stock
       FROM cart_items ci
       JOIN carts c ON c.id = ci.cart_id
       JOIN products p ON p.id = ci.product_id
       LEFT JOIN inventory i ON i.product_id = ci.product_id
      WHERE c.user_id = $1
      ORDER BY ci.added_at`,
    [res.locals.userId],
  );
  res.json(rows);
});

// "In den Warenkorb" button.
cart.post('/items', async (req, res) => {
  const { productId, quantity = 1 } = req.body as { productId: number; quantity?: number };
  const cartId = await cartIdFor(res.locals.userId);
  await pool.query(
    `INSERT INTO cart_items (cart_id, product_id, quantity) VALUES ($1, $2, $3)
     ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity`,
    [cartId, productId, quantity],
  );
  res.status(204).end();
});

cart.delete('/items/:productId', async (req, res) => {
  const cartId = await cartIdFor(res.locals.userId);
  await query(sql`DELETE FROM cart_items WHERE cart_id = ${cartId} AND product_id = ${Number(req.params.productId)}`);
  res.status(204).end();
});
