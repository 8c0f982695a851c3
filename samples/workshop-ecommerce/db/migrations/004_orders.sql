-- 004_orders.sql
-- Orders and their line items. Line items keep the product name and price at the time of purchase,
-- so order history survives products being deleted.

CREATE TABLE orders (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id          bigint         NOT NULL REFERENCES users (id),
    status           text           NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')),
    total            numeric(12, 2) NOT NULL,
    currency         char(3)        NOT NULL DEFAULT 'EUR',
    shipping_address jsonb          NOT NULL,
    created_at       timestamptz    NOT NULL DEFAULT now(),
    updated_at       timestamptz    NOT NULL DEFAULT now()
);

CREATE INDEX orders_user_id_idx ON orders (user_id);

CREATE TABLE order_items (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     bigint         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id   bigint         REFERENCES products (id) ON DELETE SET NULL,
    product_name text           NOT NULL,
    quantity     integer        NOT NULL CHECK (quantity > 0),
    unit_price   numeric(10, 2) NOT NULL
);

CREATE INDEX order_items_order_id_idx ON order_items (order_id);
