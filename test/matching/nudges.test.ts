/**
 * The nudge ("Have you found a time?"), NUDGE_AFTER_DAYS after an introduction: a real SQLite file with the
 * real migrations, a real round, the real outbox and sender against the fake SendGrid. Clocks are injected:
 * the introductions are sent at a known time and the nudges run at known times after it; nothing sleeps.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { runRound } from '../../src/matching/round.js';
import { recordMeeting, sendFollowUps, sendNudges } from '../../src/matching/after-round.js';
import { recordGroupReply } from '../../src/db/group-replies.js';
import { suppress } from '../../src/db/suppressions.js';
import { pendingInbound, storeInbound } from '../../src/db/inbound.js';
import { processInboundMessage } from '../../src/inbound/process.js';
import type { InboundEmail } from '../../src/inbound/email.js';
import { Database } from '../../src/db/database.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { OutboxSender } from '../../src/mail/sender.js';
import type { Config } from '../../src/config.js';

process.env.TZ = 'Europe/London';

const DAY = 86_400_000;
// MATCH_SCHEDULE default: 09:00 on the first Monday of each month. 2026-11-02 was one.
const ROUND = new Date('2026-11-02T09:00:00Z');
const SENT = new Date('2026-11-02T09:05:00Z');
const after = (days: number) => new Date(SENT.getTime() + days * DAY);

let t: TestDatabase;
let config: Config;
let sg: FakeSendGrid;
let clock: Date;
const opened: Database[] = [];
const logger = captureLogger().logger;
let n = 0;

beforeEach(async () => {
  n = 0;
  clock = ROUND;
  t = await createTestDatabase();
  sg = await startFakeSendGrid();
  config = testConfig(t.dir, { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url });
});
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close().catch(() => undefined);
  await sg.close();
  await t.cleanup();
});

async function participant(org: string): Promise<number> {
  const at = '2026-10-01T00:00:00.000Z';
  const i = ++n;
  const row = await t.db.get<{ id: number }>(
    `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
     VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?) RETURNING id`,
    [`p${i}@org${i}.gov.uk`, `Person ${i}`, org, `+4477009${String(i).padStart(5, '0')}`, at, at, at, at, at],
  );
  return row!.id;
}

const sender = () =>
  new OutboxSender({ db: t.db, mailer: createSendGridMailer({ apiKey: sg.apiKey, apiUrl: sg.url }), config, logger, now: () => clock });

/** `count` people of different organisations, a round at ROUND, its introductions sent at SENT; its groups' members. */
async function introduced(count: number): Promise<Array<{ groupId: number; members: number[] }>> {
  for (let i = 0; i < count; i++) await participant(`Organisation ${i}`);
  const s = await runRound({ db: t.db, config, logger, now: () => ROUND }, { trigger: 'manual' });
  expect(s.status).toBe('done');
  clock = SENT;
  await sender().drain();
  await t.db.run("UPDATE outbox SET sent_at = ? WHERE template = 'introduction'", [SENT.toISOString()]);
  sg.reset();
  return groups();
}

async function groups(): Promise<Array<{ groupId: number; members: number[] }>> {
  const rows = await t.db.all<{ id: number; data: string }>(
    'SELECT g.id, o.data FROM groups g JOIN outbox o ON o.id = g.introduction_outbox_id ORDER BY g.id',
  );
  return rows.map((r) => ({ groupId: r.id, members: (JSON.parse(r.data) as { members: number[] }).members }));
}

/** Sends what is queued at `at`, and returns the nudges the fake SendGrid received: to whom, and their text. */
async function nudgesSent(at: Date): Promise<Array<{ to: string; subject: string; text: string }>> {
  clock = at;
  await sender().drain();
  return sg
    .mails()
    .filter((m) => m.categories?.includes('nudge'))
    .map((m) => ({ to: m.personalizations[0].to[0].email as string, subject: m.subject as string, text: m.content[0].value as string }));
}

const emailOf = (id: number) => `p${id}@org${id}.gov.uk`;
const nudgeRows = () => t.db.all<{ person_id: number; data: string }>("SELECT person_id, data FROM outbox WHERE template = 'nudge' ORDER BY person_id");

describe('the nudge', () => {
  it('when an introduction is a day short of NUDGE_AFTER_DAYS old, then nobody is nudged', async () => {
    await introduced(2);
    expect(config.nudgeAfterDays).toBe(5);
    expect(await sendNudges(t.db, config, after(4))).toBe(0);
    expect(await sendNudges(t.db, config, new Date(after(5).getTime() - 60_000))).toBe(0);
    expect(await nudgeRows()).toEqual([]);
    expect((await t.db.get<{ nudged_at: string | null }>('SELECT nudged_at FROM groups'))!.nudged_at).toBeNull();
  });

  it('when it is NUDGE_AFTER_DAYS old, then each member gets exactly one nudge of their own, naming their partner and its group', async () => {
    const [g] = await introduced(2);
    const [a, b] = g!.members;
    expect(await sendNudges(t.db, config, after(5))).toBe(2);
    const sent = await nudgesSent(after(5));
    expect(sent.map((m) => m.to).sort()).toEqual([emailOf(a!), emailOf(b!)].sort());
    for (const mail of sent) {
      const partner = mail.to === emailOf(a!) ? `Person ${b}` : `Person ${a}`;
      expect(mail.subject).toBe(`Have you found a time with ${partner}?`);
      expect(mail.text).toContain(`On Monday 2 November 2026 we introduced you to ${partner}.`);
      // Nudged on Saturday 7 November: the example is the first Tuesday two days on or more.
      expect(mail.text).toContain('"BOOKED Tuesday 10 November 2pm"');
      expect(mail.text).toContain('NOT YET');
      expect(mail.text).toContain("CAN'T MAKE IT");
    }
    for (const r of await nudgeRows()) expect(JSON.parse(r.data).groupId).toBe(g!.groupId);
    expect((await t.db.get<{ nudged_at: string }>('SELECT nudged_at FROM groups WHERE id = ?', [g!.groupId]))!.nudged_at).toBe(after(5).toISOString());
  });

  it('when the nudges run again, the next day or the same minute, then nobody is nudged a second time', async () => {
    await introduced(2);
    expect(await sendNudges(t.db, config, after(5))).toBe(2);
    expect(await sendNudges(t.db, config, after(5))).toBe(0);
    expect(await sendNudges(t.db, config, after(6))).toBe(0);
    expect(await nudgesSent(after(6))).toHaveLength(2);
  });

  it('when a group answered MET, or a member said BOOKED, then that group is not nudged and a group that said nothing is', async () => {
    const [met, booked, quiet] = await introduced(6);
    await recordMeeting(t.db, met!.members[0]!, { met: true, line: '', groupId: met!.groupId }, after(2));
    await recordGroupReply(t.db, { groupId: booked!.groupId, personId: booked!.members[1]!, kind: 'booked' }, after(3));
    expect(await sendNudges(t.db, config, after(5))).toBe(2);
    expect((await nudgesSent(after(5))).map((m) => m.to).sort()).toEqual(quiet!.members.map(emailOf).sort());
    const marked = await t.db.all<{ id: number; nudged_at: string | null }>('SELECT id, nudged_at FROM groups ORDER BY id');
    expect(marked.filter((r) => r.nudged_at !== null).map((r) => r.id)).toEqual([quiet!.groupId]);
  });

  it('when a group has a NOT MET answer, or a NOT YET or CAN\'T MAKE IT, then it is not nudged either', async () => {
    const [notMet, notYet, cant] = await introduced(6);
    await recordMeeting(t.db, notMet!.members[1]!, { met: false, line: 'on leave', groupId: notMet!.groupId }, after(1));
    await recordGroupReply(t.db, { groupId: notYet!.groupId, personId: notYet!.members[0]!, kind: 'not_yet' }, after(1));
    await recordGroupReply(t.db, { groupId: cant!.groupId, personId: cant!.members[0]!, kind: 'cant_make_it' }, after(1));
    expect(await sendNudges(t.db, config, after(5))).toBe(0);
    expect(await nudgeRows()).toEqual([]);
  });

  it('when a member stopped, bounced or had their address suppressed, then they get nothing and their partner is still nudged; when one was erased, then their pair is not nudged at all', async () => {
    const [stoppedGroup, bouncedGroup, erasedGroup, suppressedGroup] = await introduced(8);
    const gone = [stoppedGroup, bouncedGroup, erasedGroup, suppressedGroup].map((g) => g!.members[0]!);
    const partners = [stoppedGroup, bouncedGroup, erasedGroup, suppressedGroup].map((g) => g!.members[1]!);
    await t.db.run("UPDATE people SET status = 'stopped' WHERE id = ?", [gone[0]]);
    await t.db.run("UPDATE people SET status = 'bounced' WHERE id = ?", [gone[1]]);
    await t.db.run("UPDATE people SET status = 'erased', email = NULL, name = NULL WHERE id = ?", [gone[2]]);
    await suppress(t.db, emailOf(gone[3]!), 'spamreport', after(1));

    expect(await sendNudges(t.db, config, after(5))).toBe(3);
    const rows = await nudgeRows();
    const asked = [partners[0]!, partners[1]!, partners[3]!];
    expect(rows.map((r) => r.person_id).sort((x, y) => x - y)).toEqual([...asked].sort((x, y) => x - y));
    // The partner of the one who stopped is asked about them by name; nobody is asked about an erased match.
    const partnersNamed = new Map(rows.map((r) => [r.person_id, JSON.parse(r.data).partners as string[]]));
    expect(partnersNamed.get(partners[0]!)).toEqual([`Person ${gone[0]}`]);
    expect((await nudgesSent(after(5))).map((m) => m.to).sort()).toEqual(asked.map(emailOf).sort());
  });

  it('when a member is paused, then they are nudged like the others, as they are asked "did you meet?"', async () => {
    const [g] = await introduced(2);
    await t.db.run("UPDATE people SET status = 'paused' WHERE id = ?", [g!.members[0]]);
    expect(await sendNudges(t.db, config, after(5))).toBe(2);
  });

  it('when the nudges went, then "did you meet?" still goes FOLLOWUP_AFTER_DAYS after the introduction, once to each member', async () => {
    await introduced(2);
    expect(await sendNudges(t.db, config, after(5))).toBe(2);
    expect(await sendFollowUps(t.db, config, after(13))).toBe(0);
    expect(await sendFollowUps(t.db, config, after(14))).toBe(2);
    clock = after(14);
    await sender().drain();
    expect(sg.mails().filter((m) => m.categories?.includes('follow-up'))).toHaveLength(2);
    expect(sg.mails().filter((m) => m.categories?.includes('nudge'))).toHaveLength(2);
  });

  it('when the nudges did not run until "did you meet?" was due or had gone, then that group is not nudged', async () => {
    await introduced(4);
    expect(await sendNudges(t.db, config, after(14))).toBe(0);
    await t.db.run('UPDATE groups SET followed_up_at = ? WHERE id = (SELECT min(id) FROM groups)', [after(13).toISOString()]);
    expect(await sendNudges(t.db, config, after(13))).toBe(2);
    expect(await nudgeRows()).toHaveLength(2);
  });

  it('when an introduction has not been sent yet, then its group is not nudged, however old the round', async () => {
    for (let i = 0; i < 2; i++) await participant(`Organisation ${i}`);
    await runRound({ db: t.db, config, logger, now: () => ROUND }, { trigger: 'manual' });
    expect(await sendNudges(t.db, config, after(10))).toBe(0);
  });

  it('when two workers on two connections nudge at the same moment, then each member is nudged once', async () => {
    const made = await introduced(6);
    const a = await Database.open(t.path);
    const b = await Database.open(t.path);
    opened.push(a, b);
    const counts = await Promise.all([sendNudges(a, config, after(5)), sendNudges(b, config, after(5)), sendNudges(a, config, after(5))]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(6);
    expect(counts.filter((c) => c > 0)).toHaveLength(1);
    const rows = await nudgeRows();
    expect(rows.map((r) => r.person_id).sort((x, y) => x - y)).toEqual(made.flatMap((g) => g.members).sort((x, y) => x - y));
  });

  it('when a member replies MET to the nudge after a later round, then it is stored against the group the nudge was about', async () => {
    const [nov] = await introduced(2);
    expect(await sendNudges(t.db, config, after(5))).toBe(2);
    const dec = await runRound({ db: t.db, config, logger, now: () => new Date('2026-12-07T09:00:00Z') }, { trigger: 'manual' });
    expect(dec.groups).toBe(1);
    const person = nov!.members[0]!;
    const nudge = (await t.db.get<{ reply_token: string }>("SELECT reply_token FROM outbox WHERE template = 'nudge' AND person_id = ?", [person]))!;
    const replyTo = `reply+${nudge.reply_token}@${config.replyDomain}`;
    const at = new Date('2026-12-08T10:00:00Z');
    const msg: InboundEmail = {
      mode: 'parsed', messageId: '<met@mail.example>', inReplyTo: null, references: [], from: { email: emailOf(person), name: null }, to: [{ email: replyTo, name: null }],
      envelope: { from: emailOf(person), to: [replyTo] }, subject: `Re: Have you found a time with Person ${nov!.members[1]}?`, text: 'MET', html: null, headers: {},
      contentType: 'text/plain', spf: null, dkim: null, attachments: 0, calendar: null,
    };
    await storeInbound(t.db, { dedupeKey: 'met', contentType: null, raw: Buffer.from('MET'), parsed: JSON.stringify(msg), status: 'pending', reason: null }, at);
    const [row] = await pendingInbound(t.db, 1);
    await processInboundMessage({ db: t.db, config, logger, now: () => at }, row!);
    const answers = await t.db.all<{ group_id: number; met: number }>('SELECT group_id, met FROM answers WHERE person_id = ?', [person]);
    expect(answers).toEqual([{ group_id: nov!.groupId, met: 1 }]);
  });
});
