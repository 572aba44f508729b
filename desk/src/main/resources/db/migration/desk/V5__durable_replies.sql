-- Every answer is stored before it is sent, and a channel that pushes (WeChat) keeps delivering it
-- until it arrives. An inbound message waits for its answer (awaiting_answer) and is leased to the
-- worker answering it, so a crash between acknowledging and answering is resumed by the next worker.
ALTER TABLE messages
    ADD COLUMN awaiting_answer boolean NOT NULL DEFAULT false,
    ADD COLUMN answering_until timestamptz,
    -- the inbound message an answer belongs to (one bot answer per message)
    ADD COLUMN reply_to        bigint REFERENCES messages (id) ON DELETE CASCADE;
CREATE INDEX messages_awaiting ON messages (at) WHERE awaiting_answer;
CREATE UNIQUE INDEX messages_one_answer ON messages (reply_to) WHERE reply_to IS NOT NULL;

CREATE TABLE reply_deliveries (
    message_id      bigint PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    -- waiting: not yet delivered; passive: in the HTTP reply to the resident's message;
    -- pushed: by customer-service (or template) message; undelivered: the window closed, agents flagged
    state           text NOT NULL DEFAULT 'waiting'
                    CHECK (state IN ('waiting', 'passive', 'pushed', 'undelivered')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- WeChat accepts customer-service messages for 48 hours after the follower's last message
    window_ends_at  timestamptz NOT NULL,
    last_error      text,
    delivered_at    timestamptz
);
CREATE INDEX reply_deliveries_due ON reply_deliveries (next_attempt_at) WHERE state = 'waiting';
