-- login_codes found a phone by its unsalted SHA-256, which anyone with a dump reverses by hashing
-- every number in an afternoon. New rows use the keyed lookup hash of the sealed columns; the old
-- rows are only minutes-long codes and their rate-limit history, so they are simply dropped.
DELETE FROM login_codes;
CREATE INDEX login_codes_created ON login_codes (created_at);

-- Every text message with a code, per phone over all communities (keyed hash only): the daily cap
-- counts these, so nobody can have us text one number all day. Kept for a day.
CREATE TABLE sms_sends (
    phone_hash text NOT NULL,
    sent_at    timestamptz NOT NULL
);
CREATE INDEX sms_sends_phone ON sms_sends (phone_hash, sent_at);

-- Expired sessions are purged on a schedule.
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Staff accounts are no longer locked after failures (a lock-out let strangers lock real staff
-- out); guessing is slowed per source address instead, in memory.
ALTER TABLE staff_credentials DROP COLUMN failed_attempts, DROP COLUMN locked_until;
