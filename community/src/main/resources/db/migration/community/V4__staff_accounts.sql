-- Staff sign-in. Staff listed in a pack come and go with the pack; accounts created by the
-- `staff add` command (the first admin, say) are kept by re-imports.
ALTER TABLE staff ADD COLUMN source text NOT NULL DEFAULT 'pack' CHECK (source IN ('pack', 'account'));

-- Argon2id password hashes (PHC strings) and the lock-out counter.
CREATE TABLE staff_credentials (
    staff_id        bigint PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
    password_hash   text NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    changed_at      timestamptz NOT NULL DEFAULT now()
);
