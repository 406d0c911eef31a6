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
  ])('when the mail has %s, then it answers 400 naming the field', async (_what, body, field) => {
    fake = await startFakeSendGrid();

    const answer = await post(fake, body);

    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(answer.body.errors[0]).toEqual({ message: expect.any(String), field: expect.anything(), help: expect.any(String) });
    expect(fake.requests).toHaveLength(0);
  });

  it('when the mail uses a template instead of subject and content, then it is accepted', async () => {
    fake = await startFakeSendGrid();

    const answer = await post(fake, { personalizations: validBody.personalizations, from: validBody.from, template_id: 'd-123' });

    expect(answer.status).toBe(202);
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
