/**
 * BOOKED, a second BOOKED and CAN'T MAKE IT, through the real webhook, processor, outbox and fake SendGrid:
 * a round introduces two people, one of them replies to the introduction, and each .ics that goes out is
 * read with ical.js.
 */
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startReplyFlow, textOf, type ReplyFlow } from '../helpers/reply-flow.js';
import { runRound } from '../../src/matching/round.js';
import { sendFollowUps, sendNudges } from '../../src/matching/after-round.js';
import { readIcs } from '../helpers/ics.js';
import { captureLogger } from '../helpers/logs.js';

// Tuesday 1 December 2026, 10:00 in London: when the replies are read.
const NOW = new Date('2026-12-01T10:00:00Z');
let flow: ReplyFlow;
afterEach(async () => {
  ICAL.TimezoneService.reset();
  await flow?.close();
});

interface SentMail {
  personalizations: Array<{ to: Array<{ email: string }> }>;
  reply_to: { email: string };
  headers: Record<string, string>;
  content: Array<{ type: string; value: string }>;
  attachments?: Array<{ content: string; filename: string; type: string }>;
}

async function introducedPair() {
  flow = await startReplyFlow({ TZ: 'Europe/London' }, { now: () => NOW });
  const { h } = flow;
  const at = '2026-10-01T00:00:00.000Z';
  for (const [email, name, org] of [
    ['jo.bloggs@leeds.gov.uk', 'Jo Bloggs', 'Leeds City Council'],
    ['sam.patel@dwp.gov.uk', 'Sam Patel', 'DWP'],
  ]) {
    await h.t.db.run(
      `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
       VALUES (?, ?, ?, '+447700900123', 'active', ?, ?, ?, ?, ?)`,
      [email, name, org, at, at, at, at, at],
    );
  }
  const s = await runRound({ db: h.t.db, config: h.config, logger: captureLogger().logger, now: () => new Date('2026-11-30T09:00:00Z') }, { trigger: 'manual' });
  expect(s.status).toBe('done');
  await h.sender.drain();
  // The introduction went out five days ago; replies to it go to the pair, so the nudge is what comes back.
  await h.t.db.run("UPDATE outbox SET sent_at = '2026-11-26T09:00:00.000Z' WHERE template = 'introduction'");
  expect(await sendNudges(h.t.db, h.config, NOW)).toBe(2);
  h.sg.reset();
  await h.sender.drain();
  const intro = (h.sg.mails() as SentMail[]).find((m) => m.personalizations[0]!.to[0]!.email === 'jo.bloggs@leeds.gov.uk')!;
  expect(intro.reply_to.email).toMatch(/^reply\+/);
  return { intro };
}

const calendarOf = (m: SentMail) => m.content.find((c) => c.type.startsWith('text/calendar'))?.value ?? null;

describe('booking a time by reply', () => {
  it('when one of a pair replies BOOKED and a time, then each of them gets one invitation for 30 minutes with the same UID', async () => {
    const { intro: nudge } = await introducedPair();
    const { mails } = await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: nudge.reply_to.email, inReplyTo: nudge.headers['Message-ID'], subject: 'Re: Have you found a time with Sam Patel?', text: 'BOOKED Tuesday 8 December 2pm' });
    const invites = (mails as SentMail[]).filter(calendarOf);
    expect(invites.map((m) => m.personalizations[0]!.to[0]!.email).sort()).toEqual(['jo.bloggs@leeds.gov.uk', 'sam.patel@dwp.gov.uk']);
    const read = invites.map((m) => readIcs(calendarOf(m)!));
    for (const r of read) {
      expect({ ...r, attendees: [...r.attendees].sort() }).toMatchObject({
        method: 'REQUEST',
        uid: read[0]!.uid,
        sequence: 0,
        start: '2026-12-08T14:00:00.000Z',
        end: '2026-12-08T14:30:00.000Z',
        zone: 'Europe/London',
        attendees: ['mailto:jo.bloggs@leeds.gov.uk', 'mailto:sam.patel@dwp.gov.uk'],
      });
    }
    expect(mails).toHaveLength(2);
  });

  // Five ways people write the same time, on Tuesday 1 December 2026: all the next Tuesday 8 December at 2pm.
  it.each(['BOOKED Tuesday 8 December 2pm', 'booked tues 8 dec 2pm', 'BOOKED 8/12 at 14:00', 'Booked: 8th December, 2:00pm', 'booked for Tuesday 8/12 at 2 pm'])(
    'when the time is written "%s", then both invitations start at 2pm on 8 December in London',
    async (text) => {
      const { intro: nudge } = await introducedPair();
      const { mails } = await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: nudge.reply_to.email, subject: 'Re: Have you found a time with Sam Patel?', text });
      const starts = (mails as SentMail[]).filter(calendarOf).map((m) => readIcs(calendarOf(m)!));
      expect(starts).toHaveLength(2);
      for (const r of starts) expect(r).toMatchObject({ method: 'REQUEST', start: '2026-12-08T14:00:00.000Z', end: '2026-12-08T14:30:00.000Z', zone: 'Europe/London' });
    },
  );

  it('when a second BOOKED moves the time, then the same event is updated (same UID, higher SEQUENCE)', async () => {
    const { intro: nudge } = await introducedPair();
    const first = await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: nudge.reply_to.email, subject: 'Re: Have you found a time with Sam Patel?', text: 'BOOKED Tuesday 8 December 2pm' });
    const second = await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: nudge.reply_to.email, subject: 'Re: Have you found a time with Sam Patel?', text: 'booked 9/12 at 11:00 instead' });
    const before = readIcs(calendarOf((first.mails as SentMail[])[0]!)!);
    const after = (second.mails as SentMail[]).filter(calendarOf).map((m) => readIcs(calendarOf(m)!));
    expect(after).toHaveLength(2);
    for (const r of after) expect(r).toMatchObject({ method: 'REQUEST', uid: before.uid, sequence: 1, start: '2026-12-09T11:00:00.000Z' });
  });

  it("when someone who booked says CAN'T MAKE IT, then the event is cancelled for both, and the other is told", async () => {
    const { intro: nudge } = await introducedPair();
    const first = await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: nudge.reply_to.email, subject: 'Re: Have you found a time with Sam Patel?', text: 'BOOKED Tuesday 8 December 2pm' });
    const uid = readIcs(calendarOf((first.mails as SentMail[])[0]!)!).uid;
    const { mails } = await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: nudge.reply_to.email, subject: 'Re: Have you found a time with Sam Patel?', text: "Sorry, can't make it after all – off sick" });
    const cancels = (mails as SentMail[]).filter(calendarOf).map((m) => ({ to: m.personalizations[0]!.to[0]!.email, ...readIcs(calendarOf(m)!) }));
    expect(cancels.map((c) => c.to).sort()).toEqual(['jo.bloggs@leeds.gov.uk', 'sam.patel@dwp.gov.uk']);
    for (const c of cancels) expect(c).toMatchObject({ method: 'CANCEL', uid, sequence: 1 });
    const toSam = (mails as SentMail[]).filter((m) => !calendarOf(m) && m.personalizations[0]!.to[0]!.email === 'sam.patel@dwp.gov.uk');
    expect(toSam).toHaveLength(1);
    expect(textOf(toSam[0]!)).toContain("Jo Bloggs has let us know they can't make it this round");
  });

  it('when BOOKED gives a day but no time, then the sender is asked for the time and no invitation goes', async () => {
    const { intro: nudge } = await introducedPair();
    const { mails } = await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: nudge.reply_to.email, subject: 'Re: Have you found a time with Sam Patel?', text: 'BOOKED next Wednesday morning' });
    expect(mails).toHaveLength(1);
    expect(calendarOf(mails[0] as SentMail)).toBeNull();
    expect(textOf(mails[0]!)).toContain('BOOKED Tuesday 8 December 2pm');
  });
});

describe("calendars' answers to the invitation", () => {
  /** Outlook's ACCEPTED or DECLINED (test/fixtures/calendar), made to answer this booking, from Jo. */
  const outlook = (answer: 'accepted' | 'declined', uid: string) =>
    fs
      .readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'calendar', `outlook-${answer}.ics`), 'utf8')
      .replace(/UID:[^\r\n]+/, `UID:${uid}`)
      .replace(/mailto:Jo\.Bloggs@example\.gov\.uk/i, 'mailto:jo.bloggs@leeds.gov.uk');

  async function booked() {
    const { intro: nudge } = await introducedPair();
    const first = await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: nudge.reply_to.email, subject: 'Re: Have you found a time with Sam Patel?', text: 'BOOKED Tuesday 8 December 2pm' });
    const invite = (first.mails as SentMail[]).find((m) => m.personalizations[0]!.to[0]!.email === 'jo.bloggs@leeds.gov.uk')!;
    const ics = calendarOf(invite)!;
    const organizer = /ORGANIZER[^:]*:mailto:([^\r\n]+)/i.exec(ics.replace(/\r?\n[ \t]/g, ''))![1]!;
    return { uid: readIcs(ics).uid, organizer };
  }

  it.each(['parsed', 'raw'] as const)('when Outlook answers ACCEPTED (%s mode), then it is recorded against the group and nothing is sent back', async (mode) => {
    const { uid, organizer } = await booked();
    const { mails } = await flow.replyWith(
      { from: 'jo.bloggs@leeds.gov.uk', to: organizer, subject: 'Accepted: Unmentoring: Jo Bloggs and Sam Patel', text: '', calendar: { content: outlook('accepted', uid), method: 'REPLY' } },
      mode,
    );
    expect(mails).toEqual([]);
    const rows = await flow.h.t.db.all<{ partstat: string; email: string }>(
      'SELECT r.partstat, p.email FROM booking_replies r JOIN people p ON p.id = r.person_id',
    );
    expect(rows).toEqual([{ partstat: 'ACCEPTED', email: 'jo.bloggs@leeds.gov.uk' }]);
    const inbound = await flow.h.t.db.get<{ status: string; reason: string }>("SELECT status, reason FROM inbound_messages ORDER BY id DESC LIMIT 1");
    expect(inbound).toEqual({ status: 'processed', reason: 'calendar reply recorded: accepted' });
  });

  it('when a calendar declines, then everyone in the group is asked for another time', async () => {
    const { uid, organizer } = await booked();
    const { mails } = await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: organizer, subject: 'Declined: Unmentoring', text: '', calendar: { content: outlook('declined', uid), method: 'REPLY' } });
    expect(mails.map((m) => m.personalizations[0]!.to[0]!.email).sort()).toEqual(['jo.bloggs@leeds.gov.uk', 'sam.patel@dwp.gov.uk']);
    const toSam = mails.find((m) => m.personalizations[0]!.to[0]!.email === 'sam.patel@dwp.gov.uk')!;
    expect(textOf(toSam)).toContain("Jo Bloggs's calendar has declined the time we sent (Tuesday 8 December 2026");
  });

  it('when an answer comes from someone outside the group, or is not authenticated, then nothing is recorded', async () => {
    const { uid, organizer } = await booked();
    const forged = outlook('accepted', uid).replace('mailto:jo.bloggs@leeds.gov.uk', 'mailto:mallory@example.com');
    await flow.replyWith({ from: 'mallory@example.com', to: organizer, subject: 'Accepted', text: '', calendar: { content: forged, method: 'REPLY' } });
    // Sam's address, but to no invitation of his and with neither SPF nor DKIM passing: anyone could send it.
    await flow.replyWith({
      from: 'sam.patel@dwp.gov.uk',
      to: `calendar+${'0'.repeat(32)}@${flow.h.config.replyDomain}`,
      subject: 'Accepted',
      text: '',
      spf: 'fail',
      dkim: 'none',
      calendar: { content: outlook('accepted', uid).replace('jo.bloggs@leeds.gov.uk', 'sam.patel@dwp.gov.uk'), method: 'REPLY' },
    });
    expect(await flow.h.t.db.all('SELECT * FROM booking_replies')).toEqual([]);
  });
});

describe('the follow-up, knowing what happened', () => {
  it('when a booked time was accepted, then once it is past (not before) both are asked "How did it go?", not "Did you meet?"', async () => {
    const { intro: nudge } = await introducedPair();
    const first = await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: nudge.reply_to.email, subject: 'Re: Have you found a time with Sam Patel?', text: 'BOOKED Tuesday 8 December 2pm' });
    const invite = (first.mails as SentMail[]).find((m) => m.personalizations[0]!.to[0]!.email === 'sam.patel@dwp.gov.uk')!;
    const ics = calendarOf(invite)!;
    const organizer = /ORGANIZER[^:]*:mailto:([^\r\n]+)/i.exec(ics.replace(/\r?\n[ \t]/g, ''))![1]!;
    const accepted = fs
      .readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'calendar', 'outlook-accepted.ics'), 'utf8')
      .replace(/UID:[^\r\n]+/, `UID:${readIcs(ics).uid}`)
      .replace(/mailto:Jo\.Bloggs@example\.gov\.uk/i, 'mailto:sam.patel@dwp.gov.uk');
    await flow.replyWith({ from: 'sam.patel@dwp.gov.uk', to: organizer, subject: 'Accepted', text: '', calendar: { content: accepted, method: 'REPLY' } });

    expect(await sendFollowUps(flow.h.t.db, flow.h.config, new Date('2026-12-08T14:20:00Z'))).toBe(0);
    expect(await sendFollowUps(flow.h.t.db, flow.h.config, new Date('2026-12-08T15:00:00Z'))).toBe(2);
    // Queued for the meeting's end (the outbox sends it when that time comes): asked as a booked group.
    const asked = await flow.h.t.db.all<{ data: string }>("SELECT data FROM outbox WHERE template = 'follow-up' ORDER BY id");
    // In whichever order the round listed the pair.
    const seen = asked.map((r) => JSON.parse(r.data) as { booked?: boolean; partners: string[] }).map((d) => [d.booked, d.partners[0]]);
    expect(seen.sort()).toEqual([
      [true, 'Jo Bloggs'],
      [true, 'Sam Patel'],
    ]);
    expect(await sendFollowUps(flow.h.t.db, flow.h.config, new Date('2026-12-20T10:00:00Z'))).toBe(0);
  });

  it('when someone in the group already said MET, then nobody in it is asked "Did you meet?"', async () => {
    const { intro: nudge } = await introducedPair();
    await flow.replyWith({ from: 'jo.bloggs@leeds.gov.uk', to: nudge.reply_to.email, subject: 'Re: Have you found a time with Sam Patel?', text: 'MET – lovely chat on Monday' });
    expect(await sendFollowUps(flow.h.t.db, flow.h.config, new Date('2026-12-20T10:00:00Z'))).toBe(0);
  });

  it('when nothing is known, then the follow-up goes FOLLOWUP_AFTER_DAYS after the introduction, as before', async () => {
    await introducedPair();
    expect(await sendFollowUps(flow.h.t.db, flow.h.config, new Date('2026-12-09T10:00:00Z'))).toBe(0);
    expect(await sendFollowUps(flow.h.t.db, flow.h.config, new Date('2026-12-10T10:00:00Z'))).toBe(2);
  });
});

describe('a forged BOOKED', () => {
  it("when someone else sends BOOKED in Jo's name (their own SPF and DKIM, no token of ours), then no invitation goes and Jo is asked to confirm", async () => {
    await introducedPair();
    const { mails } = await flow.replyWith({
      from: 'jo.bloggs@leeds.gov.uk',
      to: `hello@${flow.h.config.replyDomain}`,
      subject: 'Re: Have you found a time?',
      text: 'BOOKED Tuesday 8 December 2pm',
      spf: 'fail',
      dkim: '{@attacker.example : pass}',
    });
    expect((mails as SentMail[]).filter(calendarOf)).toEqual([]);
    expect(await flow.h.t.db.all('SELECT * FROM bookings')).toEqual([]);
    expect(await flow.h.t.db.all('SELECT * FROM group_replies')).toEqual([]);
    expect(mails.map((m) => m.personalizations[0]!.to[0]!.email)).toEqual(['jo.bloggs@leeds.gov.uk']);
    expect(textOf(mails[0]!)).toContain("record your answer about meeting your match");
  });
});
