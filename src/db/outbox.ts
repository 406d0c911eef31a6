import { randomUUID } from 'node:crypto';
import type { Queryable } from './database.js';
import type { Address } from '../mail/mailer.js';
import type { TemplateName } from '../mail/templates.js';
import type { StoredData } from '../mail/stored-data.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxRow {
  id: number;
  template: TemplateName;
  data: string;
  person_id: number | null;
  recipients: string;
  message_id: string;
  reply_token: string;
  in_reply_to: string | null;
  refs: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  provider_message_id: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  subject: string | null;
  final_notice: number;
}

export type NewMail = {
  [N in TemplateName]: {
    template: N;
    data: StoredData<N>;
    to: Address[];
    personId?: number | null;
    /** The Message-ID this answers, so the answer threads under the person's reply. */
    inReplyTo?: string | null;
    references?: string[];
    /** Overrides the template's subject: an answer keeps "Re: <their subject>" so it threads. */
    subject?: string | null;
    /** The acknowledgement of a STOP or DELETE: sent although the address has just been suppressed. */
    finalNotice?: boolean;
  };
}[TemplateName];

export interface Enqueued {
  id: number;
  messageId: string;
  replyToken: string;
}

/**
 * The unguessable part of a Reply-To address: 32 hex digits, the time in milliseconds (11) then 84
 * random bits (21). The time prefix makes each new token sort after the last, so its unique index grows
 * at the end rather than at random places: a round writes half a million of them at once.
 */
export function newToken(): string {
  // randomUUID draws from a pooled buffer: a hundred times cheaper a call than randomBytes. Its 4th and
  // 5th groups are 16 hex digits of which the first is the variant; taking 21 digits that skip it and the
  // version digit keeps 84 random bits.
  const u = randomUUID();
  return Date.now().toString(16).padStart(11, '0').slice(-11) + u.slice(0, 8) + u.slice(9, 13) + u.slice(15, 18) + u.slice(20, 23) + u.slice(24, 27);
}

/** Our Message-ID: time-ordered for the same reason as tokens, then a random UUID. */
export function newMessageId(domain: string): string {
  return `<${Date.now().toString(36)}.${randomUUID()}@${domain}>`;
}

/**
 * Records a mail to be sent. Call it inside the transaction that makes the change the mail is about,
 * so the change and its mail are committed together or not at all.
 */
export async function enqueueMail(db: Queryable, mail: NewMail, opts: { messageDomain: string; now: Date }): Promise<Enqueued> {
  return (await enqueueMails(db, [mail], opts))[0]!;
}

/**
 * enqueueMail for many mails in one statement per few hundred: a bulk import (an invitation file, a
 * round's introductions) would otherwise pay one round trip to SQLite per mail. Results are in input order.
 */
export async function enqueueMails(
  db: Queryable,
  mails: NewMail[],
  /**
   * firstId: the caller holds the write lock and gives the rows ids firstId, firstId + 1, …, so nothing
   * needs reading back (a round writes half a million at once).
   */
  opts: { messageDomain: string; now: Date; firstId?: number },
): Promise<Enqueued[]> {
  const at = opts.now.toISOString();
  const out: Enqueued[] = [];
  // Rows go in as one JSON parameter that SQLite expands itself: a statement of thousands of
  // placeholders costs more to parse and bind than the rows cost to write.
  const PER_STATEMENT = 20_000;
  for (let i = 0; i < mails.length; i += PER_STATEMENT) {
    const chunk = mails.slice(i, i + PER_STATEMENT);
    const made = chunk.map(() => ({ messageId: newMessageId(opts.messageDomain), replyToken: newToken() }));
    const rows = chunk.map((mail, k) => [
      opts.firstId === undefined ? null : opts.firstId + i + k,
      mail.template,
      JSON.stringify(mail.data),
      mail.personId ?? null,
      JSON.stringify(mail.to.map((a) => ({ email: a.email.toLowerCase(), name: a.name ?? null }))),
      made[k]!.messageId,
      made[k]!.replyToken,
      mail.inReplyTo ?? null,
      mail.references?.length ? mail.references.join(' ') : null,
      mail.subject ?? null,
      mail.finalNotice ? 1 : 0,
    ]);
    const sql = `INSERT INTO outbox (id, template, data, person_id, recipients, message_id, reply_token, in_reply_to, refs,
         subject, final_notice, next_attempt_at, created_at)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7,
         value ->> 8, value ->> 9, value ->> 10, ?, ?
       FROM json_each(?)`;
    if (opts.firstId !== undefined) {
      await db.run(sql, [at, at, JSON.stringify(rows)]);
      made.forEach((m, k) => out.push({ id: opts.firstId! + i + k, ...m }));
      continue;
    }
    const inserted = await db.all<{ id: number; message_id: string }>(`${sql} RETURNING id, message_id`, [at, at, JSON.stringify(rows)]);
    // SQLite does not promise RETURNING rows in insertion order: match them by Message-ID.
    const ids = new Map(inserted.map((r) => [r.message_id, r.id]));
    for (const m of made) out.push({ id: ids.get(m.messageId)!, ...m });
  }
  return out;
}

/**
 * A round's introductions, one per group, written by a single INSERT … SELECT in which SQLite makes each
 * row itself: the id from the group's position, the Message-ID and the reply token from `randomblob` (a
 * ChaCha20 generator seeded from the operating system, so as unguessable as newToken's). Going through
 * enqueueMails would cost a JSON field extraction per column per row: 15 s for a million people.
 * The members' addresses and details are read when each mail is sent (see mail/stored-data.ts).
 */
export async function enqueueIntroductions(
  db: Queryable,
  groups: ReadonlyArray<readonly number[]>,
  opts: { firstOutboxId: number; firstGroupId: number; messageDomain: string; now: Date },
): Promise<void> {
  const at = opts.now.toISOString();
  const time36 = Date.now().toString(36);
  const time16 = Date.now().toString(16).padStart(11, '0').slice(-11);
  for (let i = 0; i < groups.length; i += 100_000) {
    await db.run(
      `INSERT INTO outbox (id, template, data, person_id, recipients, message_id, reply_token, next_attempt_at, created_at)
       SELECT ?1 + key, 'introduction', json_object('groupId', ?2 + key, 'members', json(value)), NULL, '[]',
         '<' || ?3 || '.' || (?1 + key) || '.' || lower(hex(randomblob(12))) || '@' || ?4 || '>',
         ?5 || substr(lower(hex(randomblob(11))), 1, 21), ?6, ?6
       FROM json_each(?7)`,
      [opts.firstOutboxId + i, opts.firstGroupId + i, time36, opts.messageDomain, time16, at, JSON.stringify(groups.slice(i, i + 100_000))],
    );
  }
}

/**
 * Takes up to `limit` due mails for this sender: pending ones whose time has come, and ones another
 * sender took but did not finish before its lease ran out (it crashed). One UPDATE … RETURNING, so two
 * senders (the service and an invitation run) never take the same row.
 */
export function claimDue(db: Queryable, opts: { limit: number; now: Date; leaseMs: number }): Promise<OutboxRow[]> {
  const now = opts.now.toISOString();
  const lease = new Date(opts.now.getTime() + opts.leaseMs).toISOString();
  return db.all<OutboxRow>(
    `UPDATE outbox SET status = 'sending', lease_until = ?, attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM outbox
       WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until <= ?)
       ORDER BY next_attempt_at, id LIMIT ?)
     RETURNING *`,
    [lease, now, now, opts.limit],
  );
}

/**
 * Marks a mail sent. A mail to someone who has just been erased (the acknowledgement of their DELETE), or
 * to a stranger told we keep nothing about them, forgets its recipient, data, subject and thread headers in
 * the same statement: it was the last use of the address.
 */
export function markSent(db: Queryable, id: number, providerMessageId: string | null, now: Date) {
  const forget = `(template = 'not-invited' OR person_id IN (SELECT id FROM people WHERE status = 'erased'))`;
  return db.run(
    `UPDATE outbox SET status = 'sent', sent_at = ?, provider_message_id = ?, lease_until = NULL, last_error = NULL,
       recipients = CASE WHEN ${forget} THEN '[]' ELSE recipients END,
       data = CASE WHEN ${forget} THEN '{}' ELSE data END,
       subject = CASE WHEN ${forget} THEN NULL ELSE subject END,
       in_reply_to = CASE WHEN ${forget} THEN NULL ELSE in_reply_to END,
       refs = CASE WHEN ${forget} THEN NULL ELSE refs END
     WHERE id = ?`,
    [now.toISOString(), providerMessageId, id],
  );
}

/** Puts a mail back in the queue. `countAttempt: false` when the failure was not this mail's fault. */
export function markRetry(
  db: Queryable,
  id: number,
  opts: { error: string | null; nextAttemptAt: Date; countAttempt: boolean },
) {
  return db.run(
    `UPDATE outbox SET status = 'pending', lease_until = NULL, next_attempt_at = ?,
       last_error = coalesce(?, last_error), attempts = attempts - ?
     WHERE id = ?`,
    [opts.nextAttemptAt.toISOString(), opts.error, opts.countAttempt ? 0 : 1, id],
  );
}

export function markFailed(db: Queryable, id: number, error: string) {
  return db.run(`UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = ? WHERE id = ?`, [error, id]);
}

export function markCancelled(db: Queryable, id: number, reason: string) {
  return db.run(`UPDATE outbox SET status = 'cancelled', lease_until = NULL, last_error = ? WHERE id = ?`, [reason, id]);
}

export async function outboxCounts(db: Queryable): Promise<Record<OutboxStatus, number>> {
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
  const rows = await db.all<{ status: OutboxStatus; n: number }>('SELECT status, count(*) AS n FROM outbox GROUP BY status');
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

export interface UnreportedFailure {
  id: number;
  template: string;
  recipients: string;
  last_error: string | null;
  created_at: string;
}

export function unreportedFailures(db: Queryable): Promise<UnreportedFailure[]> {
  return db.all<UnreportedFailure>(
    `SELECT id, template, recipients, last_error, created_at FROM outbox
     WHERE status = 'failed' AND reported_at IS NULL ORDER BY id`,
  );
}

export function markReported(db: Queryable, ids: number[], now: Date) {
  if (!ids.length) return Promise.resolve({ changes: 0, lastID: 0 });
  return db.run(
    `UPDATE outbox SET reported_at = ? WHERE id IN (${ids.map(() => '?').join(',')})`,
    [now.toISOString(), ...ids],
  );
}

/** The earliest time a pending mail is due, or null when none is waiting. */
export async function nextDueAt(db: Queryable): Promise<Date | null> {
  const row = await db.get<{ at: string | null }>(
    `SELECT min(CASE WHEN status = 'pending' THEN next_attempt_at ELSE lease_until END) AS at
     FROM outbox WHERE status IN ('pending', 'sending')`,
  );
  return row?.at ? new Date(row.at) : null;
}
