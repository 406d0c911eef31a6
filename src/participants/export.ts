import { stringify } from 'csv-stringify/sync';
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
  /** The organisation the person counts as (rounds never pair two of one): its id and display name. */
  organisationId: number | null;
  organisationName: string | null;
}

// `organisation` is what the person wrote (their team, as their match reads it); the last two are the
// organisation they are grouped under, so an export sorts and counts by organisation as rounds do.
export const EXPORT_COLUMNS: Array<keyof ExportedParticipant> = [
  'email',
  'name',
  'phone',
  'organisation',
  'googleId',
  'skypeId',
  'status',
  'joinedAt',
  'organisationId',
  'organisationName',
];

/**
 * Participants (people who joined: active or paused), or with `all` everyone the service knows except the
 * erased, in the order they joined.
 */
export function exportParticipants(db: Queryable, opts: { all: boolean }): Promise<ExportedParticipant[]> {
  return db.all<ExportedParticipant>(
    `SELECT p.email, p.name, p.phone, p.organisation, p.google_id AS googleId, p.skype_id AS skypeId, p.status,
            p.joined_at AS joinedAt, o.id AS organisationId, o.name AS organisationName
     FROM people AS p LEFT JOIN organisations AS o ON o.id = p.organisation_id
     WHERE ${opts.all ? "p.status <> 'erased'" : "p.status IN ('active', 'paused')"}
     ORDER BY coalesce(p.joined_at, p.created_at), p.id`,
  );
}

/**
 * Control characters in a cell: C0 (NUL, ESC, tab, CR, LF …), DEL, C1, and the bidirectional overrides and
 * isolates that make a cell show other than what it holds. Tabs and line breaks become a space, so words
 * stay apart; the rest go.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const BREAKS = /[\t\n\r\u2028\u2029]+/g;

/**
 * A value as a CSV cell may hold it: no control characters, and no white space around it, which a
 * spreadsheet may trim on import to find a formula behind it (" =1+1").
 */
export function cellText(value: string): string {
  return value.replace(BREAKS, ' ').replace(CONTROL, '').trim();
}

/**
 * The CSV of `npm run export -- --csv`, safe to open in a spreadsheet. Names and details are what people
 * typed, so a cell may start with =, +, -, @ (or a tab or CR, or their full-width forms): Excel, LibreOffice
 * and Google Sheets would run it as a formula (CSV injection: https://owasp.org/www-community/attacks/CSV_Injection).
 * csv-stringify's `escape_formulas` puts a ' before such a cell, which spreadsheets show as text; a phone
 * number in E.164 (+44…) therefore comes out as '+44…. Control characters are taken out first, so none
 * can hide a formula's first character.
 */
export function participantsCsv(rows: ExportedParticipant[]): string {
  return stringify(rows, {
    header: true,
    columns: EXPORT_COLUMNS,
    escape_formulas: true,
    cast: { string: (v) => cellText(v) },
  });
}
