import type { Queryable } from './database.js';

/** Which organisation each of these normalised names belongs to (absent: none). */
export async function ownersOfAliases(db: Queryable, aliases: string[]): Promise<Map<string, number>> {
  const rows = await db.all<{ alias: string; organisation_id: number }>(
    'SELECT alias, organisation_id FROM organisation_aliases WHERE alias IN (SELECT value FROM json_each(?))',
    [JSON.stringify(aliases)],
  );
  return new Map(rows.map((r) => [r.alias, r.organisation_id]));
}

/** Records a name an organisation is known by, unless that name already belongs to one. */
export async function addAlias(db: Queryable, alias: string, organisationId: number, spelling: string): Promise<void> {
  await db.run(
    'INSERT INTO organisation_aliases (alias, organisation_id, spelling) VALUES (?, ?, ?) ON CONFLICT (alias) DO NOTHING',
    [alias, organisationId, spelling],
  );
}

export function allAliases(db: Queryable): Promise<Array<{ alias: string; organisation_id: number; spelling: string }>> {
  return db.all('SELECT alias, organisation_id, spelling FROM organisation_aliases ORDER BY alias');
}

/** Moves every alias of one organisation to another; returns the aliases moved. */
export async function moveAliases(db: Queryable, from: number, to: number): Promise<string[]> {
  const rows = await db.all<{ alias: string }>('UPDATE organisation_aliases SET organisation_id = ? WHERE organisation_id = ? RETURNING alias', [to, from]);
  return rows.map((r) => r.alias);
}

export async function setAliasOwner(db: Queryable, aliases: string[], organisationId: number): Promise<void> {
  await db.run('UPDATE organisation_aliases SET organisation_id = ? WHERE alias IN (SELECT value FROM json_each(?))', [organisationId, JSON.stringify(aliases)]);
}
