-- 007_backoffice_release_2_3.sql
-- Back-office release 2.3. Runs against the production database during the Tuesday deploy;
-- the shop stays online while it runs.

-- Back-office order list: filter by status, newest first.
CREATE INDEX orders_status_created_at_idx ON orders (status, created_at DESC);

-- The orphaned CSV payments were cleaned up in release 2.2: every payment now belongs to an order.
ALTER TABLE payments
    ADD CONSTRAINT payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);

-- Reviews longer than 5,000 characters broke the product page layout.
ALTER TABLE reviews
    ADD CONSTRAINT reviews_body_length_check CHECK (char_length(body) <= 5000);

-- Sales channel, for the mobile app launch.
ALTER TABLE orders ADD COLUMN channel text NOT NULL DEFAULT 'web';
