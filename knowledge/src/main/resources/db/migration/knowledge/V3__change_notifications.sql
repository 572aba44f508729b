-- Every node keeps its own search index of kb_documents. Whoever writes them (the console's editor,
-- an import, a pack), each node hears of it on commit and catches up at once; its catch-up round
-- every few seconds stays, for notifications missed and for a node that starts late.
-- Statement-level with an empty payload: PostgreSQL folds equal notifications of one transaction.
CREATE FUNCTION kb_documents_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('guanjia_knowledge', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER kb_documents_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kb_documents
    FOR EACH STATEMENT EXECUTE FUNCTION kb_documents_changed();
