import { templatesDir } from '../paths.js';
import type { Cadence, RequiredDetail, SharedDetails } from '../participants/details.js';
import { buildInvitation } from '../bookings/calendar.js';
import { isTimeZone } from '../bookings/vtimezone.js';
import { renderFiles, wordingHash } from './template-files.js';
import {
  exampleBooking,
  firstNames,
  formatDate,
  listInWords,
  meetingWords,
  namesWithin,
  numberInWords,
  oneLine,
  shorten,
  withinWords,
  withoutClosingStops,
} from './words.js';

/** What every template may use besides its own data. */
export interface MailContext {
  schemeName: string;
  organiserEmail: string;
  /**
   * Given by the outbox sender for the row it renders: the service address calendar answers to this mail
   * go to (`calendar+<the row's reply token>@REPLY_DOMAIN`, so they come back through Inbound Parse tied
   * to it), and when the row was made (an invitation's DTSTAMP).
   */
  outbox?: { calendarAddress: string; createdAt: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html?: string;
  /** A calendar invitation sent with the mail (the booking's). */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

export type { SharedDetails, RequiredDetail, Cadence };

/** The data each email's template takes: one entry per file pair in templates/. */
export interface TemplateData {
  invitation: { name: string | null };
  'delivery-report': {
    failures: Array<{ template: string; to: string; createdAt: string; reason: string }>;
    more: number;
  };
  'ask-details': { name: string | null; missing: RequiredDetail[]; details: SharedDetails };
  welcome: { details: SharedDetails; consentWording: string };
  'details-updated': { details: SharedDetails; changed: string[] };
  'already-in': { details: SharedDetails };
  'not-invited': { organiserEmail: string };
  stopped: Record<string, never>;
  declined: Record<string, never>;
  paused: { until: string | null };
  skipping: Record<string, never>;
  resumed: Record<string, never>;
  quiet: Record<string, never>;
  'booking-needs-time': Record<string, never>;
  'not-yet': Record<string, never>;
  'cant-make-it': Record<string, never>;
  /** To a group when one member's calendar declined the booked time. */
  'booking-declined': { name: string | null; who: string | null; start: string; zone: string; groupId?: number };
  /** To the others in a group when one of them can't make it this round. */
  'partner-cant-make-it': {
    name: string | null;
    who: string | null;
    trio: boolean;
    booked: boolean;
    groupId?: number;
    /** What happens to them now (src/matching/rainchecks.ts); absent in mails queued before rainchecks re-paired. */
    next?: 'repaired' | 'waiting' | 'group-continues' | 'next-round';
    /** For "waiting": when the round ends (ISO). */
    until?: string;
  };
  cadence: { cadence: Cadence };
  help: { status: string };
  'my-data': {
    details: SharedDetails;
    status: string;
    joinedAt: string | null;
    consentAt: string | null;
    consentVersion: string | null;
    invitedAt: string | null;
    groups: number;
    replies: number;
  };
  erased: Record<string, never>;
  forwarded: Record<string, never>;
  'organiser-forward': {
    fromEmail: string;
    fromName: string | null;
    subject: string | null;
    reply: string;
    status: string | null;
  };
  'met-recorded': { met: boolean };
  'spoofed-notice': { fromEmail: string; subject: string | null; reason: string };
  /** To the organiser: addresses the Event Webhook reported (bounce, spam report, unsubscribe), now suppressed. */
  'suppressed-notice': { addresses: Array<{ email: string; reason: string }> };
  /** One email to the whole pair or trio, all of them in To; Reply-To is all of them too. */
  introduction: { members: SharedDetails[]; firstMover: string; trio: boolean; meetWithinDays: number };
  /** "Did you meet?" to one person; `introducedOn` is an ISO date. */
  'follow-up': {
    name: string | null;
    partners: string[];
    introducedOn: string;
    /** Which group it asks about, so the answer is stored against it. */
    groupId?: number;
    /** A booked time a calendar accepted is past: "How did it go?" rather than "Did you meet?". */
    booked?: boolean;
  };
  /**
   * "Have you found a time?" to one person, NUDGE_AFTER_DAYS after their introduction: reply BOOKED and the
   * time, NOT YET or CAN'T MAKE IT. `introducedOn` is an ISO date.
   */
  nudge: { name: string | null; partners: string[]; introducedOn: string; /** Which group it asks about, so the reply is stored against it. */ groupId?: number };
  /** No reply for `rounds` rounds in a row: paused until they answer. */
  'still-want': { name: string | null; rounds: number };
  /** The day before a round; `roundDate` is an ISO date. */
  reminder: { name: string | null; roundDate: string };
  /** Nobody could be found for them this round; `reason` is a short plain phrase. */
  unplaced: { name: string | null; reason: string };
  /**
   * To the organiser: the report in plain text (src/reports/format.ts), made when the mail is sent; the
   * picture of the organisations linked goes as an attachment when `picture`. `since` is an ISO time.
   */
  digest: { report: string; roundId: number | null; since: string | null; picture: boolean };
  /**
   * Someone drawn into their group withdrew before the introduction went: `others` is how many remain
   * besides them (0: no introduction this round, and they go first next round; else the introduction to
   * those remaining follows). Nothing about the one who withdrew is in it.
   */
  'group-changed': { name: string | null; others: number };
  /**
   * A request came from this person's address without proof that they sent it: we ask them, at their stored
   * address, to reply YES. `request` is what it would do (RequestKind in src/inbound/decide.ts), never its
   * words; `changed`: the labels of the details it would change.
   */
  'confirm-request': { name: string | null; request: string; changed: string[]; validDays: number };
  /**
   * The person wrote (their mail is authenticated), but the reader's two readings of it disagree
   * (src/inbound/read/second-opinion.ts): we ask them to reply YES to what it most likely asks. The same
   * data as confirm-request.
   */
  'confirm-unsure': { name: string | null; request: string; changed: string[]; validDays: number };
  /** A YES to a confirmation that had already been answered or had lapsed. */
  'confirm-lapsed': { validDays: number };
  /**
   * To one member of a group: their meeting, with a calendar invitation (method REQUEST) or its
   * cancellation (CANCEL). `start` is an ISO time, shown in `zone` (IANA, e.g. "Europe/London"); `uid` is
   * the group's meeting, the same in every mail about it, and `sequence` goes up with each change, so a
   * calendar updates or removes the one event. `attendees` are every member, this one included. The
   * organizer is `calendar+<this mail's reply token>@REPLY_DOMAIN` when the outbox sends it;
   * `organizerEmail` only when it is rendered outside the outbox.
   */
  booking: {
    name: string | null;
    partners: string[];
    start: string;
    zone: string;
    minutes: number;
    method: 'REQUEST' | 'CANCEL';
    uid: string;
    sequence: number;
    organizerEmail?: string | null;
    attendees: Array<{ name: string | null; email: string }>;
    /** The group it books: a reply to it (BOOKED again, CAN'T MAKE IT, the calendar's answer) is about that group. */
    groupId?: number;
  };
}
export type TemplateName = keyof TemplateData;

function render<N extends TemplateName>(
  name: N,
  data: TemplateData[N],
  ctx: MailContext,
  extra: Record<string, unknown> = {},
  dir = templatesDir,
): RenderedMail {
  return renderFiles(name, { exampleBooking: exampleBooking(ctx.outbox?.createdAt), ...ctx, ...data, ...extra }, dir);
}

/** The version of a template's wording, recorded with a person's consent. */
export function templateVersion(name: TemplateName, dir = templatesDir): string {
  return `${name}@${wordingHash(name, dir)}`;
}


/**
 * The labels details are shown with, in order. A person changes a detail by replying "<label>: new value",
 * so these are also the labels the reply reader should accept.
 */
const DETAIL_LABELS: Array<[keyof SharedDetails, string]> = [
  ['name', 'Name'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['organisation', 'Organisation'],
  ['googleId', 'Google ID'],
  ['skypeId', 'Skype ID'],
  ['other', 'Teams or other ID'],
  ['topics', 'Topics'],
];

/** A detail as shown on its label's line: a value typed over several lines (topics, often) is joined by "; ". */
function shownValue(value: unknown): string {
  return typeof value === 'string' ? value.split(/\r\n?|\n/).map((l) => l.trim()).filter(Boolean).join('; ') : '';
}

/** The given details as "Label: value" lines, and the labels of those not given. */
function detailValues(details: SharedDetails | undefined): { detailLines: Array<{ label: string; value: string }>; notGiven: string | null } {
  const detailLines: Array<{ label: string; value: string }> = [];
  const missing: string[] = [];
  for (const [key, label] of DETAIL_LABELS) {
    const shown = shownValue(details?.[key]);
    if (shown) detailLines.push({ label, value: shown });
    else missing.push(label);
  }
  return { detailLines, notGiven: missing.length ? listInWords(missing) : null };
}

const REQUIRED: Array<{ key: RequiredDetail; label: string; words: string }> = [
  { key: 'name', label: 'Name', words: 'name' },
  { key: 'phone', label: 'Phone', words: 'phone number' },
  { key: 'organisation', label: 'Organisation', words: 'organisation' },
];

/** What a person's status means to them, in a sentence. */
function statusInWords(status: string | null | undefined): string {
  switch (status) {
    case 'active':
      return 'You are taking part: you will be matched in the next round.';
    case 'paused':
      return 'You are paused: you will not be matched until you reply RESUME or your pause ends.';
    case 'awaiting_details':
      return 'You have said yes, but we still need a detail or two before we can match you.';
    case 'invited':
      return 'You have been invited but have not joined yet.';
    case 'stopped':
      return 'You have left the scheme and are not being matched.';
    case 'bounced':
      return 'Our emails to you have been bouncing, so you are not being matched at the moment.';
    case 'complained':
      return 'Your email marked one of ours as spam, so you are not being matched at the moment.';
    case 'unknown':
      return 'You are not taking part at the moment: we have no invitation or details for this address.';
    case null:
    case undefined:
    case '':
      return 'We do not know your status.';
    default:
      return `Your status is: ${oneLine(status)}.`;
  }
}

const CADENCE_WORDS: Record<Cadence, string> = {
  monthly: 'once a month',
  bimonthly: 'every two months',
  quarterly: 'every three months',
};

/** What an introduction shows of each person, after their name, in this order; topics have a line of their own. */
const INTRODUCED_LABELS: Array<[keyof SharedDetails, string]> = [
  ['organisation', 'Organisation'],
  ['phone', 'Phone'],
  ['email', 'Email'],
  ['googleId', 'Google ID'],
  ['skypeId', 'Skype ID'],
  ['other', 'Teams or other ID'],
];

interface IntroducedPerson {
  heading: string;
  lines: Array<{ label: string; value: string }>;
  topics: string | null;
}

function introducedPerson(member: SharedDetails): IntroducedPerson {
  const lines: Array<{ label: string; value: string }> = [];
  for (const [key, label] of INTRODUCED_LABELS) {
    const value = shownValue(member?.[key]);
    if (value) lines.push({ label, value });
  }
  return {
    heading: oneLine(member?.name ?? '') || oneLine(member?.email ?? '') || 'Someone who gave no name',
    lines,
    topics: shownValue(member?.topics) || null,
  };
}

export function renderInvitation(data: TemplateData['invitation'], ctx: MailContext): RenderedMail {
  return render('invitation', data, ctx);
}

export function renderDeliveryReport(data: TemplateData['delivery-report'], ctx: MailContext): RenderedMail {
  const count = data.failures.length + data.more;
  return render('delivery-report', data, ctx, { count, one: count === 1 });
}

export function renderAskDetails(data: TemplateData['ask-details'], ctx: MailContext): RenderedMail {
  const asked = REQUIRED.filter((r) => (data.missing ?? []).includes(r.key));
  return render('ask-details', data, ctx, {
    ...detailValues(data.details),
    asked,
    oneAsked: asked.length === 1,
    missingWords: listInWords(asked.map((r) => r.words)),
  });
}

export function renderWelcome(data: TemplateData['welcome'], ctx: MailContext): RenderedMail {
  // The wording reads on from "you agreed": "that we share these details with …". One full stop, ours.
  const agreed = withoutClosingStops(oneLine(data.consentWording ?? ''));
  return render('welcome', data, ctx, { ...detailValues(data.details), agreed });
}

export function renderDetailsUpdated(data: TemplateData['details-updated'], ctx: MailContext): RenderedMail {
  const changed = [...new Set((data.changed ?? []).map((c) => oneLine(c)).filter(Boolean))];
  return render('details-updated', data, ctx, {
    ...detailValues(data.details),
    changedWords: changed.length ? listInWords(changed) : null,
    changedOne: changed.length === 1,
  });
}

export function renderAlreadyIn(data: TemplateData['already-in'], ctx: MailContext): RenderedMail {
  return render('already-in', data, ctx, detailValues(data.details));
}

export function renderNotInvited(data: TemplateData['not-invited'], ctx: MailContext): RenderedMail {
  return render('not-invited', data, ctx);
}

export function renderStopped(data: TemplateData['stopped'], ctx: MailContext): RenderedMail {
  return render('stopped', data, ctx);
}

export function renderDeclined(data: TemplateData['declined'], ctx: MailContext): RenderedMail {
  return render('declined', data, ctx);
}

export function renderPaused(data: TemplateData['paused'], ctx: MailContext): RenderedMail {
  return render('paused', data, ctx);
}

export function renderSkipping(data: TemplateData['skipping'], ctx: MailContext): RenderedMail {
  return render('skipping', data, ctx);
}

export function renderResumed(data: TemplateData['resumed'], ctx: MailContext): RenderedMail {
  return render('resumed', data, ctx);
}

export function renderQuiet(data: TemplateData['quiet'], ctx: MailContext): RenderedMail {
  return render('quiet', data, ctx);
}

/** BOOKED without a day and a time: asks for them. */
export function renderBookingNeedsTime(data: TemplateData['booking-needs-time'], ctx: MailContext): RenderedMail {
  return render('booking-needs-time', data, ctx);
}

export function renderNotYet(data: TemplateData['not-yet'], ctx: MailContext): RenderedMail {
  return render('not-yet', data, ctx);
}

export function renderCantMakeIt(data: TemplateData['cant-make-it'], ctx: MailContext): RenderedMail {
  return render('cant-make-it', data, ctx);
}

export function renderBookingDeclined(data: TemplateData['booking-declined'], ctx: MailContext): RenderedMail {
  const start = new Date(typeof data?.start === 'string' ? data.start : NaN);
  const zone = isTimeZone(data?.zone) ? data.zone : null;
  const when = zone && !Number.isNaN(start.getTime()) ? meetingWords(start, 30, zone).when : null;
  return render('booking-declined', data, ctx, { whoWords: data.who ? oneLine(String(data.who)) : null, when });
}

export function renderPartnerCantMakeIt(data: TemplateData['partner-cant-make-it'], ctx: MailContext): RenderedMail {
  const next = data.next ?? (data.trio ? 'group-continues' : 'next-round');
  return render('partner-cant-make-it', data, ctx, {
    whoWords: data.who ? oneLine(String(data.who)) : null,
    repaired: next === 'repaired',
    waiting: next === 'waiting',
    trio: next === 'group-continues',
    nextRound: next === 'next-round',
  });
}

export function renderCadence(data: TemplateData['cadence'], ctx: MailContext): RenderedMail {
  return render('cadence', data, ctx, { cadenceWords: CADENCE_WORDS[data.cadence] ?? oneLine(String(data.cadence)) });
}

export function renderHelp(data: TemplateData['help'], ctx: MailContext): RenderedMail {
  return render('help', data, ctx, { statusWords: statusInWords(data.status) });
}

export function renderMyData(data: TemplateData['my-data'], ctx: MailContext): RenderedMail {
  return render('my-data', data, ctx, { ...detailValues(data.details), statusWords: statusInWords(data.status) });
}

export function renderErased(data: TemplateData['erased'], ctx: MailContext): RenderedMail {
  return render('erased', data, ctx);
}

export function renderForwarded(data: TemplateData['forwarded'], ctx: MailContext): RenderedMail {
  return render('forwarded', data, ctx);
}

export function renderOrganiserForward(data: TemplateData['organiser-forward'], ctx: MailContext): RenderedMail {
  return render('organiser-forward', data, ctx, {
    who: shorten(data.fromName || data.fromEmail, 30),
    // "Re: Re: Fwd: An invitation…" says little in 30 characters: keep the words that tell them apart.
    shortSubject: data.subject ? shorten(data.subject.replace(/^(\s*(re|fwd?|aw|sv|tr)\s*:\s*)+/i, '') || data.subject, 30) : null,
  });
}

export function renderMetRecorded(data: TemplateData['met-recorded'], ctx: MailContext): RenderedMail {
  return render('met-recorded', data, ctx);
}

export function renderSpoofedNotice(data: TemplateData['spoofed-notice'], ctx: MailContext): RenderedMail {
  return render('spoofed-notice', data, ctx, { shortFrom: shorten(data.fromEmail, 40) });
}

export function renderSuppressedNotice(data: TemplateData['suppressed-notice'], ctx: MailContext): RenderedMail {
  const addresses = (data.addresses ?? []).map((a) => ({ email: oneLine(String(a?.email ?? '')), reason: oneLine(String(a?.reason ?? '')) }));
  return render('suppressed-notice', data, ctx, { addresses, count: addresses.length, one: addresses.length === 1 });
}

export function renderIntroduction(data: TemplateData['introduction'], ctx: MailContext): RenderedMail {
  const members = data.members ?? [];
  const names = members.map((m) => oneLine(m?.name ?? ''));
  const named = names.every(Boolean);
  // The subject calls everyone by name; someone without one is known by their address.
  const known = members.map((m, i) => names[i] || oneLine(m?.email ?? '')).filter(Boolean);
  const subjectNames = namesWithin(known, 78 - 'Meet '.length, members.length <= 2);
  // Asked by their first name when the first mover is one of the group and nobody else shares it.
  const mover = oneLine(data.firstMover ?? '');
  const firsts = named ? firstNames(names) : [];
  const moverAt = names.indexOf(mover);
  return render('introduction', data, ctx, {
    people: members.map(introducedPerson),
    subjectNames: subjectNames || 'your match',
    greetingNames: named && firsts.length ? listInWords(firsts) : null,
    mover: mover ? (moverAt >= 0 && firsts[moverAt] ? firsts[moverAt] : mover) : null,
    within: withinWords(data.meetWithinDays),
  });
}

export function renderFollowUp(data: TemplateData['follow-up'], ctx: MailContext): RenderedMail {
  const partners = (data.partners ?? []).map((p) => oneLine(String(p ?? ''))).filter(Boolean);
  return render('follow-up', data, ctx, {
    partnerWords: partners.length ? listInWords(partners) : null,
    subjectNames: namesWithin(partners, 78 - (data.booked ? 'How did it go with ?' : 'Did you meet ?').length, true) || null,
  });
}

export function renderNudge(data: TemplateData['nudge'], ctx: MailContext): RenderedMail {
  const partners = (data.partners ?? []).map((p) => oneLine(String(p ?? ''))).filter(Boolean);
  return render('nudge', data, ctx, {
    partnerWords: partners.length ? listInWords(partners) : null,
    subjectNames: namesWithin(partners, 78 - 'Have you found a time with ?'.length, true) || null,
    trio: partners.length > 1,
    otherWords: partners[0] ?? 'the other person',
  });
}

export function renderStillWant(data: TemplateData['still-want'], ctx: MailContext): RenderedMail {
  const rounds = Number(data.rounds);
  return render('still-want', data, ctx, {
    quietFor: Number.isFinite(rounds) && rounds > 1 ? `for ${numberInWords(Math.round(rounds))} rounds in a row` : 'since the last round',
  });
}

export function renderReminder(data: TemplateData['reminder'], ctx: MailContext): RenderedMail {
  return render('reminder', data, ctx);
}

export function renderUnplaced(data: TemplateData['unplaced'], ctx: MailContext): RenderedMail {
  // It reads on from "because": the full stop is ours.
  const reason = withoutClosingStops(oneLine(data.reason ?? ''));
  return render('unplaced', data, ctx, { because: reason || null });
}

export function renderDigest(data: TemplateData['digest'], ctx: MailContext): RenderedMail {
  const roundId = Number.isSafeInteger(data.roundId) ? data.roundId : null;
  const since = data.since ? formatDate(data.since) : null;
  return render('digest', data, ctx, {
    roundId,
    heading: roundId !== null ? `the scheme after round ${roundId}` : since ? `the scheme since ${since}` : 'what the scheme is doing',
    sinceWords: since,
  });
}

const renderers: { [N in TemplateName]: (data: TemplateData[N], ctx: MailContext) => RenderedMail } = {
  invitation: renderInvitation,
  'delivery-report': renderDeliveryReport,
  'ask-details': renderAskDetails,
  welcome: renderWelcome,
  'details-updated': renderDetailsUpdated,
  'already-in': renderAlreadyIn,
  'not-invited': renderNotInvited,
  stopped: renderStopped,
  declined: renderDeclined,
  paused: renderPaused,
  skipping: renderSkipping,
  resumed: renderResumed,
  quiet: renderQuiet,
  'booking-needs-time': renderBookingNeedsTime,
  'not-yet': renderNotYet,
  'cant-make-it': renderCantMakeIt,
  'partner-cant-make-it': renderPartnerCantMakeIt,
  'booking-declined': renderBookingDeclined,
  cadence: renderCadence,
  help: renderHelp,
  'my-data': renderMyData,
  erased: renderErased,
  forwarded: renderForwarded,
  'organiser-forward': renderOrganiserForward,
  'met-recorded': renderMetRecorded,
  'spoofed-notice': renderSpoofedNotice,
  'suppressed-notice': renderSuppressedNotice,
  introduction: renderIntroduction,
  'follow-up': renderFollowUp,
  nudge: renderNudge,
  'still-want': renderStillWant,
  reminder: renderReminder,
  unplaced: renderUnplaced,
  digest: renderDigest,
  'group-changed': renderGroupChanged,
  'confirm-request': renderConfirmRequest,
  'confirm-unsure': renderConfirmUnsure,
  'confirm-lapsed': renderConfirmLapsed,
  booking: renderBooking,
};

/** Every template's name, for checks that each has its files. */
export const templateNames = Object.keys(renderers) as TemplateName[];

/** Renders an outbox row's stored template and data. */
export function renderTemplate(name: string, data: unknown, ctx: MailContext): RenderedMail {
  const renderer = Object.hasOwn(renderers, name)
    ? (renderers[name as TemplateName] as (d: unknown, c: MailContext) => RenderedMail)
    : undefined;
  if (!renderer) throw new Error(`no template called "${name}"`);
  return renderer(data, ctx);
}

/** What a held request would do, in the words of the sentence "…asking us to ___". */
const REQUEST_WORDS: Record<string, string> = {
  erase: 'erase your details and send you no more email',
  stop: 'send you no more email',
  join: 'sign you up, with the details in that email',
  rejoin: 'take you back into the scheme',
  'show-details': 'send you the details we hold for you',
  pause: 'pause you, so that you are not matched',
  skip: 'leave you out of the next round',
  resume: 'start matching you again',
  quiet: 'stop the reminders before each round',
  cadence: 'change how often you are matched',
  met: 'record whether you met your match',
  'my-data': 'send you a copy of everything we hold about you',
  help: 'send you the list of things you can reply',
  question: 'pass a message on to the organiser',
  booking: "record your answer about meeting your match (a time booked, not yet, or can't make it)",
};

/** What a held request would do, in words: never the request's own words, which may be anyone's. */
function requestWordsOf(data: TemplateData['confirm-request']): string {
  const changed = (Array.isArray(data.changed) ? data.changed : []).map((c) => oneLine(String(c))).filter(Boolean);
  return data.request === 'details'
    ? `change your ${changed.length ? listInWords(changed) : 'details'}`
    : (Object.hasOwn(REQUEST_WORDS, data.request) ? REQUEST_WORDS[data.request] : undefined) ?? 'act on what it said';
}

export function renderConfirmRequest(data: TemplateData['confirm-request'], ctx: MailContext): RenderedMail {
  return render('confirm-request', data, ctx, { requestWords: requestWordsOf(data) });
}

export function renderConfirmUnsure(data: TemplateData['confirm-unsure'], ctx: MailContext): RenderedMail {
  return render('confirm-unsure', data, ctx, { requestWords: requestWordsOf(data) });
}

export function renderConfirmLapsed(data: TemplateData['confirm-lapsed'], ctx: MailContext): RenderedMail {
  return render('confirm-lapsed', data, ctx);
}

export function renderGroupChanged(data: TemplateData['group-changed'], ctx: MailContext): RenderedMail {
  const others = Number.isInteger(data?.others) && data.others > 0 ? data.others : 0;
  return render('group-changed', data ?? { name: null, others: 0 }, ctx, {
    alone: others === 0,
    remainingWords: others === 1 ? 'the other person' : `the ${numberInWords(others)} others`,
  });
}

/**
 * A group's meeting, to one of its members, with its calendar invitation or cancellation. The text says
 * when in words, in the meeting's zone ("Tuesday 8 December 2026, 2:00pm to 2:30pm (UK time)"). Data
 * that cannot make an invitation (an unreadable time or zone, no attendee with an address) still makes
 * the mail, without the calendar part and without saying it is one; the time is then shown as given.
 */
export function renderBooking(data: TemplateData['booking'], ctx: MailContext): RenderedMail {
  const cancelled = data?.method === 'CANCEL';
  const partners = (Array.isArray(data?.partners) ? data.partners : []).map((p) => oneLine(String(p ?? ''))).filter(Boolean);
  const minutes = Number.isInteger(data?.minutes) && data.minutes > 0 && data.minutes <= 24 * 60 ? data.minutes : 30;
  const start = new Date(typeof data?.start === 'string' ? data.start : NaN);
  const zone = isTimeZone(data?.zone) ? data.zone : null;
  const words = zone && !Number.isNaN(start.getTime()) ? meetingWords(start, minutes, zone) : null;
  const attendees = (Array.isArray(data?.attendees) ? data.attendees : []).filter((a) => typeof a?.email === 'string');
  const everyone = attendees.map((a) => oneLine(a.name ?? '') || oneLine(a.email));

  let calendar: RenderedMail['calendar'];
  if (words && zone) {
    try {
      const content = buildInvitation({
        method: cancelled ? 'CANCEL' : 'REQUEST',
        uid: String(data.uid ?? ''),
        sequence: data.sequence,
        start,
        minutes,
        zone,
        summary: everyone.length ? `${ctx.schemeName}: ${listInWords(everyone)}` : ctx.schemeName,
        description: cancelled
          ? `This ${minutes}-minute conversation, arranged by ${ctx.schemeName}, is cancelled.`
          : `A ${minutes}-minute conversation arranged by ${ctx.schemeName}: by phone or video, whichever suits you. ` +
            'The introduction email has everyone’s details.',
        organizer: { name: ctx.schemeName, email: ctx.outbox?.calendarAddress ?? String(data.organizerEmail ?? '') },
        attendees: attendees.map((a) => ({ name: a.name ?? null, email: a.email })),
        stamp: new Date(ctx.outbox?.createdAt ?? Date.now()),
      });
      calendar = { method: cancelled ? 'CANCEL' : 'REQUEST', content };
    } catch {
      calendar = undefined;
    }
  }
  const mail = render('booking', data, ctx, {
    cancelled,
    calendar: calendar !== undefined,
    partnerWords: partners.length ? listInWords(partners) : null,
    subjectNames: namesWithin(partners, 30, true) || null,
    when: words?.when ?? (oneLine(String(data?.start ?? '')) || 'the time you agreed'),
    subjectWhen: words ? `${words.day}, ${words.time}` : null,
  });
  return calendar ? { ...mail, calendar } : mail;
}
