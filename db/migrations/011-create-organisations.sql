-- Organisations as things, not strings: "never the same organisation" compares people.organisation_id.
-- people.organisation stays what the person wrote (their team, as their match reads it); the id is what
-- rounds, reports and the digest group by. People already here are linked by the service when it starts
-- and before each round (src/organisations/link.ts), with the same rules as new people: the rules need the
-- public suffix list, which SQL does not have.
CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,                -- the display name people read
  created_at TEXT NOT NULL
);

-- A mail domain (organisational: leeds.gov.uk, not mail.leeds.gov.uk) owned by one organisation: all its
-- people are that organisation. Shared domains (public providers, nhs.net, SHARED_DOMAINS) are never here.
CREATE TABLE organisation_domains (
  domain TEXT PRIMARY KEY CHECK (domain = lower(domain)),
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE
);
CREATE INDEX organisation_domains_org ON organisation_domains (organisation_id);

-- The names an organisation is known by, normalised (src/organisations/normalise.ts), with one spelling.
CREATE TABLE organisation_aliases (
  alias TEXT PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  spelling TEXT NOT NULL
);
CREATE INDEX organisation_aliases_org ON organisation_aliases (organisation_id);

-- Domains an organiser split (npm run orgs -- split-domain): shared from then on, like SHARED_DOMAINS.
CREATE TABLE split_domains (
  domain TEXT PRIMARY KEY CHECK (domain = lower(domain)),
  created_at TEXT NOT NULL
);

-- What organisers changed (merge, rename, split-domain), with what undoing it needs.
CREATE TABLE organisation_changes (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('merge', 'rename', 'split-domain')),
  summary TEXT NOT NULL,
  undo TEXT NOT NULL,                -- JSON: the state before
  created_at TEXT NOT NULL,
  undone_at TEXT
);

-- Likely duplicates already mentioned in a digest, so the digest names only new ones.
CREATE TABLE organisation_duplicates_seen (
  pair TEXT PRIMARY KEY,             -- "lowId:highId"
  seen_at TEXT NOT NULL
);

ALTER TABLE people ADD COLUMN organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL;
-- What the organiser's invitation file said: trusted over what the person writes.
ALTER TABLE people ADD COLUMN organiser_organisation TEXT;
CREATE INDEX people_organisation ON people (organisation_id);
