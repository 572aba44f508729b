-- The agent's working memory per conversation (LangChain4j messages as JSON). The agent owns it.
-- Databases made before conversations moved to the desk module already have it (desk's V2 made it,
-- and desk migrates before bot), so it is created only where missing, without a notice.
DO $$
BEGIN
    IF to_regclass('chat_memory') IS NULL THEN
        CREATE TABLE chat_memory (
            memory_id  text PRIMARY KEY,
            messages   text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
    END IF;
END $$;
