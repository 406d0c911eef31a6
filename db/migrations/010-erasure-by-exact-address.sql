-- Erasure by exact address. Migration 007's trigger also scrubbed mail to anyone else whose subject or error
-- held the erased address as a substring (instr), so erasing jo@x.example scrubbed mojo@x.example's mail too.
-- SQLite has no pattern that knows where an address starts and ends, so that part now lives with the rest
-- of the erasure, in the same transaction (src/inbound/process.ts, erasePerson, which matches the address
-- only where it stands whole). The trigger keeps what needs no matching: every mail to the erased person.
DROP TRIGGER people_erased_scrub_outbox;
CREATE TRIGGER people_erased_scrub_outbox AFTER UPDATE OF status ON people
WHEN NEW.status = 'erased' AND OLD.status <> 'erased'
BEGIN
  UPDATE outbox SET subject = NULL, in_reply_to = NULL, refs = NULL,
    last_error = CASE WHEN last_error IS NULL THEN NULL ELSE 'person erased' END
  WHERE person_id = NEW.id;
END;
