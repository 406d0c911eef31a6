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
  repeats INTEGER NOT NULL
);

-- A pair, or the one trio of a round.
CREATE TABLE groups (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  first_mover_id INTEGER REFERENCES people (id),
  introduction_outbox_id INTEGER REFERENCES outbox (id),
  followed_up_at TEXT
);
CREATE INDEX groups_round ON groups (round_id);
CREATE INDEX groups_follow_up ON groups (round_id) WHERE followed_up_at IS NULL;

CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES groups (id),
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  person_id INTEGER NOT NULL REFERENCES people (id),
  -- The organisation they were matched as, so links between organisations stay countable.
  organisation TEXT NOT NULL,
  met INTEGER CHECK (met IN (0, 1)),       -- their answer to "did you meet?": 1 MET, 0 NOT MET
  outcome TEXT,                            -- the line they wrote about what came of it
  answered_at TEXT,
  PRIMARY KEY (group_id, person_id),
  UNIQUE (round_id, person_id)             -- at most one group, so one introduction, per round
);
CREATE INDEX group_members_person ON group_members (person_id, round_id);

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
