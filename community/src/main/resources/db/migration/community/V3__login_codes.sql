-- One-time login codes for residents (web chat): only hashes are kept; attempts are counted so a
-- code cannot be guessed, and issuing is rate-limited per phone.
CREATE TABLE login_codes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    phone_hash   text NOT NULL,
    code_hash    text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    used_at      timestamptz
);
CREATE INDEX login_codes_phone ON login_codes (community_id, phone_hash, created_at DESC);
