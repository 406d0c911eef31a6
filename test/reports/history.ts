/**
 * A scripted history whose figures are known by hand (see the expectations in report.test.ts):
 * 14 people in every status, two rounds with known groups (a trio each; one group of two people from the
 * same organisation spelled two ways), follow-ups, MET and NOT MET answers with lines, and two people asked
 * "still want to be matched?".
 */
import type { Queryable } from '../../src/db/database.js';
import { encodeDraw } from '../../src/matching/draws.js';

export const ROUND_1_AT = '2026-10-05T08:00:00.000Z';
export const ROUND_2_AT = '2026-11-02T09:00:00.000Z';
/** The start of the period `--since 2026-11-01` means (Europe/London is on GMT then). */
export const SINCE = new Date('2026-11-01T00:00:00.000Z');

interface P {
  id: number;
  email: string | null;
  organisation: string | null;
  status: string;
  changed: string;
  joined?: string;
  asked?: string;
}

const JOINED = '2026-10-01T10:00:00.000Z';
export const PEOPLE: P[] = [
  { id: 1, email: 'ann@leeds.gov.uk', organisation: 'Leeds City Council', status: 'active', changed: JOINED, joined: JOINED },
  { id: 2, email: 'bo@leeds.gov.uk', organisation: 'leeds city council', status: 'active', changed: JOINED, joined: JOINED },
  { id: 3, email: 'cy@nhs.net', organisation: 'NHS Digital', status: 'active', changed: JOINED, joined: JOINED },
  { id: 4, email: 'di@nhs.net', organisation: 'NHS Digital', status: 'paused', changed: ROUND_2_AT, joined: JOINED, asked: ROUND_2_AT },
  { id: 5, email: 'ed@hmrc.gov.uk', organisation: 'HMRC', status: 'active', changed: JOINED, joined: JOINED },
  // No organisation given: the address's domain stands in for it.
  { id: 6, email: 'fi@dft.gov.uk', organisation: null, status: 'active', changed: '2026-10-08T10:00:00.000Z', joined: JOINED, asked: ROUND_1_AT },
  { id: 7, email: 'gu@metoffice.gov.uk', organisation: 'The Met Office', status: 'stopped', changed: '2026-11-15T10:00:00.000Z', joined: JOINED },
  { id: 8, email: 'ha@hmrc.gov.uk', organisation: 'HMRC', status: 'bounced', changed: '2026-11-25T10:00:00.000Z', joined: '2026-11-05T10:00:00.000Z' },
  { id: 9, email: 'io@metoffice.gov.uk', organisation: 'Met Office', status: 'complained', changed: '2026-10-20T10:00:00.000Z', joined: JOINED },
  // A public provider's address and no organisation: no organisation is known.
  { id: 10, email: 'jo@gmail.com', organisation: null, status: 'awaiting_details', changed: '2026-11-03T10:00:00.000Z' },
  { id: 11, email: 'ka@ons.gov.uk', organisation: 'ONS', status: 'invited', changed: '2026-09-01T10:00:00.000Z' },
  { id: 12, email: 'li@ons.gov.uk', organisation: 'ONS', status: 'invited', changed: '2026-11-02T10:00:00.000Z' },
  { id: 13, email: null, organisation: null, status: 'erased', changed: '2026-11-10T10:00:00.000Z' },
  { id: 14, email: 'mo@cabinetoffice.gov.uk', organisation: 'Cabinet Office', status: 'active', changed: '2026-11-04T10:00:00.000Z', joined: '2026-11-04T10:00:00.000Z' },
];

/** Round 1: Leeds+NHS, HMRC+DfT, a trio of two Met Office people and Leeds, and the erased person with NHS. */
export const ROUND_1 = [[1, 3], [5, 6], [7, 9, 2], [13, 4]];
/** Round 2: Leeds+HMRC (new link), NHS+Leeds (old link), a trio Cabinet Office+DfT+HMRC (two new links). */
export const ROUND_2 = [[1, 5], [3, 2], [14, 6, 8]];

export async function insertPerson(db: Queryable, p: P): Promise<void> {
  await db.run(
    `INSERT INTO people (id, email, name, organisation, status, status_changed_at, created_at, updated_at, joined_at, asked_still_want_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [p.id, p.email, p.email ? `Person ${p.id}` : null, p.organisation, p.status, p.changed, '2026-09-01T10:00:00.000Z', p.changed, p.joined ?? null, p.asked ?? null],
  );
}

let outboxId = 1000;
async function outbox(db: Queryable, template: string, data: unknown, at: string): Promise<number> {
  const id = ++outboxId;
  await db.run(
    `INSERT INTO outbox (id, template, data, recipients, message_id, reply_token, status, next_attempt_at, created_at, sent_at)
     VALUES (?, ?, ?, '[]', ?, ?, 'sent', ?, ?, ?)`,
    [id, template, JSON.stringify(data), `<m${id}@test>`, `t${id}`, at, at, at],
  );
  return id;
}

/** A round as the round code stores it: its draw blob, and group k with id first_group_id + k. */
export async function insertRound(db: Queryable, id: number, at: string, groups: number[][], firstGroupId: number, followedUpAt: string | null) {
  await db.run(
    `INSERT INTO rounds (id, period, seed, trigger, created_at, eligible, groups_count, trios, unplaced_count, same_org, repeats, draw, first_group_id)
     VALUES (?, ?, 1, 'schedule', ?, ?, ?, ?, 0, 0, 0, ?, ?)`,
    [id, at, at, groups.flat().length, groups.length, groups.filter((g) => g.length === 3).length, encodeDraw(groups), firstGroupId],
  );
  for (const [k, g] of groups.entries()) {
    const intro = await outbox(db, 'introduction', { groupId: firstGroupId + k, members: g }, at);
    await db.run('INSERT INTO groups (id, round_id, first_mover_id, introduction_outbox_id, followed_up_at) VALUES (?, ?, ?, ?, ?)', [
      firstGroupId + k,
      id,
      g[0],
      intro,
      followedUpAt,
    ]);
  }
}

async function answer(db: Queryable, groupId: number, personId: number, met: boolean, outcome: string | null, at: string) {
  await db.run('INSERT INTO answers (group_id, person_id, met, outcome, answered_at) VALUES (?, ?, ?, ?, ?)', [groupId, personId, met ? 1 : 0, outcome, at]);
}

export async function buildHistory(db: Queryable): Promise<void> {
  for (const p of PEOPLE) await insertPerson(db, p);
  // Round 1: groups 1–4, all followed up. Round 2: groups 5–7; 5 and 6 followed up, the trio not yet.
  await insertRound(db, 1, ROUND_1_AT, ROUND_1, 1, '2026-10-19T10:00:00.000Z');
  await insertRound(db, 2, ROUND_2_AT, ROUND_2, 5, null);
  await db.run("UPDATE groups SET followed_up_at = '2026-11-16T10:00:00.000Z' WHERE id IN (5, 6)");
  // "Did you meet?" mails: one a member. The erased person's keeps no data, so it names no group.
  for (const [groupId, members] of [[1, [1, 3]], [2, [5, 6]], [3, [7, 9, 2]], [4, [4]], [5, [1, 5]], [6, [3, 2]]] as const) {
    for (const m of members) await outbox(db, 'follow-up', { name: `Person ${m}`, partners: [], introducedOn: '2026-10-05', groupId }, '2026-10-19T10:00:00.000Z');
  }
  await outbox(db, 'follow-up', {}, '2026-10-19T10:00:00.000Z');
  await answer(db, 1, 1, true, 'We are sharing our open data playbook', '2026-10-21T10:00:00.000Z');
  await answer(db, 1, 3, true, 'Great chat about procurement', '2026-10-22T10:00:00.000Z');
  await answer(db, 2, 5, false, 'Diaries never lined up', '2026-10-23T10:00:00.000Z');
  await answer(db, 3, 2, true, null, '2026-10-24T10:00:00.000Z');
  await answer(db, 5, 1, false, null, '2026-11-17T10:00:00.000Z');
  await answer(db, 5, 5, true, 'Swapped notes; write to me at ed@hmrc.gov.uk', '2026-11-18T10:00:00.000Z');
  await answer(db, 6, 3, false, 'Rescheduled to next month', '2026-11-19T10:00:00.000Z');
}
