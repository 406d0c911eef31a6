import type { Queryable } from './database.js';

/** What a participant tells us about themselves, and what their match sees. */
export interface Details {
  name: string | null;
  phone: string | null; // E.164
  organisation: string | null;
  googleId: string | null;
  skypeId: string | null;
  /** Another channel: Teams, Zoom, Signal … as they wrote it. */
  other: string | null;
  /** What they would like to talk about. */
  topics: string | null;
}

/** Details as they are shared with the people someone is matched with. */
export interface SharedDetails extends Details {
  email: string;
}

export type PersonStatus =
  | 'invited'
  | 'awaiting_details'
  | 'active'
  | 'paused'
  | 'stopped'
  | 'bounced'
  | 'complained'
  | 'erased';

export interface Person {
  id: number;
  email: string | null;
  name: string | null;
  organisation: string | null;
  phone: string | null;
  google_id: string | null;
  skype_id: string | null;
  other_channel: string | null;
  topics: string | null;
  status: PersonStatus;
  status_changed_at: string;
  consent_at: string | null;
  consent_version: string | null;
  created_at: string;
  updated_at: string;
  joined_at: string | null;
  /** YYYY-MM-DD, or null for "until they reply RESUME" (when paused). */
  paused_until: string | null;
  skip_next_round: number;
  reminders: number;
  cadence: 'every' | 'monthly' | 'bimonthly' | 'quarterly';
  last_reply_at: string | null;
  source: 'invitation' | 'domain';
  /** The organisation they are (src/organisations/); null: their own, or not linked yet. */
  organisation_id: number | null;
  /** What the organiser's invitation file said they work for. */
  organiser_organisation: string | null;
}

export function findPersonByEmail(db: Queryable, email: string): Promise<Person | undefined> {
  return db.get<Person>('SELECT * FROM people WHERE email = ?', [email.toLowerCase()]);
}

export function findPersonById(db: Queryable, id: number): Promise<Person | undefined> {
  return db.get<Person>('SELECT * FROM people WHERE id = ?', [id]);
}

/** People among these addresses, keyed by lowercased address, with whether each was invited before. */
export async function peopleAmong(
  db: Queryable,
  emails: string[],
): Promise<Map<string, { id: number; status: PersonStatus; invited: boolean }>> {
  const found = new Map<string, { id: number; status: PersonStatus; invited: boolean }>();
  for (let i = 0; i < emails.length; i += 500) {
    const chunk = emails.slice(i, i + 500);
    const rows = await db.all<{ id: number; email: string; status: PersonStatus; invited: number }>(
      `SELECT p.id, p.email, p.status, EXISTS (SELECT 1 FROM invitations i WHERE i.person_id = p.id) AS invited
       FROM people p WHERE p.email IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    );
    for (const r of rows) found.set(r.email, { id: r.id, status: r.status, invited: r.invited === 1 });
  }
  return found;
}

/**
 * Adds an invitee, or returns the existing person. A name or organisation from the file fills a gap
 * but never overwrites what the person told us themselves.
 */
export async function upsertInvitee(
  db: Queryable,
  invitee: { email: string; name: string | null; organisation: string | null },
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const row = await db.get<{ id: number }>(
    `INSERT INTO people (email, name, organisation, organiser_organisation, status, status_changed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'invited', ?, ?, ?)
     ON CONFLICT (email) DO UPDATE SET
       name = coalesce(people.name, excluded.name),
       organisation = coalesce(people.organisation, excluded.organisation),
       organiser_organisation = coalesce(excluded.organiser_organisation, people.organiser_organisation)
     RETURNING id`,
    [invitee.email.toLowerCase(), invitee.name, invitee.organisation, invitee.organisation, at, at, at],
  );
  return row!.id;
}

/** upsertInvitee for many at once; returns each lowercased address's person id. */
export async function upsertInvitees(
  db: Queryable,
  invitees: Array<{ email: string; name: string | null; organisation: string | null }>,
  now: Date,
): Promise<Map<string, number>> {
  const at = now.toISOString();
  const ids = new Map<string, number>();
  const PER_STATEMENT = 4000; // 7 parameters each, below SQLite's 32,766
  for (let i = 0; i < invitees.length; i += PER_STATEMENT) {
    const chunk = invitees.slice(i, i + PER_STATEMENT);
    // The file's organisation is also kept apart: it is trusted over what the person later writes.
    const rows = await db.all<{ id: number; email: string }>(
      `INSERT INTO people (email, name, organisation, organiser_organisation, status, status_changed_at, created_at, updated_at)
       VALUES ${chunk.map(() => "(?, ?, ?, ?, 'invited', ?, ?, ?)").join(', ')}
       ON CONFLICT (email) DO UPDATE SET
         name = coalesce(people.name, excluded.name),
         organisation = coalesce(people.organisation, excluded.organisation),
         organiser_organisation = coalesce(excluded.organiser_organisation, people.organiser_organisation)
       RETURNING id, email`,
      chunk.flatMap((p) => [p.email.toLowerCase(), p.name, p.organisation, p.organisation, at, at, at]),
    );
    for (const r of rows) ids.set(r.email, r.id);
  }
  return ids;
}

/**
 * How many people (with an address: not erased) each organisation has on each mail host, in one pass over
 * people: what both the people counts and "one domain over several organisations" need.
 */
export async function organisationHosts(db: Queryable): Promise<Array<[organisationId: number, host: string, people: number]>> {
  const row = await db.get<{ j: string | null }>(
    `SELECT json_group_array(json_array(organisation_id, host, n)) AS j
     FROM (SELECT organisation_id, substr(email, instr(email, '@') + 1) AS host, count(*) AS n FROM people
           WHERE organisation_id IS NOT NULL AND email IS NOT NULL GROUP BY organisation_id, host)`,
  );
  return JSON.parse(row?.j ?? '[]') as Array<[number, string, number]>;
}

export async function countPeopleByStatus(db: Queryable): Promise<Partial<Record<PersonStatus, number>>> {
  const rows = await db.all<{ status: PersonStatus; n: number }>('SELECT status, count(*) AS n FROM people GROUP BY status');
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** A person's details as the rest of the service names them. */
export function detailsOf(p: Person): Details {
  return {
    name: p.name,
    phone: p.phone,
    organisation: p.organisation,
    googleId: p.google_id,
    skypeId: p.skype_id,
    other: p.other_channel,
    topics: p.topics,
  };
}

/** What their match sees: their details and address. */
export function sharedDetailsOf(p: Person): SharedDetails {
  return { email: p.email ?? '', ...detailsOf(p) };
}
