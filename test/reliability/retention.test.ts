import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { applyRetention } from '../../src/inbound/retention.js';
import { storeInbound } from '../../src/db/inbound.js';
import { claimDue, enqueueMail, markFailed, markReported, markSent, type Claim } from '../../src/db/outbox.js';
import { createScheduler, jobDefinitions } from '../../src/jobs/scheduler.js';
import { loadConfig } from '../../src/config.js';

/** Takes the row as a sender would, so that it can be marked sent or failed with its claim. */
async function claimRow(id: number): Promise<Claim> {
  const [c] = await claimDue(t.db, { limit: 1, now: new Date(Date.now() + 366 * 86_400_000), leaseMs: 60_000, only: [[id, id]] });
  if (!c) throw new Error(`outbox row ${id} could not be claimed`);
  return c;
}

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

async function mail(template: 'welcome' | 'follow-up' | 'nudge' | 'introduction', sentAt: Date | null) {
  const data =
    template === 'follow-up' || template === 'nudge'
      ? { name: 'Jo Bloggs', partners: ['Sam Lee'], introducedOn: '2026-01-01', groupId: 42 }
      : template === 'introduction'
        ? { groupId: 42, members: [1, 2] }
        : { details: { email: 'jo@example.gov.uk', name: 'Jo Bloggs', phone: '+447700900123' }, consentWording: 'x' };
  const m = await enqueueMail(t.db, { template, data, to: template === 'introduction' ? [] : [{ email: 'jo@example.gov.uk', name: 'Jo Bloggs' }] } as never, {
    messageDomain: 'reply.unmentoring.test',
    now: sentAt ?? now,
  });
  if (sentAt) await markSent(t.db, await claimRow(m.id), 'sg-1', sentAt);
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
    const nudge = await mail('nudge', daysAgo(31));
    const intro = await mail('introduction', daysAgo(31));
    const recent = await mail('welcome', daysAgo(2));
    const pending = await mail('welcome', null);
    const failedReported = await mail('welcome', null);
    await markFailed(t.db, await claimRow(failedReported), 'Does not contain a valid address.');
    await markReported(t.db, [failedReported], daysAgo(40));
    const failedUnreported = await mail('welcome', null);
    await markFailed(t.db, await claimRow(failedUnreported), 'Does not contain a valid address.');

    const r = await applyRetention(t.db, { retentionDays: 30, now });
    expect(r.outbox).toBe(4);
    expect(await row(welcome)).toMatchObject({ recipients: '[]', data: '{}', status: 'sent' });
    expect(await row(followUp)).toMatchObject({ recipients: '[]', data: '{"groupId":42}' });
    expect(await row(nudge)).toMatchObject({ recipients: '[]', data: '{"groupId":42}' });
    expect(JSON.parse((await row(intro))!.data)).toEqual({ groupId: 42, members: [1, 2] });
    expect(await row(failedReported)).toMatchObject({ recipients: '[]', data: '{}' });
    for (const kept of [recent, pending, failedUnreported]) expect((await row(kept))!.recipients).toContain('jo@example.gov.uk');
    expect((await applyRetention(t.db, { retentionDays: 30, now })).outbox).toBe(0);
  });

  it('when finished mail is older than the retention period, then its subject, thread headers and error go too', async () => {
    const answer = await enqueueMail(
      t.db,
      { template: 'help', data: { status: 'active' }, to: [{ email: 'jo@example.gov.uk' }], inReplyTo: '<jo-1@mail.example>', references: ['<jo-0@mail.example>', '<jo-1@mail.example>'], subject: 'Re: Jo Bloggs, 07700 900123' },
      { messageDomain: 'reply.unmentoring.test', now: daysAgo(31) },
    );
    await markSent(t.db, await claimRow(answer.id), 'sg-2', daysAgo(31));
    const failed = await enqueueMail(t.db, { template: 'welcome', data: { details: { email: 'jo@example.gov.uk' }, consentWording: 'x' }, to: [{ email: 'jo@example.gov.uk' }], subject: 'Re: hello' } as never, {
      messageDomain: 'reply.unmentoring.test',
      now: daysAgo(45),
    });
    await markFailed(t.db, await claimRow(failed.id), '550 5.1.1 <jo@example.gov.uk>: Recipient address rejected');
    await markReported(t.db, [failed.id], daysAgo(40));
    const recent = await enqueueMail(t.db, { template: 'help', data: { status: 'active' }, to: [{ email: 'sam@example.gov.uk' }], inReplyTo: '<sam@x>', subject: 'Re: hi' }, {
      messageDomain: 'reply.unmentoring.test',
      now: daysAgo(3),
    });
    await markSent(t.db, await claimRow(recent.id), 'sg-3', daysAgo(3));

    expect((await applyRetention(t.db, { retentionDays: 30, now })).outbox).toBe(2);
    const cols = 'subject, in_reply_to, refs, last_error, recipients, data, status, message_id';
    const gone = { subject: null, in_reply_to: null, refs: null, last_error: null, recipients: '[]', data: '{}' };
    expect(await t.db.get(`SELECT ${cols} FROM outbox WHERE id = ?`, [answer.id])).toMatchObject({ ...gone, status: 'sent', message_id: answer.messageId });
    expect(await t.db.get(`SELECT ${cols} FROM outbox WHERE id = ?`, [failed.id])).toMatchObject({ ...gone, status: 'failed' });
    expect(await t.db.get(`SELECT ${cols} FROM outbox WHERE id = ?`, [recent.id])).toMatchObject({ subject: 'Re: hi', in_reply_to: '<sam@x>' });
    expect((await applyRetention(t.db, { retentionDays: 30, now })).outbox).toBe(0);
  });

  it('when MET lines are older than the retention period, then only the anonymous answer stays (clock moved, not waited for)', async () => {
    const at = daysAgo(60).toISOString();
    for (const id of [1, 2, 3]) {
      await t.db.run(`INSERT INTO people (id, email, status, status_changed_at, created_at, updated_at) VALUES (?, ?, 'active', ?, ?, ?)`, [id, `p${id}@example.gov.uk`, at, at, at]);
    }
    await t.db.run('INSERT INTO groups (id, round_id, first_mover_id, introduction_outbox_id) VALUES (1, 1, 1, 1), (2, 1, 3, 2)');
    await t.db.run(
      `INSERT INTO answers (group_id, person_id, met, outcome, answered_at) VALUES
         (1, 1, 1, 'Met Sam Lee, call him on 07700 900123', ?), (1, 2, 0, NULL, ?), (2, 3, 1, 'We are writing a guide together', ?)`,
      [daysAgo(31).toISOString(), daysAgo(31).toISOString(), daysAgo(2).toISOString()],
    );
    const answers = () => t.db.all<{ group_id: number; met: number; outcome: string | null }>('SELECT group_id, met, outcome FROM answers ORDER BY group_id, person_id');
    expect((await applyRetention(t.db, { retentionDays: 30, now })).answers).toBe(1);
    expect(await answers()).toEqual([
      { group_id: 1, met: 1, outcome: null },
      { group_id: 1, met: 0, outcome: null },
      { group_id: 2, met: 1, outcome: 'We are writing a guide together' },
    ]);
    // 29 days on, the recent line is past the period too; the counts are unchanged.
    const later = new Date(now.getTime() + 29 * DAY);
    expect((await applyRetention(t.db, { retentionDays: 30, now: later })).answers).toBe(1);
    expect((await answers()).map((a) => [a.met, a.outcome])).toEqual([[1, null], [0, null], [1, null]]);
  });

  it('when the retention job runs in its Bree worker, then old contents are forgotten', async () => {
    const config = testConfig(t.dir, { DATABASE_PATH: t.path, RETENTION_DAYS: '1' });
    expect(jobDefinitions(config)).toContainEqual({ name: 'retention', cron: '30 3 * * *' });
    const id = await storeInbound(t.db, { dedupeKey: 'mid:<a@b>', contentType: null, raw: Buffer.from('x'), parsed: null, status: 'pending', reason: null }, new Date(Date.now() - 3 * DAY));
    await t.db.run(`UPDATE inbound_messages SET status = 'processed' WHERE id = ?`, [id]);
    // A back-up older than RETENTION_DAYS still holds that reply: the job removes it, and keeps a fresh one.
    const backups = path.join(t.dir, 'backups');
    fs.mkdirSync(backups);
    const stamp = (d: Date) => `unmentoring-${d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.sqlite`;
    fs.writeFileSync(path.join(backups, stamp(new Date(Date.now() - 2 * DAY))), 'old copy');
    fs.writeFileSync(path.join(backups, stamp(new Date())), 'fresh copy');
    const scheduler = createScheduler({ config, logger: captureLogger().logger });
    await scheduler.start();
    await scheduler.runNow('retention');
    await scheduler.stop();
    expect((await t.db.get<{ raw: Buffer | null }>('SELECT raw FROM inbound_messages WHERE id = ?', [id]))!.raw).toBeNull();
    const left = fs.readdirSync(backups);
    expect(left).toHaveLength(1);
    expect(fs.readFileSync(path.join(backups, left[0]!), 'utf8')).toBe('fresh copy');
  });
});
