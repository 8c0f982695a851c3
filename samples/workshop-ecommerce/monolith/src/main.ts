import express from 'express';
import { catalogRoutes } from './catalog/routes';
import { inventoryRoutes } from './inventory/routes';
import { startOutboxJob } from './notifications/jobs/send-outbox';
import { notificationRoutes } from './notifications/routes';
import { registerNotificationHandlers } from './notifications/service';
import { orderRoutes } from './orders/routes';
import { paymentRoutes } from './payments/routes';
import { errorHandler, sessionFromProxy } from './shared/http';
import { userRoutes } from './users/routes';

// ROLE=web (default) serves HTTP on the EC2 instance; ROLE=worker runs the background jobs (k8s/worker.yaml).
const role = process.env.ROLE ?? 'web';

registerNotificationHandlers();

if (role === 'worker') {
  startOutboxJob();
} else {
  const app = express();
  app.use(express.json());
  app.use(sessionFromProxy);
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.use('/catalog', catalogRoutes);
  app.use('/inventory', inventoryRoutes);
  app.use('/orders', orderRoutes);
  app.use('/payments', paymentRoutes);
  app.use('/users', userRoutes);
  app.use('/notifications', notificationRoutes);
  app.use(errorHandler);

  const port = Number(process.env.PORT ?? 8080);
  app.listen(port, () => console.log(`shop-core listening on :${port}`));
}
