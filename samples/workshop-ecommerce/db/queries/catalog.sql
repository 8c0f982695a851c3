-- catalog.sql
-- Category page ("Sport & Outdoor", price filter 10-100 EUR): the 20 best-rated products in stock.
-- Served by GET /products/catalog (api/src/routes/products.ts) on every category page view.
-- Source: workshop Session 2, Teil 2, "Live Database Optimization Session": the original query,
-- measured at 3.2 seconds on the production database.

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
  AND p.price BETWEEN 10 AND 100
  AND c.parent_id = 5
  AND i.quantity > 0
GROUP BY p.id, p.name, p.price, p.description, c.name, i.quantity
ORDER BY avg_rating DESC, p.created_at DESC
LIMIT 20;
