import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { runRound, type RoundOptions } from '../../src/matching/round.js';
import { Database } from '../../src/db/database.js';
import type { Config } from '../../src/config.js';

// One round a period, whatever the clock, the schedule or the zone says. Every clock is injected.
let t: TestDatabase;
const logger = captureLogger().logger;
let n = 0;
const savedTz = process.env.TZ;

beforeEach(async () => {
  n = 0;
  process.env.TZ = 'Europe/London';
  t = await createTestDatabase();
  for (let i = 0; i < 6; i++) await participant(['Leeds City Council', 'NHS Digital', 'HMRC'][i % 3]!);
});
afterEach(async () => {
  process.env.TZ = savedTz;
  await t.cleanup();
});

async function participant(org: string): Promise<void> {
  const at = '2026-09-01T00:00:00.000Z';
  const i = ++n;
  await t.db.run(
    `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
     VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`,
    [`p${i}@${org.replace(/\W+/g, '').toLowerCase()}.gov.uk`, `Person ${i}`, org, `+4477009${String(i).padStart(5, '0')}`, at, at, at, at, at],
  );
}

/** The settings as the service reads them; configOrExit also sets the process's TZ, so this does too. */
function settings(env: Record<string, string> = {}): Config {
  const config = testConfig(t.dir, env);
  process.env.TZ = config.tz;
  return config;
}

const round = (config: Config, now: string, opts: Partial<RoundOptions> = {}, db: Database = t.db) =>
  runRound({ db, config, logger, now: () => new Date(now) }, { trigger: 'schedule', ...opts });
const count = async (sql: string) => (await t.db.get<{ n: number }>(sql))!.n;

describe('one round a period', () => {
  it('when a round runs in the last second before an occurrence and again a moment later, then the second is refused', async () => {
    const config = settings();
    // 2 November 2026, 09:00 GMT: the first Monday. Both moments belong to October's period.
    const first = await round(config, '2026-11-02T08:59:59.300Z');
    const again = await round(config, '2026-11-02T08:59:59.999Z');
    expect(first.status).toBe('done');
    expect(first.period).toBe('2026-10-05T08:00:00.000Z');
    expect(again.status).toBe('already-ran');
    expect(again.roundId).toBe(first.roundId);
    expect(await count('SELECT count(*) AS n FROM rounds')).toBe(1);
    expect(await count("SELECT count(*) AS n FROM outbox WHERE template = 'introduction'")).toBe(3);
    // At the occurrence itself November's period starts, and its round runs.
    const november = await round(config, '2026-11-02T09:00:00.000Z');
    expect(november.status).toBe('done');
    expect(november.period).toBe('2026-11-02T09:00:00.000Z');
  });

  it('when two connections run a round at once at different milliseconds of the last second of a period, then one round is stored', async () => {
    const config = settings();
    const other = await Database.open(t.path, { busyTimeoutMs: 10_000 });
    try {
      const [x, y] = await Promise.all([
        round(config, '2026-11-02T08:59:59.001Z'),
        round(config, '2026-11-02T08:59:59.998Z', { trigger: 'manual' }, other),
      ]);
      expect([x.status, y.status].sort()).toEqual(['already-ran', 'done']);
      expect(x.period).toBe(y.period);
    } finally {
      await other.close();
    }
    expect(await count('SELECT count(*) AS n FROM rounds')).toBe(1);
    expect(await count("SELECT count(*) AS n FROM outbox WHERE template = 'introduction'")).toBe(3);
  });

  it('when a round is stored, then the schedule, zone and end of its period are stored with it', async () => {
    const config = settings();
    await round(config, '2026-11-10T12:00:00.000Z');
    expect(await t.db.get('SELECT period, schedule, time_zone, period_ends FROM rounds')).toEqual({
      period: '2026-11-02T09:00:00.000Z',
      schedule: '0 9 * * 1#1',
      time_zone: 'Europe/London',
      period_ends: '2026-12-07T09:00:00.000Z',
    });
  });

  it('when MATCH_SCHEDULE changes within a month, then no second round runs for that month', async () => {
    expect((await round(settings(), '2026-11-02T09:00:00.000Z')).status).toBe('done');
    // Changed to the 15th: its period (15 October to 15 November) already holds the round of 2 November.
    const fifteenth = settings({ MATCH_SCHEDULE: '0 9 15 * *' });
    expect((await round(fifteenth, '2026-11-10T09:00:00.000Z')).status).toBe('already-ran');
    // On the 15th a new period starts under the new schedule, but the old one (to 7 December) has not ended.
    expect((await round(fifteenth, '2026-11-15T09:00:00.000Z')).status).toBe('already-ran');
    // Weekly instead: each Monday starts a period, and the round of 2 November still covers them to 7 December.
    const weekly = settings({ MATCH_SCHEDULE: '0 9 * * 1' });
    expect((await round(weekly, '2026-11-09T09:00:00.000Z')).status).toBe('already-ran');
    expect((await round(weekly, '2026-11-30T09:00:00.000Z')).status).toBe('already-ran');
    expect(await count('SELECT count(*) AS n FROM rounds')).toBe(1);
    // Once both periods have ended, the new schedule's rounds run.
    expect((await round(fifteenth, '2026-12-15T09:00:00.000Z')).status).toBe('done');
    expect(await count('SELECT count(*) AS n FROM rounds')).toBe(2);
  });

  it('when TZ changes within a month, then no second round runs for that month', async () => {
    // 5 October 2026, the first Monday, was in BST: 09:00 in London is 08:00Z, and 09:00 in UTC an hour later.
    expect((await round(settings(), '2026-10-05T08:00:00.000Z')).status).toBe('done');
    const utc = settings({ TZ: 'UTC' });
    const again = await round(utc, '2026-10-05T09:00:00.000Z');
    expect(again.status).toBe('already-ran');
    expect(await count('SELECT count(*) AS n FROM rounds')).toBe(1);
    expect((await round(utc, '2026-11-02T09:00:00.000Z')).status).toBe('done');
  });

  it('when a round made before periods were pinned is in the current period, then another is refused', async () => {
    const config = settings();
    await round(config, '2026-11-02T09:30:00.000Z');
    // As main stored it: the key a millisecond string, no schedule, no period end.
    await t.db.run("UPDATE rounds SET period = '2026-11-02T09:30:01.123Z', schedule = NULL, time_zone = NULL, period_ends = NULL");
    expect((await round(config, '2026-11-20T09:00:00.000Z')).status).toBe('already-ran');
    expect((await round(config, '2026-12-07T09:00:00.000Z')).status).toBe('done');
  });
});

describe('the round and its digest', () => {
  it('when a round runs with its digest, then the digest about that round is queued with it', async () => {
    const config = settings();
    const s = await round(config, '2026-11-10T12:00:00.000Z', { digest: true });
    const digests = await t.db.all<{ data: string; recipients: string }>("SELECT data, recipients FROM outbox WHERE template = 'digest'");
    expect(digests).toHaveLength(1);
    expect(JSON.parse(digests[0]!.data)).toEqual({ roundId: s.roundId });
    expect(JSON.parse(digests[0]!.recipients).map((r: { email: string }) => r.email)).toEqual(['organiser@unmentoring.test']);
    // Refused in the same period: no second digest either.
    await round(config, '2026-11-11T12:00:00.000Z', { digest: true });
    expect(await count("SELECT count(*) AS n FROM outbox WHERE template = 'digest'")).toBe(1);
  });

  it('when queueing the digest fails, then the round is not stored either, and it runs again whole', async () => {
    const config = settings();
    // The failure lands after the round, its groups and introductions are written, inside the transaction.
    await t.db.exec(
      `CREATE TRIGGER fail_digest BEFORE INSERT ON outbox WHEN NEW.template = 'digest' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    await expect(round(config, '2026-11-10T12:00:00.000Z', { digest: true })).rejects.toThrow(/disk full/);
    expect(await count('SELECT count(*) AS n FROM rounds')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM groups')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(0);
    await t.db.exec('DROP TRIGGER fail_digest');
    const s = await round(config, '2026-11-10T12:05:00.000Z', { digest: true });
    expect(s.status).toBe('done');
    expect(await count("SELECT count(*) AS n FROM outbox WHERE template = 'digest'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM outbox WHERE template = 'introduction'")).toBe(3);
  });

  it('when it is a dry run, then no digest is queued', async () => {
    await round(settings(), '2026-11-10T12:00:00.000Z', { digest: true, dryRun: true });
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(0);
  });
});
