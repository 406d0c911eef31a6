import type { Config } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { enqueueMails, type NewMail } from '../db/outbox.js';
import { loadEligible } from './round.js';
import { nextOccurrence } from './schedule.js';

const DAY = 86_400_000;

/**
 * "Did you meet?", FOLLOWUP_AFTER_DAYS after each introduction was sent: one mail to each member still
 * taking part, once per group. Returns how many mails were queued.
 */
export async function sendFollowUps(db: Database, config: Config, now: Date): Promise<number> {
  const due = new Date(now.getTime() - config.followupAfterDays * DAY).toISOString();
  return db.transaction(async (tx) => {
    const rows = await tx.all<{ group_id: number; sent_at: string; person_id: number; email: string | null; name: string | null; status: string }>(
      `SELECT g.id AS group_id, o.sent_at, p.id AS person_id, p.email, p.name, p.status
       FROM groups g
       JOIN outbox o ON o.id = g.introduction_outbox_id
       JOIN group_members m ON m.group_id = g.id
       JOIN people p ON p.id = m.person_id
       WHERE g.followed_up_at IS NULL AND o.status = 'sent' AND o.sent_at <= ?
       ORDER BY g.id, p.id`,
      [due],
    );
    const groups = new Map<number, typeof rows>();
    for (const r of rows) groups.set(r.group_id, [...(groups.get(r.group_id) ?? []), r]);
    const mails: NewMail[] = [];
    for (const members of groups.values()) {
      for (const m of members) {
        if (!m.email || !['active', 'paused'].includes(m.status)) continue;
        mails.push({
          template: 'follow-up',
          data: {
            name: m.name,
            partners: members.filter((o) => o.person_id !== m.person_id).map((o) => o.name ?? 'your match'),
            introducedOn: m.sent_at.slice(0, 10),
          },
          to: [{ email: m.email, name: m.name }],
          personId: m.person_id,
        });
      }
    }
    await enqueueMails(tx, mails, { messageDomain: config.replyDomain, now });
    const ids = [...groups.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await tx.run(`UPDATE groups SET followed_up_at = ? WHERE id IN (${chunk.map(() => '?').join(',')})`, [now.toISOString(), ...chunk]);
    }
    return mails.length;
  });
}

/**
 * A MET or NOT MET answer, with the line they wrote, stored against the group the question was about: the
 * latest group they were in before the mail they answered (before now, when it answers none of ours).
 */
export async function recordMeeting(
  tx: Queryable,
  personId: number,
  answer: { met: boolean; line: string; askedAt: string | null },
  now: Date,
): Promise<boolean> {
  const result = await tx.run(
    `UPDATE group_members SET met = ?, outcome = ?, answered_at = ?
     WHERE person_id = ? AND group_id = (
       SELECT m.group_id FROM group_members m JOIN rounds r ON r.id = m.round_id
       WHERE m.person_id = ? AND r.created_at <= ? ORDER BY r.created_at DESC, m.group_id DESC LIMIT 1)`,
    [answer.met ? 1 : 0, answer.line.slice(0, 1000) || null, now.toISOString(), personId, personId, answer.askedAt ?? now.toISOString()],
  );
  return result.changes > 0;
}

/**
 * The day before a round (REMINDER_DAYS_BEFORE), a short note to each participant who is due and has not
 * asked for quiet: reply SKIP to sit it out. Once per round, however often the job runs.
 */
export async function sendReminders(db: Database, config: Config, now: Date): Promise<number> {
  if (config.reminderDaysBefore === 0) return 0;
  const next = nextOccurrence(config.matchSchedule, now);
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
