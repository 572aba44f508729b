-- A caller's phone number is personal data: a conversation opened by phone keeps a keyed hash as
-- its channel user (to find it again) and the sealed number as its contact (to call back).
ALTER TABLE conversations ADD COLUMN contact text;
