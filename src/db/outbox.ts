import { randomUUID } from 'node:crypto';
import type { Queryable } from './database.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** A mailbox as the outbox stores it (the mail layer's Address has the same shape). */
export interface Recipient {
  email: string;
  name?: string | null;
}

/**
 * Template name → the JSON an outbox row of that template stores. Empty here on purpose: the outbox stores a
 * name and JSON and knows no template. The mail layer declares its templates into it (mail/stored-data.ts),
 * so every caller of enqueueMail is still type-checked against the template it names.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface OutboxTemplates {}

export interface OutboxRow {
  id: number;
  template: string;
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
  lease_token: string | null;
  provider_message_id: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  subject: string | null;
  final_notice: number;
}

/** A row as a claim returned it: `sending`, with this claim's lease. */
export interface ClaimedRow extends OutboxRow {
  status: 'sending';
  lease_until: string;
  lease_token: string;
}

/** What a mark names: the row, and the claim it was taken with. */
export interface Claim {
  id: number;
  lease_token: string;
}

export type NewMail = {
  [N in keyof OutboxTemplates]: {
    template: N;
    data: OutboxTemplates[N];
    to: Recipient[];
    personId?: number | null;
    /** The Message-ID this answers, so the answer threads under the person's reply. */
    inReplyTo?: string | null;
    references?: string[];
    /** Overrides the template's subject: an answer keeps "Re: <their subject>" so it threads. */
    subject?: string | null;
    /** The acknowledgement of a STOP or DELETE: sent although the address has just been suppressed. */
    finalNotice?: boolean;
  };
}[keyof OutboxTemplates];

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
 * The members' addresses and details are read when each mail is sent, by the introduction's resolver.
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
 * Ids as sorted, inclusive ranges ([[1, 500], [731, 731]]): how a drain names the rows it may take. Mail
 * queued together gets consecutive ids, so a file of 100,000 invitations is a few dozen ranges.
 */
export type IdRanges = ReadonlyArray<readonly [number, number]>;

export function idRanges(ids: Iterable<number>): Array<[number, number]> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const id of sorted) {
    const last = out.at(-1);
    if (last && last[1] + 1 === id) last[1] = id;
    else out.push([id, id]);
  }
  return out;
}

/**
 * Rows of `ranges`, in the order the ranges give, each range in id order: CROSS JOIN makes SQLite walk the
 * ranges first and look each id up by its key, so a drain's claim costs what its own rows cost, not what
 * the whole outbox holds.
 */
const IN_RANGES = 'json_each(?) AS r CROSS JOIN outbox AS o ON o.id BETWEEN r.value ->> 0 AND r.value ->> 1';

/**
 * Takes up to `limit` due mails for this sender: pending ones whose time has come, and ones another
 * sender took but did not finish before its lease ran out (it crashed, or stalled). One UPDATE …
 * RETURNING, so two senders (the service and an invitation run) never take the same row; the claim's
 * own `lease_token` is what every later mark of the row must name. With `only`, just those rows.
 */
export function claimDue(db: Queryable, opts: { limit: number; now: Date; leaseMs: number; only?: IdRanges }): Promise<ClaimedRow[]> {
  const now = opts.now.toISOString();
  const lease = new Date(opts.now.getTime() + opts.leaseMs).toISOString();
  const token = randomUUID();
  const due = `(o.status = 'pending' AND o.next_attempt_at <= ?) OR (o.status = 'sending' AND o.lease_until <= ?)`;
  const pick = opts.only
    ? { sql: `SELECT o.id FROM ${IN_RANGES} WHERE ${due} LIMIT ?`, params: [JSON.stringify(opts.only), now, now, opts.limit] }
    : { sql: `SELECT o.id FROM outbox AS o WHERE ${due} ORDER BY o.next_attempt_at, o.id LIMIT ?`, params: [now, now, opts.limit] };
  return db.all<ClaimedRow>(
    `UPDATE outbox SET status = 'sending', lease_until = ?, lease_token = ?, attempts = attempts + 1
     WHERE id IN (${pick.sql})
     RETURNING *`,
    [lease, token, ...pick.params],
  );
}

/**
 * Extends a claim's lease, only while it is still this claim's and has not run out: false means another
 * sender may have it (or soon will), so the mail must not be sent under this claim.
 */
export async function renewLease(db: Queryable, claim: Claim, opts: { now: Date; leaseMs: number }): Promise<boolean> {
  const r = await db.run(
    `UPDATE outbox SET lease_until = ? WHERE id = ? AND status = 'sending' AND lease_token = ? AND lease_until > ?`,
    [new Date(opts.now.getTime() + opts.leaseMs).toISOString(), claim.id, claim.lease_token, opts.now.toISOString()],
  );
  return r.changes === 1;
}

/** Every mark names the claim: a sender whose row was taken over changes nothing. */
const OURS = `id = ? AND status = 'sending' AND lease_token = ?`;

/**
 * Marks a mail sent; false when the claim is no longer this sender's (nothing is changed then). A mail to
 * someone who has just been erased (the acknowledgement of their DELETE), or to a stranger told we keep
 * nothing about them, forgets its recipient, data, subject and thread headers in the same statement: it
 * was the last use of the address. The lease may have run out meanwhile (the database was busy): the
 * send happened, and while nobody else took the row over it is still ours to record.
 */
export async function markSent(db: Queryable, claim: Claim, providerMessageId: string | null, now: Date): Promise<boolean> {
  const forget = `(template = 'not-invited' OR person_id IN (SELECT id FROM people WHERE status = 'erased'))`;
  const r = await db.run(
    `UPDATE outbox SET status = 'sent', sent_at = ?, provider_message_id = ?, lease_until = NULL, lease_token = NULL, last_error = NULL,
       recipients = CASE WHEN ${forget} THEN '[]' ELSE recipients END,
       data = CASE WHEN ${forget} THEN '{}' ELSE data END,
       subject = CASE WHEN ${forget} THEN NULL ELSE subject END,
       in_reply_to = CASE WHEN ${forget} THEN NULL ELSE in_reply_to END,
       refs = CASE WHEN ${forget} THEN NULL ELSE refs END
     WHERE ${OURS}`,
    [now.toISOString(), providerMessageId, claim.id, claim.lease_token],
  );
  return r.changes === 1;
}

/** Puts a mail back in the queue. `countAttempt: false` when the failure was not this mail's fault. */
export async function markRetry(
  db: Queryable,
  claim: Claim,
  opts: { error: string | null; nextAttemptAt: Date; countAttempt: boolean },
): Promise<boolean> {
  const r = await db.run(
    `UPDATE outbox SET status = 'pending', lease_until = NULL, lease_token = NULL, next_attempt_at = ?,
       last_error = coalesce(?, last_error), attempts = attempts - ?
     WHERE ${OURS}`,
    [opts.nextAttemptAt.toISOString(), opts.error, opts.countAttempt ? 0 : 1, claim.id, claim.lease_token],
  );
  return r.changes === 1;
}

/** Ends a claim for good, with why; only while the claim is still this sender's. */
async function closeClaim(db: Queryable, claim: Claim, status: 'failed' | 'cancelled', why: string): Promise<boolean> {
  const r = await db.run(`UPDATE outbox SET status = ?, lease_until = NULL, lease_token = NULL, last_error = ? WHERE ${OURS}`, [
    status,
    why,
    claim.id,
    claim.lease_token,
  ]);
  return r.changes === 1;
}

export function markFailed(db: Queryable, claim: Claim, error: string): Promise<boolean> {
  return closeClaim(db, claim, 'failed', error);
}

export function markCancelled(db: Queryable, claim: Claim, reason: string): Promise<boolean> {
  return closeClaim(db, claim, 'cancelled', reason);
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

/**
 * Records that these failures were reported. The ids go in as one JSON parameter: a parameter per id
 * breaks past SQLite's limit on bound parameters (32,766) on the first large failure run.
 */
export function markReported(db: Queryable, ids: readonly number[], now: Date) {
  if (!ids.length) return Promise.resolve({ changes: 0, lastID: 0 });
  return db.run(`UPDATE outbox SET reported_at = ? WHERE id IN (SELECT value FROM json_each(?))`, [now.toISOString(), JSON.stringify(ids)]);
}

const WAITING_AT = `min(CASE WHEN o.status = 'pending' THEN o.next_attempt_at ELSE o.lease_until END)`;

/** The earliest time a waiting mail (of `only`, when given) is due, or null when none is waiting. */
export async function nextDueAt(db: Queryable, only?: IdRanges): Promise<Date | null> {
  const row = only
    ? await db.get<{ at: string | null }>(`SELECT ${WAITING_AT} AS at FROM ${IN_RANGES} WHERE o.status IN ('pending', 'sending')`, [JSON.stringify(only)])
    : await db.get<{ at: string | null }>(`SELECT ${WAITING_AT} AS at FROM outbox AS o WHERE o.status IN ('pending', 'sending')`);
  return row?.at ? new Date(row.at) : null;
}

/** Those of `only` still waiting to be sent (pending, or claimed and not finished). */
export async function stillWaiting(db: Queryable, only: IdRanges): Promise<number[]> {
  if (!only.length) return [];
  const rows = await db.all<{ id: number }>(`SELECT o.id FROM ${IN_RANGES} WHERE o.status IN ('pending', 'sending')`, [JSON.stringify(only)]);
  return rows.map((r) => r.id);
}

export type DeliveryAlertKind = 'provider-refused' | 'organiser-suppressed';

export interface DeliveryAlert {
  kind: DeliveryAlertKind;
  message: string;
  since: string;
  seen_at: string;
  until: string | null;
}

/** Records (or refreshes) an alert; true when it is new, so the caller says it loudly once. */
export async function raiseDeliveryAlert(
  db: Queryable,
  alert: { kind: DeliveryAlertKind; message: string; now: Date; until?: Date | null },
): Promise<boolean> {
  const at = alert.now.toISOString();
  const row = await db.get<{ fresh: number }>(
    `INSERT INTO delivery_alerts (kind, message, since, seen_at, until) VALUES (?1, ?2, ?3, ?3, ?4)
     ON CONFLICT (kind) DO UPDATE SET message = excluded.message, seen_at = excluded.seen_at, until = excluded.until
     RETURNING since = ?3 AS fresh`,
    [alert.kind, alert.message, at, alert.until ? alert.until.toISOString() : null],
  );
  return row?.fresh === 1;
}

/** Clears an alert; true when there was one. */
export async function clearDeliveryAlert(db: Queryable, kind: DeliveryAlertKind): Promise<boolean> {
  return (await db.run('DELETE FROM delivery_alerts WHERE kind = ?', [kind])).changes === 1;
}

export function deliveryAlerts(db: Queryable): Promise<DeliveryAlert[]> {
  return db.all<DeliveryAlert>('SELECT kind, message, since, seen_at, until FROM delivery_alerts ORDER BY kind');
}
