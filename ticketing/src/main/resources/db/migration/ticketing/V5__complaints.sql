-- Complaints and suggestions (投诉建议): work orders of their own kind. The order row carries the
-- category (complaint / suggestion), reporter, house and timeline; this row what makes it a
-- complaint: what it is about, the resident's own words, the supervisor's answer and its
-- deadlines, the link to the first complaint on the same topic, and the resident's 回访 answer.
-- Repair SLA dues on the order row stay NULL, so the repair sweep never touches a complaint.
CREATE TABLE complaints (
    work_order_id        bigint PRIMARY KEY REFERENCES work_orders (id) ON DELETE CASCADE,
    community_id         text NOT NULL,
    kind                 text NOT NULL CHECK (kind IN ('complaint', 'suggestion')),
    subject              text NOT NULL CHECK (subject IN ('staff', 'service', 'neighbour', 'noise', 'fees', 'other')),
    words                text NOT NULL,                 -- as the resident said it
    building_code        text,                          -- the reporter's building, for hot spots
    first_answer_due     timestamptz NOT NULL,
    close_due            timestamptz NOT NULL,
    first_answered_at    timestamptz,
    closed_at            timestamptz,
    answer               text,                          -- the latest answer the resident was sent
    answered_by          text,
    first_answer_breached boolean NOT NULL DEFAULT false,
    close_breached       boolean NOT NULL DEFAULT false,
    linked_to            bigint REFERENCES complaints (work_order_id) ON DELETE SET NULL,
    follow_up_asked_at   timestamptz,
    follow_up_resolved   boolean,
    follow_up_score      integer CHECK (follow_up_score BETWEEN 1 AND 5),
    follow_up_at         timestamptz,
    created_at           timestamptz NOT NULL
);
CREATE INDEX complaints_open ON complaints (community_id, created_at);
CREATE INDEX complaints_due ON complaints (first_answer_due) WHERE kind = 'complaint' AND closed_at IS NULL;
