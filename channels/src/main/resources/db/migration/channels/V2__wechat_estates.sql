-- The estate a follower of a shared official account (one account serving several communities) said
-- they live in, per account and follower: their messages are served in that community unless their
-- openid is bound to a resident of another community of the account. The openid is kept only as
-- its keyed hash, the way resident_identities finds it. A message sent before the follower picked
-- is kept here (waiting) until they pick, then stored and answered in the chosen community.
CREATE TABLE wechat_estates (
    app_id       text        NOT NULL,
    openid_hash  text        NOT NULL,
    community_id text,
    waiting      text,
    chosen_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (app_id, openid_hash)
);
