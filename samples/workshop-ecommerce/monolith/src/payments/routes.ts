import { Router } from 'express';
import { applyProviderEvent, refundOrder } from './service';

export const paymentRoutes = Router();

// Called by the payment provider.
paymentRoutes.post('/webhook', async (req, res) => {
  const { reference, status } = req.body as { reference: string; status: 'failed' | 'refunded' };
  await applyProviderEvent(reference, status);
  res.status(204).end();
});

// Back office.
paymentRoutes.post('/orders/:orderId/refund', async (req, res) => {
  await refundOrder(Number(req.params.orderId));
  res.status(204).end();
});
