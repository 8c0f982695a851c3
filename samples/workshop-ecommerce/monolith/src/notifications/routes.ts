import { Router } from 'express';
import { pendingCount, resend } from './service';

export const notificationRoutes = Router();

// Back-office dashboard tile.
notificationRoutes.get('/outbox/pending', async (_req, res) => {
  res.json({ pending: await pendingCount() });
});

notificationRoutes.post('/outbox/:id/resend', async (req, res) => {
  await resend(Number(req.params.id));
  res.status(204).end();
});
