-- Communities and everything a pack describes. Pack ids are kept as `code` (unique per community);
-- rows get surrogate ids so runtime data (work orders, conversations) survives a re-import.

CREATE TABLE communities (
    id              text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]+$'),
    name            text NOT NULL,
    city            text NOT NULL,
    address         text NOT NULL,
    service_phone   text NOT NULL,
    emergency_phone text NOT NULL,
    office_hours    text NOT NULL,
    imported_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE buildings (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    code         text NOT NULL,
    name         text NOT NULL,
    units        text[] NOT NULL,
    floors       integer NOT NULL CHECK (floors > 0),
    elevators    integer NOT NULL CHECK (elevators >= 0),
    UNIQUE (community_id, code)
);

CREATE TABLE houses (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    code         text NOT NULL,
    building_id  bigint NOT NULL REFERENCES buildings (id),
    unit         text NOT NULL,
    room         text NOT NULL,
    area_m2      numeric(10, 2) NOT NULL CHECK (area_m2 > 0),
    house_type   text NOT NULL,
    UNIQUE (community_id, code)
);

CREATE TABLE residents (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    code         text NOT NULL,
    name         text NOT NULL,
    birth_year   integer,
    UNIQUE (community_id, code)
);

-- Several residents per house, several houses per resident; the role is per house.
CREATE TABLE resident_houses (
    resident_id bigint NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
    house_id    bigint NOT NULL REFERENCES houses (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('owner', 'tenant', 'family')),
    PRIMARY KEY (resident_id, house_id)
);

-- How a resident is recognised on a channel: phone (caller id, web login) or WeChat openid.
-- source 'pack' rows come and go with imports; 'bound' rows were verified at run time and stay.
CREATE TABLE resident_identities (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    resident_id  bigint NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('phone', 'wechat_openid')),
    value        text NOT NULL,
    source       text NOT NULL CHECK (source IN ('pack', 'bound')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (community_id, kind, value)
);

CREATE TABLE staff (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    code         text NOT NULL,
    name         text NOT NULL,
    role         text NOT NULL CHECK (role IN ('agent', 'technician', 'supervisor', 'admin')),
    skills       text[] NOT NULL DEFAULT '{}',
    buildings    text[] NOT NULL DEFAULT '{}',
    on_duty      boolean NOT NULL DEFAULT false,
    phone        text,
    UNIQUE (community_id, code)
);

CREATE TABLE fee_items (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    code         text NOT NULL,
    name         text NOT NULL,
    unit_price   numeric(12, 2) NOT NULL CHECK (unit_price > 0),
    unit         text NOT NULL,
    basis        text NOT NULL CHECK (basis IN ('area', 'fixed')),
    cycle        text NOT NULL CHECK (cycle IN ('monthly', 'quarterly', 'semiannual', 'yearly', 'once')),
    UNIQUE (community_id, code)
);

CREATE TABLE bills (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    code         text NOT NULL,
    house_id     bigint NOT NULL REFERENCES houses (id),
    fee_item_id  bigint NOT NULL REFERENCES fee_items (id),
    period       text NOT NULL,
    amount       numeric(12, 2) NOT NULL CHECK (amount > 0),
    due          date NOT NULL,
    status       text NOT NULL CHECK (status IN ('unpaid', 'overdue', 'paid')),
    paid_at      date,
    UNIQUE (community_id, code),
    CHECK ((status = 'paid') = (paid_at IS NOT NULL))
);
CREATE INDEX bills_house ON bills (house_id);

-- Append-only: each row carries the hash of the previous one, so a changed or removed row shows.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor        text NOT NULL,
    action       text NOT NULL,
    community_id text,
    subject      text,
    details      text NOT NULL DEFAULT '',
    prev_hash    text NOT NULL,
    hash         text NOT NULL
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
