import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { enqueueMail } from '../db/outbox.js';
import type { PersonStatus } from '../db/people.js';
import { suppress } from '../db/suppressions.js';

export type UnsubscribeOutcome =
  /** No person has this token. */
  | { outcome: 'unknown' }
  /** They are stopped and suppressed now, and one acknowledgement is queued. */
  | { outcome: 'unsubscribed'; personId: number }
  /** They were stopped, bounced, complained or erased already: nothing changes, nothing is sent. */
  | { outcome: 'already'; personId: number };

const LIVE_STATUSES: PersonStatus[] = ['invited', 'awaiting_details', 'active', 'paused'];

/**
 * One-click unsubscribe (RFC 8058): what a reply saying STOP does, for the person whose link this is.
 * Status stopped, the address suppressed, and one acknowledgement (the `stopped` mail, sent although the
 * address is now suppressed), in one transaction. A second POST finds them stopped and changes nothing.
 */
export async function unsubscribeByToken(
  db: Database,
  token: string,
  config: Pick<Config, 'replyDomain'>,
  now: Date,
): Promise<UnsubscribeOutcome> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const person = await tx.get<{ id: number; email: string | null; name: string | null; status: PersonStatus }>(
      'SELECT id, email, name, status FROM people WHERE unsubscribe_token = ?',
      [token],
    );
    if (!person) return { outcome: 'unknown' };
    if (!person.email || !LIVE_STATUSES.includes(person.status)) return { outcome: 'already', personId: person.id };
    await tx.run(`UPDATE people SET status = 'stopped', status_changed_at = ?, updated_at = ? WHERE id = ?`, [at, at, person.id]);
    await suppress(tx, person.email, 'unsubscribe', now);
    await enqueueMail(
      tx,
      {
        template: 'stopped',
        data: {},
        to: [{ email: person.email, name: person.name }],
        personId: person.id,
        finalNotice: true,
      },
      { messageDomain: config.replyDomain, now },
    );
    return { outcome: 'unsubscribed', personId: person.id };
  });
}
