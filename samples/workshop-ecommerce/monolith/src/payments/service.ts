import { query, type Tx } from '../shared/db';
import { bus } from '../shared/events';
import { HttpError } from '../shared/http';
import { createCharge, refundCharge } from './provider';

/** Charges the customer for an order, inside the order's transaction. */
export async function chargeOrder(tx: Tx, orderId: number, userId: number, amount: string, paymentToken: string) {
  const [customer] = await query<{ email: string; billing_name: string | null; billing_country: string | null }>(
    'SELECT email, billing_name, billing_country FROM users WHERE id = $1',
    [userId],
    tx,
  );
  if (!customer?.billing_name || !customer.billing_country) throw new HttpError(422, 'billing address missing');

  const charge = await createCharge({
    amount,
    currency: 'EUR',
    source: paymentToken,
    reference: `order-${orderId}`,
    billingName: customer.billing_name,
    billingCountry: customer.billing_country,
    email: customer.email,
  });
  if (charge.status !== 'captured') throw new HttpError(402, 'payment declined');

  const [payment] = await query<{ id: number }>(
    "INSERT INTO payments (order_id, provider, provider_ref, amount, status) VALUES ($1, 'psp', $2, $3, 'captured') RETURNING id",
    [orderId, charge.id, amount],
    tx,
  );
  await query("UPDATE orders SET status = 'paid', updated_at = now() WHERE id = $1", [orderId], tx);
  bus.publish('payment.captured', { orderId, paymentId: Number(payment.id), amount });
  return payment;
}

/** Refund from the back office: money back, order marked refunded. */
export async function refundOrder(orderId: number): Promise<void> {
  const [payment] = await query<{ provider_ref: string; amount: string }>(
    "SELECT provider_ref, amount FROM payments WHERE order_id = $1 AND status = 'captured'",
    [orderId],
  );
  if (!payment) throw new HttpError(404, 'no captured payment for this order');
  await refundCharge(payment.provider_ref, payment.amount);
  await query("UPDATE payments SET status = 'refunded', updated_at = now() WHERE order_id = $1", [orderId]);
  await query("UPDATE orders SET status = 'refunded', updated_at = now() WHERE id = $1", [orderId]);
}

/** PSP webhook: late status changes (chargebacks, asynchronous failures). */
export async function applyProviderEvent(providerRef: string, status: 'failed' | 'refunded'): Promise<void> {
  const [payment] = await query<{ order_id: number }>(
    'UPDATE payments SET status = $2, updated_at = now() WHERE provider = $3 AND provider_ref = $1 RETURNING order_id',
    [providerRef, status, 'psp'],
  );
  if (payment) {
    await query("UPDATE orders SET status = 'cancelled', updated_at = now() WHERE id = $1", [payment.order_id]);
  }
}
