import type { Queryable } from './database.js';

/** Domains an organiser split: shared from then on. */
export async function splitDomains(db: Queryable): Promise<Set<string>> {
  return new Set((await db.all<{ domain: string }>('SELECT domain FROM split_domains')).map((r) => r.domain));
}

export async function addSplitDomain(db: Queryable, domain: string, now: Date): Promise<void> {
  await db.run('INSERT INTO split_domains (domain, created_at) VALUES (?, ?) ON CONFLICT (domain) DO NOTHING', [domain, now.toISOString()]);
}

export async function removeSplitDomain(db: Queryable, domain: string): Promise<void> {
  await db.run('DELETE FROM split_domains WHERE domain = ?', [domain]);
}
