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
  /** A join that also asks something: they join, and the organiser is sent the question. */
  question?: boolean;
  /** For BOOKED: the start it gives (an ISO instant), or that it gave none. */
  booking?: { start: string | null; needsTime: boolean } | null;
  /**
   * OTHER because the reader's two readings disagree on details given (readReply's askBack): the person is
   * asked to confirm, and their YES applies this intent.
   */
  askBack?: 'join' | 'update' | null;
}

/** The person a reply is from, as far as the decision needs to know them. */
export interface PersonView {
  status: PersonStatus;
  email: string;
  details: Details;
}

/**
 * Which of our mails to this person the reply answers, when the token or the thread says so.
 * 'confirmation': the mail asking them to confirm a request that came without proof of who sent it.
 */
export type Answering = 'invitation' | 'ask-details' | 'confirmation' | 'other' | null;

export interface DecisionInput {
  person: PersonView | null;
  /** For a sender we do not know: may they join (their domain is in ALLOWED_DOMAINS)? */
  domainAllowed: boolean;
  reading: Reading;
  answering: Answering;
  /**
   * The message is authenticated for `person` (for a stranger: for the sender's address): it answers a
   * mail of ours to them alone and its From is theirs, or an SPF or DKIM pass is aligned with its From
   * domain (identify.ts, authentication.ts). Only an authenticated message changes or reveals anything.
   */
  authenticated: boolean;
  /** A confirmation mail went to this person less than a day ago: a second one waits. */
  confirmationSentRecently: boolean;
  /** This stranger's address was answered less than STRANGER_ANSWER_DAYS ago: no second answer yet. */
  strangerAnsweredRecently: boolean;
  /**
   * For a reply to a confirmation mail: what the request it asked about says, while it can still be
   * confirmed (not yet answered, not older than CONFIRM_VALID_DAYS, the message still kept); else null.
   */
  pending: Reading | null;
  /** Organisation to assume when none is given: the sender's domain, unless it is a public mail provider. */
  domainOrganisation: string | null;
  /**
   * Their address was suppressed (a bounce, a complaint, an unsubscribe, a STOP) after this message
   * arrived. It was written before they left, so it cannot bring them back: only a later message can.
   */
  suppressedAfterReceipt?: boolean;
}

/** At most one confirmation mail per person in this many hours. */
export const CONFIRM_EVERY_HOURS = 24;
/** A confirmation can be answered with YES for this many days. */
export const CONFIRM_VALID_DAYS = 7;
/** A stranger is answered at most once in this many days. */
export const STRANGER_ANSWER_DAYS = 30;

/** Outcomes that start so are counted for the organiser (inbound-trust.ts, the digest). */
export const OUTCOME_STRANGER_DROPPED = 'ignored: unknown sender';
export const OUTCOME_HELD = 'held for confirmation';
export const OUTCOME_HELD_QUIETLY = 'ignored: not authenticated';

/** What a held request asked for, as the confirmation mail names it (never what it said: that could be anyone's words). */
export type RequestKind =
  | 'erase'
  | 'stop'
  | 'join'
  | 'rejoin'
  | 'details'
  | 'show-details'
  | 'pause'
  | 'skip'
  | 'resume'
  | 'quiet'
  | 'cadence'
  | 'met'
  | 'my-data'
  | 'help'
  | 'question'
  | 'booking'
  | 'other';

export interface ConfirmRequest {
  request: RequestKind;
  /** For 'details': the labels of the details it would change. */
  changed: string[];
  /**
   * Why it is asked: the sender is not proven to be the person ('unproven', the confirm-request mail), or it
   * is they but their reply was not read surely ('unsure', the confirm-unsure mail).
   */
  why?: 'unproven' | 'unsure';
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
  | { template: 'met-recorded'; met: boolean }
  | { template: 'confirm-lapsed' }
  | { template: 'booking-needs-time' }
  | { template: 'not-yet' }
  | { template: 'cant-make-it' };

export type OrganiserMail = { template: 'organiser-forward' };

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
  /** BOOKED, NOT YET or CAN'T MAKE IT: stored against the group the reply is about (it is answered). */
  groupReply?: 'booked' | 'not_yet' | 'cant_make_it';
  /**
   * Book (or move) the group's meeting to `start` and send every member the calendar invitation; or cancel
   * a booking the group has, and send the cancellation.
   */
  booking?: { start: string } | { cancel: true };
  /**
   * They leave (STOP, PAUSE, DELETE) while in a group of the round still running that has not met: the
   * others are told, as for CAN'T MAKE IT, and offered someone else, rather than wait for a reply that
   * will not come.
   */
  leavesGroup?: boolean;
  answer?: Answer;
  /**
   * Send the answer although the address is suppressed: the acknowledgement of a STOP or DELETE, or an
   * answer someone who left asked for themselves (their data, help, a question).
   */
  finalNotice?: boolean;
  organiser?: OrganiserMail;
  /**
   * Not acted on: the message is not authenticated for the person it names. They are sent, at their stored
   * address, a mail asking them to confirm; their YES to it applies this message.
   */
  confirm?: ConfirmRequest;
  /**
   * The reply answers a confirmation mail, which is now closed: 'confirmed' (the held request was applied:
   * the changes above are its), 'declined' (they said it was not them), 'superseded' (they asked for
   * something else, which the changes above are).
   */
  closeConfirmation?: 'confirmed' | 'declined' | 'superseded';
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
 *
 * Who wrote comes first (README, "Who a message is from"): a message not authenticated for the person it
 * names changes and reveals nothing; it is held for them to confirm. A stranger's message is answered only
 * when it is authenticated, and then at most once in STRANGER_ANSWER_DAYS, so the service cannot be made
 * to send mail to whoever a forger names.
 */
export function decide(input: DecisionInput): Decision {
  const person = input.person;
  if (!person) return decideStranger(input);
  if (!input.authenticated) return hold(input, person);
  if (input.answering === 'confirmation') return answerConfirmation(input);
  return decideFor(input, person);
}

function decideStranger(input: DecisionInput): Decision {
  const intent = input.reading.intent;
  if (intent === 'stop' || intent === 'decline' || intent === 'delete') return { outcome: 'nothing to do: not known' };
  if (!input.authenticated) return { outcome: `${OUTCOME_STRANGER_DROPPED}, not authenticated` };
  if (input.strangerAnsweredRecently) return { outcome: `${OUTCOME_STRANGER_DROPPED}, answered within ${STRANGER_ANSWER_DAYS} days` };
  if (!input.domainAllowed) return { outcome: 'not invited', answer: { template: 'not-invited' } };
  // They never saw the invitation's wording, so cannot have agreed to it yet: send it to them first.
  return { outcome: 'invited: allowed domain', createPerson: true, status: 'invited', answer: { template: 'invitation' } };
}

/** Whether a decision would change, send or reveal anything at all. */
function hasEffect(d: Decision): boolean {
  return (
    d.createPerson !== undefined ||
    d.status !== undefined ||
    d.details !== undefined ||
    d.recordConsent !== undefined ||
    d.pausedUntil !== undefined ||
    d.skipNextRound !== undefined ||
    d.reminders !== undefined ||
    d.cadence !== undefined ||
    d.suppress !== undefined ||
    d.unsuppress !== undefined ||
    d.erase !== undefined ||
    d.met !== undefined ||
    d.groupReply !== undefined ||
    d.booking !== undefined ||
    d.answer !== undefined ||
    d.organiser !== undefined
  );
}

/** What a decision would do, as the confirmation mail names it. */
export function requestOf(d: Decision): ConfirmRequest {
  const of = (request: RequestKind, changed: string[] = []): ConfirmRequest => ({ request, changed });
  if (d.erase) return of('erase');
  if (d.unsuppress) return of('rejoin');
  if (d.status === 'stopped') return of('stop');
  if (d.recordConsent || d.status === 'awaiting_details') return of('join');
  if (d.met !== undefined) return of('met');
  if (d.groupReply !== undefined) return of('booking');
  if (d.skipNextRound) return of('skip');
  if (d.reminders === false) return of('quiet');
  if (d.cadence) return of('cadence');
  switch (d.answer?.template) {
    case 'details-updated':
      return of('details', d.answer.changed);
    case 'paused':
      return of('pause');
    case 'resumed':
      return of('resume');
    case 'my-data':
      return of('my-data');
    case 'already-in':
      return of('show-details');
    case 'help':
      return of('help');
    case 'forwarded':
      return of('question');
    default:
      return of('other');
  }
}

/**
 * A message that names a known person but is not authenticated for them: nothing it asks is done. If it
 * would have done anything, they are asked, at their own address, to confirm it; at most once a day, so a
 * forger cannot make them a target either.
 */
function hold(input: DecisionInput, person: PersonView): Decision {
  // The confirmation asks them anyway: a join read in doubt is held as the join it reads as.
  const reading = asConfirmed(input.reading);
  const wanted = decideFor({ ...input, reading, authenticated: true, answering: null, pending: null }, person);
  if (!hasEffect(wanted)) return { outcome: `${wanted.outcome} (not authenticated)` };
  if (input.confirmationSentRecently) {
    return { outcome: `${OUTCOME_HELD_QUIETLY}, confirmation already sent within ${CONFIRM_EVERY_HOURS} hours (${wanted.outcome})` };
  }
  return { outcome: `${OUTCOME_HELD}: ${wanted.outcome}`, confirm: requestOf(wanted) };
}

const CONFIRMING = new Set(['yes', 'yeah', 'yep', 'yup', 'y', 'confirm', 'confirmed', 'ok', 'okay', 'correct', 'sure', 'agreed']);
const REFUSING = new Set(['no', 'nope', 'not', 'never', 'wasnt', 'didnt', 'cancel']);

function firstWordOf(reading: Reading): string {
  return (/^[a-z']{1,12}/.exec(reading.reply.trim().slice(0, 40).toLowerCase())?.[0] ?? '').replaceAll("'", '');
}

/**
 * A reply to a confirmation mail (so authenticated by its token). YES, in any common form, applies the
 * request held; NO closes it; anything else is a request of its own and is acted on as one, since a
 * person who answers "PAUSE" or "Phone: …" means that rather than what a forger may have asked.
 */
function answerConfirmation(input: DecisionInput): Decision {
  const { reading } = input;
  const word = firstWordOf(reading);
  const intent = reading.intent;
  const says = (set: Set<string>) => set.has(word) || (word === '' && set.has(intent));
  const confirms =
    intent === 'yes' || ((intent === 'join' || intent === 'other') && !hasAnyDetail(reading.fields) && says(CONFIRMING));
  if (confirms) {
    if (!input.pending) return { outcome: 'nothing to confirm: lapsed or already done', answer: { template: 'confirm-lapsed' } };
    const acted = decide({ ...input, reading: input.pending, answering: null, pending: null });
    return { ...acted, outcome: `confirmed: ${acted.outcome}`, closeConfirmation: 'confirmed' };
  }
  if (intent === 'decline' || (intent === 'other' && says(REFUSING))) {
    return { outcome: 'not confirmed: nothing done', ...(input.pending ? { closeConfirmation: 'declined' as const } : {}) };
  }
  const acted = decideFor({ ...input, answering: 'other', pending: null }, input.person!);
  return { ...acted, ...(input.pending ? { closeConfirmation: 'superseded' as const } : {}) };
}

/** A reading the person is to be asked back about, as their YES would apply it. */
export function asConfirmed(reading: Reading): Reading {
  return reading.askBack ? { ...reading, intent: reading.askBack, askBack: null } : reading;
}

/** What an authenticated message from a known person does. */
function decideFor(input: DecisionInput, person: PersonView): Decision {
  const { reading } = input;
  const intent = reading.intent;

  // Details the reader is unsure of (a join, a change): they are asked to confirm at their own address (at
  // most once a day; after that, a person at the service reads it). Their YES applies them.
  if (intent === 'other' && reading.askBack && !input.confirmationSentRecently) {
    const wanted = decideFor({ ...input, reading: asConfirmed(reading) }, person);
    if (hasEffect(wanted)) return { outcome: `held for confirmation (read unsurely): ${wanted.outcome}`, confirm: { ...requestOf(wanted), why: 'unsure' } };
  }

  const answersUs = input.answering === 'invitation' || input.answering === 'ask-details';
  const joining =
    intent === 'join' ||
    intent === 'yes' ||
    (intent === 'update' && answersUs && Boolean(reading.fields.phone || reading.fields.name));

  switch (person.status) {
    case 'invited':
    case 'awaiting_details': {
      if (joining || (intent === 'update' && hasAnyDetail(reading.fields))) {
        const joined = join(person, reading, input.domainOrganisation, reading.question ? { organiser: { template: 'organiser-forward' } } : {});
        return reading.question ? { ...joined, outcome: `${joined.outcome}; their question forwarded to the organiser` } : joined;
      }
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
          return { outcome: 'stopped', status: 'stopped', suppress: 'stop', leavesGroup: true, answer: { template: 'stopped' }, finalNotice: true };
        case 'pause':
          return {
            outcome: 'paused',
            status: 'paused',
            pausedUntil: reading.pauseUntil,
            leavesGroup: true,
            answer: { template: 'paused', until: reading.pauseUntil },
          };
        case 'delete':
          return { ...common(input)!, leavesGroup: true };
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
        // The answers to "have you found a time?": the calendar invitation is the answer to a booking.
        case 'booked':
          return reading.booking?.start
            ? { outcome: 'booked', groupReply: 'booked', booking: { start: reading.booking.start } }
            : { outcome: 'booked: asked for the time', groupReply: 'booked', answer: { template: 'booking-needs-time' } };
        case 'not_yet':
          return { outcome: 'not yet', groupReply: 'not_yet', answer: { template: 'not-yet' } };
        case 'cant_make_it':
          return { outcome: "can't make it", groupReply: 'cant_make_it', booking: { cancel: true }, answer: { template: 'cant-make-it' } };
        default:
          return common(input)!;
      }
    }

    case 'stopped':
    case 'bounced':
    case 'complained': {
      // They left, but a clear wish to join again is theirs to make: in a message written after they left.
      if ((joining || intent === 'resume') && input.suppressedAfterReceipt) return { outcome: `ignored: ${intent} written before they left` };
      if (joining || intent === 'resume') return join(person, reading, input.domainOrganisation, { unsuppress: true });
      if (intent === 'stop' || intent === 'decline') return { outcome: 'nothing to do: already stopped' };
      if (intent === 'help' || intent === 'my_data' || intent === 'delete' || intent === 'other') return { ...common(input)!, finalNotice: true };
      return { outcome: `ignored: ${intent} after stopping` };
    }

    case 'erased':
      return { outcome: 'ignored: erased' };
  }
}
