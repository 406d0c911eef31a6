-- Rounds: one draw per period of MATCH_SCHEDULE, its seed stored so the draw can be repeated.
CREATE TABLE rounds (
  id INTEGER PRIMARY KEY,
  -- The scheduled occurrence this round belongs to (ISO). UNIQUE: a period has one round, whatever
  -- re-runs, double triggers or crashes happen.
  period TEXT NOT NULL UNIQUE,
  seed INTEGER NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  created_at TEXT NOT NULL,
  eligible INTEGER NOT NULL,
  groups_count INTEGER NOT NULL,
  trios INTEGER NOT NULL,
  unplaced_count INTEGER NOT NULL,
  same_org INTEGER NOT NULL,
  repeats INTEGER NOT NULL,
  -- Who was grouped with whom: for each group in order its size, then its members' ids, packed as int32.
  -- The k-th group here is groups.id = first_group_id + k. One blob a round, not a row a person: the next
  -- round reads the whole history in a few blobs, and a million-person round writes no million rows.
  draw BLOB NOT NULL,
  first_group_id INTEGER NOT NULL
);

-- A pair, or the one trio of a round; its members are in the round's draw and its introduction's data.
-- Written only by a round, in its transaction, with the ids it has just read: no foreign keys to check.
CREATE TABLE groups (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL,
  first_mover_id INTEGER NOT NULL,
  introduction_outbox_id INTEGER NOT NULL,
  followed_up_at TEXT
);
CREATE INDEX groups_round ON groups (round_id);

-- Answers to "did you meet?", one per member who answered.
CREATE TABLE answers (
  group_id INTEGER NOT NULL REFERENCES groups (id),
  person_id INTEGER NOT NULL REFERENCES people (id),
  met INTEGER NOT NULL CHECK (met IN (0, 1)),   -- 1 MET, 0 NOT MET
  outcome TEXT,                                 -- the line they wrote about what came of it
  answered_at TEXT NOT NULL,
  PRIMARY KEY (group_id, person_id)
);

-- People a round could not place: told so, and first in line next round.
CREATE TABLE round_unplaced (
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  person_id INTEGER NOT NULL REFERENCES people (id),
  reason TEXT NOT NULL,
  PRIMARY KEY (round_id, person_id)
);

-- Reminders go once per upcoming round.
CREATE TABLE round_reminders (
  period TEXT PRIMARY KEY,
  sent_at TEXT NOT NULL,
  recipients INTEGER NOT NULL
);

-- When someone silent for three rounds was asked "still want to be matched?".
ALTER TABLE people ADD COLUMN asked_still_want_at TEXT;
