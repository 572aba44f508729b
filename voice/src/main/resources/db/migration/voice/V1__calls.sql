-- Every phone call: who (sealed number and its lookup hash), when, the keys and words of the
-- caller, what the line said, and how it ended. Audio is not kept.
CREATE TABLE calls (
    id              uuid PRIMARY KEY,
    community_id    text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    transport       text NOT NULL CHECK (transport IN ('audiosocket', 'sip')),
    caller          text,
    caller_hash     text,
    conversation_id uuid REFERENCES conversations (id) ON DELETE SET NULL,
    started_at      timestamptz NOT NULL DEFAULT now(),
    ended_at        timestamptz,
    menu_path       text NOT NULL DEFAULT '',
    transcript      text NOT NULL DEFAULT '',
    outcome         text,
    handed_off      boolean NOT NULL DEFAULT false
);
CREATE INDEX calls_started ON calls (community_id, started_at);
