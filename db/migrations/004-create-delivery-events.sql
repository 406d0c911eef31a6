-- What SendGrid's Event Webhook told us about our mail, one row per event, keyed by SendGrid's own id so
-- a retried post has no second effect. No address is kept: the outbox row the event names already knows
-- its recipients, and a bounce's reason has any address in it replaced before it is stored.
CREATE TABLE delivery_events (
  sg_event_id TEXT PRIMARY KEY,
  outbox_id INTEGER,            -- our custom_args.outbox_id, when the event carried one
  event TEXT NOT NULL,          -- SendGrid's name: bounce, dropped, spamreport, unsubscribe, delivered, …
  reason TEXT,                  -- SendGrid's reason or the receiving server's response, when given
  occurred_at TEXT,             -- the event's own time (ISO), when given
  received_at TEXT NOT NULL
);
CREATE INDEX delivery_events_outbox ON delivery_events (outbox_id);
