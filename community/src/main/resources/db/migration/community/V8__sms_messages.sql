-- Every text message handed to the SMS gateway, with what became of it: the gateway's answer
-- (BizId or error code) and the carrier's delivery report. The phone is sealed (it is needed in the
-- clear to ask the gateway for the delivery state) and found through its keyed lookup hash; the
-- text is not kept (a sign-in code is a secret). The rows are also the local send counts the
-- gateway's own limits are enforced with, so the limits hold across restarts.
CREATE TABLE sms_messages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purpose       text NOT NULL,
    template_code text NOT NULL,
    phone         text NOT NULL,
    phone_hash    text NOT NULL,
    out_id        text NOT NULL UNIQUE,
    biz_id        text,
    state         text NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'delivered', 'undelivered')),
    error_code    text,
    error_message text,
    created_at    timestamptz NOT NULL,
    sent_at       timestamptz,
    reported_at   timestamptz,
    checked_at    timestamptz
);
CREATE INDEX sms_messages_phone ON sms_messages (phone_hash, created_at);
CREATE INDEX sms_messages_biz ON sms_messages (biz_id);
CREATE INDEX sms_messages_waiting ON sms_messages (created_at) WHERE state IN ('sending', 'sent');
