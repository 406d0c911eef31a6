import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { captureLogger } from '../helpers/logs.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { OutboxSender } from '../../src/mail/sender.js';
import { enqueueMail, outboxCounts, type OutboxRow } from '../../src/db/outbox.js';
import { suppress } from '../../src/db/suppressions.js';
import { reportFailedDeliveries } from '../../src/mail/delivery-report.js';
import type { Config } from '../../src/config.js';
import { virtualClock, type VirtualClock } from './clock.js';

let t: TestDatabase;
let sg: FakeSendGrid;
let config: Config;

beforeEach(async () => {
  t = await createTestDatabase();
  sg = await startFakeSendGrid();
  config = testConfig(t.dir, { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url });
});

afterEach(async () => {
  await sg.close();
  await t.cleanup();
});

function sender(opts: { baseBackoffMs?: number; leaseMs?: number; clock?: VirtualClock } = {}) {
  const clock = opts.clock ?? virtualClock();
  const mailer = createSendGridMailer({ apiKey: config.sendgridApiKey!, apiUrl: config.sendgridApiUrl, timeoutMs: 2000, now: clock.now });
  return new OutboxSender(
    { db: t.db, mailer, config, logger: captureLogger().logger, now: clock.now, sleep: clock.sleep },
    { baseBackoffMs: opts.baseBackoffMs ?? 10, sendTimeoutMs: 2000, ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}) },
  );
}

async function invite(email: string, name: string | null = null) {
  return t.db.transaction((tx) =>
    enqueueMail(tx, { template: 'invitation', data: { name }, to: [{ email, name }] }, { messageDomain: config.replyDomain, now: new Date() }),
  );
}

async function row(id: number) {
  return (await t.db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [id]))!;
}

describe('outbox sender', () => {
  it('when an invitation is queued, then SendGrid receives it with our Message-ID, a tokened Reply-To and List-Unsubscribe', async () => {
    const queued = await invite('Jo.Bloggs@Example.gov.uk', 'Jo Bloggs');
    const result = await sender().drain();
    expect(result.sent).toBe(1);

    const [body] = sg.mails();
    expect(body.personalizations[0].to).toEqual([{ email: 'jo.bloggs@example.gov.uk', name: 'Jo Bloggs' }]);
    expect(body.from).toEqual({ email: 'hello@unmentoring.test', name: 'Unmentoring' });
    expect(body.reply_to.email).toBe(`reply+${queued.replyToken}@reply.unmentoring.test`);
    expect(queued.replyToken).toMatch(/^[0-9a-f]{32}$/);
    expect(body.headers['Message-ID']).toBe(queued.messageId);
    expect(body.headers['List-Unsubscribe']).toBe(`<mailto:reply+${queued.replyToken}@reply.unmentoring.test?subject=STOP>`);
    expect(body.custom_args).toEqual({ outbox_id: String(queued.id) });
    expect(body.content[0].type).toBe('text/plain');
    expect(body.content[0].value).toContain('Hello Jo Bloggs,');
    expect(body.content[0].value).toMatch(/Name:\nPhone:\nOrganisation:/);

    const stored = await row(queued.id);
    expect(stored.status).toBe('sent');
    expect(stored.provider_message_id).toBe(sg.requests[0]!.messageId);
  });

  it('when SendGrid answers 429 with Retry-After, then the sender waits at least that long before trying again', async () => {
    const clock = virtualClock();
    const queued = await invite('a@example.org');
    sg.failNext(1, { status: 429, retryAfter: 1 });
    const s = sender({ clock });
    const started = clock.now().getTime();
    await s.drain();
    expect(sg.mails()).toHaveLength(1);
    const stored = await row(queued.id);
    expect(stored.status).toBe('sent');
    // Sent on the sender's clock no sooner than Retry-After allowed.
    expect(Date.parse(stored.sent_at!) - started).toBeGreaterThanOrEqual(1000);
    // Throttling is not the mail's fault: it does not use up an attempt.
    expect(stored.attempts).toBe(1);
  });

  it('when SendGrid fails with 500 or drops the connection, then the mail is retried and sent exactly once', async () => {
    const queued = await invite('b@example.org');
    sg.failNext(1, { status: 500 });
    sg.dropNext(1);
    await sender().drain();
    expect(sg.mails()).toHaveLength(1);
    expect(sg.received).toBe(3);
    const stored = await row(queued.id);
    expect(stored.status).toBe('sent');
    expect(stored.attempts).toBe(3);
  });

  it('when SendGrid refuses a mail with 400, then it is failed with SendGrid\'s reason and the organiser is told', async () => {
    const queued = await invite('c@example.org');
    sg.failNext(1, { status: 400, body: { errors: [{ message: 'Does not contain a valid address.', field: 'personalizations.0.to', help: null }] } });
    const result = await sender().drain();
    expect(result.failed).toBe(1);
    const stored = await row(queued.id);
    expect(stored.status).toBe('failed');
    expect(stored.last_error).toContain('Does not contain a valid address.');

    expect(await reportFailedDeliveries(t.db, config, new Date())).toBe(1);
    await sender().drain();
    const report = sg.mails().at(-1);
    expect(report.personalizations[0].to).toEqual([{ email: 'organiser@unmentoring.test' }]);
    expect(report.subject).toContain('1 mail could not be delivered');
    expect(report.content[0].value).toContain('invitation to c@example.org');
    expect(report.content[0].value).toContain('Does not contain a valid address.');
    // Reported once only.
    expect(await reportFailedDeliveries(t.db, config, new Date())).toBe(0);
  });

  it('when failures persist past SEND_MAX_ATTEMPTS, then the mail is failed rather than retried for ever', async () => {
    config = { ...config, sendMaxAttempts: 3 };
    const queued = await invite('d@example.org');
    sg.failNext(5, { status: 503 });
    await sender().drain();
    const stored = await row(queued.id);
    expect(stored.status).toBe('failed');
    expect(stored.last_error).toMatch(/gave up after 3 attempts/);
    expect(sg.received).toBe(3);
  });

  it('when the API key is refused, then no mail is failed and none is sent', async () => {
    const mailer = createSendGridMailer({ apiKey: 'SG.wrong', apiUrl: sg.url });
    const s = new OutboxSender({ db: t.db, mailer, config, logger: captureLogger().logger });
    const queued = await invite('e@example.org');
    await s.runOnce();
    const stored = await row(queued.id);
    expect(stored.status).toBe('pending');
    expect(stored.attempts).toBe(0);
    expect(sg.mails()).toHaveLength(0);
  });

  it('when every recipient is suppressed, then the mail is cancelled and never reaches SendGrid', async () => {
    const queued = await invite('gone@example.org');
    await suppress(t.db, 'Gone@Example.org', 'bounce', new Date());
    const result = await sender().drain();
    expect(result.cancelled).toBe(1);
    expect((await row(queued.id)).status).toBe('cancelled');
    expect(sg.received).toBe(0);
  });

  it('when a sender crashed after claiming a mail, then another sends it once its lease runs out, with the same Message-ID', async () => {
    const clock = virtualClock();
    const queued = await invite('f@example.org');
    // A sender that claims and then dies: the row stays "sending" with a lease.
    await t.db.run("UPDATE outbox SET status = 'sending', attempts = 1, lease_until = ?, lease_token = 'dead' WHERE id = ?", [
      new Date(clock.now().getTime() + 300).toISOString(),
      queued.id,
    ]);
    const s = sender({ clock });
    expect((await s.runOnce()).sent).toBe(0); // lease still held
    clock.advance(300);
    expect((await s.runOnce()).sent).toBe(1);
    expect(sg.mails()).toHaveLength(1);
    expect(sg.mails()[0].headers['Message-ID']).toBe(queued.messageId);
  });

  it('when two senders run at once over 300 mails, then each mail is sent exactly once', async () => {
    for (let i = 0; i < 300; i++) await invite(`p${i}@example.org`);
    const [a, b] = [sender(), sender()];
    await Promise.all([a.drain(), b.drain()]);
    const ids = sg.mails().map((m) => m.custom_args.outbox_id);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect((await outboxCounts(t.db)).sent).toBe(300);
  });

  it('when a name carries CR/LF and a header, then no extra header reaches SendGrid', async () => {
    await invite('g@example.org', 'Eve\r\nBcc: victim@example.com');
    await sender().drain();
    const [body] = sg.mails();
    expect(JSON.stringify(body)).not.toMatch(/\r|\n(?=Bcc)/);
    expect(body.personalizations[0].to[0].name).not.toMatch(/[\r\n]/);
    expect(body.personalizations[0].bcc).toBeUndefined();
    expect(Object.keys(body.headers).map((h) => h.toLowerCase())).not.toContain('bcc');
  });

  it('when started in the background, then a kicked sender delivers without waiting for its poll', async () => {
    // A poll that never comes: only the kick can wake it.
    const s = new OutboxSender(
      { db: t.db, mailer: createSendGridMailer({ apiKey: sg.apiKey, apiUrl: sg.url }), config, logger: captureLogger().logger, sleep: () => new Promise(() => undefined) },
      { pollMs: 60_000 },
    );
    s.start();
    await invite('h@example.org');
    s.kick();
    await sg.waitFor(1, 10_000);
    await s.stop();
    expect(sg.mails()).toHaveLength(1);
  });
});
