import later from '@breejs/later';
import { describe, expect, it } from 'vitest';
import { nextOccurrence, periodOf } from '../../src/matching/schedule.js';

// Every clock here is an argument: periodOf takes the zone, so nothing depends on the process's TZ.
const MONTHLY = '0 9 * * 1#1'; // MATCH_SCHEDULE's default: 09:00 on the first Monday of each month
const NIGHTLY = '30 1 * * *'; // 01:30 every day: inside the hour the clocks skip in March and repeat in October
const LONDON = 'Europe/London';
const at = (iso: string) => new Date(iso);
const period = (expr: string, zone: string, iso: string) => periodOf(expr, zone, at(iso)).toISOString();
const next = (expr: string, zone: string, iso: string) => nextOccurrence(expr, zone, at(iso)).toISOString();

describe('periods of the schedule', () => {
  // 2 November 2026 was the first Monday; London is on GMT then, so 09:00 there is 09:00Z.
  it('when it is the last second before an occurrence, then it is still the previous period', () => {
    expect(period(MONTHLY, LONDON, '2026-11-02T08:59:59.000Z')).toBe('2026-10-05T08:00:00.000Z');
    expect(period(MONTHLY, LONDON, '2026-11-02T08:59:59.500Z')).toBe('2026-10-05T08:00:00.000Z');
  });

  it('when it is the last millisecond before an occurrence, then it is still the previous period', () => {
    expect(period(MONTHLY, LONDON, '2026-11-02T08:59:59.999Z')).toBe('2026-10-05T08:00:00.000Z');
  });

  it('when it is exactly the occurrence, or any moment of its period, then the period is that occurrence, always the same string', () => {
    for (const iso of ['2026-11-02T09:00:00.000Z', '2026-11-02T09:00:00.001Z', '2026-11-02T09:00:00.999Z', '2026-11-02T09:00:01.000Z', '2026-11-20T12:00:00.000Z', '2026-12-07T08:59:59.999Z']) {
      expect(period(MONTHLY, LONDON, iso)).toBe('2026-11-02T09:00:00.000Z');
    }
    expect(next(MONTHLY, LONDON, '2026-11-02T09:00:00.000Z')).toBe('2026-12-07T09:00:00.000Z');
    expect(next(MONTHLY, LONDON, '2026-11-02T08:59:59.999Z')).toBe('2026-11-02T09:00:00.000Z');
  });

  it('when the clocks go forward (late March), then the next occurrence is 09:00 BST, an hour earlier in UTC', () => {
    // British Summer Time began on 28 March 2027; the first Monday of April was the 5th.
    expect(period(MONTHLY, LONDON, '2027-04-05T07:59:59.999Z')).toBe('2027-03-01T09:00:00.000Z');
    expect(period(MONTHLY, LONDON, '2027-04-05T08:00:00.000Z')).toBe('2027-04-05T08:00:00.000Z');
    expect(next(MONTHLY, LONDON, '2027-03-20T00:00:00.000Z')).toBe('2027-04-05T08:00:00.000Z');
  });

  it('when the clocks go back (late October), then the next occurrence is 09:00 GMT', () => {
    // BST ended on 25 October 2026: October's round was at 08:00Z, November's at 09:00Z.
    expect(period(MONTHLY, LONDON, '2026-10-30T12:00:00.000Z')).toBe('2026-10-05T08:00:00.000Z');
    expect(next(MONTHLY, LONDON, '2026-10-05T08:00:00.000Z')).toBe('2026-11-02T09:00:00.000Z');
  });

  it('when a scheduled time never happens (the clocks skip 01:00-02:00), then the period starts when the clock jumps past it', () => {
    expect(period(NIGHTLY, LONDON, '2027-03-28T00:59:59.999Z')).toBe('2027-03-27T01:30:00.000Z');
    expect(period(NIGHTLY, LONDON, '2027-03-28T01:00:00.000Z')).toBe('2027-03-28T01:00:00.000Z');
    expect(period(NIGHTLY, LONDON, '2027-03-28T12:00:00.000Z')).toBe('2027-03-28T01:00:00.000Z');
    expect(next(NIGHTLY, LONDON, '2027-03-28T01:00:00.000Z')).toBe('2027-03-29T00:30:00.000Z');
  });

  it('when a scheduled time happens twice (the clocks repeat 01:00-02:00), then only the first starts a period', () => {
    expect(period(NIGHTLY, LONDON, '2026-10-25T00:29:59.999Z')).toBe('2026-10-24T00:30:00.000Z');
    expect(period(NIGHTLY, LONDON, '2026-10-25T00:30:00.000Z')).toBe('2026-10-25T00:30:00.000Z');
    // 01:30Z is 01:30 GMT, the second 01:30 of the night: Bree fires again, the period is the same.
    expect(period(NIGHTLY, LONDON, '2026-10-25T01:30:00.000Z')).toBe('2026-10-25T00:30:00.000Z');
    expect(next(NIGHTLY, LONDON, '2026-10-25T00:30:00.000Z')).toBe('2026-10-26T01:30:00.000Z');
  });

  it('when the zone is another, then the same schedule names other instants', () => {
    expect(period(MONTHLY, 'UTC', '2026-10-20T00:00:00.000Z')).toBe('2026-10-05T09:00:00.000Z');
    expect(period(MONTHLY, 'America/New_York', '2026-11-02T13:59:59.999Z')).toBe('2026-10-05T13:00:00.000Z');
    expect(period(MONTHLY, 'America/New_York', '2026-11-02T14:00:00.000Z')).toBe('2026-11-02T14:00:00.000Z');
  });

  it('when a schedule is yearly or on 29 February, then the period is found years back', () => {
    expect(period('0 9 29 2 *', LONDON, '2027-06-01T00:00:00.000Z')).toBe('2024-02-29T09:00:00.000Z');
  });

  it('when any moment of two years is asked about, then its period starts at or before it and the next one after it', () => {
    // Every 7 h 13 min 17.3 s, so moments land on every hour and millisecond of the day, across four DST changes.
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 25_997_300) {
      const now = new Date(t);
      const start = periodOf(MONTHLY, LONDON, now);
      const end = nextOccurrence(MONTHLY, LONDON, now);
      expect(start.getTime()).toBeLessThanOrEqual(t);
      expect(end.getTime()).toBeGreaterThan(t);
      expect(nextOccurrence(MONTHLY, LONDON, start).getTime()).toBe(end.getTime());
      expect(periodOf(MONTHLY, LONDON, end).getTime()).toBe(end.getTime());
      expect(periodOf(MONTHLY, LONDON, new Date(end.getTime() - 1)).getTime()).toBe(start.getTime());
    }
  });

  it("when a period is worked out, then later's clock is left as Bree set it (local time)", () => {
    later.date.localTime();
    periodOf(MONTHLY, LONDON, at('2026-11-02T09:00:00.000Z'));
    expect((later.date as { isUTC?: boolean }).isUTC).toBe(false);
  });
});
