import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { upsertInvitee } from '../../src/db/people.js';
import { groupHasAnswered, recordGroupReply } from '../../src/db/group-replies.js';

let t: TestDatabase;
const NOW = new Date('2026-11-09T10:00:00Z');
const LATER = new Date('2026-11-10T15:30:00Z');

beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.cleanup();
});

async function group(id: number): Promise<number> {
  await t.db.run('INSERT INTO groups (id, round_id, first_mover_id, introduction_outbox_id) VALUES (?, 1, 1, ?)', [id, id]);
  return id;
}

const person = (email: string) => upsertInvitee(t.db, { email, name: email, organisation: null }, NOW);
const replies = () => t.db.all<{ group_id: number; person_id: number; kind: string; said_at: string }>('SELECT * FROM group_replies ORDER BY group_id, person_id, kind');

describe('group replies', () => {
  it('when nobody in a group has said anything, then it has not answered', async () => {
    const g = await group(1);
    expect(await groupHasAnswered(t.db, g)).toBe(false);
  });

  it('when a member says NOT YET, then their group has answered and another group has not', async () => {
    const g = await group(1);
    const other = await group(2);
    const ann = await person('ann@a.example');
    await recordGroupReply(t.db, { groupId: g, personId: ann, kind: 'not_yet' }, NOW);
    expect(await groupHasAnswered(t.db, g)).toBe(true);
    expect(await groupHasAnswered(t.db, other)).toBe(false);
  });

  it('when a member answered MET or NOT MET, then their group has answered', async () => {
    const g = await group(1);
    const ann = await person('ann@a.example');
    await t.db.run('INSERT INTO answers (group_id, person_id, met, outcome, answered_at) VALUES (?, ?, 0, NULL, ?)', [g, ann, NOW.toISOString()]);
    expect(await groupHasAnswered(t.db, g)).toBe(true);
  });

  it('when the same word is said twice, then there is one row, with the later time, and another word is a row of its own', async () => {
    const g = await group(1);
    const ann = await person('ann@a.example');
    await recordGroupReply(t.db, { groupId: g, personId: ann, kind: 'booked' }, NOW);
    await recordGroupReply(t.db, { groupId: g, personId: ann, kind: 'booked' }, LATER);
    await recordGroupReply(t.db, { groupId: g, personId: ann, kind: 'cant_make_it' }, LATER);
    expect(await replies()).toEqual([
      { group_id: g, person_id: ann, kind: 'booked', said_at: LATER.toISOString() },
      { group_id: g, person_id: ann, kind: 'cant_make_it', said_at: LATER.toISOString() },
    ]);
  });

  it('when a word is not one of the three, or the group or person does not exist, then SQLite refuses it', async () => {
    const g = await group(1);
    const ann = await person('ann@a.example');
    await expect(recordGroupReply(t.db, { groupId: g, personId: ann, kind: 'maybe' as never }, NOW)).rejects.toThrow(/CHECK/);
    await expect(recordGroupReply(t.db, { groupId: 99, personId: ann, kind: 'booked' }, NOW)).rejects.toThrow(/FOREIGN KEY/);
    await expect(recordGroupReply(t.db, { groupId: g, personId: 999, kind: 'booked' }, NOW)).rejects.toThrow(/FOREIGN KEY/);
  });

  it('when a person is erased, then what they said about their groups goes and what others said stays', async () => {
    const g = await group(1);
    const ann = await person('ann@a.example');
    const sam = await person('sam@s.example');
    await recordGroupReply(t.db, { groupId: g, personId: ann, kind: 'booked' }, NOW);
    await recordGroupReply(t.db, { groupId: g, personId: sam, kind: 'not_yet' }, NOW);
    await t.db.run("UPDATE people SET status = 'erased', email = NULL, name = NULL WHERE id = ?", [ann]);
    expect((await replies()).map((r) => [r.person_id, r.kind])).toEqual([[sam, 'not_yet']]);
  });
});
