import { query } from '../shared/db';
import { bus } from '../shared/events';

export type Template = 'welcome' | 'order-confirmation' | 'payment-receipt' | 'low-stock-alert';

export async function enqueue(userId: number, template: Template, payload: Record<string, unknown>): Promise<void> {
  await query('INSERT INTO email_outbox (user_id, template, payload) VALUES ($1, $2, $3)', [
    userId,
    template,
    JSON.stringify(payload),
  ]);
}

/** Wires the e-mails to the other modules' events. Called once at start-up. */
export function registerNotificationHandlers(): void {
  bus.subscribe('user.registered', ({ userId }) => enqueue(userId, 'welcome', {}));

  bus.subscribe('order.placed', async ({ orderId, userId }) => {
    const [order] = await query<{ total: string; display_name: string; items: number }>(
      `SELECT o.total, u.display_name, count(oi.id)::int AS items
         FROM orders o
         JOIN users u ON u.id = o.user_id
         JOIN order_items oi ON oi.order_id = o.id
        WHERE o.id = $1
        GROUP BY o.total, u.display_name`,
      [orderId],
    );
    await enqueue(userId, 'order-confirmation', { orderId, ...order });
  });

  bus.subscribe('payment.captured', async ({ orderId, amount }) => {
    const [order] = await query<{ user_id: number }>('SELECT user_id FROM orders WHERE id = $1', [orderId]);
    if (order) await enqueue(order.user_id, 'payment-receipt', { orderId, amount });
  });

  bus.subscribe('stock.low', async ({ productId, quantity }) => {
    const admins = await query<{ id: number }>("SELECT id FROM users WHERE email LIKE '%@workshop-shop.example'");
    for (const admin of admins) await enqueue(admin.id, 'low-stock-alert', { productId, quantity });
  });
}

export async function pendingCount(): Promise<number> {
  const [row] = await query<{ pending: number }>('SELECT count(*)::int AS pending FROM email_outbox WHERE sent_at IS NULL');
  return row.pending;
}

export async function resend(outboxId: number): Promise<void> {
  await query('UPDATE email_outbox SET sent_at = NULL, attempts = 0 WHERE id = $1', [outboxId]);
}
