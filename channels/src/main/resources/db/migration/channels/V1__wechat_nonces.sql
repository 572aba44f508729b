-- Nonces of WeChat callbacks seen within the allowed clock skew, per official account (community),
-- so a captured signed request cannot be replayed on any node. The digest is of the message XML
-- (decrypted in safe mode): WeChat's own retry of the same message may pass, a different body may not.
-- Rows whose timestamp is older than the skew are purged: such requests are refused as stale anyway.
CREATE TABLE wechat_nonces (
    community_id text   NOT NULL,
    nonce        text   NOT NULL,
    sent_at      bigint NOT NULL,
    body_sha256  bytea  NOT NULL,
    PRIMARY KEY (community_id, nonce)
);
CREATE INDEX wechat_nonces_sent_at ON wechat_nonces (sent_at);
