import { Router } from 'express';
import { currentUserId, HttpError } from '../shared/http';
import { getUser, registerUser, updateBilling } from './service';

export const userRoutes = Router();

userRoutes.post('/', async (req, res) => {
  const { email, password, displayName } = req.body as { email: string; password: string; displayName: string };
  res.status(201).json(await registerUser(email, password, displayName));
});

userRoutes.get('/me', async (_req, res) => {
  const user = await getUser(currentUserId(res));
  if (!user) throw new HttpError(404, 'account not found');
  res.json(user);
});

userRoutes.put('/me/billing', async (req, res) => {
  const { billingName, billingCountry } = req.body as { billingName: string; billingCountry: string };
  await updateBilling(currentUserId(res), billingName, billingCountry);
  res.status(204).end();
});
