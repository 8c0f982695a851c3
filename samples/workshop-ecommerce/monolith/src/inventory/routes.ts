import { Router } from 'express';
import { setStock, stockLevels } from './service';

export const inventoryRoutes = Router();

inventoryRoutes.get('/:productId', async (req, res) => {
  const productId = Number(req.params.productId);
  const levels = await stockLevels([productId]);
  res.json({ productId, available: levels.get(productId) ?? 0 });
});

// Back-office stock correction.
inventoryRoutes.put('/:productId', async (req, res) => {
  const { quantity } = req.body as { quantity: number };
  await setStock(Number(req.params.productId), quantity);
  res.status(204).end();
});
