// Stored with the person, so defined beside the table; re-exported here for everything above the database.
import type { Details } from '../db/people.js';
export type { Details, SharedDetails } from '../db/people.js';

export type Cadence = 'monthly' | 'bimonthly' | 'quarterly';

export const DETAIL_KEYS = ['name', 'phone', 'organisation', 'googleId', 'skypeId', 'other', 'topics'] as const;
export type DetailKey = (typeof DETAIL_KEYS)[number];

/** The details without which nobody joins. */
export const REQUIRED_DETAILS = ['name', 'phone', 'organisation'] as const;
export type RequiredDetail = (typeof REQUIRED_DETAILS)[number];

export const DETAIL_LABELS: Record<DetailKey, string> = {
  name: 'name',
  phone: 'phone',
  organisation: 'organisation',
  googleId: 'Google ID',
  skypeId: 'Skype ID',
  other: 'other channel',
  topics: 'topics',
};

export function emptyDetails(): Details {
  return { name: null, phone: null, organisation: null, googleId: null, skypeId: null, other: null, topics: null };
}
