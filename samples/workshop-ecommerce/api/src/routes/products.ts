import { Router } from 'express';
import { pool, query, sql } from '../db';

export const products = Router();

interface CatalogRow {
  id: string;
  name: string;
  price: string;
  description: string;
  category_name: string;
  avg_rating: string | null;
  review_count: string;
  stock_quantity: number;
}

interface ReviewRow {
  id: string;
  user_id: string;
  rating: number;
  title: string | null;
  body: string;
  created_at: Date;
}

// Category page: the 20 best-rated products of a top-level category within a price band.
// Same query as db/queries/catalog.sql, with the filters as parameters.
products.get('/catalog', async (req, res) => {
  const parentId = Number(req.query.parent ?? 5);
  const minPrice = Number(req.query.min ?? 10);
  const maxPrice = Number(req.query.max ?? 100);

  const rows = await query<CatalogRow>(sql`
    SELECT
        p.id,
        p.name,
        p.price,
        p.description,
        c.name as category_name,
        AVG(r.rating) as avg_rating,
        COUNT(r.id) as review_count,
        i.quantity as stock_quantity
    FROM products p
    JOIN categories c ON p.category_id = c.id
    LEFT JOIN reviews r ON p.id = r.product_id
    JOIN inventory i ON p.id = i.product_id
    WHERE p.active = true
      AND p.price BETWEEN ${minPrice} AND ${maxPrice}
      AND c.parent_id = ${parentId}
      AND i.quantity > 0
    GROUP BY p.id, p.name, p.price, p.description, c.name, i.quantity
    ORDER BY avg_rating DESC, p.created_at DESC
    LIMIT 20
  `);
  res.json(rows);
});

// Product grid of one sub-category (web/src/ProductList.tsx shows all of them at once).
products.get('/by-category/:categoryId', async (req, res) => {
  const { rows } = await pool.query(
    `SELECT p.id, p.name, p.price, p.image_url, p.created_at,
            i.quantity AS stock,
            (SELECT avg(r.rating) FROM reviews r WHERE r.product_id = p.id) AS avg_rating,
            (SELECT count(*) FROM reviews r WHERE r.product_id = p.id) AS review_count
       FROM products p
       JOIN inventory i ON i.product_id = p.id
      WHERE p.category_id = $1 AND p.active = true
      ORDER BY p.name`,
    [Number(req.params.categoryId)],
  );
  res.json(rows);
});

// Search box suggestions, requested on every keystroke.
products.get('/search', async (req, res) => {
  const term = String(req.query.q ?? '').trim();
  if (term.length < 2) {
    res.json([]);
    return;
  }
  const { rows } = await pool.query(
    "SELECT p.id, p.name, p.price, i.quantity > 0 AS in_stock FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.active = true AND p.name ILIKE '%' || $1 || '%' ORDER BY p.name LIMIT 50",
    [term],
  );
  res.json(rows);
});

// "Alle Produkte" page, 24 per page.
products.get('/', async (req, res) => {
  const page = Math.max(1, Number(req.query.page ?? 1));
  const { rows } = await pool.query(
    'SELECT id, name, price, image_url, created_at FROM products WHERE active = true ORDER BY created_at DESC LIMIT 24 OFFSET $1',
    [(page - 1) * 24],
  );
  res.json({ page, products: rows });
});

// "Zufallsfund" teaser on the start page.
products.get('/random', async (_req, res) => {
  const { rows } = await pool.query(
    'SELECT id, name, price, image_url FROM products WHERE active = true ORDER BY random() LIMIT 8',
  );
  res.json(rows);
});

// Product page: the product, its stock and its reviews with the reviewers' names.
products.get('/:id', async (req, res) => {
  const id = Number(req.params.id);
  const [product] = await query(sql`
    SELECT p.*, c.name AS category_name, i.quantity AS stock
    FROM products p
    JOIN categories c ON c.id = p.category_id
    LEFT JOIN inventory i ON i.product_id = p.id
    WHERE p.id = ${id}
  `);
  if (!product) {
    res.status(404).json({ error: 'Produkt nicht gefunden' });
    return;
  }

  const reviews = await query<ReviewRow>(
    sql`SELECT id, user_id, rating, title, body, created_at FROM reviews WHERE product_id = ${id} ORDER BY created_at DESC`,
  );
  const withAuthors = [];
  for (const review of reviews) {
    const { rows } = await pool.query('SELECT display_name FROM users WHERE id = $1', [review.user_id]);
    withAuthors.push({ ...review, author: rows[0]?.display_name ?? 'Gelöschter Account' });
  }

  res.json({ ...product, reviews: withAuthors });
});
