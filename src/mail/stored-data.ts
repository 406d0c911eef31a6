import type { Queryable } from '../db/database.js';
import type { Person } from '../db/people.js';
import type { TemplateData, TemplateName } from './templates.js';

/**
 * Templates whose outbox row stores a reference rather than the data: the data is read when the mail is
 * sent. An introduction stores its group, so the outbox never holds a copy of anyone's contact details
 * and a person who erased themselves in the meantime is left out.
 */
export interface StoredReferences {
  /** Ids only: the members' details are read when it is sent. */
  introduction: { groupId: number; members: number[] };
}

export type StoredData<N extends TemplateName> = N extends keyof StoredReferences ? StoredReferences[N] : TemplateData[N];

export interface Resolved {
  data: unknown;
  /** Reply-To addresses other than the service's own, e.g. the group of an introduction. */
  replyToList?: Array<{ email: string; name: string | null }>;
  /** Recipients read now rather than stored: an introduction goes to its group's current addresses. */
  to?: Array<{ email: string; name: string | null }>;
}

/** The data a stored mail renders with; null when the mail no longer has anyone to be about. */
export async function resolveStoredData(
  db: Queryable,
  template: string,
  stored: unknown,
  config: { meetWithinDays: number },
): Promise<Resolved | null> {
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
    members: members.map((p) => ({
      email: p.email!,
      name: p.name,
      phone: p.phone,
      organisation: p.organisation,
      googleId: p.google_id,
      skypeId: p.skype_id,
      other: p.other_channel,
      topics: p.topics,
    })),
    firstMover: first.name ?? first.email!,
    trio: members.length === 3,
    meetWithinDays: config.meetWithinDays,
  };
  const addresses = members.map((m) => ({ email: m.email!, name: m.name }));
  return { data, replyToList: addresses, to: addresses };
}
