import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SendError, type OutgoingMail } from '../../src/mail/mailer.js';
import { createSendGridMailer, parseRateLimitReset, parseRetryAfter, recipientName } from '../../src/mail/sendgrid-mailer.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { OutboxSender } from '../../src/mail/sender.js';
import { enqueueMail, type OutboxRow } from '../../src/db/outbox.js';

const API_KEY = 'SG.test-key';

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    outboxId: 42,
    template: 'invitation',
    from: { email: 'hello@unmentoring.org', name: 'Unmentoring' },
    to: [{ email: 'ann@example.org', name: 'Ann Lee' }],
    replyTo: { email: 'reply+42@in.unmentoring.org', name: 'Unmentoring replies' },
    subject: 'Coffee with someone new?',
    text: 'Hello Ann',
    html: '<p>Hello Ann</p>',
    messageId: '<outbox-42.abc@unmentoring.org>',
    inReplyTo: '<parent@example.org>',
    references: ['<root@example.org>', '<parent@example.org>'],
    headers: {
      'List-Unsubscribe': '<https://unmentoring.org/u/tok>, <mailto:unsubscribe+tok@unmentoring.org>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    ...overrides,
  };
}

async function failure(p: Promise<unknown>): Promise<SendError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SendError);
    return err as SendError;
  }
  throw new Error('expected the send to fail');
}

describe('createSendGridMailer', () => {
  let fake: FakeSendGrid;

  beforeAll(async () => {
    fake = await startFakeSendGrid({ apiKey: API_KEY });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  const mailer = () => createSendGridMailer({ apiKey: API_KEY, apiUrl: fake.url });

  it('when a mail is sent, then SendGrid receives exactly the v3 body we mean', async () => {
    const result = await mailer().send(mail());

    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req.body).toEqual({
      personalizations: [{ to: [{ email: 'ann@example.org', name: 'Ann Lee' }] }],
      from: { email: 'hello@unmentoring.org', name: 'Unmentoring' },
      reply_to: { email: 'reply+42@in.unmentoring.org', name: 'Unmentoring replies' },
      subject: 'Coffee with someone new?',
      content: [
        { type: 'text/plain', value: 'Hello Ann' },
        { type: 'text/html', value: '<p>Hello Ann</p>' },
      ],
      headers: {
        'List-Unsubscribe': '<https://unmentoring.org/u/tok>, <mailto:unsubscribe+tok@unmentoring.org>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Message-ID': '<outbox-42.abc@unmentoring.org>',
        'In-Reply-To': '<parent@example.org>',
        References: '<root@example.org> <parent@example.org>',
      },
      custom_args: { outbox_id: '42' },
      categories: ['invitation'],
      tracking_settings: {
        click_tracking: { enable: false, enable_text: false },
        open_tracking: { enable: false },
        subscription_tracking: { enable: false },
      },
    });
    expect(result).toEqual({ providerMessageId: req.messageId });
    expect(result.providerMessageId).toMatch(/\S{8,}/);
  });

  it('when the mail has no html, no In-Reply-To and no References, then only text/plain and Message-ID are sent', async () => {
    await mailer().send(mail({ html: undefined, inReplyTo: undefined, references: undefined, headers: {} }));

    const body = fake.mails()[0];
    expect(body.content).toEqual([{ type: 'text/plain', value: 'Hello Ann' }]);
    expect(body.headers).toEqual({ 'Message-ID': '<outbox-42.abc@unmentoring.org>' });
  });

  it('when the mail carries a calendar invitation, then it goes as a text/calendar method entry after the text and as invite.ics', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n';
    await mailer().send(mail({ calendar: { method: 'CANCEL', content: ics } }));
    const body = fake.mails()[0];
    expect(body.content).toEqual([
      { type: 'text/plain', value: 'Hello Ann' },
      { type: 'text/html', value: '<p>Hello Ann</p>' },
      { type: 'text/calendar; method=CANCEL', value: ics },
    ]);
    expect(body.attachments).toEqual([{ content: Buffer.from(ics).toString('base64'), filename: 'invite.ics', type: 'application/ics', disposition: 'attachment' }]);
  });

  it('when a calendar part has a method we do not send, then the send fails permanently before SendGrid is asked', async () => {
    const err = await mailer()
      .send(mail({ calendar: { method: 'PUBLISH' as 'REQUEST', content: 'BEGIN:VCALENDAR' } }))
      .catch((e) => e);
    expect(err).toMatchObject({ name: 'SendError', kind: 'permanent' });
    expect(fake.received).toBe(0);
  });

  it('when mails of every shape are sent, then subscription, click and open tracking are off in every request body', async () => {
    const m = mailer();
    await m.send(mail());
    await m.send(mail({ html: undefined, headers: {} }));
    await m.send(mail({ replyToList: [{ email: 'ann@example.org', name: 'Ann' }, { email: 'bo@example.org', name: 'Bo' }] }));
    await m.send(mail({ attachments: [{ filename: 'a.png', contentType: 'image/png', content: Buffer.from('png') }] }));

    expect(fake.requests).toHaveLength(4);
    for (const body of fake.mails()) {
      expect(body.tracking_settings).toEqual({
        click_tracking: { enable: false, enable_text: false },
        open_tracking: { enable: false },
        subscription_tracking: { enable: false },
      });
    }
  });

  it('when a recipient\'s name holds "," or ";", then SendGrid gets it with spaces instead and would not drop the mail', async () => {
    await mailer().send(
      mail({
        to: [{ email: 'jo@example.gov.uk', name: 'Bloggs, Jo; Leeds City Council' }],
        replyToList: [
          { email: 'jo@example.gov.uk', name: 'Bloggs, Jo' },
          { email: 'sam@example.nhs.uk', name: 'Sam Lee;' },
        ],
      }),
    );

    const req = fake.requests[0]!;
    expect(req.body.personalizations[0].to).toEqual([{ email: 'jo@example.gov.uk', name: 'Bloggs Jo Leeds City Council' }]);
    expect(req.body.reply_to_list).toEqual([
      { email: 'jo@example.gov.uk', name: 'Bloggs Jo' },
      { email: 'sam@example.nhs.uk', name: 'Sam Lee' },
    ]);
    // The fake drops, as SendGrid does, a mail whose recipient's name keeps a comma or semicolon.
    expect(req.dropped).toBeNull();
  });

  it('when a name is only commas and semicolons, then SendGrid gets the bare address', async () => {
    await mailer().send(mail({ to: [{ email: 'jo@example.gov.uk', name: ' ,; ' }] }));

    expect(fake.mails()[0].personalizations[0].to).toEqual([{ email: 'jo@example.gov.uk' }]);
  });

  it('when an address has no display name, then SendGrid gets the bare address', async () => {
    await mailer().send(mail({ to: [{ email: 'bob@example.org', name: null }], from: { email: 'hello@unmentoring.org' } }));

    const body = fake.mails()[0];
    expect(body.personalizations).toEqual([{ to: [{ email: 'bob@example.org' }] }]);
    expect(body.from).toEqual({ email: 'hello@unmentoring.org' });
  });

  it('when mail headers are given, then they go in the JSON body only, not in the HTTP request', async () => {
    await mailer().send(mail({ headers: { 'List-Unsubscribe': '<https://unmentoring.org/u/ünï>', Authorization: 'Bearer stolen' } }));

    const req = fake.requests[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req.headers['list-unsubscribe']).toBeUndefined();
    expect(req.headers['message-id']).toBeUndefined();
    expect(req.body.headers['List-Unsubscribe']).toBe('<https://unmentoring.org/u/ünï>');
  });

  it('when mail.headers repeats a header we set ourselves, then our own value wins and SendGrid gets no reserved header', async () => {
    await mailer().send(
      mail({ headers: { 'message-id': '<forged@x>', 'Reply-To': 'evil@x.org', Bcc: 'evil@x.org', 'X-Campaign': 'spring' } }),
    );

    const headers = fake.mails()[0].headers;
    expect(headers).toEqual({
      'X-Campaign': 'spring',
      'Message-ID': '<outbox-42.abc@unmentoring.org>',
      'In-Reply-To': '<parent@example.org>',
      References: '<root@example.org> <parent@example.org>',
    });
  });

  describe('header injection', () => {
    it('when names, subject and header values carry CR/LF, then each stays one value and no header is added', async () => {
      await mailer().send(
        mail({
          from: { email: 'hello@unmentoring.org', name: 'Unmentoring\r\nBcc: evil@x.org' },
          to: [{ email: 'ann@example.org', name: 'Ann\nX-Injected: 1' }],
          replyTo: { email: 'reply+42@in.unmentoring.org', name: 'R\u0000\u2028eply' },
          subject: 'Hello\r\nBcc: evil@x.org',
          messageId: '<outbox-42.abc@unmentoring.org>\r\nX-Injected: 2',
          inReplyTo: '<parent@example.org>\nX-Injected: 3',
          references: ['<root@example.org>\r\nX-Injected: 4'],
          headers: { 'List-Unsubscribe': '<https://u/x>\r\nBcc: evil@x.org' },
        }),
      );

      const body = fake.mails()[0];
      expect(body.from).toEqual({ email: 'hello@unmentoring.org', name: 'Unmentoring Bcc: evil@x.org' });
      expect(body.personalizations[0].to).toEqual([{ email: 'ann@example.org', name: 'Ann X-Injected: 1' }]);
      expect(body.reply_to.name).toBe('R eply');
      expect(body.subject).toBe('Hello Bcc: evil@x.org');
      expect(body.headers).toEqual({
        'List-Unsubscribe': '<https://u/x> Bcc: evil@x.org',
        'Message-ID': '<outbox-42.abc@unmentoring.org> X-Injected: 2',
        'In-Reply-To': '<parent@example.org> X-Injected: 3',
        References: '<root@example.org> X-Injected: 4',
      });
      expect(JSON.stringify(body)).not.toMatch(/[\r\n\u0000\u2028]/);
      expect(body.personalizations[0].bcc).toBeUndefined();
    });

    it('when a header name is not a valid field name, then the send fails permanently and nothing is sent', async () => {
      const err = await failure(mailer().send(mail({ headers: { 'X-Ok\r\nBcc': 'evil@x.org' } })));

      expect(err.kind).toBe('permanent');
      expect(fake.received).toBe(0);
    });

    it('when an address carries a line break, then the send fails permanently and nothing is sent', async () => {
      const err = await failure(mailer().send(mail({ to: [{ email: 'ann@example.org\r\nBcc: evil@x.org' }] })));

      expect(err.kind).toBe('permanent');
      expect(fake.received).toBe(0);
    });
  });

  describe('failures', () => {
    it('when SendGrid answers 429 with Retry-After in seconds, then the failure is throttled with that delay in ms', async () => {
      fake.failNext(1, { status: 429, retryAfter: 7 });

      const err = await failure(mailer().send(mail()));

      expect(err).toMatchObject({ kind: 'throttled', status: 429, retryAfterMs: 7000 });
      expect(err.message).toContain('too many requests');
    });

    it('when SendGrid answers 429 with Retry-After as an HTTP-date, then the delay is the time until that date', async () => {
      fake.failNext(1, { status: 429, retryAfter: new Date(Date.now() + 30_000).toUTCString() });

      const err = await failure(mailer().send(mail()));

      expect(err.kind).toBe('throttled');
      expect(err.retryAfterMs).toBeGreaterThan(25_000);
      expect(err.retryAfterMs).toBeLessThanOrEqual(30_000);
    });

    it('when SendGrid answers 429 with neither Retry-After nor X-RateLimit-Reset, then the failure is throttled with no delay given', async () => {
      fake.failNext(1, { status: 429, rateLimitReset: null });

      const err = await failure(mailer().send(mail()));

      expect(err).toMatchObject({ kind: 'throttled', status: 429, retryAfterMs: null });
    });

    it('when SendGrid answers 429 as documented, with only X-RateLimit-Reset, then the delay is the time until that reset', async () => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      fake.failNext(1, { status: 429, rateLimitReset: now / 1000 + 42 });

      const err = await failure(createSendGridMailer({ apiKey: API_KEY, apiUrl: fake.url, now: () => new Date(now) }).send(mail()));

      expect(err).toMatchObject({ kind: 'throttled', status: 429, retryAfterMs: 42_000 });
    });

    it('when a 429 carries both Retry-After and X-RateLimit-Reset, then the later of the two is the delay', async () => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      const m = createSendGridMailer({ apiKey: API_KEY, apiUrl: fake.url, now: () => new Date(now) });
      fake.failNext(1, { status: 429, retryAfter: 5, rateLimitReset: now / 1000 + 30 });
      fake.failNext(1, { status: 429, retryAfter: 90, rateLimitReset: now / 1000 + 30 });

      expect((await failure(m.send(mail()))).retryAfterMs).toBe(30_000);
      expect((await failure(m.send(mail()))).retryAfterMs).toBe(90_000);
    });

    it('when SendGrid answers 500, then the failure is retry', async () => {
      fake.failNext(1, { status: 500 });

      const err = await failure(mailer().send(mail()));

      expect(err).toMatchObject({ kind: 'retry', status: 500 });
    });

    it('when SendGrid answers 503 with Retry-After, then the failure is retry and keeps the delay', async () => {
      fake.failNext(1, { status: 503, retryAfter: 2 });

      const err = await failure(mailer().send(mail()));

      expect(err).toMatchObject({ kind: 'retry', status: 503, retryAfterMs: 2000 });
    });

    it('when the connection is dropped with no answer, then the failure is retry', async () => {
      fake.dropNext(1);

      const err = await failure(mailer().send(mail()));

      expect(err).toMatchObject({ kind: 'retry', status: null });
      expect(fake.requests).toHaveLength(0);
    });

    it('when nothing listens on the port, then the failure is retry', async () => {
      const closed = await startFakeSendGrid({ apiKey: API_KEY });
      const url = closed.url;
      await closed.close();

      const err = await failure(createSendGridMailer({ apiKey: API_KEY, apiUrl: url }).send(mail()));

      expect(err).toMatchObject({ kind: 'retry', status: null });
      expect(err.message).toContain('ECONNREFUSED');
    });

    it('when SendGrid does not answer within timeoutMs, then the failure is retry', async () => {
      fake.delayMs = 500;
      try {
        const started = Date.now();
        const err = await failure(createSendGridMailer({ apiKey: API_KEY, apiUrl: fake.url, timeoutMs: 100 }).send(mail()));

        expect(err).toMatchObject({ kind: 'retry', status: null });
        expect(Date.now() - started).toBeLessThan(450);
      } finally {
        fake.delayMs = 0;
      }
    });

    it('when the API key is wrong, then the failure is account (401) and names SendGrid reason', async () => {
      const err = await failure(createSendGridMailer({ apiKey: 'SG.wrong', apiUrl: fake.url }).send(mail()));

      expect(err).toMatchObject({ kind: 'account', status: 401 });
      expect(err.message).toContain('authorization grant is invalid');
    });

    it('when SendGrid answers 403, then the failure is account', async () => {
      fake.failNext(1, { status: 403 });

      const err = await failure(mailer().send(mail()));

      expect(err).toMatchObject({ kind: 'account', status: 403 });
    });

    it('when SendGrid refuses the mail with 400, then the failure is permanent with every reason it gave', async () => {
      fake.failNext(1, {
        status: 400,
        body: {
          errors: [
            { message: 'Does not contain a valid address.', field: 'personalizations.0.to.0.email', help: null },
            { message: 'The subject is required.', field: 'subject', help: null },
          ],
        },
      });

      const err = await failure(mailer().send(mail()));

      expect(err).toMatchObject({ kind: 'permanent', status: 400 });
      expect(err.message).toContain('Does not contain a valid address. (personalizations.0.to.0.email)');
      expect(err.message).toContain('The subject is required. (subject)');
    });

    it('when the fake itself finds the mail invalid, then the 400 reason reaches the SendError', async () => {
      // An address SendGrid refuses but our mailer lets through (no whitespace, just no "@").
      const err = await failure(mailer().send(mail({ to: [{ email: 'not-an-address' }] })));

      expect(err).toMatchObject({ kind: 'permanent', status: 400 });
      expect(err.message).toContain('Does not contain a valid address');
    });

    it('when SendGrid answers 413, then the failure is permanent', async () => {
      fake.failNext(1, { status: 413 });

      const err = await failure(mailer().send(mail()));

      expect(err).toMatchObject({ kind: 'permanent', status: 413 });
    });

    it('when a failure happened, then the next send through the same mailer goes through', async () => {
      const m = mailer();
      fake.failNext(1, { status: 500 });
      await failure(m.send(mail()));

      await expect(m.send(mail({ outboxId: 43 }))).resolves.toMatchObject({ providerMessageId: expect.any(String) });
      expect(fake.mails()[0].custom_args).toEqual({ outbox_id: '43' });
    });
  });

  it('when apiUrl has a path prefix (a proxy), then the request goes to that prefix', async () => {
    const seen: string[] = [];
    const proxy: Server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => {
        res.writeHead(202, { 'x-message-id': 'via-proxy' });
        res.end();
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const result = await createSendGridMailer({ apiKey: API_KEY, apiUrl: `http://127.0.0.1:${port}/sendgrid` }).send(mail());

      expect(seen).toEqual(['POST /sendgrid/v3/mail/send']);
      expect(result.providerMessageId).toBe('via-proxy');
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('when many mails are sent at once, then each gets its own X-Message-Id', async () => {
    const m = mailer();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => m.send(mail({ outboxId: 1000 + i }))));

    expect(new Set(results.map((r) => r.providerMessageId)).size).toBe(50);
    expect(fake.mails().map((b) => b.custom_args.outbox_id).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => String(1000 + i)).sort(),
    );
  });

  it('when the mailer is created, then its name is "sendgrid" and a missing key is refused', () => {
    expect(mailer().name).toBe('sendgrid');
    expect(() => createSendGridMailer({ apiKey: '' })).toThrow(/apiKey/);
  });
});

describe('the outbox sender on a SendGrid that throttles as documented', () => {
  let t: TestDatabase;
  let sg: FakeSendGrid;
  afterEach(async () => {
    await sg?.close();
    await t?.cleanup();
  });

  it('when a 429 carries only X-RateLimit-Reset, then the mail\'s next attempt is no earlier than that reset', async () => {
    // An injected clock, shared by the sender, the mailer and the fake: no sleeping, no real time.
    const now = new Date('2030-01-01T09:00:00.000Z');
    const clock = () => new Date(now);
    t = await createTestDatabase();
    sg = await startFakeSendGrid({ now: () => now.getTime() });
    const config = testConfig(t.dir, { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url });
    const reset = now.getTime() / 1000 + 47;
    sg.failNext(1, { status: 429, rateLimitReset: reset });
    const queued = await t.db.transaction((tx) =>
      enqueueMail(tx, { template: 'invitation', data: { name: 'Jo' }, to: [{ email: 'jo@example.gov.uk', name: 'Jo' }] }, { messageDomain: config.replyDomain, now }),
    );
    const mailer = createSendGridMailer({ apiKey: sg.apiKey, apiUrl: sg.url, now: clock });
    const sender = new OutboxSender({ db: t.db, mailer, config, logger: captureLogger('silent').logger, now: clock });

    const result = await sender.runOnce();

    expect(result).toMatchObject({ sent: 0, retried: 1 });
    const [answer] = sg.attempts;
    expect(answer).toMatchObject({ outcome: 429, retryAfterMs: 47_000 });
    const row = (await t.db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [queued.id]))!;
    expect(row.status).toBe('pending');
    expect(Date.parse(row.next_attempt_at)).toBeGreaterThanOrEqual(reset * 1000);
  });
});

describe('parseRateLimitReset', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');

  it('when given epoch seconds in the future, then it returns the milliseconds until then', () => {
    expect(parseRateLimitReset(String(now / 1000 + 3), now)).toBe(3000);
    expect(parseRateLimitReset([String(now / 1000 + 1)], now)).toBe(1000);
  });

  it('when the reset is now, past, more than a day away or not a number, then it returns null', () => {
    expect(parseRateLimitReset(String(now / 1000), now)).toBeNull();
    expect(parseRateLimitReset('1392815263', now)).toBeNull();
    expect(parseRateLimitReset(String(now / 1000 + 2 * 86_400), now)).toBeNull();
    expect(parseRateLimitReset('soon', now)).toBeNull();
    expect(parseRateLimitReset(undefined, now)).toBeNull();
  });
});

describe('recipientName', () => {
  it('when a name holds "," or ";", then each run of them becomes one space', () => {
    expect(recipientName('Bloggs, Jo')).toBe('Bloggs Jo');
    expect(recipientName('Jo Bloggs;, OBE;')).toBe('Jo Bloggs OBE');
    expect(recipientName('Zoë O\'Neil')).toBe('Zoë O\'Neil');
    expect(recipientName('Ann\r\n,Bcc: x')).toBe('Ann Bcc: x');
  });
});

describe('parseRetryAfter', () => {
  it('when given delay-seconds, then it returns milliseconds', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
  });

  it('when given an HTTP-date, then it returns the time until it, never negative', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 23:59:00 GMT', now)).toBe(0);
  });

  it('when given nothing usable, then it returns null', () => {
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('')).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
