-- Signed-in callers of the HTTP API: residents (after phone verification) and staff (after login).
-- Only a hash of the token is kept, so a database dump does not hand out sessions.
CREATE TABLE sessions (
    token_hash   text PRIMARY KEY,
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('resident', 'staff')),
    subject_id   bigint NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE INDEX sessions_subject ON sessions (kind, subject_id);

-- Per-community settings that are not part of the pack (dispatch mode, SLA overrides…).
CREATE TABLE community_settings (
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    key          text NOT NULL,
    value        text NOT NULL,
    PRIMARY KEY (community_id, key)
);
