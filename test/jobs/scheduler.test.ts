import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { enqueueMail } from '../../src/db/outbox.js';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.cleanup();
});

describe('scheduler', () => {
  it('when the delivery-report job runs in its Bree worker, then the organiser\'s report is queued and the main thread is told', async () => {
    const config = testConfig(t.dir, { DATABASE_PATH: t.path });
    const failed = await enqueueMail(t.db, { template: 'invitation', data: { name: null }, to: [{ email: 'typo@exmaple.org' }] }, { messageDomain: config.replyDomain, now: new Date() });
    // As a sender would have left it (marks now name the sender's claim, which this test has none of).
    await t.db.run("UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?", ['Does not contain a valid address.', failed.id]);

    let told = 0;
    const scheduler = createScheduler({ config, logger: captureLogger().logger, onMailQueued: () => told++ });
    await scheduler.start();
    await scheduler.runNow('delivery-report');
    await scheduler.stop();

    const queued = await t.db.all<{ template: string; recipients: string; data: string }>(
      "SELECT template, recipients, data FROM outbox WHERE template = 'delivery-report'",
    );
    expect(queued).toHaveLength(1);
    expect(JSON.parse(queued[0]!.recipients)).toEqual([{ email: 'organiser@unmentoring.test', name: null }]);
    expect(JSON.parse(queued[0]!.data).failures[0]).toMatchObject({ to: 'typo@exmaple.org', reason: 'Does not contain a valid address.' });
    expect(told).toBe(1);
  });

  it('when the match job runs in its Bree worker, then a round is stored with its introductions queued', async () => {
    const config = testConfig(t.dir, { DATABASE_PATH: t.path });
    const at = new Date().toISOString();
    for (const [email, org] of [['a@one.gov.uk', 'One'], ['b@two.gov.uk', 'Two'], ['c@three.gov.uk', 'Three'], ['d@four.gov.uk', 'Four']]) {
      await t.db.run(
        `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
         VALUES (?, ?, ?, '+447700900000', 'active', ?, ?, ?, ?, ?)`,
        [email, email, org, at, at, at, at, at],
      );
    }
    let told = 0;
    const scheduler = createScheduler({ config, logger: captureLogger().logger, onMailQueued: () => told++ });
    await scheduler.start();
    await scheduler.runNow('match');
    await scheduler.stop();
    const round = await t.db.get<{ trigger: string; groups_count: number }>('SELECT trigger, groups_count FROM rounds');
    expect(round).toEqual({ trigger: 'schedule', groups_count: 2 });
    expect((await t.db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE template = 'introduction'"))!.n).toBe(2);
    expect(told).toBe(1);
  });
});
