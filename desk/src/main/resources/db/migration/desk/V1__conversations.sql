-- Conversations on every channel, and every message in and out. Inbound messages are written
-- before the bot answers, so nothing a resident said is lost if a turn fails.
CREATE TABLE conversations (
    id            uuid PRIMARY KEY,
    community_id  text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    channel       text NOT NULL CHECK (channel IN ('wechat', 'web', 'voice')),
    -- who the channel says is talking: openid, phone number or web session; resident when known
    channel_user  text NOT NULL,
    resident_id   bigint REFERENCES residents (id) ON DELETE SET NULL,
    state         text NOT NULL DEFAULT 'bot' CHECK (state IN ('bot', 'queued', 'human', 'closed')),
    started_at    timestamptz NOT NULL DEFAULT now(),
    last_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_user ON conversations (community_id, channel, channel_user, last_at DESC);

CREATE TABLE messages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    at              timestamptz NOT NULL DEFAULT now(),
    direction       text NOT NULL CHECK (direction IN ('in', 'out')),
    author          text NOT NULL CHECK (author IN ('resident', 'bot', 'agent', 'system')),
    kind            text NOT NULL DEFAULT 'text',
    body            text NOT NULL,
    -- structured extras (citations, actions) as JSON text
    payload         text,
    -- the channel's own message id (WeChat MsgId), so retries are stored once
    channel_msg_id  text
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
CREATE UNIQUE INDEX messages_channel_msg ON messages (conversation_id, channel_msg_id)
    WHERE channel_msg_id IS NOT NULL;
