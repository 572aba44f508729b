-- Questions the bot could not answer: an abstention of the knowledge search, a hand-off after two
-- misses, or a resident's thumbs-down on an answer. The question and the bot's answer are residents'
-- words, so both are sealed; the embedding groups questions by meaning without opening them.
CREATE TABLE unanswered_questions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id    text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    conversation_id uuid REFERENCES conversations (id) ON DELETE CASCADE,
    -- the bot's answer to the question (a thumbs-down names it; kept for the feedback link)
    answer_id       bigint REFERENCES messages (id) ON DELETE SET NULL,
    kind            text NOT NULL CHECK (kind IN ('abstained', 'handoff', 'thumbs_down')),
    question        text NOT NULL,
    answer          text NOT NULL,
    embedding       real[] NOT NULL,
    at              timestamptz NOT NULL DEFAULT now(),
    handled_at      timestamptz,
    handled_by      text,
    handled_how     text
);
CREATE INDEX unanswered_open ON unanswered_questions (community_id, at DESC) WHERE handled_at IS NULL;
CREATE INDEX unanswered_conversation ON unanswered_questions (conversation_id);

-- A resident's 👍/👎 on one answer of the bot, one per message (the resident may change it), with the
-- articles the answer cited so the dashboard can count per article.
CREATE TABLE answer_feedback (
    message_id      bigint PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    community_id    text NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    doc_ids         text[] NOT NULL,
    helpful         boolean NOT NULL,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX answer_feedback_community ON answer_feedback (community_id, at DESC);
