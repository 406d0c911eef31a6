import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { reportFailedDeliveries } from '../../src/mail/delivery-report.js';
import type { Config } from '../../src/config.js';

let t: TestDatabase;
let config: Config;

beforeEach(async () => {
  t = await createTestDatabase();
  config = testConfig(t.dir);
});
afterEach(async () => {
  await t.cleanup();
});

describe('the delivery report', () => {
  it('when 40,000 mails failed since the last report, then one report covers them all and every one is marked reported', async () => {
    // More failures than SQLite allows bound parameters in one statement (32,766).
    await t.db.run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
       INSERT INTO outbox (template, data, recipients, message_id, reply_token, status, attempts, next_attempt_at, created_at, last_error)
       SELECT 'invitation', '{"name":null}', json_array(json_object('email', 'p' || i || '@example.org', 'name', NULL)),
         '<m' || i || '@x>', 't' || i, 'failed', 1, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', 'Does not contain a valid address.'
       FROM n`,
    );
    const now = new Date('2026-11-02T08:00:00.000Z');
    expect(await reportFailedDeliveries(t.db, config, now)).toBe(40_000);
    const counts = await t.db.get<{ reported: number; unreported: number }>(
      `SELECT count(reported_at) AS reported, count(*) - count(reported_at) AS unreported FROM outbox WHERE status = 'failed'`,
    );
    expect(counts).toEqual({ reported: 40_000, unreported: 0 });
    const report = await t.db.get<{ data: string; recipients: string }>("SELECT data, recipients FROM outbox WHERE template = 'delivery-report'");
    const data = JSON.parse(report!.data);
    expect(data.failures).toHaveLength(50);
    expect(data.more).toBe(39_950);
    expect(JSON.parse(report!.recipients)).toEqual([{ email: config.organiserEmail, name: null }]);
    // The next day there is nothing new to report.
    expect(await reportFailedDeliveries(t.db, config, new Date('2026-11-03T08:00:00.000Z'))).toBe(0);
  });
});
