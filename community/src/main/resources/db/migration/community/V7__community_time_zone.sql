-- Each community keeps its own local time (appointments, report days, reminders); until a pack says
-- otherwise it is China's.
ALTER TABLE communities ADD COLUMN time_zone text NOT NULL DEFAULT 'Asia/Shanghai';
