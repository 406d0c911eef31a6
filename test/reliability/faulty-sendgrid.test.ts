import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { OutboxSender } from '../../src/mail/sender.js';
import { enqueueMails, outboxCounts, type NewMail } from '../../src/db/outbox.js';
import { report, scale } from './support.js';

const N = scale(300, 2000);
// Real SendGrid sends whole seconds; a fraction keeps the everyday run short, the soak uses 1 s.
const RETRY_AFTER_S = scale(0.2, 1);

let t: TestDatabase;
let sg: FakeSendGrid;
afterEach(async () => {
  await sg?.close();
  await t?.cleanup();
});

describe('a SendGrid that refuses 30% of requests', () => {
  it(`when ${N} mails go to a SendGrid answering 429 with Retry-After, 500 or dropping the connection at random, then each is accepted once and none twice, and nothing is retried before Retry-After`, async () => {
    t = await createTestDatabase();
    sg = await startFakeSendGrid({ faultRate: 0.3, seed: 42, retryAfterSeconds: RETRY_AFTER_S });
    const config = testConfig(t.dir, { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url, SEND_CONCURRENCY: '8', SEND_MAX_ATTEMPTS: '30' });
    const mails: NewMail[] = Array.from({ length: N }, (_, i) => ({
      template: 'invitation',
      data: { name: `Person ${i}` },
      to: [{ email: `p${i}@org${i % 9}.gov.uk`, name: `Person ${i}` }],
    }));
    await enqueueMails(t.db, mails, { messageDomain: config.replyDomain, now: new Date() });
    const sender = new OutboxSender(
      { db: t.db, mailer: createSendGridMailer({ apiKey: sg.apiKey, apiUrl: sg.url, timeoutMs: 5_000 }), config, logger: captureLogger('warn').logger },
      { baseBackoffMs: 20, maxBackoffMs: 500 },
    );
    const started = Date.now();
    const result = await sender.drain({ maxWaitMs: 60_000 });
    const ms = Date.now() - started;

    const accepted = sg.requests.map((r) => r.body.headers['Message-ID'] as string);
    const distinct = new Set(accepted);
    const faults = sg.attempts.filter((a) => a.outcome !== 'accepted');
    // For each mail refused with 429: its next attempt came no sooner than the Retry-After it was given.
    const byMail = new Map<string, typeof sg.attempts>();
    for (const a of sg.attempts) if (a.messageId) byMail.set(a.messageId, [...(byMail.get(a.messageId) ?? []), a]);
    const waits: number[] = [];
    for (const attempts of byMail.values()) {
      attempts.forEach((a, i) => {
        const next = attempts[i + 1];
        if (a.outcome === 429 && next) waits.push(next.at - a.at - a.retryAfterMs!);
      });
    }
    // And across the sender: requests that arrived during a pause another mail's 429 asked for (in flight
    // before it was answered, at most SEND_CONCURRENCY - 1 each).
    const pauses = sg.attempts.filter((a) => a.outcome === 429);
    const duringPause = sg.attempts.filter((a) => pauses.some((p) => a.at > p.at + 50 && a.at < p.at + p.retryAfterMs!)).length;
    const counts = await outboxCounts(t.db);
    report('faulty-sendgrid', {
      mails: N,
      requests: sg.attempts.length,
      accepted: accepted.length,
      distinctMessageIds: distinct.size,
      duplicates: accepted.length - distinct.size,
      faults: faults.length,
      throttled429: pauses.length,
      errors500: faults.filter((f) => f.outcome === 500).length,
      dropped: faults.filter((f) => f.outcome === 'drop').length,
      retryAfterMs: RETRY_AFTER_S * 1000,
      backoffWaitsChecked: waits.length,
      shortestWaitBeyondRetryAfterMs: waits.length ? Math.min(...waits) : null,
      requestsDuringAnotherMailsPause: duringPause,
      failed: counts.failed,
      ms,
    });

    expect(result.failed).toBe(0);
    expect(counts).toMatchObject({ sent: N, pending: 0, sending: 0, failed: 0 });
    expect(distinct.size).toBe(N);
    expect(accepted.length).toBe(N);
    expect(faults.length).toBeGreaterThan(N * 0.2);
    expect(pauses.length).toBeGreaterThan(10);
    expect(waits.length).toBeGreaterThan(10);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
  }, scale(60_000, 900_000));
});
