import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { runRound } from '../../src/matching/round.js';
import { forEachGroup, loadDraws } from '../../src/matching/draws.js';
import { recordMeeting, sendFollowUps, sendReminders } from '../../src/matching/after-round.js';
import { Database } from '../../src/db/database.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { OutboxSender } from '../../src/mail/sender.js';
import type { Config } from '../../src/config.js';

process.env.TZ = 'Europe/London';

let t: TestDatabase;
let config: Config;
let sg: FakeSendGrid;
const logger = captureLogger().logger;
let n = 0;
// MATCH_SCHEDULE default: 09:00 on the first Monday of each month. 2026-11-02 was one.
const NOV = new Date('2026-11-10T12:00:00Z');
const DEC = new Date('2026-12-10T12:00:00Z');
const JAN = new Date('2027-01-10T12:00:00Z');
const FEB = new Date('2027-02-10T12:00:00Z');

beforeEach(async () => {
  n = 0;
  t = await createTestDatabase();
  sg = await startFakeSendGrid();
  config = testConfig(t.dir, { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url });
});
afterEach(async () => {
  await sg.close();
  await t.cleanup();
});

async function participant(org: string, over: Record<string, unknown> = {}): Promise<number> {
  const at = '2026-10-01T00:00:00.000Z';
  const i = ++n;
  const row = await t.db.get<{ id: number }>(
    `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
     VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?) RETURNING id`,
    [`p${i}@${org.replace(/\W+/g, '').toLowerCase()}.gov.uk`, `Person ${i}`, org, `+4477009${String(i).padStart(5, '0')}`, at, at, at, at, at],
  );
  const id = row!.id;
  for (const [k, v] of Object.entries(over)) await t.db.run(`UPDATE people SET ${k} = ? WHERE id = ?`, [v, id]);
  return id;
}

const round = (now: Date, opts: Partial<Parameters<typeof runRound>[1]> = {}) =>
  runRound({ db: t.db, config, logger, now: () => now }, { trigger: 'manual', ...opts });

/** The round's groups as stored: its draw, with each member's organisation. */
async function groupsOf(roundId: number) {
  const draw = (await loadDraws(t.db)).find((d) => d.roundId === roundId)!;
  const orgs = new Map((await t.db.all<{ id: number; organisation: string }>('SELECT id, organisation FROM people')).map((p) => [p.id, p.organisation]));
  const groups: Array<Array<{ person_id: number; organisation: string }>> = [];
  forEachGroup(draw.draw, (members) => groups.push([...members].map((id) => ({ person_id: id, organisation: orgs.get(id)! }))));
  return groups;
}

const sender = () => new OutboxSender({ db: t.db, mailer: createSendGridMailer({ apiKey: sg.apiKey, apiUrl: sg.url }), config, logger });

describe('a round', () => {
  it('when participants from several organisations are active, then everyone is in exactly one cross-organisation group and each group gets one introduction', async () => {
    for (let i = 0; i < 7; i++) await participant(['Leeds City Council', 'NHS Digital', 'HMRC'][i % 3]!);
    const s = await round(NOV);
    expect(s.status).toBe('done');
    expect(s.eligible).toBe(7);
    expect(s.trios).toBe(1);
    expect(s.sameOrg).toBe(0);
    const groups = await groupsOf(s.roundId!);
    expect(groups.map((g) => g.length).sort()).toEqual([2, 2, 3]);
    expect(new Set(groups.flat().map((m) => m.person_id)).size).toBe(7);
    for (const g of groups) expect(new Set(g.map((m) => m.organisation)).size).toBe(g.length);
    const stored = await t.db.get<{ seed: number; period: string }>('SELECT seed, period FROM rounds WHERE id = ?', [s.roundId]);
    expect(stored).toEqual({ seed: s.seed, period: '2026-11-02T09:00:00.000Z' });
    expect((await t.db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE template = 'introduction'"))!.n).toBe(3);
  });

  it('when the introductions are delivered, then each group gets one mail with everyone in To, Reply-To to the group, and their details', async () => {
    const a = await participant('Leeds City Council');
    await participant('NHS Digital');
    await t.db.run("UPDATE people SET skype_id = 'live:person.one', topics = 'housing data' WHERE id = ?", [a]);
    await round(NOV);
    await sender().drain();
    const [mail] = sg.mails();
    expect(sg.mails()).toHaveLength(1);
    expect(mail.personalizations[0].to.map((x: { email: string }) => x.email).sort()).toEqual(['p1@leedscitycouncil.gov.uk', 'p2@nhsdigital.gov.uk']);
    expect(mail.reply_to_list.map((x: { email: string }) => x.email).sort()).toEqual(['p1@leedscitycouncil.gov.uk', 'p2@nhsdigital.gov.uk']);
    const text = mail.content[0].value as string;
    for (const s of ['Person 1', 'Person 2', 'Leeds City Council', 'NHS Digital', '+447700900001', '+447700900002', 'live:person.one', 'housing data']) expect(text).toContain(s);
    expect(text).toMatch(/no selling/i);
  });

  it('when a round runs again in the same period, then nobody is matched or introduced twice', async () => {
    for (let i = 0; i < 4; i++) await participant(i % 2 ? 'A' : 'B');
    const first = await round(NOV);
    const again = await round(new Date(NOV.getTime() + 3600_000));
    expect(again.status).toBe('already-ran');
    expect(again.roundId).toBe(first.roundId);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM rounds'))!.n).toBe(1);
    expect((await t.db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE template = 'introduction'"))!.n).toBe(2);
  });

  it('when two processes start the same round at once, then only one round is stored', async () => {
    for (let i = 0; i < 6; i++) await participant(i % 2 ? 'A' : 'B');
    const other = await Database.open(t.path, { busyTimeoutMs: 10_000 });
    const [x, y] = await Promise.all([
      round(NOV),
      runRound({ db: other, config, logger, now: () => NOV }, { trigger: 'schedule' }),
    ]);
    await other.close();
    expect([x.status, y.status].sort()).toEqual(['already-ran', 'done']);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM rounds'))!.n).toBe(1);
    expect((await groupsOf(x.roundId ?? y.roundId!)).flat()).toHaveLength(6);
  });

  it('when it is a dry run, then the draw is shown and nothing is stored; the same seed gives the same draw', async () => {
    for (let i = 0; i < 10; i++) await participant(`Org ${i % 4}`);
    const a = await round(NOV, { dryRun: true, seed: 42 });
    const b = await round(NOV, { dryRun: true, seed: 42 });
    const c = await round(NOV, { dryRun: true, seed: 43 });
    expect(a.status).toBe('dry-run');
    expect(a.draw.map((g) => g.members.map((m) => m.id))).toEqual(b.draw.map((g) => g.members.map((m) => m.id)));
    expect(a.draw.map((g) => g.members.map((m) => m.id))).not.toEqual(c.draw.map((g) => g.members.map((m) => m.id)));
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM rounds'))!.n).toBe(0);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM outbox'))!.n).toBe(0);
  });

  it('when people are paused, stopped, skipping or suppressed, then they are left out; SKIP lasts one round; a pause with a past date ends', async () => {
    const ids = [await participant('A'), await participant('B'), await participant('C'), await participant('D')];
    const paused = await participant('E', { status: 'paused' });
    const stopped = await participant('F', { status: 'stopped' });
    const skipping = await participant('G', { skip_next_round: 1 });
    const resumes = await participant('H', { status: 'paused', paused_until: '2026-11-05' });
    const suppressed = await participant('I');
    await t.db.run("INSERT INTO suppressions VALUES ((SELECT email FROM people WHERE id = ?), 'bounce', 'x')", [suppressed]);
    const s = await round(NOV);
    const placed = (await groupsOf(s.roundId!)).flat().map((m) => m.person_id);
    expect(placed.sort()).toEqual([...ids, resumes].sort());
    for (const out of [paused, stopped, skipping, suppressed]) expect(placed).not.toContain(out);
    expect((await t.db.get<{ status: string }>('SELECT status FROM people WHERE id = ?', [resumes]))!.status).toBe('active');
    expect((await t.db.get<{ skip_next_round: number }>('SELECT skip_next_round FROM people WHERE id = ?', [skipping]))!.skip_next_round).toBe(0);
  });

  // 2026-11-04T12:00Z is still 4 November in London and already 5 November in Auckland; the process itself
  // runs in London (above), so only the scheme's TZ can tell them apart.
  it.each([
    ['Europe/London', 'paused'],
    ['Pacific/Auckland', 'active'],
  ])('when a pause runs until 5 November and TZ is %s, then at 12:00 UTC on the 4th the person is %s', async (zone, status) => {
    config = testConfig(t.dir, { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url, TZ: zone });
    await participant('A');
    await participant('B');
    const pausedTill = await participant('C', { status: 'paused', paused_until: '2026-11-05' });
    await round(new Date('2026-11-04T12:00:00Z'));
    expect((await t.db.get<{ status: string }>('SELECT status FROM people WHERE id = ?', [pausedTill]))!.status).toBe(status);
  });

  it('when someone asked to be matched monthly was matched less than a month ago, then they wait', async () => {
    await participant('A');
    await participant('B');
    const monthly = await participant('C', { cadence: 'quarterly' });
    await participant('D');
    await round(NOV);
    const dec = await round(DEC);
    const placed = (await groupsOf(dec.roundId!)).flat().map((m) => m.person_id);
    expect(placed).not.toContain(monthly);
  });

  it('when everyone else is from their organisation, then the one left over is told and goes first next round', async () => {
    const lone: number[] = [];
    for (let i = 0; i < 3; i++) lone.push(await participant('Big Org'));
    await participant('Small Org');
    const s = await round(NOV);
    expect(s.unplaced).toBe(2);
    const told = await t.db.all<{ person_id: number }>("SELECT person_id FROM outbox WHERE template = 'unplaced'");
    expect(told).toHaveLength(2);
    expect((await t.db.all<{ person_id: number }>('SELECT person_id FROM round_unplaced WHERE round_id = ?', [s.roundId])).map((r) => r.person_id).sort()).toEqual(told.map((r) => r.person_id).sort());
  });

  it('when pairs exist from earlier rounds, then nobody is paired with the same person again while others are available', async () => {
    for (let i = 0; i < 8; i++) await participant(`Org ${i}`);
    const seen = new Set<string>();
    for (const [k, when] of [NOV, DEC, JAN, FEB].entries()) {
      const s = await round(when);
      expect(s.repeats, `round ${k}`).toBe(0);
      for (const g of await groupsOf(s.roundId!)) {
        const key = g.map((m) => m.person_id).sort().join('-');
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    }
  });

  it('when someone has not replied for 3 rounds in a row, then they are asked whether they still want to be matched and paused', async () => {
    for (let i = 0; i < 4; i++) await participant(`Org ${i}`);
    await round(NOV);
    await round(DEC);
    await round(JAN);
    const feb = await round(FEB);
    expect(feb.stillWantAsked).toBe(4);
    expect(feb.eligible).toBe(0);
    expect((await t.db.all<{ status: string }>('SELECT DISTINCT status FROM people')).map((r) => r.status)).toEqual(['paused']);
    expect((await t.db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE template = 'still-want'"))!.n).toBe(4);
  });
});

describe('after a round', () => {
  it('when FOLLOWUP_AFTER_DAYS have passed since an introduction was sent, then each member is asked once whether they met', async () => {
    await participant('A');
    await participant('B');
    await round(NOV);
    await sender().drain();
    const sentDaysAgo = (days: number) =>
      t.db.run("UPDATE outbox SET sent_at = ? WHERE template = 'introduction'", [new Date(Date.now() - days * 86_400_000).toISOString()]);
    await sentDaysAgo(13);
    expect(await sendFollowUps(t.db, config, new Date())).toBe(0);
    await sentDaysAgo(15);
    expect(await sendFollowUps(t.db, config, new Date())).toBe(2);
    expect(await sendFollowUps(t.db, config, new Date())).toBe(0);
    await sender().drain();
    const followUps = sg.mails().filter((m) => m.categories?.includes('follow-up'));
    expect(followUps).toHaveLength(2);
    expect(followUps[0].content[0].value).toMatch(/Person [12]/);
  });

  it('when a MET answer arrives, then it is stored against the group it was about, with the line they wrote', async () => {
    const a = await participant('A');
    await participant('B');
    const s = await round(NOV);
    expect(await recordMeeting(t.db, a, { met: true, line: 'We are sharing our data dashboards.', groupId: null }, new Date())).toBe(true);
    const row = await t.db.get<{ met: number; outcome: string; round_id: number }>(
      'SELECT a.met, a.outcome, g.round_id FROM answers a JOIN groups g ON g.id = a.group_id WHERE a.person_id = ?',
      [a],
    );
    expect(row).toEqual({ met: 1, outcome: 'We are sharing our data dashboards.', round_id: s.roundId });
  });

  it('when the next round is a day away, then due participants get one reminder, except those who asked for quiet', async () => {
    await participant('A');
    const quiet = await participant('B', { reminders: 0 });
    await participant('C');
    const dayBefore = new Date('2026-12-06T10:00:00Z'); // the round is 2026-12-07 09:00
    expect(await sendReminders(t.db, config, new Date('2026-12-04T10:00:00Z'))).toBe(0);
    expect(await sendReminders(t.db, config, dayBefore)).toBe(2);
    expect(await sendReminders(t.db, config, new Date(dayBefore.getTime() + 3600_000))).toBe(0);
    const to = await t.db.all<{ person_id: number }>("SELECT person_id FROM outbox WHERE template = 'reminder'");
    expect(to.map((r) => r.person_id)).not.toContain(quiet);
  });
});
