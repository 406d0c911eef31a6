/**
 * Rainchecks through the real webhook, processor, outbox and fake SendGrid: a round of ten from five
 * organisations, a round before it, nudges, and CAN'T MAKE IT replies to them. Who met whom and who works
 * where are worked out here from the rounds' introductions and the people this test made, not by the code
 * under test. Clocks are injected; nothing sleeps.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { FLOW_AUTH, startReplyFlow, textOf, type ReplyFlow } from '../helpers/reply-flow.js';
import { buildParsedPayload } from '../helpers/inbound-payload.js';
import { Database } from '../../src/db/database.js';
import { pendingInbound } from '../../src/db/inbound.js';
import { processInboundMessage } from '../../src/inbound/process.js';
import { runRound } from '../../src/matching/round.js';
import { sendFollowUps, sendNudges } from '../../src/matching/after-round.js';
import { captureLogger } from '../helpers/logs.js';

// MATCH_SCHEDULE's default: 09:00 on the first Monday of the month, in London.
const ROUND_1 = new Date('2026-10-05T08:00:00Z');
const ROUND_2 = new Date('2026-11-02T09:00:00Z');
// A week after round 2: nudges have gone, the replies come.
const NOW = new Date('2026-11-09T10:00:00Z');
const DAY = 86_400_000;

interface SentMail {
  personalizations: Array<{ to: Array<{ email: string }> }>;
  subject?: string;
  reply_to: { email: string };
  headers: Record<string, string>;
  content: Array<{ type: string; value: string }>;
}

const ORGS = ['Leeds City Council', 'DWP', 'NHS England', 'HMRC', 'Cardiff Council'];
let flow: ReplyFlow;
let clock = NOW;
afterEach(async () => {
  await flow?.close();
  clock = NOW;
});

interface Someone {
  id: number;
  email: string;
  name: string;
  org: string;
}

const to = (m: SentMail) => m.personalizations[0]!.to[0]!.email;

/** Ten people, two in each of five organisations, with a round in October and one in November; nudged. */
async function roundOfTen(extra: Array<[string, string, string]> = []) {
  flow = await startReplyFlow({ TZ: 'Europe/London' }, { now: () => clock });
  const { h } = flow;
  const at = '2026-09-01T00:00:00.000Z';
  const people: Someone[] = [];
  const rows: Array<[string, string, string]> = [];
  for (let i = 0; i < 10; i++) rows.push([`person${i}@org${i % 5}.gov.uk`, `Person ${'ABCDEFGHIJ'[i]} Example`, ORGS[i % 5]!]);
  rows.push(...extra);
  for (const [email, name, org] of rows) {
    const r = await h.t.db.get<{ id: number }>(
      `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
       VALUES (?, ?, ?, '+447700900123', 'active', ?, ?, ?, ?, ?) RETURNING id`,
      [email, name, org, at, at, at, at, at],
    );
    people.push({ id: r!.id, email, name, org });
  }
  const logger = captureLogger().logger;
  for (const when of [ROUND_1, ROUND_2]) {
    const s = await runRound({ db: h.t.db, config: h.config, logger, now: () => when }, { trigger: 'manual' });
    expect(s.status).toBe('done');
    expect(s.unplaced).toBe(0);
    clock = new Date(when.getTime() + 300_000);
    await h.sender.drain();
  }
  // Who was grouped with whom, round by round, from the introductions the rounds stored.
  const groupsOf = async (roundIndex: number) => {
    const rows = await h.t.db.all<{ data: string }>(
      `SELECT o.data FROM groups g JOIN outbox o ON o.id = g.introduction_outbox_id
       WHERE g.round_id = (SELECT id FROM rounds ORDER BY id LIMIT 1 OFFSET ?) ORDER BY g.id`,
      [roundIndex],
    );
    return rows.map((r) => (JSON.parse(r.data) as { members: number[] }).members.map((id) => people.find((p) => p.id === id)!));
  };
  // October's groups were asked "did you meet?" in October.
  await h.t.db.run('UPDATE groups SET followed_up_at = ? WHERE round_id = (SELECT min(id) FROM rounds)', ['2026-10-19T09:00:00.000Z']);
  const october = await groupsOf(0);
  const november = await groupsOf(1);
  const met = new Set(october.flatMap((g) => g.flatMap((a) => g.filter((b) => b !== a).map((b) => `${a.id}-${b.id}`))));
  clock = NOW;
  expect(await sendNudges(h.t.db, h.config, NOW)).toBe(rows.length);
  h.sg.reset();
  await h.sender.drain();
  const nudges = new Map((h.sg.mails() as SentMail[]).map((m) => [to(m), m]));
  h.sg.reset();
  return { people, october, november, met, nudges };
}

async function cantMakeIt(who: Someone, nudges: Map<string, SentMail>, text = "Sorry, I can't make it this month: I'm on leave") {
  const nudge = nudges.get(who.email)!;
  const { mails } = await flow.replyWith({ from: who.email, to: nudge.reply_to.email, inReplyTo: nudge.headers['Message-ID'], subject: `Re: ${nudge.subject ?? 'Have you found a time?'}`, text });
  return mails as SentMail[];
}

const introductionsIn = (mails: SentMail[]) => mails.filter((m) => (m.subject ?? '').startsWith('Meet '));

describe("CAN'T MAKE IT: the one left alone is re-paired in the round", () => {
  it('when two pairs each lose one member, then the two left are introduced to each other: other organisations, never met before', async () => {
    const { november, met, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    const first = await cantMakeIt(x1!, nudges);
    // The first: nobody else is free yet, so the partner is told they are waiting, and nobody is introduced.
    expect(introductionsIn(first)).toEqual([]);
    const toY1 = first.filter((m) => to(m) === y1!.email);
    expect(toY1).toHaveLength(1);
    expect(textOf(toY1[0]!)).toContain(`${x1!.name} has let us know they can't make it this round`);
    expect(textOf(toY1[0]!)).toContain('Nobody else is free just now');
    expect(textOf(toY1[0]!)).toContain('first in line in the next round');
    expect(textOf(first.find((m) => to(m) === x1!.email)!)).toContain('You sit this round out');

    // A second pair where the one left works elsewhere than y1 and has never met them.
    const other = november.slice(1).find(([a, b]) => b!.org !== y1!.org && !met.has(`${b!.id}-${y1!.id}`))!;
    const [x2, y2] = other;
    const second = await cantMakeIt(x2!, nudges);
    // One introduction, to the two of them (an introduction is one mail to its whole group).
    const intros = introductionsIn(second);
    expect(intros).toHaveLength(1);
    expect(intros[0]!.personalizations[0]!.to.map((t) => t.email).sort()).toEqual([y1!.email, y2!.email].sort());
    expect(textOf(intros[0]!)).toContain(y1!.name);
    expect(textOf(intros[0]!)).toContain(y2!.name);
    expect(textOf(second.find((m) => to(m) === y2!.email && !(m.subject ?? '').startsWith('Meet '))!)).toContain("we've matched you with someone else");
    // Nobody who said CAN'T MAKE IT is introduced again, and nothing goes to anyone else.
    expect(second.map(to).filter((e) => e !== x2!.email && e !== y1!.email && e !== y2!.email)).toEqual([]);
    expect(y1!.org).not.toBe(y2!.org);
  });

  it('when the only one free met them in an earlier round, then both wait, are told so, and go first in the next round', async () => {
    const { people, october, november, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    await cantMakeIt(x1!, nudges);
    // y1's partner in October is in another November group: their partner can't make it either.
    const octoberPartner = october.find((g) => g.some((p) => p.id === y1!.id))!.find((p) => p.id !== y1!.id)!;
    const theirGroup = november.find((g) => g.some((p) => p.id === octoberPartner.id))!;
    const x2 = theirGroup.find((p) => p.id !== octoberPartner.id)!;
    expect(x2.id).not.toBe(y1!.id);
    const second = await cantMakeIt(x2, nudges);
    expect(introductionsIn(second)).toEqual([]);
    expect(textOf(second.find((m) => to(m) === octoberPartner.email)!)).toContain('Nobody else is free just now');

    // December: only y1, a colleague of theirs and one other person are taking part, so one of the two
    // colleagues cannot be placed. y1 waited in November, so it is never y1, whatever the draw.
    const colleague = people.find((p) => p.org === y1!.org && p.id !== y1!.id)!;
    const third = people.find((p) => p.org !== y1!.org && p.id !== x1!.id)!;
    await flow.h.t.db.run("UPDATE people SET status = 'paused' WHERE id NOT IN (?, ?, ?)", [y1!.id, colleague.id, third.id]);
    for (let seed = 1; seed <= 12; seed++) {
      const s = await runRound(
        { db: flow.h.t.db, config: flow.h.config, logger: captureLogger().logger, now: () => new Date('2026-12-07T09:00:00Z') },
        { trigger: 'manual', dryRun: true, seed },
      );
      expect(s.unplacedPeople.map((u) => u.id)).toEqual([colleague.id]);
    }
  });

  it('when the only one free works for the same organisation, then both wait and nobody is introduced', async () => {
    const { people, november, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    await cantMakeIt(x1!, nudges);
    const colleague = people.find((p) => p.org === y1!.org && p.id !== y1!.id)!;
    const theirGroup = november.find((g) => g.some((p) => p.id === colleague.id))!;
    if (theirGroup.some((p) => p.id === y1!.id)) throw new Error('a round never groups colleagues');
    const second = await cantMakeIt(theirGroup.find((p) => p.id !== colleague.id)!, nudges);
    expect(introductionsIn(second)).toEqual([]);
    expect(textOf(second.find((m) => to(m) === colleague.email)!)).toContain('Nobody else is free just now');
  });

  it("when the round's period is over, then the partner is told they will be matched next round, and is not put on a waiting list", async () => {
    const { november, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    clock = new Date('2026-12-07T09:30:00Z');
    const mails = await cantMakeIt(x1!, nudges);
    const text = textOf(mails.find((m) => to(m) === y1!.email)!);
    expect(text).toContain("you'll be matched as usual next round");
    expect(text).not.toContain('Nobody else is free');
  });

  it('when someone in a trio cannot make it, then the other two carry on and nobody is re-paired', async () => {
    const { november, nudges } = await roundOfTen([['person10@org5.gov.uk', 'Person K Example', 'Home Office']]);
    const trio = november.find((g) => g.length === 3)!;
    const mails = await cantMakeIt(trio[0]!, nudges);
    expect(introductionsIn(mails)).toEqual([]);
    for (const p of trio.slice(1)) expect(textOf(mails.find((m) => to(m) === p.email)!)).toContain('You can still meet the other member of your group');
  });

  it('when the nudge is answered in their own words with no subject or quote of it, then the address it came to says what it answers', async () => {
    const { november, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    const nudge = nudges.get(x1!.email)!;
    // Nothing in the words says which mail this answers: only the reply address (reply+<token>) does.
    const { mails } = await flow.replyWith({ from: x1!.email, to: nudge.reply_to.email, subject: 'Quick note', text: "Really sorry, I won't be able to do this round after all." });
    const told = (mails as SentMail[]).filter((m) => to(m) === y1!.email);
    expect(told).toHaveLength(1);
    expect(textOf(told[0]!)).toContain(`${x1!.name} has let us know they can't make it this round`);
  });

  it("when the new partner can't make it either, then the one re-paired is offered someone new again, never a repeat", async () => {
    const { november, met, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    await cantMakeIt(x1!, nudges);
    const fresh = (p: Someone, others: Someone[]) => p.org !== y1!.org && !met.has(`${p.id}-${y1!.id}`) && !others.includes(p);
    const second = november.slice(1).find(([, b]) => fresh(b!, []))!;
    await cantMakeIt(second[0]!, nudges);
    const y2 = second[1]!;
    // y2 answers the nudge of their first group: the words are about the group they are in now, with y1.
    const again = await cantMakeIt(y2, nudges, "Sorry, I can't make it this month after all");
    expect(textOf(again.find((m) => to(m) === y1!.email)!)).toContain('Nobody else is free just now');
    // A third pair loses one: the one left has never met y1, and works elsewhere: they are introduced.
    const third = november.slice(1).find((g) => g !== second && fresh(g[1]!, [y2]))!;
    const mails = await cantMakeIt(third[0]!, nudges);
    const intros = introductionsIn(mails);
    expect(intros).toHaveLength(1);
    expect(intros[0]!.personalizations[0]!.to.map((t) => t.email).sort()).toEqual([y1!.email, third[1]!.email].sort());
  });

  it("when someone else sends CAN'T MAKE IT in a member's name (their own DKIM, no token of ours), then nothing changes and the member is asked to confirm", async () => {
    const { november } = await roundOfTen();
    const [x1, y1] = november[0]!;
    const { mails } = await flow.replyWith({
      from: x1!.email,
      to: `hello@${flow.h.config.replyDomain}`,
      subject: 'Re: Have you found a time?',
      text: "CAN'T MAKE IT",
      spf: 'fail',
      dkim: '{@attacker.example : pass}',
    });
    expect((mails as SentMail[]).map(to)).toEqual([x1!.email]);
    expect(await flow.h.t.db.all("SELECT * FROM group_replies WHERE kind = 'cant_make_it'")).toEqual([]);
    expect(await flow.h.t.db.all('SELECT * FROM round_unplaced')).toEqual([]);
    expect(y1).toBeDefined();
  });

  it("when someone else sends STOP in a member's name (their own DKIM, no token of ours), then the member stays, the group is not rainchecked, and the member is asked to confirm", async () => {
    const { november } = await roundOfTen();
    const [x1] = november[0]!;
    const { mails } = await flow.replyWith({
      from: x1!.email,
      to: `hello@${flow.h.config.replyDomain}`,
      subject: 'Re: Have you found a time?',
      text: 'STOP',
      spf: 'fail',
      dkim: '{@attacker.example : pass}',
    });
    expect((mails as SentMail[]).map(to)).toEqual([x1!.email]);
    expect(await flow.h.t.db.get('SELECT status FROM people WHERE id = ?', [x1!.id])).toEqual({ status: 'active' });
    expect(await flow.h.t.db.all("SELECT * FROM group_replies WHERE kind = 'cant_make_it'")).toEqual([]);
    expect(await flow.h.t.db.all('SELECT * FROM round_unplaced')).toEqual([]);
  });

  it("when two CAN'T MAKE ITs are processed at the same moment on two connections, then the two left are re-paired once", async () => {
    const { november, met, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    const [x2, y2] = november.slice(1).find(([, b]) => b!.org !== y1!.org && !met.has(`${b!.id}-${y1!.id}`))!;
    // Both replies arrive through the webhook and wait; then two workers take them at once, one each, and
    // the first worker tries the second reply as well.
    for (const [i, x] of [x1!, x2!].entries()) {
      const nudge = nudges.get(x.email)!;
      const p = buildParsedPayload({ from: x.email, to: nudge.reply_to.email, subject: 'Re: Have you found a time?', text: "CAN'T MAKE IT", messageId: `<race-${i}@mail.example>` });
      const res = await request(flow.h.app).post('/inbound').auth(FLOW_AUTH.INBOUND_USER, FLOW_AUTH.INBOUND_PASSWORD).set('Content-Type', p.contentType).send(p.body);
      expect(res.status).toBe(200);
    }
    const rows = await pendingInbound(flow.h.t.db, 10);
    expect(rows).toHaveLength(2);
    const a = await Database.open(flow.h.t.path);
    const b = await Database.open(flow.h.t.path);
    try {
      const deps = (db: Database) => ({ db, config: flow.h.config, logger: flow.h.logs.logger, now: () => NOW });
      await Promise.all([processInboundMessage(deps(a), rows[0]!), processInboundMessage(deps(b), rows[1]!), processInboundMessage(deps(a), rows[1]!)]);
    } finally {
      await a.close();
      await b.close();
    }
    const repaired = await flow.h.t.db.all<{ members: string }>('SELECT members FROM repaired_groups');
    expect(repaired.map((r) => (JSON.parse(r.members) as number[]).sort((m, n) => m - n))).toEqual([[y1!.id, y2!.id].sort((m, n) => m - n)]);
    const intros = await flow.h.t.db.all<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE template = 'introduction' AND created_at >= ?", [NOW.toISOString()]);
    expect(intros[0]!.n).toBe(1);
    const told = await flow.h.t.db.all<{ person_id: number }>("SELECT person_id FROM outbox WHERE template = 'partner-cant-make-it' ORDER BY person_id");
    expect(told.map((r) => r.person_id)).toEqual([y1!.id, y2!.id].sort((m, n) => m - n));
  });

  it("when CAN'T MAKE IT comes twice, then the partner is told once", async () => {
    const { november, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    await cantMakeIt(x1!, nudges);
    const again = await cantMakeIt(x1!, nudges, "As I said, can't make it");
    expect(again.map(to)).toEqual([x1!.email]);
    expect(y1).toBeDefined();
  });

  it('when a pair was re-paired, then the old groups are not asked "did you meet?", the new one is, and the next round does not repeat it', async () => {
    const { people, november, met, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    await cantMakeIt(x1!, nudges);
    const [x2, y2] = november.slice(1).find(([, b]) => b!.org !== y1!.org && !met.has(`${b!.id}-${y1!.id}`))!;
    await cantMakeIt(x2!, nudges);
    const { h } = flow;

    // Fourteen days after each introduction: the November groups' time, and later the new group's.
    h.sg.reset();
    clock = new Date(ROUND_2.getTime() + 14 * DAY + 3_600_000);
    await sendFollowUps(h.t.db, h.config, clock);
    await h.sender.drain();
    const asked = (h.sg.mails() as SentMail[]).map(to);
    for (const p of [x1!, y1!, x2!, y2!]) expect(asked).not.toContain(p.email);
    expect(asked).toHaveLength(6);
    h.sg.reset();
    clock = new Date(NOW.getTime() + 15 * DAY);
    await sendFollowUps(h.t.db, h.config, clock);
    await h.sender.drain();
    expect((h.sg.mails() as SentMail[]).map(to).sort()).toEqual([y1!.email, y2!.email].sort());

    // December with only y1, y2 and two others who can meet either: y1 and y2 are never paired again.
    const others = people
      .filter((p) => ![x1, y1, x2, y2].includes(p) && p.org !== y1!.org && p.org !== y2!.org && !met.has(`${p.id}-${y1!.id}`) && !met.has(`${p.id}-${y2!.id}`))
      .slice(0, 2);
    expect(others).toHaveLength(2);
    await h.t.db.run("UPDATE people SET status = 'paused' WHERE id NOT IN (SELECT value FROM json_each(?))", [JSON.stringify([y1!.id, y2!.id, ...others.map((p) => p.id)])]);
    for (let seed = 1; seed <= 12; seed++) {
      const s = await runRound({ db: h.t.db, config: h.config, logger: captureLogger().logger, now: () => new Date('2026-12-07T09:00:00Z') }, { trigger: 'manual', dryRun: true, seed });
      expect(s.repeats, `seed ${seed}`).toBe(0);
      expect(s.draw.some((g) => g.members.some((m) => m.id === y1!.id) && g.members.some((m) => m.id === y2!.id)), `seed ${seed}`).toBe(false);
    }
  });
});

describe('STOP, PAUSE or DELETE from a member of a group still meeting: the others are told, as for CANT MAKE IT', () => {
  it('when a member replies STOP to the nudge, then their partner is told, by name, and waits for someone new', async () => {
    const { november, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    const mails = await cantMakeIt(x1!, nudges, 'STOP');
    const toY1 = mails.filter((m) => to(m) === y1!.email);
    expect(toY1).toHaveLength(1);
    expect(textOf(toY1[0]!)).toContain(`${x1!.name} has let us know they can't make it this round`);
    expect(textOf(toY1[0]!)).toContain('Nobody else is free just now');
    expect(mails.filter((m) => to(m) === x1!.email)).toHaveLength(1);
    expect(await flow.h.t.db.get('SELECT status FROM people WHERE id = ?', [x1!.id])).toEqual({ status: 'stopped' });
  });

  it('when one pair loses a member to PAUSE and another to "please take me off the list", then the two left are introduced to each other', async () => {
    const { november, met, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    await cantMakeIt(x1!, nudges, 'PAUSE until the new year please, work is mad');
    const [x2, y2] = november.slice(1).find(([, b]) => b!.org !== y1!.org && !met.has(`${b!.id}-${y1!.id}`))!;
    const second = await cantMakeIt(x2!, nudges, 'Please take me off the list, I have too much on.');
    const intros = introductionsIn(second);
    expect(intros).toHaveLength(1);
    expect(intros[0]!.personalizations[0]!.to.map((t) => t.email).sort()).toEqual([y1!.email, y2!.email].sort());
    expect(intros[0]!.personalizations[0]!.to.map((t) => t.email)).not.toContain(x1!.email);
  });

  it('when a member replies DELETE, then their partner is told "your match" without their name, and is not asked later whether they met', async () => {
    const { november, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    const mails = await cantMakeIt(x1!, nudges, 'DELETE ME');
    const told = mails.filter((m) => to(m) === y1!.email);
    expect(told).toHaveLength(1);
    expect(textOf(told[0]!)).toContain("Your match has let us know they can't make it this round");
    expect(textOf(told[0]!)).not.toContain(x1!.name);
    expect(told[0]!.subject).not.toContain(x1!.name);
    const { h } = flow;
    // Were the group to be nudged again, or its time for "did you meet?" to come, y1 is not asked about them.
    await h.t.db.run('UPDATE groups SET nudged_at = NULL WHERE round_id = (SELECT max(id) FROM rounds)');
    h.sg.reset();
    await sendNudges(h.t.db, h.config, NOW);
    clock = new Date(ROUND_2.getTime() + 14 * DAY + 3_600_000);
    await sendFollowUps(h.t.db, h.config, clock);
    await h.sender.drain();
    expect((h.sg.mails() as SentMail[]).map(to)).not.toContain(y1!.email);
    expect((h.sg.mails() as SentMail[]).length).toBeGreaterThan(0);
  });

  it('when a member replies DELETE after their meeting was booked, then the others get the cancellation, which no longer names them', async () => {
    const { november, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    await cantMakeIt(y1!, nudges, 'BOOKED Thursday 12 November at 2pm');
    const mails = await cantMakeIt(x1!, nudges, 'DELETE');
    const cancel = mails.find((m) => to(m) === y1!.email && m.content.some((c) => c.value.includes('METHOD:CANCEL')));
    expect(cancel).toBeDefined();
    for (const m of mails.filter((m) => to(m) === y1!.email)) {
      expect(JSON.stringify(m)).not.toContain(x1!.email);
      expect(JSON.stringify(m)).not.toContain(x1!.name);
    }
  });

  it('when the STOP comes after the round is over, then the partner is not told anything', async () => {
    const { november, nudges } = await roundOfTen();
    const [x1, y1] = november[0]!;
    clock = new Date('2026-12-07T09:30:00Z');
    const mails = await cantMakeIt(x1!, nudges, 'STOP');
    expect(mails.map(to)).toEqual([x1!.email]);
    expect(y1).toBeDefined();
  });

  it('when a member who already said CANT MAKE IT then replies STOP, then the partner is not told twice', async () => {
    const { november, nudges } = await roundOfTen();
    const [x1] = november[0]!;
    await cantMakeIt(x1!, nudges);
    const mails = await cantMakeIt(x1!, nudges, 'STOP');
    expect(mails.map(to)).toEqual([x1!.email]);
  });
});
