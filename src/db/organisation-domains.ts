import type { Queryable } from './database.js';

/** Which organisation owns each of these domains (absent: nobody). */
export async function ownersOfDomains(db: Queryable, domains: string[]): Promise<Map<string, number>> {
  const rows = await db.all<{ domain: string; organisation_id: number }>(
    'SELECT domain, organisation_id FROM organisation_domains WHERE domain IN (SELECT value FROM json_each(?))',
    [JSON.stringify(domains)],
  );
  return new Map(rows.map((r) => [r.domain, r.organisation_id]));
}

/** Gives a domain to an organisation unless another already owns it. */
export async function claimDomain(db: Queryable, domain: string, organisationId: number): Promise<void> {
  await db.run('INSERT INTO organisation_domains (domain, organisation_id) VALUES (?, ?) ON CONFLICT (domain) DO NOTHING', [domain, organisationId]);
}

export async function setDomainOwner(db: Queryable, domain: string, organisationId: number): Promise<void> {
  await db.run(
    'INSERT INTO organisation_domains (domain, organisation_id) VALUES (?, ?) ON CONFLICT (domain) DO UPDATE SET organisation_id = excluded.organisation_id',
    [domain, organisationId],
  );
}

export async function releaseDomain(db: Queryable, domain: string): Promise<number | null> {
  const row = await db.get<{ organisation_id: number }>('DELETE FROM organisation_domains WHERE domain = ? RETURNING organisation_id', [domain]);
  return row?.organisation_id ?? null;
}

export function allDomains(db: Queryable): Promise<Array<{ domain: string; organisation_id: number }>> {
  return db.all('SELECT domain, organisation_id FROM organisation_domains ORDER BY domain');
}

/** Moves every domain of one organisation to another; returns the domains moved. */
export async function moveDomains(db: Queryable, from: number, to: number): Promise<string[]> {
  const rows = await db.all<{ domain: string }>('UPDATE organisation_domains SET organisation_id = ? WHERE organisation_id = ? RETURNING domain', [to, from]);
  return rows.map((r) => r.domain);
}
