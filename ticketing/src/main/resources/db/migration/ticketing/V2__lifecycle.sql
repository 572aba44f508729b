-- Lifecycle additions: SLA deadlines and breaches on the order, who it waits for, per-community
-- SLA overrides, and the outbox that carries every change to the people concerned.
ALTER TABLE work_orders
    ADD COLUMN response_due  timestamptz,
    ADD COLUMN start_due     timestamptz,
    ADD COLUMN resolve_due   timestamptz,
    ADD COLUMN response_breached boolean NOT NULL DEFAULT false,
    ADD COLUMN start_breached    boolean NOT NULL DEFAULT false,
    ADD COLUMN resolve_breached  boolean NOT NULL DEFAULT false,
    -- 'technician' (assigned or to be claimed) or 'supervisor' (no one fits: a person must decide)
    ADD COLUMN waiting_for   text NOT NULL DEFAULT 'technician' CHECK (waiting_for IN ('technician', 'supervisor')),
    ADD COLUMN dispatch_mode text NOT NULL DEFAULT 'assign' CHECK (dispatch_mode IN ('assign', 'grab')),
    ADD COLUMN started_at    timestamptz,
    ADD COLUMN completion_note text;

CREATE INDEX work_orders_sla ON work_orders (status) WHERE status NOT IN ('closed', 'cancelled');
CREATE INDEX work_orders_assignee ON work_orders (assignee_id) WHERE status IN ('assigned', 'in_progress');

CREATE TABLE sla_policies (
    community_id     text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    category         text NOT NULL,   -- a category, or '*' for all
    priority         text NOT NULL CHECK (priority IN ('emergency', 'high', 'normal', 'low')),
    response_minutes integer NOT NULL CHECK (response_minutes > 0),
    start_minutes    integer NOT NULL CHECK (start_minutes > 0),
    resolve_minutes  integer NOT NULL CHECK (resolve_minutes > 0),
    PRIMARY KEY (community_id, category, priority)
);

-- Written in the same transaction as the change it announces; delivered by channel adapters.
-- One row per (event, target): the same notice can never be queued twice for one person.
CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id    text NOT NULL,
    work_order_id   bigint REFERENCES work_orders (id) ON DELETE CASCADE,
    event_id        bigint NOT NULL,
    target_kind     text NOT NULL CHECK (target_kind IN ('resident', 'staff')),
    target_id       bigint NOT NULL,
    message         text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    last_error      text,
    UNIQUE (event_id, target_kind, target_id)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
