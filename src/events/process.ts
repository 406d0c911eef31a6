import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { enqueueMail } from '../db/outbox.js';
import type { PersonStatus } from '../db/people.js';
import { suppress, type SuppressionReason } from '../db/suppressions.js';
import { oneLine, shorten } from '../mail/words.js';

/**
 * SendGrid's Event Webhook: a JSON array of events, each with `event`, `email`, `timestamp`,
 * `sg_event_id`, `sg_message_id`, the event's own fields (`reason`, `response`, `type` …) and our
 * custom_args as top-level keys (`outbox_id`).
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
 */
export type DeliveryEvent = Record<string, unknown> & { event: string };

/** An entry of a post that is not an event we can read: where it was and why, never its content. */
export interface SkippedEvent {
  index: number;
  reason: string;
}

export type ParsedEvents = { ok: true; events: DeliveryEvent[]; skipped: SkippedEvent[] } | { ok: false; reason: string };

/**
 * Reads a post's body: a JSON array of events. Only a body that is not a JSON array at all is refused; an
 * entry that is not an object naming its event is skipped and counted, and the others are kept. Refusing
 * the whole post for one bad entry would make SendGrid retry it for 24 hours and then discard it, with
 * every bounce and spam report in it
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook).
 */
export function parseEventBody(body: Buffer): ParsedEvents {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'the body is not JSON: the Event Webhook posts a JSON array of events' };
  }
  if (!Array.isArray(parsed)) return { ok: false, reason: 'the body is not a JSON array of events' };
  const events: DeliveryEvent[] = [];
  const skipped: SkippedEvent[] = [];
  for (let i = 0; i < parsed.length; i++) {
    const e = parsed[i] as unknown;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      skipped.push({ index: i, reason: 'not an object' });
      continue;
    }
    const name = (e as Record<string, unknown>).event;
    if (typeof name !== 'string' || !name.trim()) {
      skipped.push({ index: i, reason: 'no "event" name' });
      continue;
    }
    events.push(e as DeliveryEvent);
  }
  return { ok: true, events, skipped };
}

interface Suppressing {
  reason: SuppressionReason;
  status: PersonStatus;
  words: string;
}

/** The events that mean "send this address nothing more", what each is recorded as, and the person's new status. */
const SUPPRESSING: Record<string, Suppressing> = {
  bounce: { reason: 'bounce', status: 'bounced', words: 'bounced' },
  spamreport: { reason: 'spamreport', status: 'complained', words: 'marked our mail as spam' },
  unsubscribe: { reason: 'unsubscribe', status: 'stopped', words: 'unsubscribed through SendGrid' },
  group_unsubscribe: { reason: 'unsubscribe', status: 'stopped', words: 'unsubscribed through SendGrid' },
};

/**
 * What a `dropped` event means depends on its reason. SendGrid's Event Webhook reference lists them: "You
 * may see the following drop reasons: Invalid SMTPAPI header, Spam Content (if Spam Checker app is
 * enabled), Unsubscribed Address, Bounced Address, Spam Reporting Address, Invalid, Recipient List over
 * Package Quota" (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event#dropped).
 * - about the address: SendGrid holds it on one of its suppression lists (a bounce, an unsubscribe, a spam
 *   report) or finds it invalid; the address is suppressed here too, and its person's status follows;
 * - about our account or the mail: "Spam Content", "Invalid SMTPAPI header", "Recipient List over Package
 *   Quota", and any reason not listed. They say nothing about the person, so nobody is suppressed (a
 *   quota running out must not end everyone's membership); the event is recorded and the organiser told.
 */
const DROPPED_FOR_THE_ADDRESS: Record<string, Suppressing> = {
  'bounced address': { reason: 'dropped', status: 'bounced', words: 'dropped by SendGrid, which holds it as bounced' },
  invalid: { reason: 'dropped', status: 'bounced', words: 'dropped by SendGrid as an invalid address' },
  'unsubscribed address': { reason: 'unsubscribe', status: 'stopped', words: 'dropped by SendGrid, which holds it as unsubscribed' },
  'spam reporting address': { reason: 'spamreport', status: 'complained', words: 'dropped by SendGrid, which holds a spam report from it' },
};

/** For a `dropped` event: the suppression its reason calls for, or null when the reason is about our account or the mail. */
export function droppedAction(reason: unknown): Suppressing | null {
  const key = typeof reason === 'string' ? reason.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '') : '';
  if (Object.hasOwn(DROPPED_FOR_THE_ADDRESS, key)) return DROPPED_FOR_THE_ADDRESS[key]!;
  // "Invalid" may come with more words ("Invalid address"); "Invalid SMTPAPI header" is about our request.
  if (key.startsWith('invalid') && !key.includes('smtpapi')) return DROPPED_FOR_THE_ADDRESS.invalid!;
  return null;
}

/** What the organiser reads about a drop that is about our account or the mail. */
function accountDropWords(reason: string | null): string {
  const known = reason ? /^(spam content|invalid smtpapi header|recipient list over package quota)$/i.test(reason.trim()) : false;
  const said = reason ? `"${shorten(reason, 120)}"` : 'no reason given';
  return `${DROPPED_PREFIX} ${said}. ${
    known ? 'This is about our SendGrid account or the mail, not the address' : 'SendGrid gave a reason we do not know'
  }, so nobody was suppressed. Check the SendGrid account (its Spam Checker, plan and quota), then send it again if it matters.`;
}

const DROPPED_PREFIX = 'dropped by SendGrid:';
/** At most one mail a day about such drops: a quota running out drops every mail, in post after post. */
const ACCOUNT_DROP_NOTICE_EVERY_MS = 24 * 3_600_000;
const LISTED_DROPS = 50;

/** Statuses an event may end: someone already stopped, bounced, complained or erased keeps theirs. */
const LIVE_STATUSES: PersonStatus[] = ['invited', 'awaiting_details', 'active', 'paused'];

// Both linear in their input: the domain's labels are split at the dots the class excludes, and a word is
// one greedy run of the class, tested for an "@" afterwards (a pattern that looked for the "@" inside the
// run would scan the rest of a long reason again from every position).
const EMAILISH = /^[^\s@<>"]+@[^\s@<>".]+(?:\.[^\s@<>".]+)+$/;
const WORD = /[^\s<>()[\]"',;:]+/g;

export interface RecordResult {
  /** Events stored now. */
  stored: number;
  /** Events stored before (a retried post): no second effect. */
  duplicates: number;
  /** Addresses suppressed, or people whose status changed, because of this post. */
  suppressed: number;
  /** Whether the organiser's notice was queued (of suppressed addresses, or of drops about our account). */
  noticeQueued: boolean;
  /** `dropped` events whose reason is about our account or the mail: recorded, nobody suppressed. */
  accountDrops: number;
}

/** SendGrid's id for the event; for an event without one, a hash of the event, the same on every retry. */
function eventId(e: DeliveryEvent): string {
  const id = e.sg_event_id;
  if (typeof id === 'string' && id.trim()) return id.trim().slice(0, 200);
  return `sha256:${createHash('sha256').update(JSON.stringify(e)).digest('hex')}`;
}

function outboxIdOf(e: DeliveryEvent): number | null {
  const v = e.outbox_id;
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

function occurredAt(e: DeliveryEvent): string | null {
  const v = e.timestamp;
  const seconds = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,12}(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A block is SendGrid's word for a bounce it expects to be temporary (our sending IP refused, say). */
function isBlock(e: DeliveryEvent): boolean {
  return e.event === 'bounce' && typeof e.type === 'string' && e.type.toLowerCase() === 'blocked';
}

/**
 * What SendGrid or the receiving server said, on one line, without addresses: a server's "550 5.1.1
 * <jo@example.org>: no such user" would otherwise put the address in a table that keeps none.
 */
function reasonOf(e: DeliveryEvent): string | null {
  const raw = [e.reason, e.response].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const text = raw ? oneLine(raw).replace(WORD, (word) => (word.includes('@') ? '[address]' : word)).slice(0, 500) : null;
  if (isBlock(e)) return text ? `blocked: ${text}` : 'blocked';
  return text;
}

function addressOf(e: DeliveryEvent): string | null {
  const email = typeof e.email === 'string' ? e.email.trim().toLowerCase() : '';
  return email.length <= 320 && EMAILISH.test(email) ? email : null;
}

/**
 * Stores a post's events and acts on the ones that mean "send nothing more": the address is suppressed,
 * a person with that address who is still invited, joining, taking part or paused becomes bounced,
 * complained or stopped, and the organiser gets one notice listing them. A `dropped` event does so only when
 * its reason is about the address (see droppedAction); one about our account or the mail is recorded and,
 * at most once a day, reported to the organiser with the delivery report's wording. All in one transaction, so a
 * retried post (SendGrid retries until it gets a 2xx) finds every event stored and has no second effect.
 * Delivery and engagement events (delivered, deferred, processed, open, click …) are only recorded:
 * link scanners open and click, so they are evidence of nothing.
 */
export async function recordDeliveryEvents(
  db: Database,
  events: DeliveryEvent[],
  config: Pick<Config, 'organiserEmail' | 'replyDomain'>,
  now: Date,
): Promise<RecordResult> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const result: RecordResult = { stored: 0, duplicates: 0, suppressed: 0, noticeQueued: false, accountDrops: 0 };
    const notice = new Map<string, { email: string; reason: string }>();
    const drops: Array<{ email: string; outboxId: number | null; reason: string | null; at: string | null }> = [];
    for (const e of events) {
      const reason = reasonOf(e);
      const inserted = await tx.run(
        `INSERT INTO delivery_events (sg_event_id, outbox_id, event, reason, occurred_at, received_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sg_event_id) DO NOTHING`,
        [eventId(e), outboxIdOf(e), e.event.trim().slice(0, 100), reason, occurredAt(e), at],
      );
      if (inserted.changes === 0) {
        result.duplicates++;
        continue;
      }
      result.stored++;
      const email = addressOf(e);
      let action: Suppressing | null = null;
      if (e.event === 'dropped') {
        action = droppedAction(e.reason);
        if (!action) {
          result.accountDrops++;
          // Never about the organiser's own mail: a notice dropped in turn must not queue another.
          if (email && email !== config.organiserEmail.toLowerCase()) drops.push({ email, outboxId: outboxIdOf(e), reason, at: occurredAt(e) });
          continue;
        }
      } else if (Object.hasOwn(SUPPRESSING, e.event) && !isBlock(e)) {
        action = SUPPRESSING[e.event]!;
      }
      if (!action || !email) continue;
      if (await suppressAddress(tx, email, action, at, now)) {
        if (!notice.has(email)) notice.set(email, { email, reason: reason ? `${action.words} (${shorten(reason, 200)})` : action.words });
      }
    }
    if (notice.size) {
      await enqueueMail(
        tx,
        {
          template: 'suppressed-notice',
          data: { addresses: [...notice.values()] },
          to: [{ email: config.organiserEmail, name: null }],
          personId: null,
        },
        { messageDomain: config.replyDomain, now },
      );
      result.noticeQueued = true;
    }
    result.suppressed = notice.size;
    if (drops.length && (await reportAccountDrops(tx, drops, config, now))) result.noticeQueued = true;
    return result;
  });
}

/**
 * Tells the organiser about mail SendGrid dropped for a reason about our account or the mail, in the
 * delivery report's form (each mail, to whom, when queued, why), unless such a report went in the last day.
 * True when one was queued.
 */
async function reportAccountDrops(
  tx: Queryable,
  drops: Array<{ email: string; outboxId: number | null; reason: string | null; at: string | null }>,
  config: Pick<Config, 'organiserEmail' | 'replyDomain'>,
  now: Date,
): Promise<boolean> {
  const since = new Date(now.getTime() - ACCOUNT_DROP_NOTICE_EVERY_MS).toISOString();
  const recent = await tx.get(
    `SELECT 1 FROM outbox WHERE template = 'delivery-report' AND created_at >= ?
       AND EXISTS (SELECT 1 FROM json_each(outbox.data, '$.failures') WHERE json_extract(value, '$.reason') LIKE ?)
     LIMIT 1`,
    [since, `${DROPPED_PREFIX}%`],
  );
  if (recent) return false;
  const failures = [];
  for (const d of drops.slice(0, LISTED_DROPS)) {
    const row = d.outboxId === null ? undefined : await tx.get<{ template: string; created_at: string }>('SELECT template, created_at FROM outbox WHERE id = ?', [d.outboxId]);
    const queuedAt = row?.created_at ?? d.at ?? now.toISOString();
    failures.push({ template: row?.template ?? 'mail', to: d.email, createdAt: queuedAt.slice(0, 16).replace('T', ' '), reason: accountDropWords(d.reason) });
  }
  await enqueueMail(
    tx,
    {
      template: 'delivery-report',
      data: { failures, more: Math.max(0, drops.length - LISTED_DROPS) },
      to: [{ email: config.organiserEmail }],
    },
    { messageDomain: config.replyDomain, now },
  );
  return true;
}

/** True when this changed something: the address was not suppressed before, or a person's status changed. */
async function suppressAddress(
  tx: Queryable,
  email: string,
  action: { reason: SuppressionReason; status: PersonStatus },
  at: string,
  now: Date,
): Promise<boolean> {
  const added = await suppress(tx, email, action.reason, now);
  const changed = await tx.run(
    `UPDATE people SET status = ?, status_changed_at = ?, updated_at = ?
     WHERE email = ? AND status IN (${LIVE_STATUSES.map(() => '?').join(', ')})`,
    [action.status, at, at, email, ...LIVE_STATUSES],
  );
  return added.changes > 0 || changed.changes > 0;
}
