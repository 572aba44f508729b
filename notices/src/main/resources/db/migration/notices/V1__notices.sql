-- Notices (公告) staff publish to a whole community or chosen buildings, valid for some days.
-- No foreign keys to community's tables (each module owns its own); a community's or resident's
-- removal reaches these rows through the notices module's privacy holder.
CREATE TABLE notices (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id text NOT NULL,
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    category     text NOT NULL CHECK (category IN ('water', 'power', 'elevator', 'disinfection', 'event', 'fees', 'other')),
    -- empty: the whole community
    buildings    text[] NOT NULL DEFAULT '{}',
    -- days in the community's time zone, both included
    valid_from   date NOT NULL,
    valid_until  date NOT NULL CHECK (valid_until >= valid_from),
    -- a notice imported from a pack's knowledge article keeps its document id, so re-import updates it
    source_doc   text,
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    withdrawn_at timestamptz,
    UNIQUE (community_id, source_doc)
);
CREATE INDEX notices_current ON notices (community_id, valid_until) WHERE withdrawn_at IS NULL;

-- One row per resident per notice: the WeChat message it owes them, and how it went.
CREATE TABLE notice_deliveries (
    notice_id       bigint NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    resident_id     bigint NOT NULL,
    community_id    text NOT NULL,
    state           text NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'unreachable', 'cancelled')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (notice_id, resident_id)
);
CREATE INDEX notice_deliveries_due ON notice_deliveries (next_attempt_at) WHERE state = 'queued';

-- Who saw a notice where (web chat banner, the phone line, the bot's answer): the read receipts.
CREATE TABLE notice_reads (
    notice_id   bigint NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    resident_id bigint NOT NULL,
    channel     text NOT NULL CHECK (channel IN ('web', 'voice', 'wechat', 'chat')),
    first_at    timestamptz NOT NULL,
    PRIMARY KEY (notice_id, resident_id, channel)
);
