import type { Queryable } from './database.js';

export async function recordInvitations(
  db: Queryable,
  invitations: Array<{ personId: number; outboxId: number }>,
  source: string | null,
  now: Date,
) {
  const at = now.toISOString();
  const PER_STATEMENT = 8000; // 4 parameters each
  for (let i = 0; i < invitations.length; i += PER_STATEMENT) {
    const chunk = invitations.slice(i, i + PER_STATEMENT);
    await db.run(
      `INSERT INTO invitations (person_id, outbox_id, source, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((inv) => [inv.personId, inv.outboxId, source, at]),
    );
  }
}
