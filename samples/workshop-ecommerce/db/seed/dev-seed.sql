-- dev-seed.sql
-- Deterministic development data, enough for EXPLAIN to show realistic plans:
-- 20 categories, 2,000 users, 5,000 products, 40,000 reviews, 8,000 orders.
-- Run once on a fresh database, after all migrations:  psql -f db/seed/dev-seed.sql
-- (product, user and order ids are assumed to start at 1).

INSERT INTO categories (id, parent_id, name, slug) OVERRIDING SYSTEM VALUE VALUES
    (1, NULL, 'Elektronik', 'elektronik'),
    (2, NULL, 'Mode', 'mode'),
    (3, NULL, 'Haus & Garten', 'haus-garten'),
    (4, NULL, 'Bücher', 'buecher'),
    (5, NULL, 'Sport & Outdoor', 'sport-outdoor'),
    (6, 1, 'Smartphones', 'smartphones'),
    (7, 1, 'Kopfhörer', 'kopfhoerer'),
    (8, 1, 'Zubehör', 'zubehoer'),
    (9, 2, 'Damen', 'damen'),
    (10, 2, 'Herren', 'herren'),
    (11, 2, 'Kinder', 'kinder'),
    (12, 3, 'Küche', 'kueche'),
    (13, 3, 'Garten', 'garten'),
    (14, 3, 'Wohnen', 'wohnen'),
    (15, 4, 'Romane', 'romane'),
    (16, 4, 'Sachbücher', 'sachbuecher'),
    (17, 5, 'Laufen', 'laufen'),
    (18, 5, 'Radsport', 'radsport'),
    (19, 5, 'Camping', 'camping'),
    (20, 5, 'Fitness', 'fitness');

SELECT setval(pg_get_serial_sequence('categories', 'id'), (SELECT max(id) FROM categories));

INSERT INTO users (email, password_hash, display_name, billing_name, billing_country, created_at)
SELECT 'kunde' || g || '@example.com',
       'scrypt$dev-only$not-a-real-hash',
       'Kunde ' || g,
       'Kunde ' || g,
       (ARRAY['DE', 'AT', 'CH'])[1 + g % 3],
       now() - make_interval(days => g % 900)
FROM generate_series(1, 2000) AS g;

INSERT INTO products (category_id, sku, name, description, price, active, created_at)
SELECT 6 + g % 15,
       'SKU-' || lpad(g::text, 6, '0'),
       'Produkt ' || g,
       CASE WHEN g % 17 = 0 THEN 'Vegan, fair gehandelt. Artikel ' || g ELSE 'Artikel ' || g END,
       (5 + (g * 37) % 200) + 0.99,
       g % 10 <> 0,
       now() - make_interval(hours => g * 3)
FROM generate_series(1, 5000) AS g;

INSERT INTO inventory (product_id, quantity)
SELECT id, (id * 13) % 50 FROM products;

INSERT INTO reviews (product_id, user_id, rating, title, body, created_at)
SELECT 1 + (g * 7919) % 5000,
       1 + g % 2000,
       1 + (g * 31) % 5,
       'Bewertung ' || g,
       'Erfahrungsbericht Nummer ' || g,
       now() - make_interval(hours => g % 20000)
FROM generate_series(1, 40000) AS g;

INSERT INTO orders (user_id, status, total, shipping_address, created_at)
SELECT 1 + (g * 7) % 2000,
       (ARRAY['paid', 'shipped', 'delivered', 'cancelled'])[1 + g % 4],
       0,
       jsonb_build_object('city', 'Berlin', 'zip', '10115', 'country', 'DE'),
       now() - make_interval(hours => g)
FROM generate_series(1, 8000) AS g;

INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price)
SELECT 1 + g % 8000,
       p.id,
       p.name,
       1 + g % 3,
       p.price
FROM generate_series(1, 20000) AS g
JOIN products p ON p.id = 1 + (g * 104729) % 5000;

UPDATE orders o
SET total = s.total
FROM (SELECT order_id, sum(quantity * unit_price) AS total FROM order_items GROUP BY order_id) AS s
WHERE s.order_id = o.id;

INSERT INTO payments (order_id, provider, provider_ref, amount, status, created_at)
SELECT id, 'psp', 'pay_' || id, total, 'captured', created_at
FROM orders
WHERE status <> 'cancelled';

ANALYZE;
