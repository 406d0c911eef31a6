import type { Database } from '../db/database.js';

const DAY = 86_400_000;

export interface RetentionResult {
  /** Inbound messages whose raw request and reading were dropped. */
  inbound: number;
  /** Outbox rows whose recipients, data, subject, thread headers or error were forgotten. */
  outbox: number;
  /** MET / NOT MET answers whose line was dropped; the answer itself stays, as a count. */
  answers: number;
}

/**
 * RETENTION_DAYS: what people wrote to us, and whom finished mail went to, is kept only that long.
 *
 * - Inbound messages received before the cut-off lose their raw request and its reading (`raw`, `parsed`).
 *   The row stays, with its status, intent and person, so counts stay true. A message still pending is
 *   left alone: it has not been acted on yet.
 * - Outbox rows sent, failed (and reported to the organiser) or cancelled before the cut-off forget their
 *   recipients, data, subject (an answer's "Re: <their subject>"), thread headers (their Message-IDs in
 *   In-Reply-To and References) and error (a provider's answer quotes the address), except what a later
 *   reply still needs:
 *   - an introduction's data holds only ids (its group and members), read when it was sent: kept;
 *   - a follow-up and a nudge keep their groupId, so a late answer to either is still stored against the
 *     right group.
 *   The row keeps its template, Message-ID and reply token, so a late reply is still recognised, and a
 *   failed mail not yet in the organiser's report keeps its recipients until it has been reported.
 * - Answers to "did you meet?" given before the cut-off lose the line written with them: what came of a
 *   conversation is the person's own words, and may name them or their partner. Whether they met stays,
 *   as an anonymous count.
 *
 * Back-ups are pruned by the retention job too (db/backup.ts), so that nothing forgotten here lives on
 * in a copy for longer than RETENTION_DAYS.
 */
export async function applyRetention(db: Database, opts: { retentionDays: number; now: Date }): Promise<RetentionResult> {
  const cutoff = new Date(opts.now.getTime() - opts.retentionDays * DAY).toISOString();
  return db.transaction(async (tx) => {
    const inbound = await tx.run(
      `UPDATE inbound_messages SET raw = NULL, parsed = NULL
       WHERE received_at < ? AND status <> 'pending' AND (raw IS NOT NULL OR parsed IS NOT NULL)`,
      [cutoff],
    );
    const kept = `CASE
           WHEN template = 'introduction' THEN data
           WHEN template IN ('follow-up', 'nudge') THEN CASE WHEN json_valid(data) AND data ->> 'groupId' IS NOT NULL
             THEN json_object('groupId', data ->> 'groupId') ELSE '{}' END
           ELSE '{}' END`;
    const outbox = await tx.run(
      `UPDATE outbox SET recipients = '[]', data = ${kept}, subject = NULL, in_reply_to = NULL, refs = NULL, last_error = NULL
       WHERE ((status = 'sent' AND sent_at < ?)
           OR (status = 'failed' AND reported_at IS NOT NULL AND reported_at < ?)
           OR (status = 'cancelled' AND created_at < ?))
         AND (recipients <> '[]' OR data IS NOT ${kept} OR subject IS NOT NULL OR in_reply_to IS NOT NULL
           OR refs IS NOT NULL OR last_error IS NOT NULL)`,
      [cutoff, cutoff, cutoff],
    );
    const answers = await tx.run('UPDATE answers SET outcome = NULL WHERE answered_at < ? AND outcome IS NOT NULL', [cutoff]);
    return { inbound: inbound.changes, outbox: outbox.changes, answers: answers.changes };
  });
}
