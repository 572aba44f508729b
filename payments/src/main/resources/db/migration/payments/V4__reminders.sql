-- Payment reminders (催缴). Bills, residents and their identities stay the community's: these tables
-- hold only ids of them.

-- Each community's reminder policy; a community without a row follows the defaults (ReminderPolicy).
CREATE TABLE reminder_policies (
    community_id        text PRIMARY KEY,
    enabled             boolean NOT NULL,
    days_before         integer NOT NULL CHECK (days_before BETWEEN 0 AND 60),
    overdue             boolean NOT NULL,
    overdue_repeat_days integer NOT NULL CHECK (overdue_repeat_days BETWEEN 0 AND 365),
    overdue_limit       integer NOT NULL CHECK (overdue_limit BETWEEN 1 AND 12),
    channels            text[] NOT NULL CHECK (channels <@ ARRAY['wechat', 'sms'] AND cardinality(channels) > 0),
    quiet_start         time NOT NULL,
    quiet_end           time NOT NULL,
    updated_by          text NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- At most one reminder per bill and stage (due_soon, overdue, overdue_2, …): the row is written in
-- the transaction that queues the messages, so a second run or a second node finds it and sends nothing.
CREATE TABLE payment_reminders (
    bill_id      bigint NOT NULL,
    stage        text NOT NULL CHECK (stage ~ '^(due_soon|overdue(_[0-9]+)?)$'),
    community_id text NOT NULL,
    planned_at   timestamptz NOT NULL,
    PRIMARY KEY (bill_id, stage)
);

-- One message per recipient and stage, listing all their bills of that stage, with its delivery state.
CREATE TABLE reminder_messages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id    text NOT NULL,
    resident_id     bigint NOT NULL,
    stage           text NOT NULL CHECK (stage IN ('due_soon', 'overdue')),
    bill_ids        bigint[] NOT NULL,
    text            text NOT NULL,
    -- the SMS template's variables: name, value, name, value…
    params          text[] NOT NULL,
    state           text NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'unreachable', 'cancelled')),
    channel         text CHECK (channel IN ('wechat', 'sms')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);
CREATE INDEX reminder_messages_due ON reminder_messages (next_attempt_at) WHERE state = 'queued';
CREATE INDEX reminder_messages_resident ON reminder_messages (community_id, resident_id);

-- Residents who asked for no reminders; the row goes when they ask for them again.
CREATE TABLE reminder_opt_outs (
    community_id text NOT NULL,
    resident_id  bigint NOT NULL,
    via          text NOT NULL,
    opted_out_at timestamptz NOT NULL,
    PRIMARY KEY (community_id, resident_id)
);
