-- Erasure reaches the outbox's own columns. When a person is erased (DELETE), every mail to them loses its
-- subject ("Re: <their subject>"), its thread headers (their Message-IDs) and its error (the provider's
-- answer quotes their address); mail to anyone else whose subject or error holds their address loses
-- those too. In a trigger, so every way a person comes to be erased scrubs them, in the same transaction.
CREATE TRIGGER people_erased_scrub_outbox AFTER UPDATE OF status ON people
WHEN NEW.status = 'erased' AND OLD.status <> 'erased'
BEGIN
  UPDATE outbox SET subject = NULL, in_reply_to = NULL, refs = NULL,
    last_error = CASE WHEN last_error IS NULL THEN NULL ELSE 'person erased' END
  WHERE person_id = NEW.id
     OR (OLD.email IS NOT NULL AND (instr(lower(coalesce(subject, '')), OLD.email) > 0
       OR instr(lower(coalesce(last_error, '')), OLD.email) > 0));
END;
