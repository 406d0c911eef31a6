import type { Queryable } from './database.js';

export type InboundStatus = 'pending' | 'processed' | 'ignored' | 'malformed' | 'failed';

export interface InboundRow {
  id: number;
  dedupe_key: string;
  received_at: string;
  content_type: string | null;
  parsed: string | null;
  status: InboundStatus;
  reason: string | null;
  person_id: number | null;
  intent: string | null;
  attempts: number;
}

/**
 * Stores a received request. Returns the new row's id, or null when the same message was stored before
 * (SendGrid's retry, or the same mail delivered twice): it then has no second effect.
 */
export async function storeInbound(
  db: Queryable,
  row: { dedupeKey: string; contentType: string | null; raw: Buffer; parsed: string | null; status: 'pending' | 'malformed'; reason: string | null },
  now: Date,
): Promise<number | null> {
  const inserted = await db.get<{ id: number }>(
    `INSERT INTO inbound_messages (dedupe_key, received_at, content_type, raw, parsed, status, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    [row.dedupeKey, now.toISOString(), row.contentType, row.raw, row.parsed, row.status, row.reason],
  );
  return inserted?.id ?? null;
}

/** Pending messages in arrival order: a person's replies are acted on in the order they came. */
export function pendingInbound(db: Queryable, limit: number): Promise<InboundRow[]> {
  return db.all<InboundRow>(
    `SELECT id, dedupe_key, received_at, content_type, parsed, status, reason, person_id, intent, attempts
     FROM inbound_messages WHERE status = 'pending' ORDER BY id LIMIT ?`,
    [limit],
  );
}

export function finishInbound(
  db: Queryable,
  id: number,
  result: { status: 'processed' | 'ignored' | 'failed' | 'malformed'; reason: string; personId: number | null; intent: string | null },
  now: Date,
) {
  return db.run(
    `UPDATE inbound_messages SET status = ?, reason = ?, person_id = ?, intent = ?, processed_at = ?
     WHERE id = ? AND status = 'pending'`,
    [result.status, result.reason, result.personId, result.intent, now.toISOString(), id],
  );
}

export function countInboundFailure(db: Queryable, id: number, reason: string) {
  return db.run('UPDATE inbound_messages SET attempts = attempts + 1, reason = ? WHERE id = ?', [reason, id]);
}

export function countRepliesFrom(db: Queryable, personId: number): Promise<number> {
  return db.get<{ n: number }>('SELECT count(*) AS n FROM inbound_messages WHERE person_id = ?', [personId]).then((r) => r?.n ?? 0);
}

/** Erasure: what a person wrote to us goes with the rest of their data. */
export function scrubInboundOf(db: Queryable, personId: number) {
  return db.run('UPDATE inbound_messages SET raw = NULL, parsed = NULL WHERE person_id = ?', [personId]);
}

export function scrubInbound(db: Queryable, id: number) {
  return db.run('UPDATE inbound_messages SET raw = NULL, parsed = NULL WHERE id = ?', [id]);
}

/** The stored request, for reading it after it was acknowledged. */
export async function rawInbound(db: Queryable, id: number): Promise<{ raw: Buffer | null; content_type: string | null } | undefined> {
  return db.get('SELECT raw, content_type FROM inbound_messages WHERE id = ?', [id]);
}

export function saveParsedInbound(db: Queryable, id: number, parsed: string) {
  return db.run('UPDATE inbound_messages SET parsed = ? WHERE id = ?', [parsed, id]);
}

/** Replies received since `since` that could not be read (over the read budget, or an error): for the organiser. */
export async function countFailedInbound(db: Queryable, since?: Date): Promise<number> {
  const row = await db.get<{ n: number }>("SELECT count(*) AS n FROM inbound_messages WHERE status = 'failed' AND received_at >= ?", [
    (since ?? new Date(0)).toISOString(),
  ]);
  return row?.n ?? 0;
}
