import { createHash } from 'node:crypto';
import type { Queryable } from './database.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface ConfirmationRow {
  id: number;
  person_id: number;
  inbound_id: number;
  outbox_id: number;
  created_at: string;
  closed_at: string | null;
  outcome: 'confirmed' | 'declined' | 'superseded' | null;
}

/** Whether a confirmation mail went to this person within the last `hours`. */
export async function confirmationSentWithin(db: Queryable, personId: number, hours: number, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - hours * HOUR).toISOString();
  return Boolean(await db.get('SELECT 1 AS x FROM confirmations WHERE person_id = ? AND created_at > ? LIMIT 1', [personId, since]));
}

export async function recordConfirmation(db: Queryable, row: { personId: number; inboundId: number; outboxId: number }, now: Date): Promise<void> {
  await db.run('INSERT INTO confirmations (person_id, inbound_id, outbox_id, created_at) VALUES (?, ?, ?, ?)', [
    row.personId,
    row.inboundId,
    row.outboxId,
    now.toISOString(),
  ]);
}

/** The confirmation a mail of ours asked for, if that mail was one. */
export function confirmationOf(db: Queryable, outboxId: number): Promise<ConfirmationRow | undefined> {
  return db.get<ConfirmationRow>('SELECT * FROM confirmations WHERE outbox_id = ?', [outboxId]);
}

/** Whether it can still be answered YES: not closed and not older than `validDays`. */
export function confirmationOpen(row: ConfirmationRow | undefined, validDays: number, now: Date): row is ConfirmationRow {
  return Boolean(row && row.closed_at === null && new Date(row.created_at).getTime() > now.getTime() - validDays * DAY);
}

export async function closeConfirmation(db: Queryable, id: number, outcome: NonNullable<ConfirmationRow['outcome']>, now: Date): Promise<void> {
  await db.run('UPDATE confirmations SET closed_at = ?, outcome = ? WHERE id = ? AND closed_at IS NULL', [now.toISOString(), outcome, id]);
}

function addressHash(address: string): string {
  return createHash('sha256').update(`unmentoring stranger\0${address.toLowerCase()}`).digest('hex');
}

/** Whether this unknown address was answered within the last `days`. */
export async function strangerAnsweredWithin(db: Queryable, address: string, days: number, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - days * DAY).toISOString();
  return Boolean(await db.get('SELECT 1 AS x FROM stranger_answers WHERE address_hash = ? AND answered_at > ?', [addressHash(address), since]));
}

/** Forgets answers to unknown addresses older than `days`: they are no longer needed. */
export async function pruneStrangerAnswers(db: Queryable, days: number, now: Date): Promise<void> {
  await db.run('DELETE FROM stranger_answers WHERE answered_at <= ?', [new Date(now.getTime() - days * DAY).toISOString()]);
}

/** Records an answer to an unknown address. */
export async function recordStrangerAnswer(db: Queryable, address: string, now: Date): Promise<void> {
  await db.run(
    `INSERT INTO stranger_answers (address_hash, answered_at) VALUES (?, ?)
     ON CONFLICT (address_hash) DO UPDATE SET answered_at = excluded.answered_at`,
    [addressHash(address), now.toISOString()],
  );
}

/**
 * For the organiser: messages not acted on because nobody could show who sent them, received since
 * `since` (all time when absent). `strangers`: from unknown senders, dropped unanswered; `held`: naming a
 * known person, held until they confirm (with or without a confirmation mail, which goes once a day).
 */
export async function countUntrusted(db: Queryable, prefixes: { stranger: string; held: string[] }, since?: Date): Promise<{ strangers: number; held: number }> {
  const like = (p: string) => `${p.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_')}%`;
  const row = await db.get<{ strangers: number; held: number }>(
    `SELECT
       coalesce(sum(reason LIKE ? ESCAPE '\\'), 0) AS strangers,
       coalesce(sum(${prefixes.held.map(() => "reason LIKE ? ESCAPE '\\'").join(' OR ')}), 0) AS held
     FROM inbound_messages WHERE received_at >= ?`,
    [like(prefixes.stranger), ...prefixes.held.map(like), (since ?? new Date(0)).toISOString()],
  );
  return { strangers: row?.strangers ?? 0, held: row?.held ?? 0 };
}
