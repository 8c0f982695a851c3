import { Router } from 'express';
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { pool, query, sql } from '../db';
import { createSession, endSession, requireUser } from '../sessions';

export const users = Router();

interface LoginRow {
  id: number;
  email: string;
  password_hash: string;
  display_name: string;
}

/** Stored as "scrypt$<salt>$<hex hash>". */
function passwordMatches(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  if (expected.length === 0) return false;
  const actual = scryptSync(password, salt, expected.length);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

// Sign-in form.
users.post('/login', async (req, res) => {
  const { email, password } = req.body as { email: string; password: string };
  const [user] = await query<LoginRow>(
    sql`SELECT id, email, password_hash, display_name FROM users WHERE lower(email) = ${email.trim().toLowerCase()}`,
  );
  if (!user || !passwordMatches(password, user.password_hash)) {
    res.status(401).json({ error: 'E-Mail oder Passwort ist falsch.' });
    return;
  }
  await pool.query('UPDATE users SET last_login_at = now() WHERE id = $1', [user.id]);
  res.json({ token: createSession(user.id, user.email), displayName: user.display_name });
});

users.post('/logout', (req, res) => {
  endSession(req.headers.authorization?.replace('Bearer ', '') ?? '');
  res.status(204).end();
});

// "Mein Konto" page.
users.get('/me', requireUser, async (_req, res) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [res.locals.userId]);
  const { password_hash: _ignored, ...profile } = rows[0];
  res.json(profile);
});

// "Schon gekauft" badge on the product page.
users.get('/me/bought/:productId', requireUser, async (req, res) => {
  const { rows } = await pool.query(
    `SELECT count(*) > 0 AS already_bought
       FROM order_items oi
       JOIN orders o ON o.id = oi.order_id
      WHERE o.user_id = $1 AND oi.product_id = $2`,
    [res.locals.userId, Number(req.params.productId)],
  );
  res.json(rows[0]);
});

// "Entdecken" box on the start page.
users.get('/me/discover', requireUser, async (_req, res) => {
  const { rows } = await pool.query(
    `SELECT p.id, p.name, p.price, p.image_url
       FROM products p
      WHERE p.active = true
        AND p.id NOT IN (
            SELECT oi.product_id
              FROM order_items oi
              JOIN orders o ON o.id = oi.order_id
             WHERE o.user_id = $1)
      ORDER BY p.created_at DESC
      LIMIT 12`,
    [res.locals.userId],
  );
  res.json(rows);
});
