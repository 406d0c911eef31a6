import type { Config } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { enqueueMails, type NewMail } from '../db/outbox.js';
import { loadEligible } from './round.js';
import { latestGroupOf } from './draws.js';
import type { StoredReferences } from '../mail/stored-data.js';
import { nextOccurrence } from './schedule.js';

const DAY = 86_400_000;

/**
 * "Did you meet?", FOLLOWUP_AFTER_DAYS after each introduction was sent: one mail to each member still
 * taking part, once per group. It uses what is known of the meeting: a group where someone answered MET is
 * not asked; a group with a booked time that a member's calendar accepted is asked "How did it go?", once
 * the meeting's time is past (which may be before FOLLOWUP_AFTER_DAYS, or after). Returns how many mails
 * were queued.
 */
export async function sendFollowUps(db: Database, config: Config, now: Date): Promise<number> {
  const due = new Date(now.getTime() - config.followupAfterDays * DAY).toISOString();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    // An accepted booking's end, as an ISO instant: julianday arithmetic on the stored start and length.
    const candidates = await tx.all<{ id: number; data: string; sent_at: string; met: number; accepted_end: string | null; out: string }>(
      `SELECT g.id, o.data, o.sent_at,
         (SELECT json_group_array(p.id) FROM people p WHERE p.id IN (SELECT value FROM json_each(o.data, '$.members'))
            AND (p.status = 'erased' OR EXISTS (SELECT 1 FROM group_replies r WHERE r.group_id = g.id AND r.person_id = p.id AND r.kind = 'cant_make_it'))) AS out,
         EXISTS (SELECT 1 FROM answers a WHERE a.group_id = g.id AND a.met = 1) AS met,
         (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', julianday(b.starts_at) + b.minutes / 1440.0) FROM bookings b
           WHERE b.group_id = g.id AND b.status = 'booked'
             AND EXISTS (SELECT 1 FROM booking_replies r WHERE r.group_id = g.id AND r.partstat = 'ACCEPTED')) AS accepted_end
       FROM groups g JOIN outbox o ON o.id = g.introduction_outbox_id
       WHERE g.followed_up_at IS NULL AND o.status = 'sent' ORDER BY g.id`,
    );
    // Those who said CAN'T MAKE IT sat the round out, and the erased are gone (their CAN'T MAKE IT went with
    // them): they are not asked, and a group left with fewer than two who could meet is not asked at all
    // (its remaining member was offered someone else).
    const meeting = (g: (typeof candidates)[number]) => {
      const out = new Set(JSON.parse(g.out) as number[]);
      return (JSON.parse(g.data) as StoredReferences['introduction']).members.filter((id) => !out.has(id));
    };
    const done = candidates.filter((g) => g.met === 1 || meeting(g).length < 2);
    const doneIds = new Set(done.map((g) => g.id));
    const groups = candidates.filter((g) => !doneIds.has(g.id) && (g.accepted_end !== null ? g.accepted_end <= at : g.sent_at <= due));
    const memberIds = groups.map(meeting);
    const people = new Map(
      (
        await tx.all<{ id: number; email: string | null; name: string | null; status: string }>(
          'SELECT id, email, name, status FROM people WHERE id IN (SELECT value FROM json_each(?))',
          [JSON.stringify(memberIds.flat())],
        )
      ).map((p) => [p.id, p]),
    );
    const mails: NewMail[] = [];
    groups.forEach((g, i) => {
      const members = memberIds[i]!.map((id) => people.get(id)).filter((p) => p !== undefined);
      for (const m of members) {
        if (!m.email || !['active', 'paused'].includes(m.status)) continue;
        mails.push({
          template: 'follow-up',
          data: {
            name: m.name,
            partners: members.filter((o) => o.id !== m.id).map((o) => o.name ?? 'your match'),
            introducedOn: g.sent_at.slice(0, 10),
            groupId: g.id,
            ...(g.accepted_end !== null ? { booked: true } : {}),
          },
          to: [{ email: m.email, name: m.name }],
          personId: m.id,
        });
      }
    });
    await enqueueMails(tx, mails, { messageDomain: config.replyDomain, now });
    // A group that said MET, or that a raincheck left with one, is done: marked, so it is never asked.
    await tx.run('UPDATE groups SET followed_up_at = ? WHERE id IN (SELECT value FROM json_each(?))', [
      now.toISOString(),
      JSON.stringify([...groups, ...done].map((g) => g.id)),
    ]);
    return mails.length;
  });
}

/**
 * "Have you found a time?", NUDGE_AFTER_DAYS after each introduction was sent: one mail to each member still
 * taking part (active or paused, with an address that is not suppressed), once per group. A group is
 * nudged only while nothing is known of its meeting: nobody answered MET or NOT MET or said BOOKED, NOT YET
 * or CAN'T MAKE IT (group_replies), and "Did you meet?" has not gone and is not yet due. The group is marked
 * in the transaction that queues its mails, so a crash or a second worker never nudges it twice. Returns how
 * many mails were queued.
 */
export async function sendNudges(db: Database, config: Config, now: Date): Promise<number> {
  const due = new Date(now.getTime() - config.nudgeAfterDays * DAY).toISOString();
  // Past the follow-up's time (the follow-up job has not run yet, or the service was down): "did you meet?"
  // is the next mail they get, not a nudge the day before it.
  const followUpDue = new Date(now.getTime() - config.followupAfterDays * DAY).toISOString();
  return db.transaction(async (tx) => {
    const groups = await tx.all<{ id: number; data: string; sent_at: string }>(
      `SELECT g.id, o.data, o.sent_at FROM groups g JOIN outbox o ON o.id = g.introduction_outbox_id
       WHERE g.nudged_at IS NULL AND g.followed_up_at IS NULL
         AND o.status = 'sent' AND o.sent_at <= ? AND o.sent_at > ?
         AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.group_id = g.id)
         AND NOT EXISTS (SELECT 1 FROM group_replies r WHERE r.group_id = g.id)
         AND (SELECT count(*) FROM people p WHERE p.id IN (SELECT value FROM json_each(o.data, '$.members')) AND p.status <> 'erased') >= 2
       ORDER BY g.id`,
      [due, followUpDue],
    );
    if (!groups.length) return 0;
    const memberIds = groups.map((g) => {
      const members = (JSON.parse(g.data) as Partial<StoredReferences['introduction']>).members;
      return Array.isArray(members) ? members : [];
    });
    const people = new Map(
      (
        await tx.all<{ id: number; email: string | null; name: string | null; status: string; suppressed: number }>(
          `SELECT p.id, p.email, p.name, p.status, EXISTS (SELECT 1 FROM suppressions s WHERE s.email = p.email) AS suppressed
           FROM people p WHERE p.id IN (SELECT value FROM json_each(?))`,
          [JSON.stringify(memberIds.flat())],
        )
      ).map((p) => [p.id, p]),
    );
    const mails: NewMail[] = [];
    groups.forEach((g, i) => {
      // The erased are nobody's match any more: not named, not even as "your match".
      const members = memberIds[i]!.map((id) => people.get(id)).filter((p): p is NonNullable<typeof p> => p !== undefined && p.status !== 'erased');
      for (const m of members) {
        if (!m.email || m.suppressed || !['active', 'paused'].includes(m.status)) continue;
        mails.push({
          template: 'nudge',
          data: {
            name: m.name,
            partners: members.filter((o) => o.id !== m.id).map((o) => o.name ?? 'your match'),
            introducedOn: g.sent_at.slice(0, 10),
            groupId: g.id,
          },
          to: [{ email: m.email, name: m.name }],
          personId: m.id,
        });
      }
    });
    await enqueueMails(tx, mails, { messageDomain: config.replyDomain, now });
    await tx.run('UPDATE groups SET nudged_at = ? WHERE id IN (SELECT value FROM json_each(?))', [
      now.toISOString(),
      JSON.stringify(groups.map((g) => g.id)),
    ]);
    return mails.length;
  });
}

/**
 * A MET or NOT MET answer, with the line they wrote, stored against the group the question was about: the
 * group the follow-up they answered names, else the latest group they were in.
 */
export async function recordMeeting(
  tx: Queryable,
  personId: number,
  answer: { met: boolean; line: string; groupId: number | null },
  now: Date,
): Promise<boolean> {
  const groupId = answer.groupId ?? (await latestGroupOf(tx, personId))?.groupId ?? null;
  if (groupId === null) return false;
  await tx.run(
    `INSERT INTO answers (group_id, person_id, met, outcome, answered_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (group_id, person_id) DO UPDATE SET met = excluded.met, outcome = excluded.outcome, answered_at = excluded.answered_at`,
    [groupId, personId, answer.met ? 1 : 0, answer.line.slice(0, 1000) || null, now.toISOString()],
  );
  return true;
}

/**
 * The day before a round (REMINDER_DAYS_BEFORE), a short note to each participant who is due and has not
 * asked for quiet: reply SKIP to sit it out. Once per round, however often the job runs.
 */
export async function sendReminders(db: Database, config: Config, now: Date): Promise<number> {
  if (config.reminderDaysBefore === 0) return 0;
  const next = nextOccurrence(config.matchSchedule, config.tz, now);
  if (next.getTime() - now.getTime() > config.reminderDaysBefore * DAY) return 0;
  return db.transaction(async (tx) => {
    const period = next.toISOString();
    const claimed = await tx.get<{ period: string }>(
      'INSERT INTO round_reminders (period, sent_at, recipients) VALUES (?, ?, 0) ON CONFLICT (period) DO NOTHING RETURNING period',
      [period, now.toISOString()],
    );
    if (!claimed) return 0;
    const quiet = new Set((await tx.all<{ id: number }>('SELECT id FROM people WHERE reminders = 0')).map((r) => r.id));
    // Due on the round's date, not today's: cadences count to the round.
    const due = (await loadEligible(tx, next)).filter((p) => !quiet.has(p.id));
    await enqueueMails(
      tx,
      due.map((p) => ({
        template: 'reminder' as const,
        data: { name: p.name, roundDate: period },
        to: [{ email: p.email, name: p.name }],
        personId: p.id,
      })),
      { messageDomain: config.replyDomain, now },
    );
    await tx.run('UPDATE round_reminders SET recipients = ? WHERE period = ?', [due.length, period]);
    return due.length;
  });
}
