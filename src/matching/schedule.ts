import later from '@breejs/later';
import cronValidateModule from 'cron-validate';

// A CommonJS module compiled from ES modules: under Node its function is the `default` property; vitest's
// interop (vite) hands the function itself as the default import.
type CronValidate = typeof cronValidateModule.default;
const cronValidate: CronValidate =
  typeof cronValidateModule === 'function' ? (cronValidateModule as unknown as CronValidate) : cronValidateModule.default;

/**
 * Cron as Bree reads it, with the forms a monthly scheme needs: "1#1" (first Monday) and "L" (last day).
 * The same options are given to Bree, so a schedule this accepts is one Bree runs.
 */
export const CRON_VALIDATE = {
  preset: 'default',
  override: { useNthWeekdayOfMonth: true, useLastDayOfMonth: true, useLastDayOfWeek: true, useBlankDay: true },
} as const;

export function isValidCron(expression: string): boolean {
  return cronValidate(expression, CRON_VALIDATE as never).isValid();
}

/*
 * Periods. A period runs from one occurrence of the schedule to the next; a round belongs to the period
 * holding the moment it runs. Occurrences are worked out here rather than with later's own local-time
 * prev(), which is unusable for this: inside an occurrence's second it returns the moment asked about
 * itself (milliseconds and all, so "the period" was a new string every millisecond), and around a DST
 * change it returns times that are no occurrence at all (01:59:59 on the day the clocks go forward).
 *
 * Instead the cron expression is read on the zone's wall clock (later in its UTC mode, where no day has
 * a gap or an overlap), and each wall-clock occurrence is then placed on the real timeline of the zone:
 * - a wall time that happens twice (the clocks go back) is its first instant, so the repeat hour never
 *   starts a second period (Bree fires at both; the second finds the round already made);
 * - a wall time that never happens (the clocks go forward) is the instant of the change, when the clock
 *   jumps past it: the period still starts, as the cron daemon runs a skipped job once the clock moved.
 * The zone is a parameter, so this is pure and testable in any zone; the service passes TZ.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How far back to look for the latest occurrence, widening until one is found (a yearly schedule, 29 February). */
const LOOK_BACK = [2 * HOUR, 2 * DAY, 40 * DAY, 400 * DAY, 9 * 366 * DAY, 30 * 366 * DAY];
/** A wall time past now may still be an earlier instant when a gap lies between: no zone's gap is longer. */
const GAP_MARGIN = 3 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's wall-clock reading at `instant`, as milliseconds on a UTC timeline (whole seconds). */
export function wallClock(instant: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** The zone's offset from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const whole = Math.floor(instant / SECOND) * SECOND;
  return wallClock(whole, zone) - whole;
}

/** The instant a wall-clock time names in `zone`: its first when it happens twice, the change when never. */
export function instantOf(wall: number, zone: string): number {
  const before = offsetAt(wall - DAY, zone);
  const after = offsetAt(wall + DAY, zone);
  // No change within a day either side (nearly always): the one offset applies.
  if (before === after) return wall - before;
  const candidates = [wall - before, wall - after].filter((t) => wallClock(t, zone) === wall);
  if (candidates.length) return Math.min(...candidates);
  // A gap: the earliest instant whose offset is already the later one (found by halving, to the second).
  let lo = wall - after; // before the change
  let hi = wall - before; // after it
  while (hi - lo > SECOND) {
    const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
    if (offsetAt(mid, zone) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** later's schedule reads the cron on whichever clock is selected; the wall clock is read in its UTC mode. */
function wallOccurrences(expression: string, from: number, to: number): number[] {
  const schedule = later.schedule(later.parse.cron(expression));
  // isUTC is later's own flag (not in our declaration of its types, src/types/breejs-later.d.ts).
  const wasUTC = (later.date as { isUTC?: boolean }).isUTC === true;
  // later's clock is one switch shared with Bree: set it and restore it around this synchronous call.
  later.date.UTC();
  try {
    const found = schedule.next(100_000, new Date(from), new Date(to)) as Date[] | Date | 0;
    const list = found === 0 ? [] : Array.isArray(found) ? found : [found];
    // later returns the start itself, milliseconds and all, when it falls in a matching second.
    return [...new Set(list.map((d) => Math.floor(d.getTime() / SECOND) * SECOND))].filter((t) => t >= from && t <= to);
  } finally {
    if (!wasUTC) later.date.localTime();
  }
}

/**
 * The start of the period holding `now`: the schedule's latest occurrence at or before it, to the
 * millisecond (a millisecond before an occurrence is still the previous period; the occurrence itself is
 * the new one). A schedule with no occurrence in the last 30 years gives its first one.
 */
export function periodOf(expression: string, zone: string, now: Date): Date {
  const at = now.getTime();
  const wallNow = wallClock(Math.floor(at / SECOND) * SECOND, zone);
  const margin = offsetAt(at - DAY, zone) === offsetAt(at + DAY, zone) ? 0 : GAP_MARGIN;
  for (const back of LOOK_BACK) {
    const walls = wallOccurrences(expression, wallNow - back, wallNow + margin);
    let best: number | null = null;
    for (const w of walls) {
      const t = instantOf(w, zone);
      if (t <= at && (best === null || t > best)) best = t;
    }
    if (best !== null) return new Date(best);
  }
  return nextOccurrence(expression, zone, now);
}

/** The schedule's first occurrence after `now`: when the period holding `now` ends. */
export function nextOccurrence(expression: string, zone: string, now: Date): Date {
  const at = now.getTime();
  const wallNow = wallClock(Math.floor(at / SECOND) * SECOND, zone);
  const margin = offsetAt(at - DAY, zone) === offsetAt(at + DAY, zone) ? 0 : GAP_MARGIN;
  for (const ahead of LOOK_BACK) {
    const walls = wallOccurrences(expression, wallNow - margin, wallNow + ahead);
    let best: number | null = null;
    for (const w of walls) {
      const t = instantOf(w, zone);
      if (t > at && (best === null || t < best)) best = t;
    }
    if (best !== null) return new Date(best);
  }
  throw new Error(`the schedule "${expression}" has no occurrence in the next 30 years`);
}
