-- People, from first invitation to participant; the outbox every mail passes through; invitations;
-- and suppressed addresses. Times are ISO 8601 UTC text (new Date().toISOString()), which sorts correctly.

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  -- Lowercased, unique; NULL only once a person's data has been erased.
  email TEXT UNIQUE CHECK (email IS NULL OR email = lower(email)),
  name TEXT,
  organisation TEXT,
  phone TEXT,            -- E.164
  google_id TEXT,
  skype_id TEXT,
  other_channel TEXT,
  topics TEXT,
  status TEXT NOT NULL DEFAULT 'invited'
    CHECK (status IN ('invited', 'awaiting_details', 'active', 'paused', 'stopped', 'bounced', 'complained', 'erased')),
  status_changed_at TEXT NOT NULL,
  consent_at TEXT,
  consent_version TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((status = 'erased') = (email IS NULL))
);
CREATE INDEX people_status ON people (status);

-- Every outgoing mail is a row here before it is a request to the provider. The mail is stored as the
-- template's name and its data, rendered when sent: a row is a few hundred bytes, not a whole message.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  template TEXT NOT NULL,
  data TEXT NOT NULL,                      -- JSON given to the template's render function
  person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
  recipients TEXT NOT NULL,                -- JSON [{ "email", "name" }]
  message_id TEXT NOT NULL UNIQUE,         -- our own Message-ID, angle brackets included
  reply_token TEXT NOT NULL UNIQUE,        -- the unguessable part of this mail's Reply-To address
  in_reply_to TEXT,
  refs TEXT,                               -- References, space separated
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,                        -- while 'sending': when another sender may take it over
  provider_message_id TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  reported_at TEXT                         -- when a failure was reported to the organiser
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_person ON outbox (person_id);

CREATE TABLE invitations (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  outbox_id INTEGER NOT NULL REFERENCES outbox (id),
  source TEXT,                             -- the file it came from, for the organiser's reference
  created_at TEXT NOT NULL
);
CREATE INDEX invitations_person ON invitations (person_id);

-- Addresses that get no more mail of any kind: a bounce, a spam report, an unsubscribe.
CREATE TABLE suppressions (
  email TEXT PRIMARY KEY CHECK (email = lower(email)),
  reason TEXT NOT NULL CHECK (reason IN ('bounce', 'dropped', 'spamreport', 'unsubscribe', 'stop', 'erased')),
  created_at TEXT NOT NULL
);
