import type { PersonStatus } from '../db/people.js';
import type { SuppressionReason } from '../db/suppressions.js';
import { DETAIL_KEYS, DETAIL_LABELS, REQUIRED_DETAILS, emptyDetails, type Cadence, type DetailKey, type Details } from '../participants/details.js';
import type { Intent } from './read/intent.js';

export { emptyDetails, type Cadence, type Details, type Intent };

/** What a reply says, as readReply found it. */
export interface Reading {
  intent: Intent;
  fields: Details;
  pauseUntil: string | null;
  cadence: Cadence | null;
  reply: string;
}

/** The person a reply is from, as far as the decision needs to know them. */
export interface PersonView {
  status: PersonStatus;
  email: string;
  details: Details;
}

/** Which of our mails the reply answers, when the token or the thread says so. */
export type Answering = 'invitation' | 'ask-details' | 'other' | null;

export interface DecisionInput {
  person: PersonView | null;
  /** For a sender we do not know: may they join (their domain is in ALLOWED_DOMAINS)? */
  domainAllowed: boolean;
  reading: Reading;
  answering: Answering;
  /** SPF and DKIM both failed: the From address may be forged. */
  spoofed: boolean;
  /** Organisation to assume when none is given: the sender's domain, unless it is a public mail provider. */
  domainOrganisation: string | null;
}

/** An email the decision asks for; addressing and threading are added when it is applied. */
export type Answer =
  | { template: 'invitation' }
  | { template: 'ask-details'; missing: Array<'name' | 'phone' | 'organisation'> }
  | { template: 'welcome' }
  | { template: 'details-updated'; changed: string[] }
  | { template: 'already-in' }
  | { template: 'not-invited' }
  | { template: 'stopped' }
  | { template: 'declined' }
  | { template: 'paused'; until: string | null }
  | { template: 'skipping' }
  | { template: 'resumed' }
  | { template: 'quiet' }
  | { template: 'cadence'; cadence: Cadence }
  | { template: 'help' }
  | { template: 'my-data' }
  | { template: 'erased' }
  | { template: 'forwarded' }
  | { template: 'met-recorded'; met: boolean };

export type OrganiserMail = { template: 'organiser-forward' } | { template: 'spoofed-notice'; reason: string };

export interface Decision {
  /** Short, free of personal data: stored with the inbound message and logged. */
  outcome: string;
  /** Create the sender as a new person (an allowed domain). */
  createPerson?: boolean;
  status?: PersonStatus;
  /** Details to store (only the keys given change). */
  details?: Partial<Details>;
  recordConsent?: boolean;
  pausedUntil?: string | null;
  skipNextRound?: boolean;
  reminders?: boolean;
  cadence?: Cadence;
  suppress?: SuppressionReason;
  unsuppress?: boolean;
  erase?: boolean;
  /** A MET/NOT MET answer, stored against their latest group by the rounds capability. */
  met?: boolean;
  answer?: Answer;
  /**
   * Send the answer although the address is suppressed: the acknowledgement of a STOP or DELETE, or an
   * answer someone who left asked for themselves (their data, help, a question).
   */
  finalNotice?: boolean;
  organiser?: OrganiserMail;
}

function given(fields: Details): Partial<Details> {
  const out: Partial<Details> = {};
  for (const k of DETAIL_KEYS) if (fields[k]) out[k] = fields[k];
  return out;
}

function changedKeys(before: Details, after: Partial<Details>): DetailKey[] {
  return DETAIL_KEYS.filter((k) => after[k] !== undefined && after[k] !== before[k]);
}

/**
 * Joining or completing a join: the details they gave now, over what we had. Organisation falls back to
 * their email domain (when it is not a public provider), so only name and phone can truly be missing.
 */
function join(person: PersonView | null, reading: Reading, domainOrganisation: string | null, extra: Partial<Decision> = {}): Decision {
  const before = person?.details ?? emptyDetails();
  const merged: Details = { ...before, ...given(reading.fields) };
  if (!merged.organisation && domainOrganisation) merged.organisation = domainOrganisation;
  const missing = REQUIRED_DETAILS.filter((k) => !merged[k]);
  const details = { ...given(merged) };
  if (missing.length) {
    return {
      ...extra,
      outcome: `awaiting details: ${missing.join(', ')} missing`,
      status: 'awaiting_details',
      details,
      answer: { template: 'ask-details', missing },
    };
  }
  return { ...extra, outcome: 'joined', status: 'active', details, recordConsent: true, answer: { template: 'welcome' } };
}


function hasAnyDetail(fields: Details): boolean {
  return DETAIL_KEYS.some((k) => fields[k]);
}

/** Things everyone may ask, whatever their status: help, their data, erasure, a question for a person. */
function common(input: DecisionInput): Decision | null {
  switch (input.reading.intent) {
    case 'help':
      return { outcome: 'help sent', answer: { template: 'help' } };
    case 'my_data':
      return { outcome: 'their data sent', answer: { template: 'my-data' } };
    case 'delete':
      return { outcome: 'erased', erase: true, suppress: 'erased', answer: { template: 'erased' }, finalNotice: true };
    case 'other':
      return { outcome: 'forwarded to the organiser', organiser: { template: 'organiser-forward' }, answer: { template: 'forwarded' } };
    default:
      return null;
  }
}

/**
 * The rules of the service in one place: given who wrote and what they said, what changes and which mails
 * go out. Pure: no I/O, so every rule is tested directly. Never makes anyone a participant on an ambiguous
 * reply: only join, yes or details given in answer to our invitation or question count.
 */
export function decide(input: DecisionInput): Decision {
  const { person, reading } = input;
  const intent = reading.intent;

  if (input.spoofed && person) {
    return {
      outcome: 'ignored: SPF and DKIM both failed',
      organiser: { template: 'spoofed-notice', reason: 'SPF and DKIM both failed' },
    };
  }

  if (!person) {
    if (input.spoofed) return { outcome: 'ignored: unknown sender, SPF and DKIM both failed' };
    if (intent === 'stop' || intent === 'decline' || intent === 'delete') return { outcome: 'nothing to do: not known' };
    if (!input.domainAllowed) return { outcome: 'not invited', answer: { template: 'not-invited' } };
    // They never saw the invitation's wording, so cannot have agreed to it yet: send it to them first.
    return { outcome: 'invited: allowed domain', createPerson: true, status: 'invited', answer: { template: 'invitation' } };
  }

  const answersUs = input.answering === 'invitation' || input.answering === 'ask-details';
  const joining =
    intent === 'join' ||
    intent === 'yes' ||
    (intent === 'update' && answersUs && Boolean(reading.fields.phone || reading.fields.name));

  switch (person.status) {
    case 'invited':
    case 'awaiting_details': {
      if (joining || (intent === 'update' && hasAnyDetail(reading.fields))) return join(person, reading, input.domainOrganisation);
      if (intent === 'decline') return { outcome: 'declined', status: 'stopped', suppress: 'stop', answer: { template: 'declined' }, finalNotice: true };
      if (intent === 'stop') return { outcome: 'stopped', status: 'stopped', suppress: 'stop', answer: { template: 'stopped' }, finalNotice: true };
      const c = common(input);
      if (c) return c;
      // PAUSE, SKIP, MET … before joining mean nothing yet: tell them what they can do.
      return { outcome: `help sent: ${intent} before joining`, answer: { template: 'help' } };
    }

    case 'active':
    case 'paused': {
      const fresh = given(reading.fields);
      const changed = changedKeys(person.details, fresh);
      if (joining || intent === 'update') {
        if (changed.length) {
          return {
            outcome: `details updated: ${changed.join(', ')}`,
            details: fresh,
            ...(person.status === 'paused' && intent === 'yes' ? { status: 'active' as const, pausedUntil: null } : {}),
            answer: { template: 'details-updated', changed: changed.map((k) => DETAIL_LABELS[k]) },
          };
        }
        if (person.status === 'paused' && (intent === 'yes' || intent === 'join')) {
          return { outcome: 'resumed', status: 'active', pausedUntil: null, answer: { template: 'resumed' } };
        }
        return { outcome: 'already in', answer: { template: 'already-in' } };
      }
      switch (intent) {
        case 'decline':
        case 'stop':
          return { outcome: 'stopped', status: 'stopped', suppress: 'stop', answer: { template: 'stopped' }, finalNotice: true };
        case 'pause':
          return { outcome: 'paused', status: 'paused', pausedUntil: reading.pauseUntil, answer: { template: 'paused', until: reading.pauseUntil } };
        case 'skip':
          return { outcome: 'skipping next round', skipNextRound: true, answer: { template: 'skipping' } };
        case 'resume':
          return { outcome: 'resumed', status: 'active', pausedUntil: null, skipNextRound: false, answer: { template: 'resumed' } };
        case 'quiet':
          return { outcome: 'reminders off', reminders: false, answer: { template: 'quiet' } };
        case 'cadence':
          return reading.cadence
            ? { outcome: `cadence ${reading.cadence}`, cadence: reading.cadence, answer: { template: 'cadence', cadence: reading.cadence } }
            : { outcome: 'forwarded to the organiser', organiser: { template: 'organiser-forward' }, answer: { template: 'forwarded' } };
        case 'met':
        case 'not_met':
          return { outcome: intent === 'met' ? 'met' : 'not met', met: intent === 'met', answer: { template: 'met-recorded', met: intent === 'met' } };
        default:
          return common(input)!;
      }
    }

    case 'stopped':
    case 'bounced':
    case 'complained': {
      // They left, but a clear wish to join again is theirs to make.
      if (joining || intent === 'resume') return join(person, reading, input.domainOrganisation, { unsuppress: true });
      if (intent === 'stop' || intent === 'decline') return { outcome: 'nothing to do: already stopped' };
      if (intent === 'help' || intent === 'my_data' || intent === 'delete' || intent === 'other') return { ...common(input)!, finalNotice: true };
      return { outcome: `ignored: ${intent} after stopping` };
    }

    case 'erased':
      return { outcome: 'ignored: erased' };
  }
}
