import type { Queryable } from './database.js';

export function recordInvitation(
  db: Queryable,
  inv: { personId: number; outboxId: number; source: string | null },
  now: Date,
) {
  return db.run('INSERT INTO invitations (person_id, outbox_id, source, created_at) VALUES (?, ?, ?, ?)', [
    inv.personId,
    inv.outboxId,
    inv.source,
    now.toISOString(),
  ]);
}
