-- The one-click unsubscribe link (RFC 8058) in mail to one person: https://PUBLIC_URL/unsubscribe/<token>.
-- 128 random bits, given to a person the first time a mail to them carries the link.
ALTER TABLE people ADD COLUMN unsubscribe_token TEXT;
CREATE UNIQUE INDEX people_unsubscribe_token ON people (unsubscribe_token);
