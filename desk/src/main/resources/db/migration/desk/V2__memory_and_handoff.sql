-- The agent's working memory per conversation (LangChain4j messages as JSON), and hand-off details
-- a human agent sees first: why the bot handed over and what it had understood.
CREATE TABLE chat_memory (
    memory_id  text PRIMARY KEY,
    messages   text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE conversations
    ADD COLUMN handoff_reason  text,
    ADD COLUMN handoff_summary text,
    ADD COLUMN queued_at       timestamptz;
