-- Knowledge-base documents: PostgreSQL is their source of truth; any search index is derived.
-- community_id is null for company-wide documents shared by every community.
CREATE TABLE kb_documents (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id text,
    doc_id       text NOT NULL,
    title        text NOT NULL,
    category     text NOT NULL,
    tags         text[] NOT NULL,
    updated      date NOT NULL,
    body         text NOT NULL,
    source_file  text NOT NULL,
    stored_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX kb_documents_key ON kb_documents (coalesce(community_id, ''), doc_id);
