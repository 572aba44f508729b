-- A web chat page names each message it sends (clientMessageId, stored as 'web:<id>') and sends it
-- again after a network failure, possibly before it knows the conversation: a resend is found by
-- its id among the sender's conversations, not only within one.
CREATE INDEX messages_channel_msg_id ON messages (channel_msg_id) WHERE channel_msg_id IS NOT NULL;
