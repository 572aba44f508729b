-- Calls stay on the node that answered them. That node stamps seen_at on its open calls every 20 s;
-- an open call not seen for minutes belongs to a node that is gone, and the lost calls sweep ends
-- it. NULL for calls recorded before this column, and for calls of nodes of an older version still
-- running during a rolling upgrade: those never stamp it, so they are never taken for lost.
ALTER TABLE calls ADD COLUMN seen_at timestamptz;
CREATE INDEX calls_open_seen ON calls (seen_at) WHERE ended_at IS NULL AND seen_at IS NOT NULL;
