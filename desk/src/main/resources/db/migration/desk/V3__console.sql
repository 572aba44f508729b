-- Human agents at work: who owns a handed-off conversation, how it ended, what the resident
-- thought of it, internal notes, callback tasks and which agents are at their console.
ALTER TABLE conversations
    ADD COLUMN agent_id             bigint REFERENCES staff (id) ON DELETE SET NULL,
    ADD COLUMN claimed_at           timestamptz,
    ADD COLUMN first_agent_reply_at timestamptz,
    ADD COLUMN returned_at          timestamptz,
    ADD COLUMN closed_at            timestamptz,
    ADD COLUMN disposition          text,
    ADD COLUMN csat                 smallint CHECK (csat BETWEEN 1 AND 5),
    ADD COLUMN csat_pending         boolean NOT NULL DEFAULT false,
    ADD COLUMN intent               text,
    ADD COLUMN wait_breached_at     timestamptz,
    -- a conversation once queued counts as handed off even after it went back to the bot
    ADD COLUMN handed_off           boolean NOT NULL DEFAULT false;
CREATE INDEX conversations_queue ON conversations (community_id, state) WHERE state IN ('queued', 'human');
CREATE INDEX conversations_started ON conversations (community_id, started_at);

CREATE TABLE conversation_notes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    staff_id        bigint REFERENCES staff (id) ON DELETE SET NULL,
    at              timestamptz NOT NULL DEFAULT now(),
    body            text NOT NULL
);

CREATE TABLE callbacks (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id    text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    conversation_id uuid REFERENCES conversations (id) ON DELETE SET NULL,
    channel         text NOT NULL,
    -- a phone number to ring, or the channel user to answer in the channel
    contact         text NOT NULL,
    request         text NOT NULL,
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'done')),
    staff_id        bigint REFERENCES staff (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    done_at         timestamptz,
    outcome         text
);
CREATE INDEX callbacks_open ON callbacks (community_id, created_at) WHERE status <> 'done';

CREATE TABLE staff_presence (
    staff_id bigint PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
    seen_at  timestamptz NOT NULL
);
