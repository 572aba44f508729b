-- The audit chain becomes keyed and numbered. From now on each entry's hash is an HMAC-SHA256
-- ("hmac1:<hex>") under a key that only the service holds, over the previous entry's hash and the
-- entry itself including seq, its position in the log. Entries written before keep their unkeyed
-- SHA-256 hash; the first keyed entry chains onto the last of them, so its MAC covers them all.
-- The length and newest MAC are also kept outside the database (the anchor file), which is what
-- makes an emptied or shortened log show.
ALTER TABLE audit_log ADD COLUMN seq bigint;

-- Numbering the existing rows is the only change ever made to written entries, done once here by
-- the schema owner; the service itself only ever inserts into audit_log (SELECT + INSERT suffice).
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
UPDATE audit_log SET seq = o.n
FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM audit_log) o
WHERE audit_log.id = o.id;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;

ALTER TABLE audit_log ALTER COLUMN seq SET NOT NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_seq UNIQUE (seq);

-- Row triggers do not see TRUNCATE.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

COMMENT ON COLUMN audit_log.seq IS 'position in the chain (1, 2, ...), covered by the entry''s MAC';
COMMENT ON COLUMN audit_log.hash IS 'hmac1:<HMAC-SHA256(key, prev_hash, entry)>, or a bare SHA-256 for entries written before the keyed chain';
