-- Each claim of a mail gets a token of its own. Every later mark of that row (sent, retry, failed,
-- cancelled) names the token and `status = 'sending'`, so a sender whose lease ran out and whose row was
-- taken over cannot overwrite what the current sender records.
ALTER TABLE outbox ADD COLUMN lease_token TEXT;

-- What the sender needs the organiser to know and cannot tell them by mail: SendGrid refusing our
-- credentials (a wrong or revoked key, or an account out of credits), or ORGANISER_EMAIL itself on the
-- suppression list. One row per kind, kept until the condition clears; /healthz shows them, and
-- `npm run match`, `digest` and `invite` see what the service saw.
CREATE TABLE delivery_alerts (
  kind TEXT PRIMARY KEY CHECK (kind IN ('provider-refused', 'organiser-suppressed')),
  message TEXT NOT NULL,
  since TEXT NOT NULL,       -- when it was first seen
  seen_at TEXT NOT NULL,     -- when it was last seen
  until TEXT                 -- provider-refused: when the sender tries again
);
