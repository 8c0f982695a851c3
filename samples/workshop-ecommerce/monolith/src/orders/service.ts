import { priceProducts } from '../catalog/service';
import { chargeOrder } from '../payments/service';
import { query, transaction } from '../shared/db';
import { bus } from '../shared/events';
import { HttpError } from '../shared/http';

export interface OrderLine {
  productId: number;
  quantity: number;
}

export interface PlaceOrderInput {
  userId: number;
  lines: OrderLine[];
  shippingAddress: Record<string, string>;
  paymentToken: string;
}

export interface PlacedOrder {
  id: number;
  total: string;
  status: 'paid';
}

export async function placeOrder(input: PlaceOrderInput): Promise<PlacedOrder> {
  const priced = await priceProducts(input.lines.map((line) => line.productId));

  const order = await transaction(async (tx) => {
    let total = 0;
    for (const line of input.lines) {
      const product = priced.get(line.productId);
      if (!product || !product.active) throw new HttpError(409, `product ${line.productId} is not for sale`);
      total += Number(product.price) * line.quantity;
    }

    const [created] = await query<{ id: number }>(
      'INSERT INTO orders (user_id, total, shipping_address) VALUES ($1, $2, $3) RETURNING id',
      [input.userId, total.toFixed(2), JSON.stringify(input.shippingAddress)],
      tx,
    );

    for (const line of input.lines) {
      const product = priced.get(line.productId)!;
      await query(
        'INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price) VALUES ($1, $2, $3, $4, $5)',
        [created.id, line.productId, product.name, line.quantity, product.price],
        tx,
      );
      // Multi-item orders take stock here directly; inventory.reserve() only handles one item at a time.
      const updated = await query(
        'UPDATE inventory SET quantity = quantity - $2, updated_at = now() WHERE product_id = $1 AND quantity >= $2 RETURNING product_id',
        [line.productId, line.quantity],
        tx,
      );
      if (updated.length === 0) throw new HttpError(409, `${product.name} is out of stock`);
    }

    // Empty the storefront cart (carts belong to the ecommerce-api service).
    await query('DELETE FROM cart_items WHERE cart_id IN (SELECT id FROM carts WHERE user_id = $1)', [input.userId], tx);

    await chargeOrder(tx, Number(created.id), input.userId, total.toFixed(2), input.paymentToken);
    return { id: Number(created.id), total: total.toFixed(2), status: 'paid' as const };
  });

  bus.publish('order.placed', { orderId: order.id, userId: input.userId, total: order.total });
  return order;
}

export async function ordersOf(userId: number) {
  return query(
    'SELECT id, status, total, created_at FROM orders WHERE user_id = $1 ORDER BY created_at DESC',
    [userId],
  );
}

export async function cancelOrder(orderId: number, userId: number): Promise<void> {
  const rows = await query(
    "UPDATE orders SET status = 'cancelled', updated_at = now() WHERE id = $1 AND user_id = $2 AND status = 'pending' RETURNING id",
    [orderId, userId],
  );
  if (rows.length === 0) throw new HttpError(409, 'only pending orders can be cancelled');
}
