import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startService } from '../service.js';
import { inviteFromFile } from '../invitations/invite-from-file.js';
import { runRound } from '../matching/round.js';
import { sendFollowUps, sendNudges } from '../matching/after-round.js';
import type { Database } from '../db/database.js';
import { templatesDir } from '../paths.js';
import { DIGEST_FILENAME, makeDigest, queueDigest } from '../reports/digest.js';

/** 15 organisations, 40 invented people: a small scheme, seen from start to first follow-up. */
const ORGANISATIONS = [
  ['Leeds City Council', 'leeds.gov.uk'],
  ['NHS England', 'nhs.net'],
  ['HM Revenue & Customs', 'hmrc.gov.uk'],
  ['Ministry of Justice', 'justice.gov.uk'],
  ['Met Office', 'metoffice.gov.uk'],
  ['Bristol City Council', 'bristol.gov.uk'],
  ['Environment Agency', 'environment-agency.gov.uk'],
  ['Department for Education', 'education.gov.uk'],
  ['West Yorkshire Police', 'westyorkshire.police.uk'],
  ['Office for National Statistics', 'ons.gov.uk'],
  ['Cardiff Council', 'cardiff.gov.uk'],
  ['Ordnance Survey', 'os.uk'],
  ['Highways England', 'highwaysengland.co.uk'],
  ['Scottish Government', 'gov.scot'],
  ['Manchester University NHS Trust', 'mft.nhs.uk'],
] as const;
const FIRST = ['Amira', 'Ben', 'Chloe', 'Dev', 'Ella', 'Femi', 'Grace', 'Harry', 'Isla', 'Jamal', 'Kate', 'Liam', 'Maya', 'Nia', 'Owen', 'Priya', 'Quinn', 'Rhys', 'Sara', 'Tom'];
const LAST = ['Ahmed', 'Brown', 'Clarke', 'Davies', 'Evans', 'Fraser', 'Green', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Morgan', 'Nowak', 'Owusu', 'Patel', 'Roberts', 'Singh', 'Taylor', 'Walsh'];
const TOPICS = ['data sharing', 'housing', 'flood planning', 'digital services', 'procurement', 'hybrid working', 'AI in casework', 'open standards'];

export interface DemoPerson {
  email: string;
  name: string;
  organisation: string;
  phone: string;
}

export function demoPeople(): DemoPerson[] {
  return Array.from({ length: 40 }, (_, i) => {
    const [organisation, domain] = ORGANISATIONS[i % ORGANISATIONS.length]!;
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    return {
      name,
      organisation,
      email: `${name.toLowerCase().replace(' ', '.')}@${domain}`,
      // Ofcom's range for drama: possible numbers that reach nobody.
      phone: `07700 900${String(100 + i).padStart(3, '0')}`,
    };
  });
}

type Reply = { text: string; subject?: string; headers?: Record<string, string>; calendar?: string };

/** Replies the way people write them, from different mail programs. */
function replyFor(p: DemoPerson, i: number, quoted: string): Reply {
  const quote = `On Tue, 24 Nov 2026 at 09:12, Unmentoring <hello@unmentoring.example> wrote:\n> ${quoted.split('\n').slice(0, 12).join('\n> ')}`;
  const topic = TOPICS[i % TOPICS.length]!;
  if (i === 3) return { text: `Count me in!\n\n${p.name}\n${p.organisation}\n\n${quote}` }; // no phone: will be asked
  if (i === 7) {
    return {
      subject: 'Automatic reply: An invitation',
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      text: `Thank you for your email. I am out of the office until Monday 7 December with limited access to email.`,
    };
  }
  if (i === 11) return { text: `STOP\n\n${quote}` };
  switch (i % 4) {
    case 0:
      return { text: `Yes please!\n\nName: ${p.name}\nPhone: ${p.phone}\nOrganisation: ${p.organisation}\nWhat you'd like to talk about: ${topic}\n\n${quote}` };
    case 1:
      return { text: `Sounds great, I'd love to take part. Happy to talk about ${topic}.\n\nBest wishes,\n${p.name}\nPolicy Adviser\n${p.organisation}\nMobile: ${p.phone}\n\n${quote}` };
    case 2:
      return {
        text: `Hi, I'm ${p.name} from ${p.organisation} - yes, sign me up. My number is ${p.phone}.\n\nSent from my iPhone\n\n${quote}`,
      };
    default:
      return {
        text: `Yes, count me in.\nName - ${p.name}\nPhone - ${p.phone}\nOrganisation - ${p.organisation}\nSkype: live:${p.email.split('@')[0]}\n\n________________________________\nFrom: Unmentoring <hello@unmentoring.example>\nSent: 24 November 2026 09:12\nSubject: An invitation\n\n${quoted}`,
      };
  }
}

/** A POST shaped like SendGrid Inbound Parse's default ("parsed") mode. */
async function postReply(base: string, from: { email: string; name: string }, to: string, reply: Reply, messageId: string, inReplyTo: string | null): Promise<number> {
  const headerLines = [
    `From: ${from.name} <${from.email}>`,
    `To: ${to}`,
    `Subject: ${reply.subject ?? 'Re: An invitation'}`,
    `Message-ID: ${messageId}`,
    ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`, `References: ${inReplyTo}`] : []),
    ...Object.entries(reply.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  const form = new FormData();
  form.set('headers', headerLines.join('\r\n'));
  form.set('from', `${from.name} <${from.email}>`);
  form.set('to', to);
  form.set('subject', reply.subject ?? 'Re: An invitation');
  form.set('text', reply.text);
  form.set('envelope', JSON.stringify({ to: [to], from: from.email }));
  form.set('charsets', JSON.stringify({ to: 'UTF-8', from: 'UTF-8', subject: 'UTF-8', text: 'UTF-8' }));
  if (reply.calendar) {
    // A calendar's answer comes as an attachment (SendGrid Inbound Parse, parsed mode: attachmentN files
    // described by attachment-info).
    form.set('attachments', '1');
    form.set('attachment-info', JSON.stringify({ attachment1: { filename: 'invite.ics', name: 'invite.ics', type: 'text/calendar' } }));
    form.set('attachment1', new Blob([reply.calendar], { type: 'text/calendar' }), 'invite.ics');
  }
  form.set('SPF', 'pass');
  form.set('dkim', `{@${from.email.split('@')[1]} : pass}`);
  const res = await fetch(`${base}/inbound`, { method: 'POST', body: form });
  return res.status;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the demo timed out waiting for ${what}`);
}

export interface DemoResult {
  databasePath: string;
  outboxDir: string;
  /** The digest's picture, written as a file to look at. */
  picture: string;
  files: Record<string, number>;
  round: { groups: number; trios: number; unplaced: number };
  steps: string[];
}

/**
 * A newcomer's first run: 40 people invited, their replies fed through the real inbound webhook (one with
 * no phone, one out-of-office, one STOP), a round, the follow-ups answered. Every mail lands in the outbox
 * folder to read.
 */
export async function runDemo(config: Config, logger: Logger, say: (line: string) => void = () => undefined): Promise<DemoResult> {
  const steps: string[] = [];
  const step = (line: string) => {
    steps.push(line);
    say(line);
  };
  fs.mkdirSync(config.outboxDir, { recursive: true });
  const service = await startService({ config: { ...config, port: 0 }, logger });
  const address = service.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { db } = service;
  const pending = async () =>
    (await db.get<{ n: number }>("SELECT count(*) AS n FROM inbound_messages WHERE status = 'pending'"))!.n === 0 &&
    (await db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')"))!.n === 0;

  try {
    const people = demoPeople();
    const picture = path.join(path.dirname(config.outboxDir), DIGEST_FILENAME);
    const csv = path.join(path.dirname(config.outboxDir), 'demo-invitees.csv');
    fs.writeFileSync(csv, ['email,name,organisation', ...people.map((p) => `${p.email},${p.name},"${p.organisation}"`)].join('\n') + '\n');
    const invited = await inviteFromFile(
      { db, config, mailer: { name: 'none', send: async () => ({ providerMessageId: null }) }, logger },
      { file: csv, dryRun: false, resend: false, skipInvalid: false, deliver: false },
    );
    service.sender.kick();
    await until(pending, 'the invitations to be written');
    step(`Invited ${invited.stored} people from ${ORGANISATIONS.length} organisations (${csv}).`);

    const invitation = fs.readFileSync(path.join(templatesDir, 'invitation.txt'), 'utf8').replace(/^Subject: .*\n\n/, '');
    const conversations = await db.all<{ email: string; reply_token: string; message_id: string }>(
      `SELECT p.email, o.reply_token, o.message_id FROM outbox o JOIN people p ON p.id = o.person_id WHERE o.template = 'invitation'`,
    );
    const byEmail = new Map(conversations.map((c) => [c.email, c]));
    let n = 0;
    for (const [i, p] of people.entries()) {
      const c = byEmail.get(p.email)!;
      const status = await postReply(base, p, `reply+${c.reply_token}@${config.replyDomain}`, replyFor(p, i, invitation), `<demo-${i}@mail.example>`, c.message_id);
      if (status === 200) n++;
    }
    await until(pending, 'the replies to be read and answered');
    const counts = await db.all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM people GROUP BY status ORDER BY status');
    step(`Fed ${n} replies through POST /inbound: ${counts.map((c) => `${c.n} ${c.status}`).join(', ')}.`);

    const round = await runRound({ db, config, logger }, { trigger: 'manual' });
    service.sender.kick();
    await until(pending, 'the introductions to be written');
    step(`Ran a round (seed ${round.seed}): ${round.groups} groups, ${round.trios} trio, ${round.unplaced} unplaced.`);

    await afterTheIntroductions(db, config, base, people, step, async () => {
      service.sender.kick();
      await until(pending, 'the answers to be read and sent');
    });

    // The follow-ups fall due FOLLOWUP_AFTER_DAYS after the introductions: the demo moves those dates back.
    await db.run("UPDATE outbox SET sent_at = ? WHERE template = 'introduction'", [new Date(Date.now() - (config.followupAfterDays + 1) * 86_400_000).toISOString()]);
    const followUps = await sendFollowUps(db, config, new Date());
    service.sender.kick();
    await until(pending, 'the follow-ups to be written');
    const asked = await db.all<{ email: string; reply_token: string; message_id: string }>(
      `SELECT p.email, o.reply_token, o.message_id FROM outbox o JOIN people p ON p.id = o.person_id WHERE o.template = 'follow-up' ORDER BY o.id`,
    );
    const lines = ['MET - we are going to swap notes on our data-sharing agreements.', 'MET. Really useful, we will meet again next month.', 'NOT MET - diaries did not line up this time.'];
    for (const [i, a] of asked.slice(0, 9).entries()) {
      const p = people.find((x) => x.email === a.email)!;
      await postReply(base, p, `reply+${a.reply_token}@${config.replyDomain}`, { text: lines[i % lines.length]!, subject: 'Re: Did you meet?' }, `<demo-met-${i}@mail.example>`, a.message_id);
    }
    await until(pending, 'the answers to be read');
    step(`Sent ${followUps} follow-ups; ${Math.min(9, asked.length)} people answered MET or NOT MET.`);

    // The organisers' digest: the report in plain text, the picture attached; the picture also as a file.
    await queueDigest(db, config, { now: new Date(), roundId: round.roundId });
    service.sender.kick();
    await until(pending, 'the digest to be written');
    const digest = await makeDigest(db, { roundId: round.roundId ?? undefined }, { now: new Date(), schemeName: config.schemeName, sharedDomains: config.sharedDomains });
    if (digest.png) fs.writeFileSync(picture, digest.png);
    step(`Sent the organisers' digest, with the picture of organisations linked (${picture}).`);

    const files: Record<string, number> = {};
    for (const f of fs.readdirSync(config.outboxDir).filter((x) => x.endsWith('.eml'))) {
      const kind = emlKind(f);
      files[kind] = (files[kind] ?? 0) + 1;
    }
    return { databasePath: config.databasePath, outboxDir: config.outboxDir, picture, files, round: { groups: round.groups, trios: round.trios, unplaced: round.unplaced }, steps };
  } finally {
    await service.stop();
  }
}

/**
 * Between the introduction and "did you meet?": the nudges, one group booking a time (its calendar
 * invitation, invite.ics, is in the outbox) and a member's calendar accepting it, and two rainchecks, whose
 * partners left alone are re-paired with each other in the round.
 */
async function afterTheIntroductions(
  db: Database,
  config: Config,
  base: string,
  people: DemoPerson[],
  step: (line: string) => void,
  settle: () => Promise<void>,
): Promise<void> {
  const DAY = 86_400_000;
  // The nudges fall due NUDGE_AFTER_DAYS after the introductions: the demo moves those dates back.
  await db.run("UPDATE outbox SET sent_at = ? WHERE template = 'introduction'", [new Date(Date.now() - (config.nudgeAfterDays + 1) * DAY).toISOString()]);
  const nudged = await sendNudges(db, config, new Date());
  await settle();
  step(`Nudged ${nudged} people, NUDGE_AFTER_DAYS after their introduction: "Have you found a time?"`);

  const pairs = (
    await db.all<{ id: number; data: string }>(
      "SELECT g.id, o.data FROM groups g JOIN outbox o ON o.id = g.introduction_outbox_id WHERE o.template = 'introduction' ORDER BY g.id",
    )
  )
    .map((g) => ({ id: g.id, members: (JSON.parse(g.data) as { members: number[] }).members }))
    .filter((g) => g.members.length === 2);
  const emailOf = new Map((await db.all<{ id: number; email: string }>('SELECT id, email FROM people WHERE email IS NOT NULL')).map((p) => [p.id, p.email]));
  const personOf = (id: number) => people.find((p) => p.email === emailOf.get(id))!;
  const nudgeOf = async (groupId: number, personId: number) =>
    (await db.get<{ reply_token: string; message_id: string }>(
      "SELECT reply_token, message_id FROM outbox WHERE template = 'nudge' AND person_id = ? AND json_extract(data, '$.groupId') = ?",
      [personId, groupId],
    ))!;
  const answerNudge = async (groupId: number, personId: number, text: string, tag: string) => {
    const nudge = await nudgeOf(groupId, personId);
    const p = personOf(personId);
    await postReply(base, p, `reply+${nudge.reply_token}@${config.replyDomain}`, { text, subject: 'Re: Have you found a time?' }, `<demo-${tag}@mail.example>`, nudge.message_id);
    await settle();
    return p;
  };

  // A booking a week from now at 2pm, written as people write it: "BOOKED Tuesday 8 December 2pm".
  const [booked, first] = pairs;
  // The second raincheck leaves someone from another organisation than the first's partner, so the two
  // can be re-paired (a round never pairs colleagues).
  const second = pairs.slice(2).find((g) => personOf(g.members[1]!).organisation !== personOf(first!.members[1]!).organisation);
  if (!booked || !first || !second) return;
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: config.tz }).format(new Date(Date.now() + 7 * DAY));
  const booker = await answerNudge(booked.id, booked.members[0]!, `BOOKED ${day} 2pm`, 'booked');
  const invites = (await db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE template = 'booking' AND status = 'sent'"))!.n;
  step(`${booker.name} replied BOOKED ${day} 2pm: ${invites} calendar invitations (invite.ics, METHOD:REQUEST) in the outbox.`);

  // The other member's calendar accepts: its METHOD:REPLY goes to the organizer address, calendar+<token>.
  const other = booked.members[1]!;
  const invite = await db.get<{ reply_token: string; message_id: string }>(
    "SELECT reply_token, message_id FROM outbox WHERE template = 'booking' AND person_id = ? ORDER BY id DESC LIMIT 1",
    [other],
  );
  const booking = await db.get<{ uid: string; sequence: number; starts_at: string }>('SELECT uid, sequence, starts_at FROM bookings WHERE group_id = ?', [booked.id]);
  if (invite && booking) {
    const accepter = personOf(other);
    const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const ics = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Unmentoring demo//A calendar//EN', 'METHOD:REPLY', 'BEGIN:VEVENT',
      `UID:${booking.uid}`, `SEQUENCE:${booking.sequence}`, `DTSTAMP:${stamp(new Date().toISOString())}`, `DTSTART:${stamp(booking.starts_at)}`,
      `ORGANIZER:mailto:calendar+${invite.reply_token}@${config.replyDomain}`,
      `ATTENDEE;PARTSTAT=ACCEPTED;CN=${accepter.name}:mailto:${accepter.email}`, 'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n');
    await postReply(
      base,
      accepter,
      `calendar+${invite.reply_token}@${config.replyDomain}`,
      { text: `${accepter.name} has accepted this invitation.`, subject: 'Accepted: a conversation', calendar: ics },
      '<demo-accepted@mail.example>',
      invite.message_id,
    );
    await settle();
    const recorded = (await db.get<{ n: number }>("SELECT count(*) AS n FROM booking_replies WHERE partstat = 'ACCEPTED'"))!.n;
    step(`${accepter.name}'s calendar accepted the invitation: ${recorded} acceptance recorded, nothing sent back.`);
  }

  // Two rainchecks: the first partner left alone waits; the second is re-paired with them.
  const a = await answerNudge(first.id, first.members[0]!, "CAN'T MAKE IT, sorry: I'm on leave for the rest of the month.", 'raincheck-1');
  step(`${a.name} said CAN'T MAKE IT: ${personOf(first.members[1]!).name} is told, and waits for someone new this round.`);
  const b = await answerNudge(second.id, second.members[0]!, "Sorry, can't make it this month - off sick.", 'raincheck-2');
  const repaired = await db.all<{ members: string }>('SELECT members FROM repaired_groups ORDER BY group_id');
  const names = repaired.map((r) => (JSON.parse(r.members) as number[]).map((id) => personOf(id).name).join(' and '));
  step(
    `${b.name} said CAN'T MAKE IT too: ${names.length ? `${names.join('; ')} are introduced to each other, re-paired in the round` : 'nobody could be re-paired this time'}.`,
  );
}

/** The kind in an outbox file name "<time>-<8 digits>-<kind>.eml", or "other". String code, read once. */
function emlKind(file: string): string {
  const stem = file.slice(0, -'.eml'.length);
  const m = /-\d{8}-/.exec(stem);
  const kind = m ? stem.slice(m.index + m[0].length) : '';
  return kind || 'other';
}
