import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { enqueueMail } from '../db/outbox.js';
import type { PersonStatus } from '../db/people.js';
import { suppress, type SuppressionReason } from '../db/suppressions.js';
import { oneLine, shorten } from '../mail/templates.js';

/**
 * SendGrid's Event Webhook: a JSON array of events, each with `event`, `email`, `timestamp`,
 * `sg_event_id`, `sg_message_id`, the event's own fields (`reason`, `response`, `type` …) and our
 * custom_args as top-level keys (`outbox_id`).
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
 */
export type DeliveryEvent = Record<string, unknown> & { event: string };

export type ParsedEvents = { ok: true; events: DeliveryEvent[] } | { ok: false; reason: string };

/** Reads a post's body: a JSON array of objects that each name their event. Anything else is refused whole. */
export function parseEventBody(body: Buffer): ParsedEvents {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'the body is not JSON: the Event Webhook posts a JSON array of events' };
  }
  if (!Array.isArray(parsed)) return { ok: false, reason: 'the body is not a JSON array of events' };
  for (let i = 0; i < parsed.length; i++) {
    const e = parsed[i] as unknown;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return { ok: false, reason: `event ${i} is not an object` };
    const name = (e as Record<string, unknown>).event;
    if (typeof name !== 'string' || !name.trim()) return { ok: false, reason: `event ${i} has no "event" name` };
  }
  return { ok: true, events: parsed as DeliveryEvent[] };
}

/** The events that mean "send this address nothing more", what each is recorded as, and the person's new status. */
const SUPPRESSING: Record<string, { reason: SuppressionReason; status: PersonStatus; words: string }> = {
  bounce: { reason: 'bounce', status: 'bounced', words: 'bounced' },
  dropped: { reason: 'dropped', status: 'bounced', words: 'dropped by SendGrid' },
  spamreport: { reason: 'spamreport', status: 'complained', words: 'marked our mail as spam' },
  unsubscribe: { reason: 'unsubscribe', status: 'stopped', words: 'unsubscribed through SendGrid' },
  group_unsubscribe: { reason: 'unsubscribe', status: 'stopped', words: 'unsubscribed through SendGrid' },
};

/** Statuses an event may end: someone already stopped, bounced, complained or erased keeps theirs. */
const LIVE_STATUSES: PersonStatus[] = ['invited', 'awaiting_details', 'active', 'paused'];

const EMAILISH = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const ANY_ADDRESS = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;

export interface RecordResult {
  /** Events stored now. */
  stored: number;
  /** Events stored before (a retried post): no second effect. */
  duplicates: number;
  /** Addresses suppressed, or people whose status changed, because of this post. */
  suppressed: number;
  /** Whether the organiser's notice was queued. */
  noticeQueued: boolean;
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
  const text = raw ? oneLine(raw).replace(ANY_ADDRESS, '[address]').slice(0, 500) : null;
  if (isBlock(e)) return text ? `blocked: ${text}` : 'blocked';
  return text;
}

function addressOf(e: DeliveryEvent): string | null {
  const email = typeof e.email === 'string' ? e.email.trim().toLowerCase() : '';
  return EMAILISH.test(email) && email.length <= 320 ? email : null;
}

/**
 * Stores a post's events and acts on the ones that mean "send nothing more": the address is suppressed,
 * a person with that address who is still invited, joining, taking part or paused becomes bounced,
 * complained or stopped, and the organiser gets one notice listing them. All in one transaction, so a
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
    const result: RecordResult = { stored: 0, duplicates: 0, suppressed: 0, noticeQueued: false };
    const notice = new Map<string, { email: string; reason: string }>();
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
      const action = Object.hasOwn(SUPPRESSING, e.event) && !isBlock(e) ? SUPPRESSING[e.event]! : null;
      const email = addressOf(e);
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
    return result;
  });
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
