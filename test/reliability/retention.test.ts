import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { applyRetention } from '../../src/inbound/retention.js';
import { storeInbound } from '../../src/db/inbound.js';
import { enqueueMail, markFailed, markReported, markSent } from '../../src/db/outbox.js';
import { createScheduler, jobDefinitions } from '../../src/jobs/scheduler.js';
import { loadConfig } from '../../src/config.js';

const DAY = 86_400_000;
const now = new Date('2026-06-01T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.cleanup();
});

async function inbound(key: string, at: Date, status: 'pending' | 'processed' = 'processed') {
  const id = (await storeInbound(t.db, { dedupeKey: key, contentType: 'multipart/form-data', raw: Buffer.from(`raw ${key}`), parsed: null, status: 'pending', reason: null }, at))!;
  await t.db.run(`UPDATE inbound_messages SET parsed = '{"text":"hello"}', status = ?, intent = 'join', person_id = NULL WHERE id = ?`, [status, id]);
  return id;
}

async function mail(template: 'welcome' | 'follow-up' | 'introduction', sentAt: Date | null) {
  const data =
    template === 'follow-up'
      ? { name: 'Jo Bloggs', partners: ['Sam Lee'], introducedOn: '2026-01-01', groupId: 42 }
      : template === 'introduction'
        ? { groupId: 42, members: [1, 2] }
        : { details: { email: 'jo@example.gov.uk', name: 'Jo Bloggs', phone: '+447700900123' }, consentWording: 'x' };
  const m = await enqueueMail(t.db, { template, data, to: template === 'introduction' ? [] : [{ email: 'jo@example.gov.uk', name: 'Jo Bloggs' }] } as never, {
    messageDomain: 'reply.unmentoring.test',
    now: sentAt ?? now,
  });
  if (sentAt) await markSent(t.db, m.id, 'sg-1', sentAt);
  return m.id;
}

const row = (id: number) => t.db.get<{ recipients: string; data: string; status: string; template: string }>('SELECT * FROM outbox WHERE id = ?', [id]);

describe('retention (RETENTION_DAYS)', () => {
  it('defaults to 30 days and refuses nonsense', () => {
    expect(loadConfig({}).retentionDays).toBe(30);
    expect(loadConfig({ RETENTION_DAYS: '7' }).retentionDays).toBe(7);
    expect(() => loadConfig({ RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS must be at least 1/);
    expect(() => loadConfig({ RETENTION_DAYS: 'a month' })).toThrow(/RETENTION_DAYS must be a whole number/);
  });

  it('when replies are older than the retention period, then their raw and parsed copies go and their row stays for counts', async () => {
    const old = await inbound('mid:<old@x>', daysAgo(31));
    const recent = await inbound('mid:<recent@x>', daysAgo(29));
    const oldPending = await inbound('mid:<stuck@x>', daysAgo(40), 'pending');
    const r = await applyRetention(t.db, { retentionDays: 30, now });
    expect(r.inbound).toBe(1);
    const rows = await t.db.all<{ id: number; raw: Buffer | null; parsed: string | null; status: string; intent: string | null }>(
      'SELECT id, raw, parsed, status, intent FROM inbound_messages ORDER BY id',
    );
    expect(rows.find((x) => x.id === old)).toMatchObject({ raw: null, parsed: null, status: 'processed', intent: 'join' });
    expect(rows.find((x) => x.id === recent)!.raw).not.toBeNull();
    // Not yet acted on: kept whatever its age.
    expect(rows.find((x) => x.id === oldPending)!.raw).not.toBeNull();
    // A second run finds nothing more to do.
    expect((await applyRetention(t.db, { retentionDays: 30, now })).inbound).toBe(0);
  });

  it('when finished mail is older than the retention period, then its recipients and data go, except the ids later replies need', async () => {
    const welcome = await mail('welcome', daysAgo(31));
    const followUp = await mail('follow-up', daysAgo(31));
    const intro = await mail('introduction', daysAgo(31));
    const recent = await mail('welcome', daysAgo(2));
    const pending = await mail('welcome', null);
    const failedReported = await mail('welcome', null);
    await markFailed(t.db, failedReported, 'Does not contain a valid address.');
    await markReported(t.db, [failedReported], daysAgo(40));
    const failedUnreported = await mail('welcome', null);
    await markFailed(t.db, failedUnreported, 'Does not contain a valid address.');

    const r = await applyRetention(t.db, { retentionDays: 30, now });
    expect(r.outbox).toBe(3);
    expect(await row(welcome)).toMatchObject({ recipients: '[]', data: '{}', status: 'sent' });
    expect(await row(followUp)).toMatchObject({ recipients: '[]', data: '{"groupId":42}' });
    expect(JSON.parse((await row(intro))!.data)).toEqual({ groupId: 42, members: [1, 2] });
    expect(await row(failedReported)).toMatchObject({ recipients: '[]', data: '{}' });
    for (const kept of [recent, pending, failedUnreported]) expect((await row(kept))!.recipients).toContain('jo@example.gov.uk');
    expect((await applyRetention(t.db, { retentionDays: 30, now })).outbox).toBe(0);
  });

  it('when the retention job runs in its Bree worker, then old contents are forgotten', async () => {
    const config = testConfig(t.dir, { DATABASE_PATH: t.path, RETENTION_DAYS: '1' });
    expect(jobDefinitions(config)).toContainEqual({ name: 'retention', cron: '30 3 * * *' });
    const id = await storeInbound(t.db, { dedupeKey: 'mid:<a@b>', contentType: null, raw: Buffer.from('x'), parsed: null, status: 'pending', reason: null }, new Date(Date.now() - 3 * DAY));
    await t.db.run(`UPDATE inbound_messages SET status = 'processed' WHERE id = ?`, [id]);
    const scheduler = createScheduler({ config, logger: captureLogger().logger });
    await scheduler.start();
    await scheduler.runNow('retention');
    await scheduler.stop();
    expect((await t.db.get<{ raw: Buffer | null }>('SELECT raw FROM inbound_messages WHERE id = ?', [id]))!.raw).toBeNull();
  });
});
