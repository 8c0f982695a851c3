-- 003_reviews.sql
-- Customer reviews shown on the product page and averaged on the category page.

CREATE TABLE reviews (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id bigint      NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL REFERENCES users (id),
    rating     smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    title      text,
    body       text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
