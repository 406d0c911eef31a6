/**
 * The outbox sender under contention, each case with real SQLite files (two connections where two
 * processes would have them), the real migrations and the real @sendgrid/mail client against the fake
 * SendGrid. Clocks are injected: leases and pauses are measured on them, so nothing sleeps to make time pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, holdWriteLock, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { captureLogger } from '../helpers/logs.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { OutboxSender, type SenderDeps, type SenderOptions } from '../../src/mail/sender.js';
import { standardResolvers } from '../../src/mail/resolvers.js';
import { Database } from '../../src/db/database.js';
import {
  claimDue,
  enqueueMails,
  markCancelled,
  markFailed,
  markRetry,
  markSent,
  renewLease,
  type NewMail,
  type OutboxRow,
} from '../../src/db/outbox.js';
import { suppress } from '../../src/db/suppressions.js';
import { reportFailedDeliveries } from '../../src/mail/delivery-report.js';
import { checkHealth } from '../../src/health.js';
import { createRng } from '../../src/matching/rng.js';
import type { Config } from '../../src/config.js';
import { until, virtualClock, type VirtualClock } from './clock.js';

let t: TestDatabase;
let sg: FakeSendGrid;
let config: Config;
const opened: Database[] = [];

beforeEach(async () => {
  t = await createTestDatabase();
  sg = await startFakeSendGrid();
  config = testConfig(t.dir, { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url });
});

afterEach(async () => {
  for (const db of opened.splice(0)) await db.close().catch(() => undefined);
  await sg.close();
  await t.cleanup();
});

/** A second connection to the test database, as another process would have. */
async function connection(busyTimeoutMs?: number): Promise<Database> {
  const db = await Database.open(t.path, busyTimeoutMs === undefined ? {} : { busyTimeoutMs });
  opened.push(db);
  return db;
}

function sender(
  db: Database,
  opts: { fake?: FakeSendGrid; clock?: VirtualClock; config?: Config; apiKey?: string; deps?: Partial<SenderDeps>; options?: SenderOptions } = {},
) {
  const fake = opts.fake ?? sg;
  const clock = opts.clock ?? virtualClock();
  const logs = captureLogger();
  const mailer = createSendGridMailer({ apiKey: opts.apiKey ?? fake.apiKey, apiUrl: fake.url, timeoutMs: 10_000, now: clock.now });
  const s = new OutboxSender(
    { db, mailer, config: opts.config ?? config, logger: logs.logger, now: clock.now, sleep: clock.sleep, ...opts.deps },
    { baseBackoffMs: 10, ...opts.options },
  );
  return { s, logs };
}

async function invitations(n: number, now = new Date()) {
  const mails: NewMail[] = Array.from({ length: n }, (_, i) => ({ template: 'invitation', data: { name: null }, to: [{ email: `p${i}@example.org` }] }));
  return t.db.transaction((tx) => enqueueMails(tx, mails, { messageDomain: config.replyDomain, now }));
}

const row = async (id: number) => (await t.db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [id]))!;
const outboxIdsOf = (fake: FakeSendGrid) => fake.mails().map((m) => Number(m.custom_args.outbox_id));

function expectEachOnce(ids: number[], sent: number[]) {
  const counts = new Map<number, number>();
  for (const id of sent) counts.set(id, (counts.get(id) ?? 0) + 1);
  expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
  expect([...counts.keys()].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
}

describe('claims and leases', () => {
  it('when two senders on two SQLite connections claim at once, then no row is sent twice', async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
    console.log(`[sender-claims] two connections: seed ${seed} (SEED=${seed} repeats it)`);
    const rng = createRng(seed);
    const queued = await invitations(300);
    // Answers come back after a random number of turns of the event loop, so the two senders' claims and
    // marks interleave differently on every seed.
    sg.beforeAnswer = async () => {
      for (let i = Math.floor(rng.next() * 4); i > 0; i--) await new Promise((r) => setImmediate(r));
    };
    const a = sender(t.db).s;
    const b = sender(await connection()).s;
    await Promise.all([a.drain(), b.drain()]);
    expectEachOnce(queued.map((q) => q.id), outboxIdsOf(sg));
    expect((await t.db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE status = 'sent'"))!.n).toBe(300);
  });

  it('when SendGrid is slow and the lease would run out mid-batch, then no row is sent after its lease expired and none twice', async () => {
    const clock = virtualClock();
    const one = { ...config, sendConcurrency: 1 };
    const queued = await invitations(12, clock.now());
    const other = await startFakeSendGrid();
    try {
      const b = sender(await connection(), { fake: other, clock, config: one, options: { leaseMs: 120_000, sendTimeoutMs: 45_000 } }).s;
      const a = sender(t.db, { clock, config: one, options: { leaseMs: 120_000, sendTimeoutMs: 45_000 } }).s;
      const sentAfterLease: number[] = [];
      // Every answer to A takes 40 s of the clock; after each, B (another process) takes whatever is due.
      sg.beforeAnswer = async ({ body }) => {
        const id = Number(body.custom_args.outbox_id);
        const r = await row(id);
        if (!r.lease_until || Date.parse(r.lease_until) <= clock.now().getTime()) sentAfterLease.push(id);
        clock.advance(40_000);
        await b.runOnce();
      };
      await a.drain();
      await b.drain();
      expect(sentAfterLease).toEqual([]);
      expectEachOnce(queued.map((q) => q.id), [...outboxIdsOf(sg), ...outboxIdsOf(other)]);
    } finally {
      await other.close();
    }
  });

  it('when a claimer stalls past its lease before sending and another takes the row, then the stale claimer does not send it', async () => {
    const clock = virtualClock();
    const one = { ...config, sendConcurrency: 1 };
    const queued = await invitations(3, clock.now());
    const other = await startFakeSendGrid();
    try {
      const b = sender(await connection(), { fake: other, clock, config: one }).s;
      let stalled = false;
      // Resolving A's second mail takes longer than the lease (a stand-in for a digest that is slow to
      // draw, or a paused process); meanwhile B takes the rows whose lease ran out.
      const a = sender(t.db, {
        clock,
        config: one,
        deps: {
          resolvers: {
            ...standardResolvers,
            invitation: async (_db, stored) => {
              if (sg.received === 1 && !stalled) {
                stalled = true;
                clock.advance(121_000);
                await b.runOnce();
              }
              return { data: stored };
            },
          },
        },
      }).s;
      await a.drain();
      expect(stalled).toBe(true);
      expect(outboxIdsOf(sg)).toEqual([queued[0]!.id]);
      expectEachOnce(queued.map((q) => q.id), [...outboxIdsOf(sg), ...outboxIdsOf(other)]);
      for (const q of queued) expect((await row(q.id)).status).toBe('sent');
    } finally {
      await other.close();
    }
  });

  it("when a sender's claim was taken over, then its marks are refused and the current claim's stand", async () => {
    const [q] = await invitations(1);
    const t0 = new Date();
    const [stale] = await claimDue(t.db, { limit: 1, now: t0, leaseMs: 1_000 });
    const db2 = await connection();
    const [current] = await claimDue(db2, { limit: 1, now: new Date(t0.getTime() + 2_000), leaseMs: 60_000 });
    expect(current!.id).toBe(q!.id);
    expect(current!.lease_token).not.toBe(stale!.lease_token);

    const later = new Date(t0.getTime() + 3_000);
    expect(await markSent(t.db, stale!, 'sg-stale', later)).toBe(false);
    expect(await markRetry(t.db, stale!, { error: 'stale', nextAttemptAt: later, countAttempt: true })).toBe(false);
    expect(await markFailed(t.db, stale!, 'stale')).toBe(false);
    expect(await markCancelled(t.db, stale!, 'stale')).toBe(false);
    expect(await renewLease(t.db, stale!, { now: later, leaseMs: 60_000 })).toBe(false);
    expect(await row(q!.id)).toMatchObject({ status: 'sending', lease_token: current!.lease_token, last_error: null });

    expect(await markSent(db2, current!, 'sg-current', later)).toBe(true);
    expect(await row(q!.id)).toMatchObject({ status: 'sent', provider_message_id: 'sg-current', lease_token: null });
    // A finished row takes no mark at all, not even from the claim that finished it.
    expect(await markRetry(db2, current!, { error: 'late', nextAttemptAt: later, countAttempt: true })).toBe(false);
  });
});

describe('a busy database', () => {
  it('when another process holds the write lock across markSent, then the mail is sent once and recorded sent after the lock goes', async () => {
    const [q] = await invitations(1);
    const clock = virtualClock();
    const db = await connection(50);
    let lock: Awaited<ReturnType<typeof holdWriteLock>> | null = null;
    let released = false;
    // The lock is taken while SendGrid is accepting the mail, so the record right after meets it.
    sg.beforeAnswer = async () => {
      lock ??= await holdWriteLock(t.path);
    };
    const { s, logs } = sender(db, {
      clock,
      deps: {
        // The first back-off of the record is where the lock goes: another process finishing its round.
        sleep: async (ms) => {
          if (lock && !released) {
            released = true;
            await lock.release();
          }
          await clock.sleep(ms);
        },
      },
    });
    try {
      const result = await s.drain();
      expect(result).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    } finally {
      if (lock && !released) await (lock as { release: () => Promise<void> }).release();
    }
    expect(released).toBe(true);
    expect(sg.received).toBe(1);
    expect(await row(q!.id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null, provider_message_id: sg.requests[0]!.messageId });
    expect(logs.text()).toContain('recording it failed, retrying the record');
  });

  it('when stop() is called with a send in flight, then it resolves only after that mail is sent and recorded', async () => {
    const queued = await invitations(2);
    const clock = virtualClock();
    const db = await connection(50);
    let lock: Awaited<ReturnType<typeof holdWriteLock>> | null = null;
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let held = false;
    sg.beforeAnswer = async ({ body }) => {
      if (Number(body.custom_args.outbox_id) === queued[0]!.id) {
        // The first mail's record will meet a locked database, so its worker is busy retrying the record...
        lock ??= await holdWriteLock(t.path);
      } else {
        // ...while the second mail is still with SendGrid.
        held = true;
        await gate;
      }
    };
    const { s, logs } = sender(db, {
      clock,
      config: { ...config, sendConcurrency: 2 },
      // The loop's idle poll never comes by itself; back-offs move the clock.
      deps: { sleep: (ms) => (ms >= 2_000 ? new Promise(() => undefined) : clock.sleep(ms)) },
    });
    s.start();
    try {
      await until(() => held && lock !== null && /"level":(40|50)/.test(logs.text()), 'the second send held and the first record refused');
      let stopped = false;
      const stopping = s.stop().then(() => {
        stopped = true;
      });
      await lock!.release();
      lock = null;
      await until(async () => stopped || (await row(queued[0]!.id)).status === 'sent', 'the first mail recorded, or stop() resolved');
      expect(stopped).toBe(false);
      openGate();
      await stopping;
    } finally {
      openGate();
      if (lock) await (lock as { release: () => Promise<void> }).release();
    }
    for (const q of queued) expect(await row(q.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sg.received).toBe(2);
    // Nothing is left using the connection: it closes cleanly.
    await db.close();
  });
});

describe('what the organiser must hear about', () => {
  it('when ORGANISER_EMAIL has bounced, then mail to the organiser is still sent, the suppression is logged as an error and /healthz shows it', async () => {
    const now = new Date();
    await suppress(t.db, config.organiserEmail, 'bounce', now);
    await suppress(t.db, 'gone@example.org', 'bounce', now);
    const [participant] = await t.db.transaction((tx) =>
      enqueueMails(tx, [{ template: 'invitation', data: { name: null }, to: [{ email: 'gone@example.org' }] }], { messageDomain: config.replyDomain, now }),
    );
    await t.db.run("UPDATE outbox SET status = 'failed', last_error = 'Does not contain a valid address.' WHERE id = ?", [participant!.id]);
    expect(await reportFailedDeliveries(t.db, config, now)).toBe(1);

    const { s, logs } = sender(t.db);
    const result = await s.drain();
    expect(result.sent).toBe(1);
    const [report] = sg.mails();
    expect(report.personalizations[0].to).toEqual([{ email: config.organiserEmail }]);
    expect(report.categories).toEqual(['delivery-report']);
    expect(logs.lines.some((l) => l.includes('"level":50') && l.includes('ORGANISER_EMAIL is on the suppression list (bounce)'))).toBe(true);
    const health = await checkHealth(t.db, 'sendgrid');
    expect(health.delivery).toMatchObject({ status: 'sending', alerts: [{ kind: 'organiser-suppressed' }] });

    // A participant's suppression still cancels their mail.
    const [again] = await t.db.transaction((tx) =>
      enqueueMails(tx, [{ template: 'invitation', data: { name: null }, to: [{ email: 'gone@example.org' }] }], { messageDomain: config.replyDomain, now }),
    );
    expect((await s.drain()).cancelled).toBe(1);
    expect((await row(again!.id)).status).toBe('cancelled');
  });

  it('when SendGrid answers 401, then nothing fails, the error log and /healthz say delivery is paused and why, and a note is left in OUTBOX_DIR', async () => {
    const [q] = await invitations(1);
    const clock = virtualClock();
    const refused = sender(t.db, { clock, apiKey: 'SG.revoked-or-out-of-credits' });
    await refused.s.runOnce();
    expect(await row(q!.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(sg.mails()).toHaveLength(0);
    const errorLine = refused.logs.lines.find((l) => l.includes('"level":50'));
    expect(errorLine).toContain('refused our credentials (401)');
    expect(errorLine).toContain('out of credits');
    const health = await checkHealth(t.db, 'sendgrid');
    expect(health.status).toBe('ok');
    expect(health.delivery?.status).toBe('paused');
    expect(health.delivery?.alerts[0]).toMatchObject({ kind: 'provider-refused' });
    expect(health.delivery?.alerts[0]?.message).toContain('SENDGRID_API_KEY');
    const note = fs.readFileSync(path.join(config.outboxDir, 'DELIVERY-STOPPED-README.txt'), 'utf8');
    expect(note).toContain('refused our credentials (401)');

    // Refused again: said again, but once loudly.
    clock.advance(61_000);
    await refused.s.runOnce();
    expect(refused.logs.lines.filter((l) => l.includes('"level":50'))).toHaveLength(1);

    // Once the key is put right, the mail goes and the alert clears.
    const fixed = sender(t.db, { clock });
    expect((await fixed.s.drain({ maxWaitMs: 120_000 })).sent).toBe(1);
    expect((await checkHealth(t.db, 'sendgrid')).delivery).toBeUndefined();
  });
});
