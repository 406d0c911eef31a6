// English alone: the package's main entry loads every language it has, four times the start-up cost.
import type { ParsedComponents, ParsingContext } from 'chrono-node';
import * as chrono from 'chrono-node/en';
import { replaceEach, type Replacements } from './patterns.js';

/**
 * The date in "PAUSE until 3 March", "for six weeks", "back after Easter": the day on which the person is
 * matched again, as an ISO date (YYYY-MM-DD), or null when the reply names none, or names one that is not
 * after today.
 *
 * "Today" is the wall-clock date in the service's time zone, never the UTC date: a reply at 23:30 UTC on
 * 31 March is read on 1 April in London. Nothing here depends on the process's own time zone.
 *
 * Bounded cost. chrono is given neither the whole reply nor any text that is not a pause phrase: each
 * phrase starts at one of the words below and runs to the end of its sentence, at most WINDOW_CHARS
 * characters, and at most MAX_WINDOWS phrases are read from a reply. So whatever a message holds, chrono
 * reads at most MAX_WINDOWS × WINDOW_CHARS characters.
 *
 * Which words start a phrase, and what is taken from it:
 * - "until", "till", "til": the first date in the phrase.
 * - "back on / in / after / from / by", "return(ing) on / …": the first date ("back after Easter").
 * - "for": only a length of time straight after it ("for six weeks"), never a date later in the
 *   sentence ("thanks for meeting on Monday" is no pause date).
 * - "pause", "paused": only a range, whose end is taken ("pause me from 1 June to 1 September").
 *   A single date after "pause" may be when the pause starts ("pause me from 1 June"), so it is not read.
 * The first phrase that names a date decides.
 *
 * How dates are read (chrono's en.GB reading, so 15/01/2027 is 15 January), with our additions:
 * - A named date is that date; without a year, its next occurrence after today ("3 March" read on
 *   3 March is next year's). A bare weekday is the next one after today.
 * - "end of June" is 30 June; "the end of the month" the last day of this month (of next month when
 *   today is the last day).
 * - A month alone ("June", "May", "Jan", "September 2027", "next month") is the 1st of that month;
 *   "next year" is 1 January. ("next week" is chrono's: a week today.)
 * - "the new year" is 1 January next; "the end of the year" is 31 December.
 * - Named days: "St David's Day" (1 March), St Patrick's (17 March), St George's (23 April), St Andrew's
 *   (30 November), Burns Night (25 January), Hogmanay and New Year's Eve (31 December), Halloween, Bonfire
 *   Night, Valentine's Day and Boxing Day, each its next occurrence after today.
 * - "for N days / weeks / fortnights / months / years" counts from today. N may be a digit or a word
 *   (one to twelve, "a", "a couple of" = 2, "a few" = 3). Months are calendar months, and a day the
 *   month lacks is its last day: 31 January + 1 month is 28 (or 29) February, not 3 March as chrono
 *   would have it.
 * - "Easter", "after Easter", "Easter 2027" is Easter Monday (the anonymous Gregorian computus).
 * - "Christmas", "after Christmas" is the first working day after the Christmas bank holidays of England
 *   and Wales (25 and 26 December, moved to the next weekdays when they fall at a weekend): 27 December
 *   when that is a weekday and both holidays were weekdays, else up to 29 December. Nobody is matched
 *   over Christmas, so "until Christmas" means the same.
 * - Times are ignored ("until 3pm on 3 March" is 3 March); a time alone ("until 5pm") is no date.
 * - A date that is not after today, such as "until 3 March 2025", gives null (a pause until RESUME),
 *   not a date in the past.
 *
 * `zone` is an IANA name (Europe/London); an unknown name throws a RangeError (config.ts checks TZ).
 */
export function pauseDate(text: string, now: Date, zone: string): string | null {
  const today = wallDate(now, zone);
  const phrases = pausePhrases(otherLanguagesInEnglish(text));
  // "I'm on a big project until Christmas. Could you pause me until 4 January?": the date the pause is
  // asked for comes before one that only says why. Otherwise, reading order.
  const order = [...phrases.keys()].sort((a, b) => Number(phrases[a]!.then === true && !startsAgain(phrases[a]!)) - Number(phrases[b]!.then === true && !startsAgain(phrases[b]!)) || Number(phrases[b]!.asked) - Number(phrases[a]!.asked) || a - b);
  for (const k of order) {
    const phrase = phrases[k]!;
    const day = readPhrase(phrase, today);
    if (!day) continue;
    // "Off until after Christmas – back at work Monday 4th January": the day they say they are back, if
    // it follows within a fortnight, is the end they mean.
    for (const later of phrases.slice(k + 1)) {
      // Only a day given as one ("4th January"): "back in May" after "until the end of April" agrees with it.
      if (later.kind !== 'back' || !/\d/.test(later.text)) continue;
      const back = readPhrase(later, today);
      if (back && compare(back, day) > 0 && compare(back, addDays(day, 14)) <= 0) return iso(back);
    }
    return compare(day, today) > 0 ? iso(day) : null;
  }
  return null;
}

/** How many characters of one pause phrase are read: a sentence, and more than any date needs. */
export const WINDOW_CHARS = 200;
/** How far back "until then" looks for the day it means. */
const THEN_CHARS = 120;
/** "Match me from then", "start me again from then": matching resumes from the day said before. */
const MATCH_ME = /\b(?:match|pair|include|start|introduce|put)\s+me(?:\s+(?:again|back\s+in))?\s*$/i;
/** How many pause phrases of one reply are read. */
export const MAX_WINDOWS = 8;

type Kind = 'until' | 'for' | 'back' | 'pause';

interface Phrase {
  kind: Kind;
  text: string;
  /** The words before it in its sentence ask for the pause ("pause me until", "take me out till"). */
  asked: boolean;
  /** "until then": its text is what came before it, read only when no other phrase gives a day. */
  then?: boolean;
  /** "match me from then": asked for, and the day is the last one said before it. */
  from?: boolean;
}

function startsAgain(phrase: Phrase): boolean {
  return phrase.from === true;
}

/** How far back in its sentence a phrase looks for the words that ask for a pause. */
const LEAD_IN_CHARS = 60;
const ASKS_PAUSE = /\b(?:paus\w*|hold|break|off the list|out of (?:the )?(?:rounds?|matching|scheme)|leave me out|count me out|take me out|not match|don't match|no matches|skip)\b/i;

/** A calendar date: year, month 1–12, day 1–31. */
interface Day {
  y: number;
  m: number;
  d: number;
}

/** A sentence ends at a line break, or at . ! ? ; before a blank or the end ("15.01.2027" goes on). */
const SENTENCE_END = /[\n\r]|[.!?;](?=\s|$)/;

/** The pause phrases of a reply, in order: each from its first word to its sentence's end, bounded. */
export function pausePhrases(text: string): Phrase[] {
  const phrases: Phrase[] = [];
  // A literal here, not a shared constant: each call starts with its own lastIndex at 0.
  // "back on 3 March", and "back at work mon 2nd nov", "returning to work on the 4th".
  const re =
    /\b(?:(until|untill|till|til|tan|from(?=\s+then\b)|not\s+this\s+month\s+or|to(?=\s+the\s+end\s+of\b)|(?:to|and)(?=\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))|(for)|((?:back|return|returning)\s+(?=\d{1,2}(?:st|nd|rd|th)?\s+[a-z])|(?:back|return|returning)\s+(?:(?:at|to)\s+(?:work|the\s+office|my\s+desk|normal\s+duties|my\s+(?:normal|usual)\s+(?:duties|job|role|hours))(?:\s+(?:on|in|after|from|by))?|on|in|after|from|by)|return(?:ing)?\s+date\s+(?:is|will\s+be)(?:\s+(?:agreed|set|confirmed)\s+as)?|pick\s+(?:it|this|things)\s+(?:back\s+)?up(?:\s+again)?\s+(?:in|from|after|on))|(paus(?:e|ed|ing)))\b/gi;
  let m: RegExpExecArray | null;
  while (phrases.length < MAX_WINDOWS && (m = re.exec(text)) !== null) {
    const window = text.slice(m.index, m.index + WINDOW_CHARS);
    const end = SENTENCE_END.exec(window);
    const kind: Kind = m[1] ? 'until' : m[2] ? 'for' : m[3] ? 'back' : 'pause';
    const before = text.slice(Math.max(0, m.index - LEAD_IN_CHARS), m.index);
    const leadIn = before.slice(lastSentenceEnd(before));
    // "between 2 and 20 December": "and" ends a span only after "between".
    if (m[1]?.toLowerCase() === 'and' && !/\bbetween\b/i.test(leadIn)) continue;
    // "I'm back at DfT on 1 April 2027 – could you pause me until then?": "then" is the day said before it.
    const then = kind === 'until' && /^\S+\s+then\b/i.test(window) ? text.slice(Math.max(0, m.index - THEN_CHARS), m.index) : null;
    // "… I won't be back until Monday 4 January. Match me from then.": when matching starts again, asked.
    const from = m[1]?.toLowerCase() === 'from';
    if (from && !MATCH_ME.test(leadIn)) continue;
    phrases.push({ kind, text: then ?? (end ? window.slice(0, end.index) : window), asked: from || kind === 'pause' || ASKS_PAUSE.test(leadIn), then: then !== null, from });
  }
  return phrases;
}

/** Where the last sentence of `s` starts: after its last line break or . ! ? ; (one pass). */
function lastSentenceEnd(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) if ('\n\r.!?;'.includes(s[i]!)) return i + 1;
  return 0;
}

/** Welsh days, months, "tan" (until) and times as chrono reads them: "tan 1 Rhagfyr" is "until 1 December". */
const WELSH_MONTHS: Replacements = [
  // Days first ("dydd Mawrth" is Tuesday; "Mawrth" alone is March), then months, then times ("am 2yp" is
  // at 2pm; "yb" the morning).
  [/\bdydd llun\b/gi, 'Monday'],
  [/\bdydd mawrth\b/gi, 'Tuesday'],
  [/\bdydd mercher\b/gi, 'Wednesday'],
  [/\bdydd iau\b/gi, 'Thursday'],
  [/\bdydd gwener\b/gi, 'Friday'],
  // "tan ddiwedd mis Ionawr" (until the end of January), "dechrau Mawrth" (the start of March).
  [/\b(?:d|dd)?diwedd(?: mis)?\b/gi, 'the end of'],
  [/\b(?:d|dd)?dechrau(?: mis)?\b/gi, 'the start of'],
  [/\bionawr\b/gi, 'January'],
  [/\bchwefror\b/gi, 'February'],
  [/\b(?:mawrth|fawrth)\b/gi, 'March'],
  [/\b(?:ebrill|hebrill)\b/gi, 'April'],
  [/\b(?:mai|fai)\b/gi, 'May'],
  [/\b(?:mehefin|fehefin)\b/gi, 'June'],
  [/\b(?:gorffennaf|orffennaf)\b/gi, 'July'],
  [/\bawst\b/gi, 'August'],
  [/\b(?:medi|fedi)\b/gi, 'September'],
  [/\bhydref\b/gi, 'October'],
  [/\b(?:tachwedd|dachwedd)\b/gi, 'November'],
  [/\b(?:rhagfyr|ragfyr)\b/gi, 'December'],
  [/^tan\b/i, 'until'],
  [/\b(\d{1,2}(?:[.:]\d{2})?)\s?(?:yp|y\.p\.|yh)\b/gi, '$1pm'],
  [/\b(\d{1,2}(?:[.:]\d{2})?)\s?(?:yb|y\.b\.)\b/gi, '$1am'],
  // "2 o'r gloch y prynhawn" (2 o'clock in the afternoon), "10 o'r gloch y bore" (in the morning).
  [/\b(\d{1,2}) o['’]r gloch(?: y| yn y) (?:prynhawn|p'?nawn|hwyr)\b/gi, '$1pm'],
  [/\b(\d{1,2}) o['’]r gloch(?: y| yn y) bore\b/gi, '$1am'],
  [/\b(\d{1,2}) o['’]r gloch\b/gi, "$1 o'clock"],
  // "am 2pm" after a Welsh date: "at".
  [/(?<=(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday) )am (?=\d{1,2}(?:[.:]\d{2})?(?:am|pm)\b)/gi, 'at '],
];
/**
 * Months and "until" as staff of UK bodies write them in French, Spanish, German, Italian, Portuguese, Dutch
 * and Polish ("PAUSE jusqu'au 15 janvier"), in the words chrono reads. Only in a pause's phrase.
 */
const OTHER_MONTHS: Replacements = [
  // "do końca stycznia" (Polish), "jusqu'à la fin de janvier", "hasta finales de enero", "bis Ende Januar",
  // "până la sfârșitul anului" (Romanian: until the end of the year).
  [/\bdo końca\b|\bjusqu['’]à la fin (?:de|d['’])|\bhasta (?:finales|el final|fin) de\b|\bbis (?:zum )?ende\b|\bp[âa]n[ăa] la sf[âa]r[șşs]itul\b/gi, 'until the end of '],
  [/(?<!\p{L})(?:anului|de l['’]ann[ée]e|del a[ñn]o|des jahres|dell['’]anno|do ano|roku)(?!\p{L})/giu, 'the year'],
  [/\b(?:jusqu['’]au|jusqu['’]à|hasta el|hasta|bis zum|bis|fino al|fino a|até ao|até|tot en met|p[âa]n[ăa] (?:la|pe)|p[âa]n[ăa](?= \d))(?=\s)/gi, 'until'],
  // A span: "na sześć tygodni" (Polish), "pour six semaines", "für sechs Wochen", "durante seis semanas",
  // "per sei settimane", "pentru șase săptămâni": "for 6 weeks".
  [/(?<!\p{L})\p{L}+(?=\s+(?:tygodni|tygodnie|semaines|wochen|semanas|settimane|s[ăa]pt[ăa]m[âa]ni|miesi[ęe]cy|miesi[ąa]ce|mois|monate|meses|mesi|luni)(?!\p{L}))/giu, (word) => SPAN_NUMBERS[word.toLowerCase()] ?? word],
  [/(?<!\p{L})(?:na|przez|pour|pendant|f[üu]r|durante|por|per|pentru|para)\s+(?=\d{1,2}\s+(?:tygodni|tygodnie|semaines|wochen|semanas|settimane|s[ăa]pt[ăa]m[âa]ni|miesi[ęe]cy|miesi[ąa]ce|mois|monate|meses|mesi|luni)(?!\p{L}))/giu, 'for '],
  [/(?<!\p{L})(?:tygodni|tygodnie|semaines|wochen|semanas|settimane|s[ăa]pt[ăa]m[âa]ni)(?!\p{L})/giu, 'weeks'],
  [/(?<!\p{L})(?:miesi[ęe]cy|miesi[ąa]ce|mois|monate|meses|mesi|luni)(?!\p{L})/giu, 'months'],
  // "3 de marzo", "3 de março" (Spanish, Portuguese), "1. Februar" (German): the day before its month.
  [/\b(\d{1,2})(?:\s+de|\.)\s+(?=\p{L})/giu, '$1 '],
  [/\b(?:janvier|enero|januar|jänner|gennaio|janeiro|januari|stycznia|ianuarie)\b/gi, 'January'],
  [/\b(?:février|fevrier|febrero|februar|febbraio|fevereiro|februari|lutego|februarie)\b/gi, 'February'],
  [/\b(?:mars|marzo|märz|maerz|março|maart|marca|martie)\b/gi, 'March'],
  [/\b(?:avril|abril|aprile|kwietnia|aprilie)\b/gi, 'April'],
  [/\b(?:mayo|maggio|maio|mei|maja)\b/gi, 'May'],
  [/\b(?:juin|junio|juni|giugno|junho|czerwca|iunie)\b/gi, 'June'],
  [/\b(?:juillet|julio|juli|luglio|julho|lipca|iulie)\b/gi, 'July'],
  [/\b(?:août|aout|agosto|augustus|sierpnia)\b/gi, 'August'],
  [/\b(?:septembre|septiembre|setiembre|settembre|setembro|września|wrzesnia|septembrie)\b/gi, 'September'],
  [/\b(?:octobre|octubre|oktober|ottobre|outubro|października|pazdziernika|octombrie)\b/gi, 'October'],
  [/\b(?:novembre|noviembre|novembro|listopada|noiembrie)\b/gi, 'November'],
  [/\b(?:décembre|decembre|diciembre|dezember|dicembre|dezembro|grudnia|decembrie)\b/gi, 'December'],
];

/** Two to twelve in the languages above, before weeks or months ("sześć tygodni" is "6 weeks"). */
const SPAN_NUMBERS: Record<string, string> = Object.fromEntries(
  [
    ['2', 'dwa dwie deux zwei dos due dois duas doua două doi'],
    ['3', 'trzy trois drei tres tre três trei'],
    ['4', 'cztery quatre vier cuatro quattro quatro patru'],
    ['5', 'pięć piec cinq fünf funf cinco cinque cinci'],
    ['6', 'sześć szesc six sechs seis sei șase sase'],
    ['7', 'siedem sept sieben siete sette sete șapte sapte'],
    ['8', 'osiem huit acht ocho otto oito opt'],
    ['9', 'dziewięć dziewiec neuf neun nueve nove nouă noua'],
    ['10', 'dziesięć dziesiec dix zehn diez dieci dez zece'],
    ['12', 'dwanaście douze zwölf doce dodici doze douăsprezece'],
  ].flatMap(([n, words]) => words!.split(' ').map((w) => [w, n!])),
);

/** A pause's months, spans and "until" in other languages, in English: read before its phrases are found. */
export function otherLanguagesInEnglish(text: string): string {
  return replaceEach(text, OTHER_MONTHS);
}

/** Welsh dates and times in the words chrono reads: "Dydd Mercher 18 Tachwedd am 2yp" is "Wednesday 18 November at 2pm". */
export function inEnglish(text: string): string {
  return replaceEach(text, WELSH_MONTHS);
}

function readPhrase(phrase: Phrase, today: Day): Day | null {
  let vague: Day | null = null;
  const english = inEnglish(phrase.text);
  const results = reader.parse(english, reference(today), { forwardDate: true });
  // "… until 18 December … won't be back until Monday 4 January. Match me from then": the latest said.
  if (phrase.from) results.reverse();
  for (const r of results) {
    if (phrase.kind === 'for' && !(r.index === 0 && (r.tags().has(DURATION) || r.tags().has('result/relativeDate')))) continue;
    // After "pause" only a span of days ("pause 1-14 December"): "a spare half hour until the new year" is
    // a span chrono starts at a time, not the pause asked for.
    if (phrase.kind === 'pause' && (!r.end || r.start.tags().has('result/relativeDate') || !['month', 'day', 'weekday'].some((k) => r.start.isCertain(k as chrono.Component)))) continue;
    const c = r.end ?? r.start;
    if (!['year', 'month', 'day', 'weekday'].some((k) => c.isCertain(k as chrono.Component))) continue; // a time alone
    const day = { y: c.get('year')!, m: c.get('month')!, d: c.get('day')! };
    // A month or a year without a day ("June", "next month", "next year") is its first day. Not after
    // "for", where an open day is today's ("for several months").
    if (phrase.kind !== 'for' && !c.isCertain('day') && !c.isCertain('weekday')) {
      day.d = 1;
      if (!c.isCertain('month')) day.m = 1;
      // "Back in January – my first day back is Monday 4 January": a day of that month later in the same
      // sentence makes it exact.
      const month = forward(day, c, today);
      if (month) vague ??= month;
      continue;
    }
    let exact = forward(day, c, today);
    // "Back at work Monday 2nd": chrono gives the next Monday, whatever its date; the day of the month
    // they wrote decides, on the first Monday that is a 2nd.
    // (chrono's own text stops at the weekday: the day of the month is looked for just after it.)
    const named = c.isCertain('weekday') && !c.isCertain('month') ? WEEKDAY_AND_DAY.exec(english.slice(r.index, r.index + r.text.length + 12)) : null;
    if (named && Number(named[2]) !== day.d) exact = weekdayOnDate(today, WEEKDAYS.indexOf(named[1]!.slice(0, 3).toLowerCase()), Number(named[2]), WEEKDAY_AND_DAY_DAYS);
    if (!vague) return exact;
    if (exact && exact.y === vague.y && exact.m === vague.m) return exact;
  }
  return vague;
}

/** "Thursday 12th", "Mon the 2nd": a weekday with its day of the month and no month. */
export const WEEKDAY_AND_DAY = /\b(sun|mon|tue|wed|thu|fri|sat)[a-z]*\.?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/i;
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The first date from today on, within `days`, that is that weekday (0 = Sunday) and day of the month. */
export function weekdayOnDate(today: Day, weekday: number, dayOfMonth: number, days: number): Day | null {
  for (let i = 0; i <= days; i++) {
    const d = new Date(Date.UTC(today.y, today.m - 1, today.d + i));
    if (d.getUTCDate() === dayOfMonth && d.getUTCDay() === weekday) return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
  }
  return null;
}
/** How far ahead "back on Monday 2nd" looks for a Monday that is the 2nd. */
const WEEKDAY_AND_DAY_DAYS = 366;

/** A date chrono left partly open moved to its next occurrence after today; a date it was told is kept. */
function forward(day: Day, c: ParsedComponents, today: Day): Day | null {
  if (!valid(day)) return null;
  if (compare(day, today) > 0) return day;
  if (c.tags().has('parser/ENEndOfCurrentMonthParser')) {
    const next = addMonths({ y: day.y, m: day.m, d: 1 }, 1);
    return { ...next, d: daysIn(next.y, next.m) };
  }
  if (c.isCertain('weekday') && !c.isCertain('day')) {
    // chrono puts a weekday within a week of today: one week on is enough, two are the limit.
    let d = day;
    for (let i = 0; i < 2 && compare(d, today) <= 0; i++) d = addDays(d, 7);
    return d;
  }
  if (!c.isCertain('year')) {
    // Up to 8 years on: 29 February comes round at least that often.
    for (let y = day.y + 1; y <= today.y + 8; y++) {
      const d = { ...day, y };
      if (valid(d) && compare(d, today) > 0) return d;
    }
  }
  return day; // not after today: the caller gives null
}

// ---- chrono, with what it lacks -----------------------------------------------------------------

const DURATION = 'unmentoring/duration';

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};

/** The day a reference stands for: chrono is given that date at noon in the process's zone (see reference). */
function refDay(context: ParsingContext): Day {
  const r = context.reference.instant;
  return { y: r.getFullYear(), m: r.getMonth() + 1, d: r.getDate() };
}

/**
 * "for six weeks", "for a fortnight", "for a couple of months": ahead of chrono's own reading of a length
 * of time, which has no fortnight and lets 31 January + 1 month run on to 3 March. It comes first among
 * the parsers, so where both read the same words this one is kept.
 */
const UNIT_OF: Record<string, string> = { wk: 'week', mth: 'month', mnth: 'month', yr: 'year' };

const durationParser: chrono.Parser = {
  pattern: () =>
    /\bfor\s+(?:(?:about|around|roughly|approximately|just|another|at\s+least|the\s+next|the\s+coming)\s+)?(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few)\s*(days?|weeks?|wks?|fortnights?|months?|mths?|mnths?|years?|yrs?)\b/i,
  extract: (context, match) => {
    const word = match[1]!.toLowerCase();
    const n = /^\d/.test(word) ? Number(word) : word.includes('couple') ? 2 : word.includes('few') ? 3 : NUMBER_WORDS[word]!;
    // "6 wks", "3 mths", "2yrs": the units as people shorten them.
    const unit = UNIT_OF[match[2]!.toLowerCase().replace(/s$/, '')] ?? match[2]!.toLowerCase().replace(/s$/, '');
    const today = refDay(context);
    const day =
      unit === 'day' ? addDays(today, n)
      : unit === 'week' ? addDays(today, 7 * n)
      : unit === 'fortnight' ? addDays(today, 14 * n)
      : unit === 'month' ? addMonths(today, n)
      : addMonths(today, 12 * n);
    return context.createParsingComponents({ year: day.y, month: day.m, day: day.d }).addTag(DURATION);
  },
};

/** A day set by a feast (`dayIn` gives it for a year): in the year written, else its next one after today. */
function feast(context: ParsingContext, year: string | undefined, dayIn: (y: number) => Day) {
  const today = refDay(context);
  let day = dayIn(year ? Number(year) : today.y);
  if (!year && compare(day, today) <= 0) day = dayIn(today.y + 1);
  return { year: day.y, month: day.m, day: day.d };
}

/** "after Easter", "Easter 2027": Easter Monday. */
const easterParser: chrono.Parser = {
  pattern: () => /\b(?:after\s+)?easter(?:\s+(\d{4}))?\b/i,
  extract: (context, match) => feast(context, match[1], (y) => addDays(easterSunday(y), 1)),
};

/** "after Christmas": the first working day after the Christmas bank holidays. */
const christmasParser: chrono.Parser = {
  pattern: () => /\b(?:after\s+)?(?:christmas|xmas)(?:\s+(\d{4}))?\b/i,
  extract: (context, match) => feast(context, match[1], afterChristmas),
};

/** "the new year", "new year's": 1 January next. */
const newYearParser: chrono.Parser = {
  pattern: () => /\b(?:the\s+)?new\s+years?\b/i,
  extract: (context) => ({ year: refDay(context).y + 1, month: 1, day: 1 }),
};

/** "the end of the year", "end of this year": 31 December (next year's when today is the 31st). */
const endOfYearParser: chrono.Parser = {
  pattern: () => /\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year\b(?:\s+(\d{4})\b)?/i,
  extract: (context, match) => feast(context, match[1], (y) => ({ y, m: 12, d: 31 })),
};

/** Days of the year people name instead of a date: "until St David's Day", "back after Burns Night". */
const NAMED_DAYS: Record<string, [number, number]> = {
  "st david's day": [3, 1], 'st davids day': [3, 1], 'dydd gŵyl dewi': [3, 1], 'dydd gwyl dewi': [3, 1],
  "st patrick's day": [3, 17], 'st patricks day': [3, 17], "st andrew's day": [11, 30], 'st andrews day': [11, 30],
  "st george's day": [4, 23], 'st georges day': [4, 23], 'burns night': [1, 25], 'hogmanay': [12, 31],
  "new year's eve": [12, 31], 'bonfire night': [11, 5], 'halloween': [10, 31], "valentine's day": [2, 14], 'boxing day': [12, 26],
};
const namedDayParser: chrono.Parser = {
  pattern: () => /\b(?:after\s+)?(st\.? (?:david|patrick|andrew|george)['’]?s day|dydd g[ŵw]yl dewi|burns night|hogmanay|new year['’]s eve|bonfire night|halloween|valentine['’]s day|boxing day)(?:\s+(\d{4}))?\b/i,
  extract: (context, match) => {
    const [m, d] = NAMED_DAYS[match[1]!.toLowerCase().replace(/’/g, "'").replace(/^st\. /, 'st ')] ?? [0, 0];
    return m === 0 ? null : feast(context, match[2], (y) => ({ y, m, d }));
  },
};

const MONTH_ABBREVIATIONS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12 };

/**
 * "until May", "till Jan": chrono drops "may" unless it follows "in" (it is also a verb) and a month's
 * three-letter name alone. After "until" both are months. Not when a day follows ("until May 5"), which
 * chrono reads. The result keeps "until" in its text, which is what stops chrono's filter dropping "may".
 */
const monthAfterUntilParser: chrono.Parser = {
  pattern: () => /\b(?:until|untill|till|til)\s+(may|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?(?:\s+(\d{4})\b)?(?!\s*\d)/i,
  extract: (context, match) => {
    const components = context.createParsingComponents({ month: MONTH_ABBREVIATIONS[match[1]!.toLowerCase()]! });
    components.imply('day', 1);
    if (match[2]) components.assign('year', Number(match[2]));
    else components.imply('year', refDay(context).y);
    return components;
  },
};

/**
 * "29 February" without a year: chrono gives it this year, and then drops it as no date when this year
 * has none. Put first among the refiners, this gives it the next leap year before that check.
 */
const leapDayRefiner: chrono.Refiner = {
  refine: (_context, results) => {
    for (const { start } of results) {
      if (start.isCertain('year') || start.get('month') !== 2 || start.get('day') !== 29) continue;
      let y = start.get('year')!;
      while (daysIn(y, 2) !== 29) y++;
      start.imply('year', y);
    }
    return results;
  },
};

/** "until the 20th", "before the 3rd": that day of this month if it is still to come, else of the next. */
const dayOfMonthParser: chrono.Parser = {
  pattern: () => /\b(?:until|untill|till|til|before|after)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\b|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/i,
  extract: (context, match) => {
    const today = refDay(context);
    const d = Number(match[1]);
    let month = { y: today.y, m: today.m, d: 1 };
    // The next month that has that day, after today: "the 31st" in November is 31 December.
    for (let i = 0; i < 3; i++) {
      const day = { ...month, d };
      if (valid(day) && compare(day, today) > 0) return { year: day.y, month: day.m, day: day.d };
      month = addMonths(month, 1);
    }
    return null;
  },
};

/** "not this month or next": the first day of the month after next. */
const monthOrNextParser: chrono.Parser = {
  pattern: () => /\bnot\s+this\s+month\s+or\s+(?:the\s+)?next(?:\s+one)?\b/i,
  extract: (context) => {
    const today = refDay(context);
    const day = addMonths({ y: today.y, m: today.m, d: 1 }, 2);
    return { year: day.y, month: day.m, day: 1 };
  },
};

const reader = chrono.GB.clone();
reader.parsers.unshift(durationParser, easterParser, christmasParser, endOfYearParser, namedDayParser, newYearParser, monthAfterUntilParser, dayOfMonthParser, monthOrNextParser);
reader.refiners.unshift(leapDayRefiner);

/**
 * chrono reads dates in the process's time zone, so it is given today's date in the service's zone as
 * that date at noon in the process's zone, and only the year, month and day of what it reads are used.
 * Noon keeps clear of any change of clocks, which happens at night.
 */
function reference(today: Day): Date {
  return new Date(today.y, today.m - 1, today.d, 12, 0, 0, 0);
}

// ---- calendar arithmetic, on UTC dates so that no zone's clock changes enter -------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The date on the wall in `zone` at `now`. */
export function wallDate(now: Date, zone: string): Day {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(now)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year!, m: p.month!, d: p.day! };
}

function utc(day: Day): Date {
  return new Date(Date.UTC(day.y, day.m - 1, day.d));
}

function fromUtc(date: Date): Day {
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function valid(day: Day): boolean {
  return day.m >= 1 && day.m <= 12 && day.d >= 1 && day.d <= daysIn(day.y, day.m);
}

function daysIn(y: number, m: number): number {
  return fromUtc(utc({ y, m: m + 1, d: 0 })).d;
}

function addDays(day: Day, n: number): Day {
  const date = utc(day);
  date.setUTCDate(date.getUTCDate() + n);
  return fromUtc(date);
}

/** Calendar months on; a day the month lacks is its last (31 January + 1 = 28 or 29 February). */
function addMonths(day: Day, n: number): Day {
  const months = day.y * 12 + (day.m - 1) + n;
  const y = Math.floor(months / 12);
  const m = (months % 12) + 1;
  return { y, m, d: Math.min(day.d, daysIn(y, m)) };
}

function compare(a: Day, b: Day): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

function iso(day: Day): string {
  return `${String(day.y).padStart(4, '0')}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}

/** Easter Sunday in the Gregorian calendar: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(y: number): Day {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { y, m: month, d: day };
}

/**
 * The first working day after Christmas: the two bank holidays (Christmas Day, Boxing Day) are the first
 * two weekdays from 25 December, and the answer is the next weekday after them.
 */
function afterChristmas(y: number): Day {
  const weekend = (day: Day) => [0, 6].includes(utc(day).getUTCDay());
  let day: Day = { y, m: 12, d: 25 };
  for (let holidays = 2; holidays > 0; day = addDays(day, 1)) if (!weekend(day)) holidays--;
  while (weekend(day)) day = addDays(day, 1);
  return day;
}
