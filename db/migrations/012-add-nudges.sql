-- The nudge: NUDGE_AFTER_DAYS after an introduction, each member is asked "Have you found a time?" (reply
-- BOOKED and the time, NOT YET, or CAN'T MAKE IT). nudged_at is set in the transaction that queues a group's
-- nudges (src/matching/after-round.ts, sendNudges), so a group is nudged once, however often the job runs.
ALTER TABLE groups ADD COLUMN nudged_at TEXT;

-- What a member said about meeting their group, before "Did you meet?": one row per word, with when they
-- last said it. A group with any row here has answered and is not nudged. Only the word and its time are
-- kept, never what else they wrote, so retention has nothing to forget here.
CREATE TABLE group_replies (
  group_id INTEGER NOT NULL REFERENCES groups (id),
  person_id INTEGER NOT NULL REFERENCES people (id),
  kind TEXT NOT NULL CHECK (kind IN ('booked', 'not_yet', 'cant_make_it')),
  said_at TEXT NOT NULL,
  PRIMARY KEY (group_id, person_id, kind)
);
CREATE INDEX group_replies_person ON group_replies (person_id);

-- Erasure forgets what the person said about their groups. In a trigger, like the outbox's scrub (007, 010),
-- so every way a person comes to be erased does it, in the same transaction.
CREATE TRIGGER people_erased_forget_group_replies AFTER UPDATE OF status ON people
WHEN NEW.status = 'erased' AND OLD.status <> 'erased'
BEGIN
  DELETE FROM group_replies WHERE person_id = NEW.id;
END;
