import type { Database } from './db/database.js';
import { outboxCounts } from './db/outbox.js';

export interface Health {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unreachable';
  mailer: string;
  outbox: { pending: number; sending: number; failed: number; sent: number } | null;
  lastRound: { id: number; at: string } | null;
}

/** What /healthz reports: whether the database answers, how much mail waits, when the last round ran. */
export async function checkHealth(db: Database, mailer: string): Promise<Health> {
  try {
    const counts = await outboxCounts(db);
    const hasRounds = await db.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'rounds'");
    const lastRound = hasRounds?.n
      ? ((await db.get<{ id: number; at: string }>('SELECT id, created_at AS at FROM rounds ORDER BY id DESC LIMIT 1')) ?? null)
      : null;
    return {
      status: 'ok',
      database: 'ok',
      mailer,
      outbox: { pending: counts.pending, sending: counts.sending, failed: counts.failed, sent: counts.sent },
      lastRound,
    };
  } catch {
    return { status: 'unavailable', database: 'unreachable', mailer, outbox: null, lastRound: null };
  }
}
