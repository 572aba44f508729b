-- Articles edited in the console: validity (an article outside it is not answered), retirement
-- (kept, listed, restorable, not searchable), and every saved version with who saved it.
ALTER TABLE kb_documents
    ADD COLUMN valid_from  date,
    ADD COLUMN valid_until date,
    ADD COLUMN retired_at  timestamptz;

CREATE TABLE kb_document_versions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id   text,
    doc_id         text NOT NULL,
    version        int NOT NULL,
    action         text NOT NULL CHECK (action IN ('imported', 'created', 'edited', 'retired', 'restored', 'rolled_back')),
    author         text NOT NULL,
    saved_at       timestamptz NOT NULL,
    title          text NOT NULL,
    category       text NOT NULL,
    tags           text[] NOT NULL,
    body           text NOT NULL,
    valid_from     date,
    valid_until    date,
    retired        boolean NOT NULL,
    -- a roll-back's source version
    from_version   int
);
CREATE UNIQUE INDEX kb_document_versions_key ON kb_document_versions (coalesce(community_id, ''), doc_id, version);
