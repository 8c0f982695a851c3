import { Router } from 'express';
import { currentUserId } from '../shared/http';
import { cancelOrder, ordersOf, placeOrder, type OrderLine } from './service';

export const orderRoutes = Router();

// Checkout.
orderRoutes.post('/', async (req, res) => {
  const { lines, shippingAddress, paymentToken } = req.body as {
    lines: OrderLine[];
    shippingAddress: Record<string, string>;
    paymentToken: string;
  };
  const order = await placeOrder({ userId: currentUserId(res), lines, shippingAddress, paymentToken });
  res.status(201).json(order);
});

orderRoutes.get('/', async (_req, res) => {
  res.json(await ordersOf(currentUserId(res)));
});

orderRoutes.post('/:id/cancel', async (req, res) => {
  await cancelOrder(Number(req.params.id), currentUserId(res));
  res.status(204).end();
});
