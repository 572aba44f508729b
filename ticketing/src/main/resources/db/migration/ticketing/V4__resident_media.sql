-- Photos and voice a resident sends (e.g. in WeChat), kept by us: WeChat's temporary media expires
-- after 3 days, so the bytes are downloaded at once and the media id is kept until they are.
-- A row belongs to a work order once attached; until then it stays with its conversation and
-- resident (and goes onto the next order that resident reports).
CREATE TABLE resident_media (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id      text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    channel           text NOT NULL,                 -- wechat
    external_id       text NOT NULL,                 -- the channel's media id (WeChat MediaId)
    kind              text NOT NULL CHECK (kind IN ('image', 'voice')),
    resident_id       bigint REFERENCES residents (id) ON DELETE SET NULL,
    conversation_id   text,
    work_order_id     bigint REFERENCES work_orders (id) ON DELETE SET NULL,
    received_at       timestamptz NOT NULL,
    content           bytea,                         -- null until downloaded
    content_type      text,
    size_bytes        integer,
    sha256            text,
    fetched_at        timestamptz,
    attempts          integer NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz,                   -- null: nothing more to try
    failure           text,
    choice_codes      text,                          -- open orders offered to the resident, comma-separated
    choice_offered_at timestamptz,
    UNIQUE (community_id, channel, external_id)
);
CREATE INDEX resident_media_due ON resident_media (next_attempt_at) WHERE content IS NULL;
CREATE INDEX resident_media_order ON resident_media (work_order_id);
CREATE INDEX resident_media_resident ON resident_media (resident_id) WHERE work_order_id IS NULL;
CREATE INDEX resident_media_conversation ON resident_media (conversation_id);
