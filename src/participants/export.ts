import type { Queryable } from '../db/database.js';

export interface ExportedParticipant {
  email: string;
  name: string | null;
  phone: string | null;
  organisation: string | null;
  googleId: string | null;
  skypeId: string | null;
  status: string;
  joinedAt: string | null;
}

export const EXPORT_COLUMNS: Array<keyof ExportedParticipant> = ['email', 'name', 'phone', 'organisation', 'googleId', 'skypeId', 'status', 'joinedAt'];

/**
 * Participants (people who joined: active or paused), or with `all` everyone the service knows except the
 * erased, in the order they joined.
 */
export function exportParticipants(db: Queryable, opts: { all: boolean }): Promise<ExportedParticipant[]> {
  return db.all<ExportedParticipant>(
    `SELECT email, name, phone, organisation, google_id AS googleId, skype_id AS skypeId, status, joined_at AS joinedAt
     FROM people
     WHERE ${opts.all ? "status <> 'erased'" : "status IN ('active', 'paused')"}
     ORDER BY coalesce(joined_at, created_at), id`,
  );
}
