import express from 'express';
import { pool } from './db';
import { cart } from './routes/cart';
import { orders } from './routes/orders';
import { products } from './routes/products';
import { users } from './routes/users';

const app = express();
app.use(express.json({ limit: '100kb' }));

// Liveness: the process is up.
app.get('/health', (_req, res) => {
  res.send('ok');
});

// Readiness: the database answers.
app.get('/ready', async (_req, res) => {
  try {
    await pool.query('SELECT 1');
    res.send('ready');
  } catch {
    res.status(503).send('database unavailable');
  }
});

app.use('/products', products);
app.use('/cart', cart);
app.use('/orders', orders);
app.use('/users', users);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => {
  console.log(`ecommerce-api listening on :${port}`);
});
