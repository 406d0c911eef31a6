import type { Queryable } from './database.js';

export interface Organisation {
  id: number;
  name: string;
  created_at: string;
}

export async function createOrganisation(db: Queryable, name: string, now: Date, id?: number): Promise<number> {
  const row = await db.get<{ id: number }>('INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?) RETURNING id', [
    id ?? null,
    name,
    now.toISOString(),
  ]);
  return row!.id;
}

export function findOrganisation(db: Queryable, id: number): Promise<Organisation | undefined> {
  return db.get<Organisation>('SELECT * FROM organisations WHERE id = ?', [id]);
}

export async function renameOrganisation(db: Queryable, id: number, name: string): Promise<void> {
  await db.run('UPDATE organisations SET name = ? WHERE id = ?', [name, id]);
}

export async function deleteOrganisation(db: Queryable, id: number): Promise<void> {
  await db.run('DELETE FROM organisations WHERE id = ?', [id]);
}

/** Every organisation with how many people (not erased) it has, in one pass. */
export function listOrganisations(db: Queryable): Promise<Array<Organisation & { people: number }>> {
  return db.all<Organisation & { people: number }>(
    `SELECT o.id, o.name, o.created_at, coalesce(c.n, 0) AS people FROM organisations o
     LEFT JOIN (SELECT organisation_id, count(*) AS n FROM people WHERE status <> 'erased' AND organisation_id IS NOT NULL GROUP BY organisation_id) c
       ON c.organisation_id = o.id
     ORDER BY o.id`,
  );
}

/** Organisation ids by display name, for a name an organiser types. */
export function organisationsNamed(db: Queryable, name: string): Promise<Organisation[]> {
  return db.all<Organisation>('SELECT * FROM organisations WHERE lower(name) = lower(?) ORDER BY id', [name]);
}
