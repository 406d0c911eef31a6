import type { Queryable } from './database.js';

export type SuppressionReason = 'bounce' | 'dropped' | 'spamreport' | 'unsubscribe' | 'stop' | 'erased';

export function suppress(db: Queryable, email: string, reason: SuppressionReason, now: Date) {
  return db.run(
    'INSERT INTO suppressions (email, reason, created_at) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING',
    [email.toLowerCase(), reason, now.toISOString()],
  );
}

/** Which of these addresses are suppressed, and why. */
export async function suppressedAmong(db: Queryable, emails: string[]): Promise<Map<string, SuppressionReason>> {
  const found = new Map<string, SuppressionReason>();
  // SQLite allows 32,766 parameters a statement; stay well below it.
  for (let i = 0; i < emails.length; i += 500) {
    const chunk = emails.slice(i, i + 500).map((e) => e.toLowerCase());
    const rows = await db.all<{ email: string; reason: SuppressionReason }>(
      `SELECT email, reason FROM suppressions WHERE email IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    );
    for (const r of rows) found.set(r.email, r.reason);
  }
  return found;
}

export interface Suppression {
  email: string;
  reason: SuppressionReason;
  created_at: string;
}

/** The address's suppression, if it has one. */
export async function suppressionOf(db: Queryable, email: string | null): Promise<Suppression | undefined> {
  if (!email) return undefined;
  return db.get<Suppression>('SELECT email, reason, created_at FROM suppressions WHERE email = ?', [email.toLowerCase()]);
}

/**
 * Lifts exactly this suppression (a rejoin after it): not one made since it was read, and never an
 * erasure's, which keeps an erased address from being invited again.
 */
export function unsuppress(db: Queryable, s: Suppression) {
  return db.run("DELETE FROM suppressions WHERE email = ? AND reason = ? AND created_at = ? AND reason <> 'erased'", [
    s.email,
    s.reason,
    s.created_at,
  ]);
}
