-- Rate limits every node agrees on: one row per limiter and key, holding the key's "theoretical
-- arrival time" (GCRA, the token bucket kept as one number) in epoch milliseconds. An event is
-- allowed when that time is at most a minute ahead of now, and moves it on by a minute / N; one
-- UPSERT decides and counts atomically, so N per minute hold across nodes. The key (an address, an
-- openid, a visitor id) is stored only as a SHA-256 of the limiter's name and the key; a row whose
-- time has passed says nothing any more and is purged.
CREATE TABLE rate_limits (
    bucket bytea            PRIMARY KEY,
    tat    double precision NOT NULL
);
CREATE INDEX rate_limits_tat ON rate_limits (tat);

-- Failed staff sign-ins per source address (a SHA-256 of it), shared by the nodes so that guesses
-- spread over several nodes are slowed as if they hit one. Forgotten an hour after the last failure.
CREATE TABLE sign_in_failures (
    source        bytea  PRIMARY KEY,
    failures      int    NOT NULL,
    last_at       bigint NOT NULL,
    blocked_until bigint NOT NULL
);
CREATE INDEX sign_in_failures_last_at ON sign_in_failures (last_at);
