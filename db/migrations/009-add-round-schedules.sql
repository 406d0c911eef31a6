-- A round records the schedule that made its period: the cron expression, the time zone it was read in,
-- and when that period ends (the schedule's next occurrence). With these a later round can tell whether
-- it would fall in a period that already had one, even after MATCH_SCHEDULE or TZ was changed, when the
-- new schedule's period key is another string. Rounds made before this migration have NULLs: they are
-- read under the current schedule (src/matching/round.ts, periodRefusal).
ALTER TABLE rounds ADD COLUMN schedule TEXT;
ALTER TABLE rounds ADD COLUMN time_zone TEXT;
ALTER TABLE rounds ADD COLUMN period_ends TEXT;
