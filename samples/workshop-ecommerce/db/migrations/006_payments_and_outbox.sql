-- 006_payments_and_outbox.sql
-- Payments were first back-filled from the payment provider's CSV exports, and some exported rows
-- had no matching order, so order_id has no foreign key yet.

CREATE TABLE payments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     bigint         NOT NULL,
    provider     text           NOT NULL,
    provider_ref text,
    amount       numeric(12, 2) NOT NULL,
    currency     char(3)        NOT NULL DEFAULT 'EUR',
    status       text           NOT NULL DEFAULT 'initiated'
        CHECK (status IN ('initiated', 'authorized', 'captured', 'failed', 'refunded')),
    created_at   timestamptz    NOT NULL DEFAULT now(),
    updated_at   timestamptz    NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX payments_provider_ref_key ON payments (provider, provider_ref);

-- Transactional e-mails, written by shop-core and sent by the shop-core worker.
CREATE TABLE email_outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id),
    template   text        NOT NULL,
    payload    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    attempts   integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz
);
