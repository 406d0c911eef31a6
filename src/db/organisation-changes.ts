import type { Queryable } from './database.js';

export type OrganisationChangeKind = 'merge' | 'rename' | 'split-domain';

export interface OrganisationChange {
  id: number;
  kind: OrganisationChangeKind;
  summary: string;
  /** JSON: what undoing it needs. */
  undo: string;
  created_at: string;
  undone_at: string | null;
}

export async function recordChange(db: Queryable, kind: OrganisationChangeKind, summary: string, undo: unknown, now: Date): Promise<number> {
  const row = await db.get<{ id: number }>(
    'INSERT INTO organisation_changes (kind, summary, undo, created_at) VALUES (?, ?, ?, ?) RETURNING id',
    [kind, summary, JSON.stringify(undo), now.toISOString()],
  );
  return row!.id;
}

export function findChange(db: Queryable, id: number): Promise<OrganisationChange | undefined> {
  return db.get<OrganisationChange>('SELECT * FROM organisation_changes WHERE id = ?', [id]);
}

export async function markUndone(db: Queryable, id: number, now: Date): Promise<void> {
  await db.run('UPDATE organisation_changes SET undone_at = ? WHERE id = ?', [now.toISOString(), id]);
}

/** A later change not undone, which undoing this one would silently break. */
export function laterLiveChange(db: Queryable, id: number): Promise<{ id: number } | undefined> {
  return db.get<{ id: number }>('SELECT id FROM organisation_changes WHERE id > ? AND undone_at IS NULL ORDER BY id LIMIT 1', [id]);
}

export function listChanges(db: Queryable): Promise<OrganisationChange[]> {
  return db.all<OrganisationChange>('SELECT * FROM organisation_changes ORDER BY id');
}
