import type { Database } from './db/database.js';
import { deliveryAlerts, outboxCounts, type DeliveryAlert } from './db/outbox.js';

export interface Health {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unreachable';
  mailer: string;
  outbox: { pending: number; sending: number; failed: number; sent: number } | null;
  lastRound: { id: number; at: string } | null;
  /**
   * Present only when the sender has something the organiser must act on: the provider refusing our
   * credentials (delivery paused) or ORGANISER_EMAIL suppressed. The service itself still answers, so the
   * status stays ok: taking the web process out of a load balancer would not bring the mail back.
   */
  delivery?: {
    status: 'paused' | 'sending';
    alerts: Array<{ kind: DeliveryAlert['kind']; message: string; since: string; lastSeen: string; retryAt: string | null }>;
  };
}

/** What /healthz reports: whether the database answers, how much mail waits, when the last round ran. */
export async function checkHealth(db: Database, mailer: string): Promise<Health> {
  try {
    const counts = await outboxCounts(db);
    const tables = new Set(
      (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('rounds', 'delivery_alerts')")).map((t) => t.name),
    );
    const lastRound = tables.has('rounds')
      ? ((await db.get<{ id: number; at: string }>('SELECT id, created_at AS at FROM rounds ORDER BY id DESC LIMIT 1')) ?? null)
      : null;
    const alerts = tables.has('delivery_alerts') ? await deliveryAlerts(db) : [];
    return {
      status: 'ok',
      database: 'ok',
      mailer,
      outbox: { pending: counts.pending, sending: counts.sending, failed: counts.failed, sent: counts.sent },
      lastRound,
      ...(alerts.length
        ? {
            delivery: {
              status: alerts.some((a) => a.kind === 'provider-refused') ? 'paused' : 'sending',
              alerts: alerts.map((a) => ({ kind: a.kind, message: a.message, since: a.since, lastSeen: a.seen_at, retryAt: a.until })),
            },
          }
        : {}),
    };
  } catch {
    return { status: 'unavailable', database: 'unreachable', mailer, outbox: null, lastRound: null };
  }
}
