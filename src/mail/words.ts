/**
 * Values in words, as our mails show them: dates and times in the UK's way, lists and numbers in words,
 * names shortened to fit a subject. Pure functions of their arguments, for templates.ts and for any
 * module that puts a value in a subject or a sentence.
 */

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const CALENDAR_DATE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

const EXAMPLE_DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/London' });
const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/London' });

/**
 * How BOOKED is written, with a time that fits the mail it is in: the first Tuesday at least two days
 * after the mail was made, at 2pm ("Tuesday 8 December 2pm"). A date gone by, or one months away, would
 * read as a strange example (and, copied, is asked back).
 */
export function exampleBooking(madeAt: string | null | undefined): string {
  const from = madeAt ? Date.parse(madeAt) : Number.NaN;
  let t = (Number.isNaN(from) ? Date.now() : from) + 2 * 86_400_000;
  for (let i = 0; i < 7 && WEEKDAY.format(new Date(t)) !== 'Tue'; i++) t += 86_400_000;
  return `${EXAMPLE_DAY.format(new Date(t))} 2pm`;
}

/**
 * "2027-03-03" or an ISO timestamp → "Wednesday 3 March 2027". A bare date is a calendar day and is shown
 * as is; a timestamp is shown as the day it was in London. Anything unreadable is shown unchanged, so a
 * bad value makes an odd email rather than no email.
 */
export function formatDate(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const d = new Date(bare ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const parts = (bare ? CALENDAR_DATE : LONDON_DATE).formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** Collapses anything that could end a header line or hide text: subjects are one line. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** One line, at most `max` characters, cut at a word where it can be: for values quoted in a subject. */
export function shorten(value: string, max: number): string {
  const line = oneLine(value);
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const SMALL_NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** 3 → "three"; words up to ten, figures after. */
export function numberInWords(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < SMALL_NUMBERS.length ? SMALL_NUMBERS[n]! : String(n);
}

/** 14 → "the next two weeks", 7 → "the next week", 10 → "the next ten days". */
export function withinWords(days: number): string {
  const n = Number(days);
  if (!Number.isFinite(n) || n < 1) return 'the next couple of weeks';
  const whole = Math.round(n);
  if (whole === 1) return 'the next day';
  if (whole % 7 === 0) return whole === 7 ? 'the next week' : `the next ${numberInWords(whole / 7)} weeks`;
  return `the next ${numberInWords(whole)} days`;
}

/** "Jo Bloggs" → "Jo". */
export function firstName(name: string): string {
  return oneLine(name).split(' ')[0] ?? '';
}

/** First names, unless two of them are the same: then the names in full, so nobody is mistaken for another. */
export function firstNames(names: string[]): string[] {
  const firsts = names.map(firstName);
  return new Set(firsts).size === firsts.length ? firsts : names.map(oneLine);
}

/**
 * Names joined in words ("Jo, Sam and Ola") in at most `max` characters: in full if `full` and they fit,
 * else first names, else each name cut short to its share.
 */
export function namesWithin(names: string[], max: number, full: boolean): string {
  const all = names.map(oneLine).filter(Boolean);
  if (!all.length) return '';
  if (full && listInWords(all).length <= max) return listInWords(all);
  const short = firstNames(all);
  if (listInWords(short).length <= max) return listInWords(short);
  const separators = listInWords(short.map(() => '')).length;
  const share = Math.max(4, Math.floor((max - separators) / short.length));
  return shorten(listInWords(short.map((n) => shorten(n, share))), max);
}

/** The text without the full stops and blanks it ends with (string code: a "[.\\s]+$" search is quadratic). */
export function withoutClosingStops(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '.' || /\s/.test(text[end - 1]!))) end--;
  return text.slice(0, end);
}

/** "2:00pm": hours on a 12-hour clock, as people write them in the UK. */
export function clockTime(date: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', minute: '2-digit', hour12: true }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')}:${part('minute')}${part('dayPeriod').toLowerCase().replace(/\s+/g, '')}`;
}

/** "UK time" for Europe/London, else the zone's name in words ("Central European Time"), else its id. */
export function zoneWords(zone: string): string {
  if (zone === 'Europe/London') return 'UK time';
  try {
    const name = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value;
    return name || zone;
  } catch {
    return zone;
  }
}

/** A day and time in a zone, in words: the long and the short forms. */
export function meetingWords(start: Date, minutes: number, zone: string): { when: string; day: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).formatToParts(start);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const end = new Date(start.getTime() + minutes * 60_000);
  const time = clockTime(start, zone);
  return {
    when: `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${time} to ${clockTime(end, zone)} (${zoneWords(zone)})`,
    day: `${part('weekday')} ${part('day')} ${part('month')}`,
    time,
  };
}
