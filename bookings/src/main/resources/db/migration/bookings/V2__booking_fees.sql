-- A booking with a fee, when residents can pay online, holds its slot as 'awaiting_payment' until its
-- bill (a community bill Guanjia charged itself) is paid, or lapses at pay_by and releases the slot.
ALTER TABLE bookings DROP CONSTRAINT bookings_status_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_status_check
    CHECK (status IN ('awaiting_payment', 'confirmed', 'cancelled'));
ALTER TABLE bookings ADD COLUMN bill_id bigint;        -- the community's bill for the fee (no FK: not our table)
ALTER TABLE bookings ADD COLUMN pay_by timestamptz;    -- when an unpaid booking lapses
ALTER TABLE bookings ADD COLUMN refund_no text;        -- the refund of a paid fee on cancelling
ALTER TABLE bookings ADD CHECK ((status = 'awaiting_payment') <= (bill_id IS NOT NULL AND pay_by IS NOT NULL));
CREATE INDEX bookings_awaiting ON bookings (pay_by) WHERE status = 'awaiting_payment';
CREATE INDEX bookings_bill ON bookings (bill_id) WHERE bill_id IS NOT NULL;
-- Slots and house limits count the held ones too.
DROP INDEX bookings_slot;
CREATE INDEX bookings_slot ON bookings (bookable_id, starts_at) WHERE status <> 'cancelled';
DROP INDEX bookings_house;
CREATE INDEX bookings_house ON bookings (house_id, starts_at) WHERE status <> 'cancelled';
