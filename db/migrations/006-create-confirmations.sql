-- Who a message is from (README, "Who a message is from"). A request that names a known person but is
-- not authenticated for them is held here, and they are sent a confirmation mail at their stored address;
-- their YES to that mail (a reply carrying its token) applies the message held.
CREATE TABLE confirmations (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  inbound_id INTEGER NOT NULL,             -- the message held: what a YES applies
  outbox_id INTEGER NOT NULL UNIQUE,       -- the confirmation mail: a reply to it is the answer
  created_at TEXT NOT NULL,                -- also when the mail was queued: at most one a person a day
  closed_at TEXT,
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('confirmed', 'declined', 'superseded'))
);
CREATE INDEX confirmations_person ON confirmations (person_id, created_at);

-- Unknown senders that were answered, so that none is answered twice within 30 days. Only a SHA-256 of the
-- address is kept, and only for those 30 days: the answer tells them we keep nothing else about them.
CREATE TABLE stranger_answers (
  address_hash TEXT PRIMARY KEY,
  answered_at TEXT NOT NULL
);
CREATE INDEX stranger_answers_at ON stranger_answers (answered_at);
