-- Identities a resident withdrew when erasing their data (个人信息保护法), so that a pack re-import
-- does not bring a pack-provided WeChat openid back. Only the keyed hash is kept; binding the
-- identity again (a new consent) clears it.
CREATE TABLE withdrawn_identities (
    community_id text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    kind         text NOT NULL,
    value_hash   text NOT NULL,
    withdrawn_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (community_id, kind, value_hash)
);
