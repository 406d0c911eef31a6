-- Groups made within a round after its draw (re-pairing): for someone whose match said CAN'T MAKE IT (a
-- raincheck), with others the round left without a partner. They are history like the draw's groups (no
-- repeats later), and the funnel's "re-paired". Ids only: erasure leaves nothing personal here.
CREATE TABLE repaired_groups (
  group_id INTEGER PRIMARY KEY REFERENCES groups (id),
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  members TEXT NOT NULL,                 -- JSON array of person ids
  seed INTEGER NOT NULL,                 -- the re-pairing's seed, as a round stores its own
  created_at TEXT NOT NULL
);
CREATE INDEX repaired_groups_round ON repaired_groups (round_id);
