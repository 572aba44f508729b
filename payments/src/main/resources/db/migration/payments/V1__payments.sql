-- Payments own these tables; bills stay the community's (marked paid through community.billing.Bills).

-- What the bot offered a resident to pay: the link (token) a chat button, a WeChat message or an SMS
-- carries. Amounts are never taken from here: an order re-reads the bills when it is made.
CREATE TABLE payment_offers (
    token           text PRIMARY KEY,
    community_id    text NOT NULL,
    resident_id     bigint NOT NULL,
    channel         text NOT NULL,
    openid          text,
    conversation_id text,
    bill_ids        bigint[] NOT NULL,
    bill_codes      text[] NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL
);

-- One order per payment attempt at WeChat Pay; amounts in fen.
CREATE TABLE payment_orders (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    out_trade_no    text NOT NULL UNIQUE CHECK (out_trade_no ~ '^[0-9A-Za-z_|*-]{6,32}$'),
    offer_token     text REFERENCES payment_offers (token) ON DELETE SET NULL,
    community_id    text NOT NULL,
    resident_id     bigint NOT NULL,
    channel         text NOT NULL,
    trade_type      text NOT NULL CHECK (trade_type IN ('JSAPI', 'NATIVE')),
    openid          text,
    description     text NOT NULL,
    amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
    state           text NOT NULL CHECK (state IN ('open', 'paid', 'closed')),
    code_url        text,
    prepay_id       text,
    conversation_id text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    paid_at         timestamptz,
    transaction_id  text UNIQUE,
    closed_at       timestamptz,
    refunded_fen    bigint NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen)
);
CREATE INDEX payment_orders_open ON payment_orders (created_at) WHERE state = 'open';
CREATE INDEX payment_orders_resident ON payment_orders (community_id, resident_id);

-- The bills an order covers, with the amount each had when the order was made. A bill is held by
-- at most one open order: a second concurrent payment for it fails on this index.
CREATE TABLE payment_order_bills (
    order_id   bigint NOT NULL REFERENCES payment_orders (id) ON DELETE CASCADE,
    bill_id    bigint NOT NULL,
    bill_code  text NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    held       boolean NOT NULL DEFAULT true,
    PRIMARY KEY (order_id, bill_id)
);
CREATE UNIQUE INDEX payment_order_bills_held ON payment_order_bills (bill_id) WHERE held;

-- A settled payment: at most one per order, whether the notify or the sweeper's query settled it.
CREATE TABLE payments (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id       bigint NOT NULL UNIQUE REFERENCES payment_orders (id),
    transaction_id text NOT NULL UNIQUE,
    amount_fen     bigint NOT NULL,
    payer_openid   text,
    success_time   timestamptz NOT NULL,
    settled_by     text NOT NULL CHECK (settled_by IN ('notify', 'query')),
    settled_at     timestamptz NOT NULL DEFAULT now(),
    -- true when the bills were already paid by another order: the money must go back (a refund).
    duplicate      boolean NOT NULL DEFAULT false
);

CREATE TABLE payment_refunds (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    out_refund_no text NOT NULL UNIQUE,
    order_id      bigint NOT NULL REFERENCES payment_orders (id),
    amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
    reason        text NOT NULL CHECK (length(trim(reason)) > 0),
    requested_by  text NOT NULL,
    state         text NOT NULL CHECK (state IN ('processing', 'success', 'abnormal', 'closed')),
    refund_id     text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);

-- Notifies seen, by WeChat's notify id: retries are answered from here without settling again.
CREATE TABLE payment_notifies (
    id          text PRIMARY KEY,
    event_type  text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    outcome     text NOT NULL
);

CREATE INDEX payment_offers_resident ON payment_offers (community_id, resident_id);
CREATE INDEX payment_offers_expiry ON payment_offers (expires_at);
