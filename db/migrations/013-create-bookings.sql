-- A time a group agreed (BOOKED), sent to every member as one calendar invitation: at most one per group.
-- Its UID stays the same, so a new time updates the same event in people's calendars (SEQUENCE goes up),
-- and CAN'T MAKE IT after booking cancels it (RFC 5546: REQUEST, then CANCEL, with the same UID).
CREATE TABLE bookings (
  group_id INTEGER PRIMARY KEY REFERENCES groups (id),
  uid TEXT NOT NULL UNIQUE,
  sequence INTEGER NOT NULL DEFAULT 0,
  starts_at TEXT NOT NULL,               -- ISO instant
  minutes INTEGER NOT NULL DEFAULT 30,
  zone TEXT NOT NULL,                    -- the TZ it was read and is shown in
  status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
  booked_by INTEGER REFERENCES people (id),
  updated_at TEXT NOT NULL
);

-- What each member's calendar answered to the invitation (METHOD:REPLY): ACCEPTED, DECLINED, TENTATIVE.
CREATE TABLE booking_replies (
  group_id INTEGER NOT NULL REFERENCES groups (id),
  person_id INTEGER NOT NULL REFERENCES people (id),
  partstat TEXT NOT NULL,
  sequence INTEGER,                      -- the SEQUENCE of the invitation answered
  replied_at TEXT NOT NULL,
  PRIMARY KEY (group_id, person_id)
);
