-- other.sql
-- The storefront's other hot queries, as the API runs them ($1, $2 are bind parameters).

-- Sign-in form: look up the account for the e-mail address typed in (the API lower-cases it first).
SELECT id, email, password_hash, display_name
FROM users
WHERE lower(email) = $1;

-- Search box suggestions: active products whose name contains the typed text, as the user types.
SELECT id, name, price
FROM products
WHERE active = true
  AND name ILIKE '%' || $1 || '%'
ORDER BY name
LIMIT 50;

-- "Vegan" campaign landing page: every active product that mentions vegan in its description.
SELECT id, name, price, image_url
FROM products
WHERE active = true
  AND description LIKE '%vegan%'
ORDER BY created_at DESC;

-- "Alle Produkte" page, 24 products per page; $1 = (page - 1) * 24 from the ?page= link.
SELECT id, name, price, image_url, created_at
FROM products
WHERE active = true
ORDER BY created_at DESC
LIMIT 24 OFFSET $1;

-- "Entdecken" box on the start page: products the signed-in customer has never ordered.
SELECT p.id, p.name, p.price, p.image_url
FROM products p
WHERE p.active = true
  AND p.id NOT IN (
      SELECT oi.product_id
      FROM order_items oi
      JOIN orders o ON o.id = oi.order_id
      WHERE o.user_id = $1
  )
ORDER BY p.created_at DESC
LIMIT 12;

-- "Schon gekauft" badge on the product page: has this customer ordered this product before?
SELECT count(*) > 0 AS already_bought
FROM order_items oi
JOIN orders o ON o.id = oi.order_id
WHERE o.user_id = $1
  AND oi.product_id = $2;

-- "Zufallsfund" teaser on the start page: eight active products, different on every visit.
SELECT id, name, price, image_url
FROM products
WHERE active = true
ORDER BY random()
LIMIT 8;

-- Product page: all reviews of one product, newest first.
SELECT r.id, r.rating, r.title, r.body, r.created_at, u.display_name
FROM reviews r
JOIN users u ON u.id = r.user_id
WHERE r.product_id = $1
ORDER BY r.created_at DESC;

-- Back-office dashboard: revenue of one day ($1 is a date).
SELECT sum(total) AS revenue, count(*) AS orders
FROM orders
WHERE date(created_at) = $1
  AND status IN ('paid', 'shipped', 'delivered');
