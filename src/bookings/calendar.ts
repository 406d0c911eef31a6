/**
 * Calendar invitations by email (iTIP, RFC 5546, carried by mail as iMIP, RFC 6047): the iCalendar text
 * of an invitation or its cancellation, and what a calendar's answer to one says. Pure: no clock, no
 * database, no mail.
 *
 * - buildInvitation writes with ical-generator, which escapes text values (SUMMARY, DESCRIPTION) and
 *   folds long lines as RFC 5545 §3.1 and §3.3.11 require.
 * - readCalendarReply reads with ical.js, after bounding the input, and never throws.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import ICAL from 'ical.js';
import { isTimeZone, vtimezone, wallClock } from './vtimezone.js';

export interface InvitationInput {
  /** REQUEST: a new or moved meeting; CANCEL: it no longer happens (same UID, a higher SEQUENCE). */
  method: 'REQUEST' | 'CANCEL';
  /** Stable for one meeting, so a changed time updates the same event (RFC 5545 §3.8.4.7). */
  uid: string;
  /** 0 for the first invitation; higher for each change, so calendars apply the latest (§3.8.7.4). */
  sequence: number;
  start: Date;
  minutes: number;
  /** IANA time zone the time is shown in (DTSTART;TZID=…), e.g. "Europe/London". */
  zone: string;
  summary: string;
  description: string;
  organizer: { name: string; email: string };
  attendees: Array<{ name: string | null; email: string }>;
  /** When this version was made (DTSTAMP). */
  stamp: Date;
}

/** The most attendees an invitation lists: a group is two or three people. */
const MAX_ATTENDEES = 20;

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** An address as it can go after "mailto:": one @, no space, control, quote or angle bracket. */
function isAddress(email: unknown): email is string {
  if (typeof email !== 'string' || email.length < 3 || email.length > 254) return false;
  const at = email.indexOf('@');
  if (at < 1 || at !== email.lastIndexOf('@') || at === email.length - 1) return false;
  for (const ch of email) {
    const code = ch.codePointAt(0)!;
    if (code <= 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f) || ch === '"' || ch === '<' || ch === '>' || ch === '\\') return false;
  }
  return true;
}

/**
 * A name as a CN parameter can carry it. Inside its quotes a parameter value may hold "," ";" and ":",
 * but no control character and no DQUOTE (RFC 5545 §3.1, QSAFE-CHAR), and backslash escapes are not
 * defined for parameters: ical-generator writes `\"` and `\n`, which other readers (ical.js, and RFC 6868
 * readers) show as typed. So line breaks become a space, a double quote becomes a single one and a
 * backslash a slash, before ical-generator quotes the value.
 */
export function calendarName(name: string): string {
  return name.replace(CONTROLS, ' ').replace(/"/g, "'").replace(/\\/g, '/').replace(/\s+/g, ' ').trim();
}

/** Text for SUMMARY and DESCRIPTION: ical-generator escapes it; only stray controls are dropped here. */
function calendarText(text: string): string {
  // Keep line breaks (written as \n), drop the other controls.
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new TypeError(`buildInvitation: ${message}`);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * The time ical-generator is to write with TZID=zone. Given a native Date and a time zone it writes the
 * Date's wall-clock fields in the process's own zone ("it assumes that the given time matches the time
 * zone", its README), so it is given the zone's wall-clock time as a string without offset, which it
 * reads back as local time with the same fields. The one time that cannot work is a wall-clock time the
 * process's zone skips (its own spring-forward hour, when it differs from `zone`): then null, and the
 * event is written in UTC instead, which every calendar shows correctly in its own zone.
 */
function wallClockString(zone: string, at: Date): string | null {
  const f = wallClock(zone, at.getTime());
  const text = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
  const local = new Date(text);
  const same =
    local.getFullYear() === f.year &&
    local.getMonth() + 1 === f.month &&
    local.getDate() === f.day &&
    local.getHours() === f.hour &&
    local.getMinutes() === f.minute &&
    local.getSeconds() === f.second;
  return same ? text : null;
}

/**
 * The iCalendar text of a meeting invitation (METHOD:REQUEST) or of its cancellation (METHOD:CANCEL,
 * STATUS:CANCELLED): one VEVENT with UID, SEQUENCE, DTSTAMP, DTSTART and DTEND in `zone` with its
 * VTIMEZONE, the organizer, and every attendee as a required participant whose answer is awaited
 * (PARTSTAT=NEEDS-ACTION; RSVP=TRUE in a REQUEST, as RFC 5546 §3.2.2 asks of attendees expected to
 * reply). Throws a TypeError for input it cannot make a valid invitation of.
 */
export function buildInvitation(input: InvitationInput): string {
  check(input.method === 'REQUEST' || input.method === 'CANCEL', 'method must be REQUEST or CANCEL');
  check(typeof input.uid === 'string' && input.uid.length > 0 && input.uid.length <= 255 && calendarName(input.uid) === input.uid, 'uid must be 1 to 255 printable characters');
  check(Number.isSafeInteger(input.sequence) && input.sequence >= 0, 'sequence must be a whole number, 0 or more');
  check(input.start instanceof Date && !Number.isNaN(input.start.getTime()), 'start must be a valid Date');
  check(input.stamp instanceof Date && !Number.isNaN(input.stamp.getTime()), 'stamp must be a valid Date');
  check(Number.isInteger(input.minutes) && input.minutes > 0 && input.minutes <= 24 * 60, 'minutes must be a whole number from 1 to 1440');
  check(isTimeZone(input.zone), `zone ${JSON.stringify(input.zone)} is not a time zone`);
  check(isAddress(input.organizer?.email), 'organizer.email is not an address');
  check(Array.isArray(input.attendees) && input.attendees.length > 0 && input.attendees.length <= MAX_ATTENDEES, `attendees must list 1 to ${MAX_ATTENDEES} people`);
  for (const a of input.attendees) check(isAddress(a?.email), `attendee ${JSON.stringify(a?.email)} is not an address`);

  const end = new Date(input.start.getTime() + input.minutes * 60_000);
  const start = wallClockString(input.zone, input.start);
  const finish = wallClockString(input.zone, end);
  const zoned = start !== null && finish !== null;

  const calendar = ical({
    prodId: { company: 'Unmentoring', product: 'Bookings', language: 'EN' },
    method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  // name null: the calendar has no zone of its own (so DTSTAMP stays in UTC, as §3.8.7.2 requires), and
  // the generator writes a VTIMEZONE for each zone an event uses.
  calendar.timezone({ name: null, generator: (tz) => vtimezone(tz, input.start) });
  const event = calendar.createEvent({
    id: input.uid,
    sequence: input.sequence,
    stamp: input.stamp,
    start: zoned ? start : input.start,
    end: zoned ? finish : end,
    ...(zoned ? { timezone: input.zone } : {}),
    summary: calendarText(input.summary ?? ''),
    description: calendarText(input.description ?? ''),
    organizer: { name: calendarName(input.organizer.name ?? '') || input.organizer.email, email: input.organizer.email },
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  for (const a of input.attendees) {
    const name = a.name ? calendarName(a.name) : '';
    event.createAttendee({
      email: a.email,
      ...(name ? { name } : {}),
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      ...(input.method === 'REQUEST' ? { rsvp: true } : {}),
    });
  }
  return calendar.toString();
}

// ---------------------------------------------------------------------------------------------------
// Reading a calendar's answer

/** The most text readCalendarReply reads: a real REPLY is a few kilobytes. */
export const MAX_CALENDAR_CHARS = 64 * 1024;
/** The most attendees read from one reply. */
const MAX_REPLIES = 50;

export type PartStat = 'ACCEPTED' | 'DECLINED' | 'TENTATIVE' | 'DELEGATED' | 'NEEDS-ACTION';

export interface CalendarReply {
  /** METHOD, upper case: "REPLY" for an answer; null when absent. */
  method: string | null;
  uid: string | null;
  sequence: number | null;
  /** Each attendee the answer names, with their PARTSTAT (upper case; NEEDS-ACTION when absent, RFC 5545's default). */
  replies: Array<{ email: string; partstat: PartStat | (string & {}) }>;
}

/** A PARTSTAT value as RFC 5545 writes them: letters, digits and "-", at most 40 of them. */
function partstatOf(value: unknown): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw === null || raw === '') return 'NEEDS-ACTION';
  if (typeof raw !== 'string' || raw.length > 40) return null;
  const upper = raw.toUpperCase();
  for (const ch of upper) if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch === '-')) return null;
  return upper;
}

/** "mailto:Jo@Example.org" → "jo@example.org"; the EMAIL parameter (RFC 7986 §6.2) when the value is no mailto. */
function attendeeEmail(value: unknown, emailParam: unknown): string | null {
  const fromValue = typeof value === 'string' && value.slice(0, 7).toLowerCase() === 'mailto:' ? value.slice(7).trim() : null;
  const param = Array.isArray(emailParam) ? emailParam[0] : emailParam;
  const email = fromValue ?? (typeof param === 'string' ? param.trim() : null);
  return email && isAddress(email) ? email.toLowerCase() : null;
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/**
 * What a calendar's answer says: its METHOD, the UID and SEQUENCE of its first VEVENT, and each ATTENDEE
 * with their PARTSTAT, as Outlook, Gmail and Apple Calendar send them (METHOD:REPLY, RFC 5546 §3.2.3: one
 * ATTENDEE, the one answering). Null for anything that is not an iCalendar object with a VEVENT: text
 * over MAX_CALENDAR_CHARS, text that does not parse, a calendar without VEVENT. Never throws.
 */
export function readCalendarReply(text: string): CalendarReply | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_CALENDAR_CHARS) return null;
  // Cheap before the parser: an iCalendar object starts with BEGIN:VCALENDAR (leading blank lines aside).
  if (!text.slice(0, 1024).toUpperCase().includes('BEGIN:VCALENDAR')) return null;
  try {
    const parsed: unknown = ICAL.parse(text);
    // One top-level component is returned as it is, several as a list of them.
    const jcal = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed;
    if (!Array.isArray(jcal) || typeof jcal[0] !== 'string') return null;
    const root = new ICAL.Component(jcal as unknown[]);
    if (root.name !== 'vcalendar') return null;
    const event = root.getFirstSubcomponent('vevent');
    if (!event) return null;

    const method = safely(() => root.getFirstPropertyValue('method'), null);
    const uid = safely(() => event.getFirstPropertyValue('uid'), null);
    const sequence = safely(() => event.getFirstPropertyValue('sequence'), null);
    const replies: CalendarReply['replies'] = [];
    for (const property of safely(() => event.getAllProperties('attendee'), []).slice(0, MAX_REPLIES)) {
      const email = safely(() => attendeeEmail(property.getFirstValue(), property.getParameter('email')), null);
      const partstat = safely(() => partstatOf(property.getParameter('partstat')), null);
      if (email && partstat) replies.push({ email, partstat });
    }
    return {
      method: typeof method === 'string' && method.length <= 40 ? method.toUpperCase() : null,
      uid: typeof uid === 'string' && uid.length > 0 && uid.length <= 1000 ? uid : null,
      sequence: typeof sequence === 'number' && Number.isSafeInteger(sequence) && sequence >= 0 ? sequence : null,
      replies,
    };
  } catch {
    return null;
  }
}
