import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';

/** A person's one-click unsubscribe token: 128 random bits, 32 hex digits. */
export function newUnsubscribeToken(): string {
  return randomBytes(16).toString('hex');
}

export const UNSUBSCRIBE_TOKEN = /^[0-9a-f]{32}$/;

/**
 * The unsubscribe token of each of these people, giving one to anyone who has none yet (a token is made
 * the first time a mail to the person carries the link). Erased people get none. Two senders at once
 * cannot give a person two: the UPDATE only fills an empty token, and both then read the one stored.
 */
export async function unsubscribeTokensFor(db: Queryable, personIds: number[]): Promise<Map<number, string>> {
  const ids = [...new Set(personIds)];
  const tokens = new Map<number, string>();
  if (!ids.length) return tokens;
  const fresh = JSON.stringify(ids.map((id) => [id, newUnsubscribeToken()]));
  await db.run(
    `UPDATE people SET unsubscribe_token = (SELECT value ->> 1 FROM json_each(?1) WHERE value ->> 0 = people.id)
     WHERE id IN (SELECT value ->> 0 FROM json_each(?1)) AND unsubscribe_token IS NULL AND email IS NOT NULL`,
    [fresh],
  );
  const rows = await db.all<{ id: number; unsubscribe_token: string }>(
    `SELECT id, unsubscribe_token FROM people
     WHERE id IN (SELECT value FROM json_each(?)) AND unsubscribe_token IS NOT NULL AND email IS NOT NULL`,
    [JSON.stringify(ids)],
  );
  for (const r of rows) tokens.set(r.id, r.unsubscribe_token);
  return tokens;
}
