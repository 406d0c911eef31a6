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

export function listOrganisations(db: Queryable): Promise<Organisation[]> {
  return db.all<Organisation>('SELECT id, name, created_at FROM organisations ORDER BY id');
}

/** Organisation ids by display name, for a name an organiser types. */
export function organisationsNamed(db: Queryable, name: string): Promise<Organisation[]> {
  return db.all<Organisation>('SELECT * FROM organisations WHERE lower(name) = lower(?) ORDER BY id', [name]);
}
