-- Reconciliation of WeChat Pay's daily trade bill with the payments recorded here. Nothing here
-- changes an order, a payment or a bill: a mismatch is stored for people to look into.

-- One row per bill day: which node took the day's run and whether it finished, so a daily job on
-- several nodes reconciles each day once (a failed attempt is taken again after a while).
CREATE TABLE payment_reconcile_days (
    day        date PRIMARY KEY,
    claimed_at timestamptz NOT NULL,
    attempts   integer NOT NULL DEFAULT 1,
    done_at    timestamptz
);

-- Every run, the failed ones included: a bill that could not be downloaded or read shows here.
CREATE TABLE payment_reconcile_runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    day             date NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    trigger         text NOT NULL CHECK (trigger IN ('job', 'cli')),
    bill_rows       integer,
    bill_payments   integer,
    bill_refunds    integer,
    our_payments    integer,
    our_refunds     integer,
    findings        integer,
    -- the SHA-1 of the bill as received, which the merchant adapter checked against WeChat's hash_value
    bill_sha1       text,
    error           text
);
CREATE INDEX payment_reconcile_runs_day ON payment_reconcile_runs (day, started_at DESC);

-- A mismatch between the bill and our records. A re-run of the day replaces its open findings;
-- resolved ones stay (and are not raised again for the same order or refund).
CREATE TABLE payment_reconcile_findings (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    day            date NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('paid_not_marked', 'marked_not_in_bill', 'amount_differs',
                                                 'transaction_differs', 'refund_not_recorded',
                                                 'refund_not_in_bill', 'refund_amount_differs')),
    community_id   text,
    out_trade_no   text NOT NULL,
    transaction_id text,
    out_refund_no  text,
    wechat_fen     bigint,
    our_fen        bigint,
    found_at       timestamptz NOT NULL,
    run_id         bigint NOT NULL REFERENCES payment_reconcile_runs (id),
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolved_by    text,
    resolved_at    timestamptz,
    note           text
);
CREATE INDEX payment_reconcile_findings_day ON payment_reconcile_findings (day, status);
CREATE INDEX payment_reconcile_findings_community ON payment_reconcile_findings (community_id, found_at DESC);
