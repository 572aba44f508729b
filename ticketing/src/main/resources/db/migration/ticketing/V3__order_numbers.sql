-- Run-time order numbers: WO<date>-<n>, n from this sequence, so two orders never share a code.
CREATE SEQUENCE work_order_number START 1001;
