-- 001_init.sql
-- Customer accounts. Shipped with the first release of the shop.

CREATE TABLE users (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email            text        NOT NULL,
    password_hash    text        NOT NULL,
    display_name     text        NOT NULL,
    billing_name     text,
    billing_country  char(2),
    marketing_opt_in boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_login_at    timestamptz,
    CONSTRAINT users_email_key UNIQUE (email)
);

COMMENT ON TABLE users IS 'Customer accounts; owned by the users module of shop-core.';
