-- 002_catalog.sql
-- Product catalogue: a two-level category tree, products and their stock.

CREATE TABLE categories (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id bigint REFERENCES categories (id),
    name      text NOT NULL,
    slug      text NOT NULL,
    CONSTRAINT categories_slug_key UNIQUE (slug)
);

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category_id bigint         NOT NULL REFERENCES categories (id),
    sku         text           NOT NULL,
    name        text           NOT NULL,
    description text           NOT NULL DEFAULT '',
    price       numeric(10, 2) NOT NULL CHECK (price >= 0),
    image_url   text,
    active      boolean        NOT NULL DEFAULT true,
    created_at  timestamptz    NOT NULL DEFAULT now(),
    updated_at  timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT products_sku_key UNIQUE (sku)
);

-- One stock row per product; quantity is what the warehouse can ship right now.
CREATE TABLE inventory (
    product_id bigint      PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    quantity   integer     NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    reserved   integer     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);
