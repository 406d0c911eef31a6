import type { Queryable } from '../db/database.js';
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
  config: { meetWithinDays: number; schemeName?: string },
): Promise<Resolved | null> {
  if (template === 'digest') {
    // Loaded when first needed: the picture's renderer is a native module nothing else uses.
    const { resolveDigest } = await import('../reports/digest.js');
    return resolveDigest(db, stored as StoredReferences['digest'], { now: new Date(), schemeName: config.schemeName ?? 'Unmentoring' });
  }
  if (template !== 'introduction') return { data: stored };
  const { groupId, members: ids } = stored as StoredReferences['introduction'];
  const members = await db.all<Person>(
    'SELECT * FROM people WHERE id IN (SELECT value FROM json_each(?)) AND email IS NOT NULL ORDER BY id',
    [JSON.stringify(ids)],
  );
  if (members.length < 2) return null;
  const group = await db.get<{ first_mover_id: number | null }>('SELECT first_mover_id FROM groups WHERE id = ?', [groupId]);
  const first = members.find((m) => m.id === group?.first_mover_id) ?? members[0]!;
  const data: TemplateData['introduction'] = {
    members: members.map(sharedDetailsOf),
    firstMover: first.name ?? first.email!,
    trio: members.length === 3,
    meetWithinDays: config.meetWithinDays,
  };
  const addresses = members.map((m) => ({ email: m.email!, name: m.name }));
  return { data, replyToList: addresses, to: addresses };
}
