import { UsageError } from '../cli/run.js';

/**
 * `--since DATE`: a calendar date (YYYY-MM-DD, the start of that day in the process's time zone, TZ) or an
 * ISO 8601 time with a zone. Anything else, or a date that does not exist (2026-02-30), is refused.
 */
export function parseSince(value: string): Date | null {
  const v = value.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const at = new Date(y, m - 1, d);
    return at.getFullYear() === y && at.getMonth() === m - 1 && at.getDate() === d ? at : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return null;
  const at = new Date(v);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** A CLI's `--since` value: undefined when not given; a UsageError (exit 1, one line) when unreadable. */
export function sinceOption(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = parseSince(value);
  if (!at) throw new UsageError(`--since must be a date such as 2026-11-01, not "${value}"`);
  return at;
}
