import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { createScheduler, jobDefinitions } from '../../src/jobs/scheduler.js';
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

  it('when the nudges job runs in its Bree worker, then each member of a group introduced NUDGE_AFTER_DAYS ago is nudged and the main thread is told', async () => {
    const config = testConfig(t.dir, { DATABASE_PATH: t.path });
    expect(jobDefinitions(config)).toContainEqual({ name: 'nudges', cron: '0 9 * * *' });
    const at = new Date().toISOString();
    const ids: number[] = [];
    for (const [email, org] of [['a@one.gov.uk', 'One'], ['b@two.gov.uk', 'Two']]) {
      const row = await t.db.get<{ id: number }>(
        `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
         VALUES (?, ?, ?, '+447700900000', 'active', ?, ?, ?, ?, ?) RETURNING id`,
        [email, email, org, at, at, at, at, at],
      );
      ids.push(row!.id);
    }
    // The job reads the real clock: the introduction went six days before it.
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000);
    const intro = await enqueueMail(t.db, { template: 'introduction', data: { groupId: 1, members: ids }, to: [] }, { messageDomain: config.replyDomain, now: sixDaysAgo });
    await t.db.run("UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?", [sixDaysAgo.toISOString(), intro.id]);
    await t.db.run('INSERT INTO groups (id, round_id, first_mover_id, introduction_outbox_id) VALUES (1, 1, ?, ?)', [ids[0], intro.id]);

    let told = 0;
    const scheduler = createScheduler({ config, logger: captureLogger().logger, onMailQueued: () => told++ });
    await scheduler.start();
    await scheduler.runNow('nudges');
    await scheduler.stop();

    const nudges = await t.db.all<{ person_id: number }>("SELECT person_id FROM outbox WHERE template = 'nudge' ORDER BY person_id");
    expect(nudges.map((r) => r.person_id)).toEqual(ids);
    expect(told).toBe(1);
  });
});
