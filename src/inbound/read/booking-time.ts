import * as chrono from 'chrono-node/en';
import type { ParsedComponents } from 'chrono-node';
import { inEnglish, wallDate, WEEKDAY_AND_DAY, WEEKDAYS, weekdayOnDate } from './dates.js';
import { replaceEach, type Replacements } from './patterns.js';
import { instantOf, wallClock } from '../../matching/schedule.js';

/**
 * The time in "BOOKED Tuesday 8 December 2pm", "booked 2pm Tues", "BOOKED 8/12 at 14:00", read with
 * chrono (English, UK day-first order) on the scheme's calendar (`zone`): the instant it names there, or
 * that it still needs a time ("next Wednesday morning", "BOOKED" alone), in which case the service asks.
 *
 * Cost: chrono reads at most WINDOW_CHARS characters after the word, one sentence.
 */
export interface BookingTime {
  /** ISO instant of the start, when the reply gives a day and a time still to come. */
  start: string | null;
  /** A day was given without a time, or no day at all: ask for both. */
  needsTime: boolean;
}

export const WINDOW_CHARS = 160;
const TIME_SPAN = /\b(\d{1,2})(?:[.:](\d{2}))?[^\S\n]?[-–—][^\S\n]?\d{1,2}(?:[.:]\d{2})?[^\S\n]?(am|pm)\b/gi;
/** How far ahead a booked time may be: about two rounds. */
export const MAX_AHEAD_DAYS = 62;
const BOOKED_WORD = /\b(?:booked|arranged|scheduled|fixed|sorted)\b/i;
const SENTENCE_END = /[\n\r]|[!?;](?=\s|$)|\.(?=\s+\p{Lu})/u;

// chrono knows "Tue" and "Tuesday" but not all the ways people shorten the days.
const DAY_ABBREVIATIONS: Replacements = [
  [/\btues\b\.?/gi, 'Tuesday'],
  [/\bweds?\b\.?/gi, 'Wednesday'],
  [/\bthurs?\b\.?/gi, 'Thursday'],
  [/\bthu\b\.?/gi, 'Thursday'],
  [/\bmon\b\.?/gi, 'Monday'],
  [/\bfri\b\.?/gi, 'Friday'],
];

/**
 * British spoken times chrono does not know: "half two" (2.30), "half past ten", "quarter past three",
 * "quarter to four". An hour from 1 to 6 is in the afternoon, as a working day's meeting would be; 7 to 11
 * the morning; 12 is midday.
 */
const SPOKEN_TIME = /\b(half(?: past)?|quarter past|quarter to) (one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|1[0-2]|[1-9])\b(?![.:]\d|\s*(?:am|pm|a\.m|p\.m|o'?clock|hours?|minutes?|mins?)\b)/gi;
const DOTTED_TIME_AFTER_DATE =
  /\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|monday|tuesday|wednesday|thursday|friday)[^\S\n]+([01]?\d|2[0-3])[.:]([0-5]\d)(?![.:]?\d)/gi;
const HOUR_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function spokenTime(_: string, how: string, hourWord: string): string {
  const named = HOUR_WORDS.indexOf(hourWord.toLowerCase());
  let hour = named >= 0 ? named + 1 : Number(hourWord);
  const lower = how.toLowerCase();
  const minute = lower.startsWith('half') ? 30 : lower === 'quarter past' ? 15 : 45;
  if (lower === 'quarter to') hour = hour === 1 ? 12 : hour - 1;
  const h24 = hour === 12 || hour <= 6 ? (hour === 12 ? 12 : hour + 12) : hour;
  return `${String(h24).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** "the 9th": that day of this month if still to come, else next month's. */
const dayOfMonthParser: chrono.Parser = {
  pattern: () => /\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\b|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/i,
  extract: (context, match) => {
    const ref = context.reference.instant;
    const d = Number(match[1]);
    for (let add = 0; add < 3; add++) {
      const month = new Date(ref.getFullYear(), ref.getMonth() + add, 1);
      const day = new Date(month.getFullYear(), month.getMonth(), d);
      if (day.getMonth() !== month.getMonth()) continue;
      if (add === 0 && d < ref.getDate()) continue;
      return { year: day.getFullYear(), month: day.getMonth() + 1, day: d };
    }
    return null;
  },
};

const reader = chrono.GB.clone();
reader.parsers.unshift(dayOfMonthParser);

export function bookingTime(text: string, now: Date, zone: string): BookingTime {
  const at = BOOKED_WORD.exec(text);
  // From the word to the end of its sentence; failing that, the sentence from its start: "we are meeting
  // on Wed 18th at 11, all sorted" gives the time before the word. At most WINDOW_CHARS each way.
  const wordAt = at ? at.index : 0;
  const lead = text.slice(Math.max(0, wordAt - WINDOW_CHARS), wordAt);
  const leadStart = lastSentenceEnd(lead);
  let after = text.slice(wordAt, wordAt + WINDOW_CHARS);
  const end = SENTENCE_END.exec(after);
  if (end) after = after.slice(0, end.index);
  const fromWord = readWindow(after, now, zone);
  return fromWord.start || leadStart >= lead.length ? fromWord : readWindow(`${lead.slice(leadStart)}${after}`, now, zone);
}

/** The time one window of text names, read as bookingTime says. */
function readWindow(text: string, now: Date, zone: string): BookingTime {
  let window = replaceEach(inEnglish(text), DAY_ABBREVIATIONS);
  // "2 - 2.30pm", "10–10:30am": a meeting's span; its start is the time, with the span's am or pm.
  window = window.replace(TIME_SPAN, (_, h: string, m: string | undefined, meridiem: string) => `${h}${m ? `:${m}` : ''}${meridiem}`);
  window = window.replace(SPOKEN_TIME, spokenTime);
  // "Wed 9 Dec, 3.30pm": chrono reads "Dec, 3" as a date; without the comma it reads the day and the time.
  window = window.replace(/,/g, ' ').replace(/\s+/g, ' ');
  // "Tuesday 20 October 12.30", "20th October 10.30am": a time with a dot straight after the date, which
  // chrono would read as the day of the month.
  window = window.replace(DOTTED_TIME_AFTER_DATE, '$1 at $2:$3');
  // "thu 12 at 2pm": the number after a weekday is its day of the month, which chrono would read as noon.
  window = window.replace(WEEKDAY_BARE_DAY, '$1 $2th$3');

  const today = wallDate(now, zone);
  // chrono reads in the process's zone: it is given the scheme's wall-clock "now" as a local time, and only
  // the year, month, day, hour and minute it reads back are used (as dates.ts does).
  const wall = new Date(wallClock(now.getTime(), zone));
  const reference = new Date(today.y, today.m - 1, today.d, wall.getUTCHours(), wall.getUTCMinutes());
  // "now" in "we've now got a call …" is not the meeting's time.
  const results = reader.parse(window, reference, { forwardDate: true }).filter((r) => !/^(?:just |right )?now$/i.test(r.text.trim()));
  if (results.length === 0) return { start: null, needsTime: true };
  // "2pm on Tuesday" may come back as two results, one with the time and one with the day.
  // One result with both first ("… away last week - but we've got it in for Thursday 26 November at 11").
  const both = results.find((r) => hasDay(r.start) && r.start.isCertain('hour'));
  const withDay = both ?? results.find((r) => hasDay(r.start));
  const withTime = both ?? results.find((r) => r.start.isCertain('hour'));
  if (!withDay || !withTime) return { start: null, needsTime: true };
  const c = withDay.start;
  const t = withTime.start;
  let day = { y: c.get('year')!, m: c.get('month')!, d: c.get('day')! };
  // "Thursday 12th at 3pm" with no month: chrono gives the next Thursday, whatever its date. The day of the
  // month they wrote decides, on the first such Thursday within reach; none there, it is asked back.
  const named = WEEKDAY_AND_DAY.exec(window);
  if (named && Number(named[2]) !== day.d) {
    const found = weekdayOnDate(today, WEEKDAYS.indexOf(named[1]!.slice(0, 3).toLowerCase()), Number(named[2]), MAX_AHEAD_DAYS);
    if (!found) return { start: null, needsTime: true };
    day = found;
  }
  // "Tuesday 10th at 2", "2 o'clock": an hour from 1 to 6 with no am or pm is in the afternoon, as a working
  // day's meeting would be (chrono reads it as the night).
  const hour = t.get('hour')!;
  // ("02:00" is written as a 24-hour time: the night it says.)
  const afternoon = !t.isCertain('meridiem') && hour >= 1 && hour <= 6 && !/\b0\d[:.]\d{2}\b/.test(withTime.text) ? 12 : 0;
  const start = instantOf(Date.UTC(day.y, day.m - 1, day.d, hour + afternoon, t.get('minute') ?? 0), zone);
  if (start <= now.getTime()) return { start: null, needsTime: true };
  // A round's conversation is weeks away at most: a time months on ("8 December 2027") is more likely a
  // slip than a plan, so it is asked back rather than sent to everyone's calendar.
  if (start - now.getTime() > MAX_AHEAD_DAYS * 86_400_000) return { start: null, needsTime: true };
  return { start: new Date(start).toISOString(), needsTime: false };
}

/** Where the last sentence of `text` begins: after its last line break or "!", "?", ";" or ". " before a capital. */
function lastSentenceEnd(text: string): number {
  let start = 0;
  for (const m of text.matchAll(/[\n\r]|[!?;](?=\s)|\.(?=\s+\p{Lu})/gu)) start = (m.index ?? 0) + m[0].length;
  return start;
}

/** A weekday then a day of the month, no month after it: "Thursday 12th", "thu the 12th" ("thu 12 at" is made that first). */
const WEEKDAY_BARE_DAY = /\b((?:sun|mon|tue|wed|thu|fri|sat)[a-z]*\.?)\s+(\d{1,2})(\s+(?:at|@)\s+\d)/gi;
function hasDay(c: ParsedComponents): boolean {
  return c.isCertain('day') || c.isCertain('weekday');
}
