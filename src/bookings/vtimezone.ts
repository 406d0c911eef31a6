/**
 * The VTIMEZONE component (RFC 5545 §3.6.5) for an IANA time zone, made from the time zone database that
 * Node itself carries (ICU, through Intl), for ical-generator's `timezone.generator`.
 *
 * Why not a package: ical-generator's README names two VTIMEZONE generators, `@touch4it/ical-timezones`
 * and `timezones-ical-library`. Both ship their own copy of the time zone rules, a second copy beside
 * Node's that goes stale on its own schedule. Node already knows every zone's offsets (it is what turns
 * the time into words in the mail), so the component is derived from it: the mail's words and the
 * invitation's times come from the same rules, and a Node upgrade carries rule changes to both.
 *
 * How: the offset changes of the event's year and the years either side are found (a day at a time, then
 * to the minute). When they follow two yearly rules, as nearly every zone with summer time does (Europe:
 * the last Sunday of March and of October; the US: the second Sunday of March, the first of November),
 * the component gives those rules as RRULEs, which is what Outlook turns into its own time zone: one
 * STANDARD and one DAYLIGHT, each with the onset in that first year. A zone without changes gets one
 * STANDARD. Anything else (a rule that is no weekday of a month, a zone that changed its rules) gets each
 * change on its own, which every client reads and which covers the event.
 */
import { wallClock as zoneClock } from '../matching/schedule.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A change of offset: at `at` (UTC ms) the offset goes from `from` to `to` (minutes east of UTC). */
interface Transition {
  at: number;
  from: number;
  to: number;
}

/** Whether Intl knows the zone (an IANA name such as "Europe/London"). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone === '' || zone.length > 64) return false;
  try {
    zoneClock(0, zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone (schedule.ts reads the zone's clock once, for both). */
export function wallClock(zone: string, at: number): Fields {
  const d = new Date(zoneClock(at, zone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/** The zone's offset from UTC at an instant, in whole minutes. */
export function offsetAt(zone: string, at: number): number {
  return Math.round((zoneClock(at, zone) - Math.floor(at / 1000) * 1000) / MINUTE);
}

/** Every change of offset in [from, to), to the minute. */
function transitions(zone: string, from: number, to: number): Transition[] {
  const found: Transition[] = [];
  let before = offsetAt(zone, from);
  for (let t = from + DAY; t <= to; t += DAY) {
    const after = offsetAt(zone, t);
    if (after === before) continue;
    // The change is in (t - DAY, t]: narrow it to the minute.
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offsetAt(zone, mid) === before) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, from: before, to: after });
    before = after;
  }
  return found;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "+0100", "-0500", "+0530". */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** The local time a change happens at, on the clock in force before it (RFC 5545: DTSTART is that). */
function onsetFields(t: Transition): Fields {
  const d = new Date(t.at + t.from * MINUTE);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

function dateTimeText(f: Fields): string {
  return `${pad(f.year, 4)}${pad(f.month)}${pad(f.day)}T${pad(f.hour)}${pad(f.minute)}${pad(f.second)}`;
}

/** The zone's abbreviation at an instant ("GMT", "BST", "CET"), when it has a plain one. */
function abbreviation(zone: string, at: number): string | null {
  try {
    const name = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(new Date(at))
      .find((p) => p.type === 'timeZoneName')?.value;
    return name && /^[A-Za-z]{2,6}$/.test(name) ? name : null;
  } catch {
    return null;
  }
}

/** How a change's day is named in a yearly rule: "-1SU" (the last Sunday) or "2SU" (the second). */
interface DayRule {
  month: number;
  byday: string;
  /** The onset's time of day, "HHMMSS", on the clock before the change. */
  time: string;
}

function dayRules(t: Transition): DayRule[] {
  const f = onsetFields(t);
  const weekday = WEEKDAYS[new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay()]!;
  const daysInMonth = new Date(Date.UTC(f.year, f.month, 0)).getUTCDate();
  const time = `${pad(f.hour)}${pad(f.minute)}${pad(f.second)}`;
  const rules: DayRule[] = [];
  if (f.day + 7 > daysInMonth) rules.push({ month: f.month, byday: `-1${weekday}`, time });
  rules.push({ month: f.month, byday: `${Math.ceil(f.day / 7)}${weekday}`, time });
  return rules;
}

function sameRule(a: DayRule, b: DayRule): boolean {
  return a.month === b.month && a.byday === b.byday && a.time === b.time;
}

/** A rule every change of the list follows, the "last weekday" kind first; null if there is none. */
function commonRule(list: Transition[]): DayRule | null {
  const [first, ...rest] = list;
  if (!first) return null;
  return dayRules(first).find((rule) => rest.every((t) => dayRules(t).some((r) => sameRule(r, rule)))) ?? null;
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', from: number, to: number, start: string, name: string | null, rrule: string | null): string[] {
  return [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${offsetText(from)}`,
    `TZOFFSETTO:${offsetText(to)}`,
    ...(name ? [`TZNAME:${name}`] : []),
    ...(rrule ? [`RRULE:${rrule}`] : []),
    `END:${kind}`,
  ];
}

/** Components already made, by zone and year: a round's bookings share a handful. */
const made = new Map<string, string>();

/**
 * The VTIMEZONE for `zone`, right for `around` and the years either side of it; lines end in CRLF. Null
 * for a zone Intl does not know. Pass it to ical-generator as `generator: (tz) => vtimezone(tz, start)`.
 */
export function vtimezone(zone: string, around: Date): string | null {
  if (!isTimeZone(zone) || Number.isNaN(around.getTime())) return null;
  const year = around.getUTCFullYear();
  const key = `${zone}\0${year}`;
  const hit = made.get(key);
  if (hit !== undefined) return hit;
  const component = build(zone, year);
  if (made.size >= 100) made.delete(made.keys().next().value!);
  made.set(key, component);
  return component;
}

function build(zone: string, year: number): string {
  const from = Date.UTC(year - 1, 0, 1);
  const to = Date.UTC(year + 2, 0, 1);
  const changes = transitions(zone, from, to);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];

  if (changes.length === 0) {
    const offset = offsetAt(zone, from);
    lines.push(...observance('STANDARD', offset, offset, '19700101T000000', abbreviation(zone, from), null));
  } else {
    // Summer time: the offset goes up. Two rules, each followed every year of the three, make RRULEs.
    const up = changes.filter((c) => c.to > c.from);
    const down = changes.filter((c) => c.to < c.from);
    const upRule = up.length >= 3 ? commonRule(up) : null;
    const downRule = down.length >= 3 ? commonRule(down) : null;
    const alternating = changes.every((c, i) => i === 0 || (c.to > c.from) !== (changes[i - 1]!.to > changes[i - 1]!.from));
    const steady = new Set(up.map((c) => `${c.from}>${c.to}`)).size === 1 && new Set(down.map((c) => `${c.from}>${c.to}`)).size === 1;
    if (upRule && downRule && alternating && steady) {
      const u = up[0]!;
      const d = down[0]!;
      lines.push(
        ...observance('DAYLIGHT', u.from, u.to, dateTimeText(onsetFields(u)), abbreviation(zone, u.at), `FREQ=YEARLY;BYMONTH=${upRule.month};BYDAY=${upRule.byday}`),
        ...observance('STANDARD', d.from, d.to, dateTimeText(onsetFields(d)), abbreviation(zone, d.at), `FREQ=YEARLY;BYMONTH=${downRule.month};BYDAY=${downRule.byday}`),
      );
    } else {
      // Each change on its own, after the offset in force when the window opens.
      const first = changes[0]!;
      lines.push(...observance(first.from > first.to ? 'DAYLIGHT' : 'STANDARD', first.from, first.from, '19700101T000000', abbreviation(zone, from), null));
      for (const c of changes) {
        lines.push(...observance(c.to > c.from ? 'DAYLIGHT' : 'STANDARD', c.from, c.to, dateTimeText(onsetFields(c)), abbreviation(zone, c.at), null));
      }
    }
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
