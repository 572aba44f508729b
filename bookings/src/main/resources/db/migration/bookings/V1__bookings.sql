-- Bookings own these tables; communities, residents and houses stay the community module's.

-- What residents can book: from the pack (source 'pack', updated by a re-import) or made in the
-- console. A pack entry that disappears is switched off, not deleted, so its bookings stay.
CREATE TABLE bookables (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id  text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    code          text NOT NULL,
    name          text NOT NULL,
    opens         time NOT NULL,
    closes        time NOT NULL,
    slot_minutes  integer NOT NULL CHECK (slot_minutes BETWEEN 10 AND 720),
    capacity      integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    fee           numeric(10, 2) NOT NULL CHECK (fee >= 0),
    advance_days  integer NOT NULL CHECK (advance_days BETWEEN 0 AND 365),
    source        text NOT NULL CHECK (source IN ('pack', 'console')),
    active        boolean NOT NULL DEFAULT true,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (opens < closes),
    UNIQUE (community_id, code)
);

-- Per-community rules; a community without a row has the defaults (1 active booking per house,
-- cancellation up to 120 minutes before the start).
CREATE TABLE booking_rules (
    community_id           text PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    active_per_house       integer NOT NULL CHECK (active_per_house BETWEEN 1 AND 50),
    cancel_before_minutes  integer NOT NULL CHECK (cancel_before_minutes BETWEEN 0 AND 10080),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

-- One booking of one slot by a resident for one of their houses. Capacity is enforced by locking the
-- bookable's row while counting (capacity may be more than 1, so a unique index cannot do it).
CREATE TABLE bookings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          text NOT NULL UNIQUE,
    community_id  text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    bookable_id   bigint NOT NULL REFERENCES bookables (id) ON DELETE CASCADE,
    resident_id   bigint NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
    house_id      bigint NOT NULL REFERENCES houses (id) ON DELETE CASCADE,
    house_code    text NOT NULL,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    status        text NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    fee           numeric(10, 2) NOT NULL,
    channel       text NOT NULL,
    created_at    timestamptz NOT NULL,
    cancelled_at  timestamptz,
    cancelled_by  text,
    reminded_at   timestamptz,
    CHECK (starts_at < ends_at)
);
CREATE INDEX bookings_slot ON bookings (bookable_id, starts_at) WHERE status = 'confirmed';
CREATE INDEX bookings_resident ON bookings (resident_id, starts_at);
CREATE INDEX bookings_house ON bookings (house_id, starts_at) WHERE status = 'confirmed';
