import { Router } from 'express';
import { listCategory, setPrice } from './service';

export const catalogRoutes = Router();

catalogRoutes.get('/categories/:id/products', async (req, res) => {
  res.json(await listCategory(Number(req.params.id)));
});

// Back-office price change.
catalogRoutes.put('/products/:id/price', async (req, res) => {
  const { price } = req.body as { price: string };
  await setPrice(Number(req.params.id), price);
  res.status(204).end();
});
