import { Database, type Queryable } from '../db/database.js';
import { enqueueMails, type NewMail } from '../db/outbox.js';
import { sharedDetailsOf, type Person } from '../db/people.js';
import type { TemplateData, TemplateName } from './templates.js';
import type { Attachment } from './mailer.js';

/**
 * Templates whose outbox row stores a reference rather than the data: the data is read when the mail is
 * sent. An introduction stores its group, so the outbox never holds a copy of anyone's contact details
 * and a person who erased themselves in the meantime is left out.
 */
export interface StoredReferences {
  /** Ids only: the members' details are read when it is sent. */
  introduction: { groupId: number; members: number[] };
  /**
   * The organisers' digest: the report and its picture are made when it is sent, from the database as it
   * is then. `since` (ISO) narrows the report; `roundId` is the round whose new links the picture highlights.
   */
  digest: { since?: string; roundId?: number };
}

export type StoredData<N extends TemplateName> = N extends keyof StoredReferences ? StoredReferences[N] : TemplateData[N];

export interface Resolved {
  data: unknown;
  /** Reply-To addresses other than the service's own, e.g. the group of an introduction. */
  replyToList?: Array<{ email: string; name: string | null }>;
  /** Recipients read now rather than stored: an introduction goes to its group's current addresses. */
  to?: Array<{ email: string; name: string | null }>;
  /** Files made when the mail is sent: the digest's picture. */
  attachments?: Attachment[];
}

/** The data a stored mail renders with; null when the mail no longer has anyone to be about. */
export async function resolveStoredData(
  db: Queryable,
  template: string,
  stored: unknown,
  config: { meetWithinDays: number; schemeName?: string; replyDomain?: string },
): Promise<Resolved | null> {
  if (template === 'digest') {
    // Loaded when first needed: the picture's renderer is a native module nothing else uses.
    const { resolveDigest } = await import('../reports/digest.js');
    return resolveDigest(db, stored as StoredReferences['digest'], { now: new Date(), schemeName: config.schemeName ?? 'Unmentoring' });
  }
  if (template !== 'introduction') return { data: stored };
  const { groupId, members: ids } = stored as StoredReferences['introduction'];
  const members = await db.all<Person & { suppressed: number }>(
    `SELECT p.*, EXISTS (SELECT 1 FROM suppressions s WHERE s.email = p.email) AS suppressed
     FROM people p WHERE p.id IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
    [JSON.stringify(ids)],
  );
  const remaining = members.filter(stillTakingPart);
  if (remaining.length < ids.length) {
    // Someone withdrew between the draw and now. Their details must not go to the others: the group is
    // re-made without them, or cancelled when one is left, and those remaining are told.
    await remakeGroup(db, groupId, remaining, { now: new Date(), replyDomain: config.replyDomain ?? 'localhost' });
  }
  if (remaining.length < 2) return null;
  const group = await db.get<{ first_mover_id: number | null }>('SELECT first_mover_id FROM groups WHERE id = ?', [groupId]);
  const first = remaining.find((m) => m.id === group?.first_mover_id) ?? remaining[0]!;
  const data: TemplateData['introduction'] = {
    members: remaining.map(sharedDetailsOf),
    firstMover: first.name ?? first.email!,
    trio: remaining.length === 3,
    meetWithinDays: config.meetWithinDays,
  };
  const addresses = remaining.map((m) => ({ email: m.email!, name: m.name }));
  return { data, replyToList: addresses, to: addresses };
}

/**
 * Whether a member drawn into a group may still be introduced: taking part (not paused, stopped, bounced,
 * complained or erased since the draw) and with an address that is not suppressed.
 */
function stillTakingPart(p: Person & { suppressed: number }): boolean {
  return p.email !== null && p.status === 'active' && !p.suppressed;
}

/**
 * The group's introduction is re-made for those who remain: its stored members become them (so follow-ups
 * ask only them, and a retry of this mail finds nothing more to change), each of them gets a short
 * "group-changed" mail, and one left alone goes first in the next round, as someone unplaced does. In one
 * transaction, so a crash leaves either the old group or the re-made one with its notices.
 */
async function remakeGroup(db: Queryable, groupId: number, remaining: Person[], opts: { now: Date; replyDomain: string }): Promise<void> {
  const apply = async (tx: Queryable) => {
    const group = await tx.get<{ round_id: number; introduction_outbox_id: number }>(
      'SELECT round_id, introduction_outbox_id FROM groups WHERE id = ?',
      [groupId],
    );
    if (!group) return;
    const ids = remaining.map((m) => m.id);
    const changed = await tx.run(
      `UPDATE outbox SET data = json_object('groupId', ?1, 'members', json(?2))
       WHERE id = ?3 AND template = 'introduction' AND data <> json_object('groupId', ?1, 'members', json(?2))`,
      [groupId, JSON.stringify(ids), group.introduction_outbox_id],
    );
    if (!changed.changes) return;
    if (remaining.length === 1) {
      await tx.run("INSERT OR IGNORE INTO round_unplaced (round_id, person_id, reason) VALUES (?, ?, 'their match withdrew before the introduction')", [
        group.round_id,
        remaining[0]!.id,
      ]);
    }
    const mails: NewMail[] = remaining.map((m) => ({
      template: 'group-changed',
      data: { name: m.name, others: remaining.length - 1 },
      to: [{ email: m.email!, name: m.name }],
      personId: m.id,
    }));
    await enqueueMails(tx, mails, { messageDomain: opts.replyDomain, now: opts.now });
  };
  await (db instanceof Database ? db.transaction(apply) : apply(db));
}
