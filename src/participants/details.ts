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
