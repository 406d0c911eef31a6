import { Database, type Queryable } from '../db/database.js';
import { enqueueMails, type NewMail } from '../db/outbox.js';
import { sharedDetailsOf, type Person } from '../db/people.js';
import type { TemplateData, TemplateName } from './templates.js';
import type { Attachment } from './mailer.js';

/**
 * Templates whose outbox row stores a reference rather than the data: the data is read when the mail is
 * sent, by the resolver its capability provides (see Resolvers). An introduction stores its group, so the
 * outbox never holds a copy of anyone's contact details and a person who erased themselves in the
 * meantime is left out.
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

type StoredTemplates = { [N in TemplateName]: StoredData<N> };

// The outbox stores a template's name and JSON and knows no template; declaring ours into its map keeps
// every enqueueMail type-checked while the dependency points from mail/ down to db/.
declare module '../db/outbox.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface OutboxTemplates extends StoredTemplates {}
}

export interface Resolved {
  data: unknown;
  /** Reply-To addresses other than the service's own, e.g. the group of an introduction. */
  replyToList?: Array<{ email: string; name: string | null }>;
  /** Recipients read now rather than stored: an introduction goes to its group's current addresses. */
  to?: Array<{ email: string; name: string | null }>;
  /** Files made when the mail is sent: the digest's picture. */
  attachments?: Attachment[];
}

export interface ResolveContext {
  now: Date;
  schemeName: string;
  replyDomain: string;
  meetWithinDays: number;
  /** SHARED_DOMAINS: the digest's likely duplicate organisations need it. */
  sharedDomains?: readonly string[];
}

/**
 * Turns what a stored row holds into the data it renders with, at send time; null when the mail no longer
 * has anyone to be about (it is cancelled).
 */
export type Resolver = (db: Queryable, stored: unknown, ctx: ResolveContext) => Promise<Resolved | null>;

/**
 * A resolver per template that stores a reference; any other template's row holds its data as it is. Each
 * capability that owns such a mail provides its resolver (the digest's is in reports/digest.ts), and the
 * sender is given the registry (mail/resolvers.ts), so the outbox and the sender know none of them.
 */
export type Resolvers = Readonly<Partial<Record<string, Resolver>>>;

/** The data a stored mail renders with; null when the mail no longer has anyone to be about. */
export async function resolveStored(resolvers: Resolvers, db: Queryable, template: string, stored: unknown, ctx: ResolveContext): Promise<Resolved | null> {
  const resolver = Object.hasOwn(resolvers, template) ? resolvers[template] : undefined;
  return resolver ? resolver(db, stored, ctx) : { data: stored };
}

/**
 * An introduction's data: its group's members as they are now. Someone who withdrew since the draw is left
 * out and the group re-made for the others (remakeGroup), or the mail cancelled when one is left.
 */
export const resolveIntroduction: Resolver = async (db, stored, ctx) => {
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
    await remakeGroup(db, groupId, remaining, { now: ctx.now, replyDomain: ctx.replyDomain });
  }
  if (remaining.length < 2) return null;
  const group = await db.get<{ first_mover_id: number | null }>('SELECT first_mover_id FROM groups WHERE id = ?', [groupId]);
  const first = remaining.find((m) => m.id === group?.first_mover_id) ?? remaining[0]!;
  const data: TemplateData['introduction'] = {
    members: remaining.map(sharedDetailsOf),
    firstMover: first.name ?? first.email!,
    trio: remaining.length === 3,
    meetWithinDays: ctx.meetWithinDays,
  };
  const addresses = remaining.map((m) => ({ email: m.email!, name: m.name }));
  return { data, replyToList: addresses, to: addresses };
};

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
