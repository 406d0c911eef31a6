import type { Queryable } from './database.js';

/**
 * What a member said about meeting their group before "Did you meet?": BOOKED (a time was found), NOT YET,
 * or CAN'T MAKE IT. One row per group, person and word; saying it again moves its time on.
 */
export type GroupReplyKind = 'booked' | 'not_yet' | 'cant_make_it';

export interface GroupReply {
  groupId: number;
  personId: number;
  kind: GroupReplyKind;
}

/** Records that this person said this word about this group, now (the latest time, if they said it before). */
export async function recordGroupReply(db: Queryable, reply: GroupReply, now: Date): Promise<void> {
  await db.run(
    `INSERT INTO group_replies (group_id, person_id, kind, said_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (group_id, person_id, kind) DO UPDATE SET said_at = excluded.said_at`,
    [reply.groupId, reply.personId, reply.kind, now.toISOString()],
  );
}

/**
 * Whether anyone in the group has answered about meeting: a BOOKED, NOT YET or CAN'T MAKE IT here, or a
 * MET / NOT MET (answers). Such a group is not nudged.
 */
export async function groupHasAnswered(db: Queryable, groupId: number): Promise<boolean> {
  const row = await db.get<{ answered: number }>(
    `SELECT EXISTS (SELECT 1 FROM group_replies WHERE group_id = ?1)
         OR EXISTS (SELECT 1 FROM answers WHERE group_id = ?1) AS answered`,
    [groupId],
  );
  return row?.answered === 1;
}
