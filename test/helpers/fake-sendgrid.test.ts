import { request as httpRequest, Agent } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../../src/mail/mailer.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { startFakeSendGrid, type FakeSendGrid } from './fake-sendgrid.js';

const KEY = 'SG.fake-key';
const agent = new Agent({ keepAlive: true });

const validBody = {
  personalizations: [{ to: [{ email: 'ann@example.org' }] }],
  from: { email: 'hello@unmentoring.org' },
  subject: 'Hi',
  content: [
    { type: 'text/plain', value: 'hi' },
    { type: 'text/html', value: '<p>hi</p>' },
  ],
};

interface Answer {
  status: number | 'dropped';
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

function post(fake: FakeSendGrid, body: unknown, auth: string | null = `Bearer ${KEY}`, path = '/v3/mail/send'): Promise<Answer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(path, fake.url),
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode!, headers: res.headers, body: raw ? JSON.parse(raw) : null });
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' || err.message === 'socket hang up' ? resolve({ status: 'dropped', headers: {}, body: null }) : reject(err),
    );
    req.end(text);
  });
}

describe('startFakeSendGrid', () => {
  let fake: FakeSendGrid;
  afterEach(() => fake?.close());

  it('when a valid mail is posted with the key, then it answers 202 with an X-Message-Id and records the body', async () => {
    fake = await startFakeSendGrid();

    const answer = await post(fake, validBody);

    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(answer.status).toBe(202);
    expect(answer.body).toBeNull();
    expect(answer.headers['x-message-id']).toBe(fake.requests[0]!.messageId);
    expect(fake.mails()).toEqual([validBody]);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('when the key is missing or wrong, then it answers 401 with a SendGrid-shaped error and records nothing', async () => {
    fake = await startFakeSendGrid();

    for (const auth of [null, 'Bearer SG.other']) {
      const answer = await post(fake, validBody, auth);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ errors: [{ message: expect.stringContaining('authorization'), field: null, help: null }] });
    }
    expect(fake.requests).toHaveLength(0);
    expect(fake.received).toBe(2);
  });

  it.each([
    ['no personalizations', { ...validBody, personalizations: [] }, 'personalizations'],
    ['a personalization without to', { ...validBody, personalizations: [{}] }, 'personalizations.0.to'],
    ['no from', { ...validBody, from: undefined }, 'from.email'],
    ['no subject', { ...validBody, subject: undefined }, 'subject'],
    ['no content', { ...validBody, content: [] }, 'content'],
    ['html before text', { ...validBody, content: [...validBody.content].reverse() }, 'content'],
    ['a reserved header', { ...validBody, headers: { 'Reply-To': 'x@y.org' } }, 'headers.Reply-To'],
    ['a line break in a header', { ...validBody, headers: { 'X-A': 'a\r\nBcc: x@y.org' } }, 'headers.X-A'],
    ['a number in custom_args', { ...validBody, custom_args: { outbox_id: 1 } }, 'custom_args'],
    ['both reply_to and reply_to_list', { ...validBody, reply_to: { email: 'a@b.org' }, reply_to_list: [{ email: 'c@d.org' }] }, 'reply_to_list'],
  ])('when the mail has %s, then it answers 400 naming the field', async (_what, body, field) => {
    fake = await startFakeSendGrid();

    const answer = await post(fake, body);

    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(answer.body.errors[0]).toEqual({ message: expect.any(String), field: expect.anything(), help: expect.any(String) });
    expect(fake.requests).toHaveLength(0);
  });

  it('when a recipient\'s name holds "," or ";", then it is accepted with 202, as SendGrid does, and recorded as dropped "Invalid"', async () => {
    fake = await startFakeSendGrid();

    const comma = await post(fake, { ...validBody, personalizations: [{ to: [{ email: 'jo@example.gov.uk', name: 'Bloggs, Jo' }] }] });
    const semicolon = await post(fake, { ...validBody, personalizations: [{ to: [{ email: 'a@b.org' }], cc: [{ email: 'c@d.org', name: 'C; D' }] }] });
    // Only personalizations' names are split: a comma in the from or reply_to name is delivered.
    const fromName = await post(fake, { ...validBody, from: { email: 'hello@unmentoring.org', name: 'Unmentoring, Leeds' }, reply_to: { email: 'r@unmentoring.org', name: 'R, S' } });

    expect([comma.status, semicolon.status, fromName.status]).toEqual([202, 202, 202]);
    expect(fake.requests.map((r) => r.dropped)).toEqual(['Invalid', 'Invalid', null]);
  });

  it('when a mail is accepted, then the answer carries X-RateLimit-Limit, -Remaining and -Reset in Unix seconds', async () => {
    const now = Date.parse('2030-01-01T09:00:00.400Z');
    fake = await startFakeSendGrid({ now: () => now });

    const first = await post(fake, validBody);
    const second = await post(fake, validBody);

    expect(first.headers['x-ratelimit-limit']).toMatch(/^\d+$/);
    expect(Number(first.headers['x-ratelimit-remaining'])).toBe(Number(first.headers['x-ratelimit-limit']) - 1);
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(Number(first.headers['x-ratelimit-remaining']) - 1);
    expect(first.headers['x-ratelimit-reset']).toBe(String(Date.parse('2030-01-01T09:00:01Z') / 1000));
    expect(first.headers['retry-after']).toBeUndefined();
  });

  it('when a 429 is queued without Retry-After, then it is answered as the rate-limit page shows: X-RateLimit headers, Remaining 0, no Retry-After', async () => {
    const now = Date.parse('2030-01-01T09:00:00.250Z');
    fake = await startFakeSendGrid({ now: () => now });
    fake.failNext(1, { status: 429 });
    fake.failNext(1, { status: 429, rateLimitReset: now / 1000 + 60 });

    const a = await post(fake, validBody);
    const b = await post(fake, validBody);

    expect(a.status).toBe(429);
    expect(a.body).toEqual({ errors: [{ message: 'too many requests', field: null, help: null }] });
    expect(a.headers['retry-after']).toBeUndefined();
    expect(a.headers['x-ratelimit-remaining']).toBe('0');
    expect(a.headers['x-ratelimit-limit']).toMatch(/^\d+$/);
    expect(Number(a.headers['x-ratelimit-reset']) * 1000).toBeGreaterThanOrEqual(now + 750);
    expect(b.headers['x-ratelimit-reset']).toBe(String(now / 1000 + 60));
    expect(fake.attempts.map((x) => x.retryAfterMs)).toEqual([Number(a.headers['x-ratelimit-reset']) * 1000 - now, 60_000]);
  });

  it('when random faults are on, then their 429s carry X-RateLimit-Reset and no Retry-After unless retryAfterSeconds asks for the old header', async () => {
    const statuses = async (opts: Parameters<typeof startFakeSendGrid>[0]) => {
      const f = await startFakeSendGrid(opts);
      const answers: Answer[] = [];
      for (let i = 0; i < 30; i++) answers.push(await post(f, validBody));
      await f.close();
      return answers.filter((a) => a.status === 429);
    };

    const documented = await statuses({ faultRate: 0.5, seed: 7 });
    const legacy = await statuses({ faultRate: 0.5, seed: 7, retryAfterSeconds: 2 });

    expect(documented.length).toBeGreaterThan(0);
    expect(documented.every((a) => a.headers['retry-after'] === undefined && a.headers['x-ratelimit-reset'] !== undefined)).toBe(true);
    expect(legacy.every((a) => a.headers['retry-after'] === '2' && a.headers['x-ratelimit-reset'] === undefined)).toBe(true);
  });

  it('when the mail uses a template instead of subject and content, then it is accepted', async () => {
    fake = await startFakeSendGrid();

    const answer = await post(fake, { personalizations: validBody.personalizations, from: validBody.from, template_id: 'd-123' });

    expect(answer.status).toBe(202);
  });

  it('when a calendar invitation comes as SendGrid documents it, then it is accepted and recorded as sent', async () => {
    fake = await startFakeSendGrid();
    const ics = 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';
    const body = {
      ...validBody,
      content: [...validBody.content, { type: 'text/calendar; method=REQUEST', value: ics }],
      attachments: [{ content: Buffer.from(ics).toString('base64'), filename: 'invite.ics', type: 'application/ics', disposition: 'attachment' }],
    };
    expect((await post(fake, body)).status).toBe(202);
    // The attachment may carry the method too (SendGrid lets `method=` through, nothing else).
    const typed = { ...body, attachments: [{ ...body.attachments[0], type: 'text/calendar; method=REQUEST' }] };
    expect((await post(fake, typed)).status).toBe(202);
    expect(fake.mails()[0].content[2]).toEqual({ type: 'text/calendar; method=REQUEST', value: ics });
    expect(fake.mails()[0].attachments[0].filename).toBe('invite.ics');
  });

  it('when a content or attachment type carries other parameters or a line break, then it answers 400 naming the field', async () => {
    fake = await startFakeSendGrid();
    const answers = await Promise.all([
      post(fake, { ...validBody, content: [...validBody.content, { type: 'text/calendar; charset=utf-8; method=REQUEST', value: 'x' }] }),
      post(fake, { ...validBody, content: [...validBody.content, { type: 'text/calendar\r\nBcc: x@example.org', value: 'x' }] }),
      post(fake, { ...validBody, attachments: [{ content: 'eA==', filename: 'invite.ics', type: 'text/calendar; method=REQUEST; charset="utf-8"' }] }),
      post(fake, { ...validBody, attachments: [{ content: 'eA==', filename: 'invite.ics', type: 'text/calendar; charset=utf-8' }] }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(answers[0]!.body.errors[0].field).toBe('content.2.type');
    expect(answers[1]!.body.errors[0].field).toBe('content.2.type');
    expect(answers[2]!.body.errors[0].field).toBe('attachments.0.type');
    expect(answers[3]!.body.errors[0].message).toContain('cannot contain');
    expect(fake.mails()).toHaveLength(0);
  });

  it('when the body is not JSON, then it answers 400', async () => {
    fake = await startFakeSendGrid();

    expect((await post(fake, '{nope')).status).toBe(400);
  });

  it('when faults are queued, then they are served in order before normal answers resume', async () => {
    fake = await startFakeSendGrid();
    fake.failNext(1, { status: 429, retryAfter: 3 });
    fake.dropNext(1);
    fake.failNext(1, { status: 400, body: { errors: [{ message: 'custom', field: 'x', help: null }] } });

    const a = await post(fake, validBody);
    const b = await post(fake, validBody);
    const c = await post(fake, validBody);
    const d = await post(fake, validBody);

    expect(a.status).toBe(429);
    expect(a.headers['retry-after']).toBe('3');
    expect(a.body.errors[0].message).toBe('too many requests');
    expect(b.status).toBe('dropped');
    expect(c).toMatchObject({ status: 400, body: { errors: [{ message: 'custom' }] } });
    expect(d.status).toBe(202);
    expect(fake.requests).toHaveLength(1);
  });

  it('when faultRate is set with a seed, then the same faults come in the same order on every run', async () => {
    const run = async () => {
      const f = await startFakeSendGrid({ faultRate: 0.5, seed: 7 });
      const statuses: Array<number | 'dropped'> = [];
      for (let i = 0; i < 30; i++) statuses.push((await post(f, validBody)).status);
      await f.close();
      return statuses;
    };

    const first = await run();
    const second = await run();

    expect(first).toEqual(second);
    expect(new Set(first)).toEqual(new Set([202, 429, 500, 'dropped']));
  });

  it('when delayMs is set, then answers wait that long', async () => {
    fake = await startFakeSendGrid({ delayMs: 80 });

    const started = Date.now();
    await post(fake, validBody);

    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('when waitFor is asked for more requests than arrive, then it rejects after its timeout', async () => {
    fake = await startFakeSendGrid();
    const waiting = fake.waitFor(2, 1_000);
    await post(fake, validBody);
    await post(fake, validBody);
    await expect(waiting).resolves.toBeUndefined();

    await expect(fake.waitFor(3, 50)).rejects.toThrow(/2 of 3/);
  });

  // Speed is measured by npm run bench:invite, not here: this checks only that connections are reused.
  it('when clients keep connections alive, then the fake answers all 2,000 requests over at most 10 connections', async () => {
    fake = await startFakeSendGrid();
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 10 });
    const body = JSON.stringify(validBody);
    const once = () =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(new URL('/v3/mail/send', fake.url), {
          method: 'POST',
          agent: keepAlive,
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.end(body);
      });

    let next = 0;
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next++ < 2000) statuses.push(await once());
      }),
    );
    keepAlive.destroy();

    expect(statuses.every((s) => s === 202)).toBe(true);
    expect(fake.requests).toHaveLength(2000);
    expect(fake.connections).toBeLessThanOrEqual(10);
  });

  it('when the real mailer sends many mails, then they share a few kept-alive connections', async () => {
    fake = await startFakeSendGrid({ apiKey: 'SG.many' });
    const mailer = createSendGridMailer({ apiKey: 'SG.many', apiUrl: fake.url });
    const mail = (i: number): OutgoingMail => ({
      outboxId: i,
      template: 'bench',
      from: { email: 'hello@unmentoring.org' },
      to: [{ email: `p${i}@example.org` }],
      replyTo: { email: 'reply@in.unmentoring.org' },
      subject: 'bench',
      text: 'hello',
      messageId: `<outbox-${i}@unmentoring.org>`,
      headers: {},
    });

    let next = 0;
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        while (next < 200) await mailer.send(mail(next++));
      }),
    );

    expect(fake.requests).toHaveLength(200);
    expect(fake.connections).toBeLessThanOrEqual(5);
  });

  it('when close is called twice, then the second call resolves too', async () => {
    fake = await startFakeSendGrid();

    await fake.close();
    await expect(fake.close()).resolves.toBeUndefined();
  });
});
