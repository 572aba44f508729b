-- A follower who cannot receive a code (a landline on record, a changed number) asks to be bound by
-- name and house; a person at the service centre checks the claim and confirms it. The channel
-- address and the claimed name are personal data and stored sealed.
CREATE TABLE binding_requests (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id    text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('wechat_openid')),
    value           text NOT NULL,
    claimed_name    text NOT NULL,
    claimed_house   text NOT NULL,
    house_id        bigint REFERENCES houses (id) ON DELETE SET NULL,
    resident_id     bigint REFERENCES residents (id) ON DELETE SET NULL,
    conversation_id uuid,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    decided_by      text
);
CREATE INDEX binding_requests_pending ON binding_requests (community_id, created_at) WHERE status = 'pending';
