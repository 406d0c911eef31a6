import later from '@breejs/later';
import cronValidateModule from 'cron-validate';

// A CommonJS module compiled from ES modules: under NodeNext its function is the `default` property.
const cronValidate = cronValidateModule.default;

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

// Schedules are read in the process's local time, which the service sets to TZ at start (Bree does the same).
later.date.localTime();

/** The scheduled occurrence at or before `now`: the period a round run now belongs to. */
export function periodOf(expression: string, now: Date): Date {
  const prev = later.schedule(later.parse.cron(expression)).prev(1, new Date(now.getTime() + 1000)) as Date | 0;
  // A schedule with no occurrence yet (it starts in the future): the round belongs to its first one.
  return prev || nextOccurrence(expression, now);
}

/** The next scheduled occurrence after `now`. */
export function nextOccurrence(expression: string, now: Date): Date {
  return later.schedule(later.parse.cron(expression)).next(1, new Date(now.getTime() + 1000)) as Date;
}
