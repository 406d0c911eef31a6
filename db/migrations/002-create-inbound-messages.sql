-- Every POST to /inbound, stored before it is acknowledged and processed from here, so nothing
-- acknowledged is lost and a crash between the two is resumed at start.
CREATE TABLE inbound_messages (
  id INTEGER PRIMARY KEY,
  -- "mid:<Message-ID>" when the message has one, else "sha256:<hash of the request body>": a retried or
  -- duplicated message finds its first copy here and has no second effect.
  dedupe_key TEXT NOT NULL UNIQUE,
  received_at TEXT NOT NULL,
  content_type TEXT,
  raw BLOB,                                -- the request body as SendGrid sent it
  parsed TEXT,                             -- JSON of the InboundEmail read from it
  status TEXT NOT NULL CHECK (status IN ('pending', 'processed', 'ignored', 'malformed', 'failed')),
  reason TEXT,                             -- why ignored, malformed or failed; what was decided
  person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
  intent TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  processed_at TEXT
);
CREATE INDEX inbound_pending ON inbound_messages (id) WHERE status = 'pending';
CREATE INDEX inbound_person ON inbound_messages (person_id);

-- What a participant told us besides their details.
ALTER TABLE people ADD COLUMN joined_at TEXT;
ALTER TABLE people ADD COLUMN paused_until TEXT;           -- a date (YYYY-MM-DD), or NULL for "until RESUME"
ALTER TABLE people ADD COLUMN skip_next_round INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN reminders INTEGER NOT NULL DEFAULT 1;
ALTER TABLE people ADD COLUMN cadence TEXT NOT NULL DEFAULT 'every'
  CHECK (cadence IN ('every', 'monthly', 'bimonthly', 'quarterly'));
ALTER TABLE people ADD COLUMN last_reply_at TEXT;
ALTER TABLE people ADD COLUMN source TEXT NOT NULL DEFAULT 'invitation' CHECK (source IN ('invitation', 'domain'));

-- An answer keeps the person's own subject ("Re: …") so it threads under their reply.
ALTER TABLE outbox ADD COLUMN subject TEXT;
-- The one acknowledgement of a STOP or DELETE still goes to the address that has just been suppressed.
ALTER TABLE outbox ADD COLUMN final_notice INTEGER NOT NULL DEFAULT 0;
