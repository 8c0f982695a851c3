import { Router } from 'express';
import type { PoolClient } from 'pg';
import { pool, query, sql, withTransaction } from '../db';
import { requireUser } from '../sessions';

export const orders = Router();
orders.use(requireUser);

interface OrderRow {
  id: string;
  status: string;
  total: string;
  created_at: Date;
}

interface OrderItemRow {
  id: string;
  product_id: string | null;
  product_name: string;
  quantity: number;
  unit_price: string;
}

interface CartLine {
  product_id: string;
  quantity: number;
  price: string;
  name: string;
}

// "Meine Bestellungen": every order of the signed-in customer with its line items.
orders.get('/', async (_req, res) => {
  const userId: number = res.locals.userId;
  const { rows: history } = await pool.query<OrderRow>(
    'SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC',
    [userId],
  );
  for (const order of history) {
    const items = await query<OrderItemRow>(sql`SELECT * FROM order_items WHERE order_id = ${order.id}`);
    Object.assign(order, { items });
  }
  res.json(history);
});

// Order detail page: line items with the product's current image and price.
orders.get('/:id', async (req, res) => {
  const userId: number = res.locals.userId;
  const [order] = await query<OrderRow>(
    sql`SELECT id, status, total, created_at FROM orders WHERE id = ${Number(req.params.id)} AND user_id = ${userId}`,
  );
  if (!order) {
    res.status(404).json({ error: 'Bestellung nicht gefunden' });
    return;
  }
  const items = await query<OrderItemRow>(sql`SELECT * FROM order_items WHERE order_id = ${order.id}`);
  const detailed = await Promise.all(
    items.map(async (item) => {
      const { rows } = await pool.query('SELECT image_url, price FROM products WHERE id = $1', [item.product_id]);
      return { ...item, imageUrl: rows[0]?.image_url ?? null, currentPrice: rows[0]?.price ?? null };
    }),
  );
  res.json({ ...order, items: detailed });
});

async function chargeCard(orderId: string, amount: string, paymentToken: string): Promise<{ id: string; status: string }> {
  const response = await fetch(`${process.env.PAYMENT_PROVIDER_URL}/v1/charges`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${process.env.PAYMENT_PROVIDER_KEY}`,
    },
    body: JSON.stringify({ amount, currency: 'EUR', source: paymentToken, reference: `order-${orderId}` }),
  });
  if (!response.ok) throw new Error(`payment declined (${response.status})`);
  return (await response.json()) as { id: string; status: string };
}

async function reserveStock(client: PoolClient, lines: CartLine[]): Promise<void> {
  for (const line of lines) {
    const { rows } = await client.query<{ quantity: number }>(
      'SELECT quantity FROM inventory WHERE product_id = $1 FOR UPDATE',
      [line.product_id],
    );
    if (!rows[0] || rows[0].quantity < line.quantity) throw new Error(`${line.name} ist nicht mehr vorrätig`);
    await client.query('UPDATE inventory SET quantity = quantity - $2, updated_at = now() WHERE product_id = $1', [
      line.product_id,
      line.quantity,
    ]);
  }
}

// Checkout: turns the customer's cart into a paid order.
orders.post('/', async (req, res) => {
  const userId: number = res.locals.userId;
  const { paymentToken, shippingAddress } = req.body as { paymentToken: string; shippingAddress: object };

  const order = await withTransaction(async (client) => {
    const { rows: lines } = await client.query<CartLine>(
      `SELECT ci.product_id, ci.quantity, p.price, p.name
         FROM cart_items ci
         JOIN carts c ON c.id = ci.cart_id
         JOIN products p ON p.id = ci.product_id
        WHERE c.user_id = $1`,
      [userId],
    );
    if (lines.length === 0) throw new Error('Der Warenkorb ist leer');

    await reserveStock(client, lines);
    const total = lines.reduce((sum, l) => sum + Number(l.price) * l.quantity, 0).toFixed(2);
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO orders (user_id, total, shipping_address) VALUES ($1, $2, $3) RETURNING id',
      [userId, total, JSON.stringify(shippingAddress)],
    );
    const orderId = rows[0].id;
    for (const line of lines) {
      await client.query(
        'INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price) VALUES ($1, $2, $3, $4, $5)',
        [orderId, line.product_id, line.name, line.quantity, line.price],
      );
    }

    const charge = await chargeCard(orderId, total, paymentToken);
    await client.query(
      "INSERT INTO payments (order_id, provider, provider_ref, amount, status) VALUES ($1, 'psp', $2, $3, 'captured')",
      [orderId, charge.id, total],
    );
    await client.query("UPDATE orders SET status = 'paid', updated_at = now() WHERE id = $1", [orderId]);
    await client.query('DELETE FROM cart_items WHERE cart_id = (SELECT id FROM carts WHERE user_id = $1)', [userId]);
    return { id: orderId, total, status: 'paid' };
  });

  res.status(201).json(order);
});
