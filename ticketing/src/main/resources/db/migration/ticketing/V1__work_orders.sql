-- Work orders and their timeline. The house link is checked at commit (DEFERRABLE) so a pack
-- re-import can rewrite houses and history in one transaction; a house still used by a work
-- order then cannot silently vanish.
CREATE TABLE work_orders (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id    text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    code            text NOT NULL,
    source          text NOT NULL CHECK (source IN ('pack', 'runtime')),
    house_id        bigint REFERENCES houses (id) DEFERRABLE INITIALLY DEFERRED,
    location        text,
    reporter_resident_id bigint REFERENCES residents (id) ON DELETE SET NULL,
    reporter_staff_id    bigint REFERENCES staff (id) ON DELETE SET NULL,
    channel         text CHECK (channel IN ('wechat', 'web', 'voice', 'console')),
    category        text NOT NULL,
    priority        text NOT NULL DEFAULT 'normal' CHECK (priority IN ('emergency', 'high', 'normal', 'low')),
    title           text NOT NULL,
    description     text NOT NULL DEFAULT '',
    appointment_from timestamptz,
    appointment_to   timestamptz,
    assignee_id     bigint REFERENCES staff (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    status          text NOT NULL CHECK (status IN
                        ('submitted', 'assigned', 'in_progress', 'pending_acceptance', 'closed', 'cancelled')),
    rating          integer CHECK (rating BETWEEN 1 AND 5),
    rating_comment  text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    closed_at       timestamptz,
    version         integer NOT NULL DEFAULT 0,
    UNIQUE (community_id, code),
    CHECK (house_id IS NOT NULL OR location IS NOT NULL)
);
CREATE INDEX work_orders_open ON work_orders (community_id, status);
CREATE INDEX work_orders_house ON work_orders (house_id);

CREATE TABLE work_order_attachments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    work_order_id bigint NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
    reference     text NOT NULL,
    added_at      timestamptz NOT NULL DEFAULT now()
);

-- Every change: who, when, from, to, note (全程留痕).
CREATE TABLE work_order_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    work_order_id bigint NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
    at            timestamptz NOT NULL DEFAULT now(),
    actor         text NOT NULL,
    from_status   text,
    to_status     text NOT NULL,
    note          text NOT NULL DEFAULT ''
);
CREATE INDEX work_order_events_order ON work_order_events (work_order_id, at);
