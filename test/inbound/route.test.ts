import { generateKeyPairSync, sign } from 'node:crypto';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { buildParsedPayload, buildRawPayload } from '../helpers/inbound-payload.js';
import { createApp } from '../../src/app.js';
import { Database } from '../../src/db/database.js';
import { holdWriteLock } from '../helpers/db.js';
import { parseInboundRequest } from '../../src/inbound/parse-request.js';

const AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };
let h: TestApp;
afterEach(async () => {
  await h?.close();
});

const reply = (over: Partial<Parameters<typeof buildParsedPayload>[0]> = {}) =>
  buildParsedPayload({
    from: 'jo@example.gov.uk',
    fromName: 'Jo Bloggs',
    to: 'reply+0123456789abcdef0123456789abcdef@reply.unmentoring.test',
    subject: 'Re: An invitation',
    text: 'Yes please! Jo Bloggs, 07700 900123, Leeds City Council',
    messageId: '<reply-1@mail.example.gov.uk>',
    ...over,
  });

function post(app: TestApp['app'], payload: { body: Buffer; contentType: string }, auth = true) {
  const req = request(app).post('/inbound').set('Content-Type', payload.contentType);
  if (auth) req.auth(AUTH.INBOUND_USER, AUTH.INBOUND_PASSWORD);
  return req.send(payload.body);
}

const count = async (status?: string) =>
  (await h.t.db.get<{ n: number }>(`SELECT count(*) AS n FROM inbound_messages ${status ? 'WHERE status = ?' : ''}`, status ? [status] : []))!.n;

describe('POST /inbound', () => {
  it('when the credentials are missing or wrong, then it is 401 and nothing is stored', async () => {
    h = await buildTestApp(AUTH);
    const payload = reply();
    const none = await post(h.app, payload, false);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic/);
    const wrong = await request(h.app).post('/inbound').auth('sendgrid', 'guess').set('Content-Type', payload.contentType).send(payload.body);
    expect(wrong.status).toBe(401);
    expect(await count()).toBe(0);
  });

  it('when a parsed-mode reply arrives, then it is stored exactly as received and answered 200', async () => {
    h = await buildTestApp(AUTH);
    const payload = reply();
    const res = await post(h.app, payload);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('stored');
    const row = await h.t.db.get<{ raw: Buffer; status: string; parsed: string | null; dedupe_key: string }>('SELECT raw, status, parsed, dedupe_key FROM inbound_messages');
    expect(row!.status).toBe('pending');
    expect(Buffer.compare(row!.raw, payload.body)).toBe(0);
    expect(row!.dedupe_key).toBe('mid:<reply-1@mail.example.gov.uk>');
    // Read after it was acknowledged, from the stored copy.
    expect(row!.parsed).toBeNull();
    expect((await parseInboundRequest(row!.raw, payload.contentType)).from).toEqual({ email: 'jo@example.gov.uk', name: 'Jo Bloggs' });
  });

  it('when a raw-mode reply arrives, then it is stored and its MIME read', async () => {
    h = await buildTestApp(AUTH);
    const payload = await buildRawPayload({
      from: 'sam@example.nhs.uk',
      to: 'reply+0123456789abcdef0123456789abcdef@reply.unmentoring.test',
      subject: 'Re: An invitation',
      text: 'Count me in. Siân, 020 7946 0123',
      charset: 'iso-8859-1',
      transferEncoding: 'quoted-printable',
      messageId: '<raw-1@example.nhs.uk>',
    });
    const res = await post(h.app, payload);
    expect(res.status).toBe(200);
    const row = await h.t.db.get<{ raw: Buffer; content_type: string; dedupe_key: string }>('SELECT raw, content_type, dedupe_key FROM inbound_messages');
    expect(row!.dedupe_key).toBe('mid:<raw-1@example.nhs.uk>');
    const parsed = await parseInboundRequest(row!.raw, row!.content_type);
    expect(parsed.mode).toBe('raw');
    expect(parsed.text).toContain('Siân, 020 7946 0123');
  });

  it('when SendGrid retries the same message, then it is answered 200 and stored once', async () => {
    h = await buildTestApp(AUTH);
    expect((await post(h.app, reply())).body.status).toBe('stored');
    const again = await post(h.app, reply()); // a new multipart boundary, the same message
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('duplicate');
    expect(await count()).toBe(1);
  });

  it('when a message without a Message-ID comes twice, then its content identifies it', async () => {
    h = await buildTestApp(AUTH);
    const noId = () => reply({ messageId: '' });
    expect((await post(h.app, noId())).body.status).toBe('stored');
    expect((await post(h.app, noId())).body.status).toBe('duplicate');
    expect((await post(h.app, reply({ messageId: '', text: 'Something else' }))).body.status).toBe('stored');
    expect(await count()).toBe(2);
  });

  it('when the request is not an Inbound Parse post, then it is 400 with the reason and kept for the organiser', async () => {
    h = await buildTestApp(AUTH);
    const res = await request(h.app).post('/inbound').auth(AUTH.INBOUND_USER, AUTH.INBOUND_PASSWORD).set('Content-Type', 'text/plain').send('{"hello":"world"}');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/multipart/i);
    const row = await h.t.db.get<{ status: string; reason: string; raw: Buffer }>('SELECT status, reason, raw FROM inbound_messages');
    expect(row!.status).toBe('malformed');
    expect(row!.raw.toString()).toBe('{"hello":"world"}');
  });

  it('when the body is over INBOUND_MAX_MB, then it is 413 and nothing is stored', async () => {
    h = await buildTestApp({ ...AUTH, INBOUND_MAX_MB: '1' });
    const res = await post(h.app, reply({ text: 'x'.repeat(1_200_000) }));
    expect(res.status).toBe(413);
    expect(await count()).toBe(0);
  });

  describe('with INBOUND_PUBLIC_KEY set', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const base64Key = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const signed = (body: Buffer, timestamp: string) => sign('sha256', Buffer.concat([Buffer.from(timestamp), body]), privateKey).toString('base64');

    it('when the signature is valid, then the post is accepted, even for a Latin-1 body', async () => {
      h = await buildTestApp({ ...AUTH, INBOUND_PUBLIC_KEY: base64Key });
      const payload = reply({ text: 'Zoë, café', charset: 'iso-8859-1' });
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await post(h.app, payload)
        .set('X-Twilio-Email-Event-Webhook-Timestamp', ts)
        .set('X-Twilio-Email-Event-Webhook-Signature', signed(payload.body, ts));
      expect(res.status).toBe(200);
    });

    it('when the signature is missing, wrong or stale, then it is 401 and nothing is stored', async () => {
      h = await buildTestApp({ ...AUTH, INBOUND_PUBLIC_KEY: base64Key });
      const payload = reply();
      const ts = String(Math.floor(Date.now() / 1000));
      expect((await post(h.app, payload)).status).toBe(401);
      const tampered = Buffer.concat([payload.body, Buffer.from(' ')]);
      expect((await post(h.app, { ...payload, body: tampered }).set('X-Twilio-Email-Event-Webhook-Timestamp', ts).set('X-Twilio-Email-Event-Webhook-Signature', signed(payload.body, ts))).status).toBe(401);
      const old = String(Math.floor(Date.now() / 1000) - 3600);
      const stale = await post(h.app, payload).set('X-Twilio-Email-Event-Webhook-Timestamp', old).set('X-Twilio-Email-Event-Webhook-Signature', signed(payload.body, old));
      expect(stale.status).toBe(401);
      expect(stale.body.error).toMatch(/stale/);
      expect(await count()).toBe(0);
    });
  });

  it('when another process holds the database lock, then it is 503 for SendGrid to retry, and a retry later is stored', async () => {
    h = await buildTestApp(AUTH);
    const db = await Database.open(h.t.path, { busyTimeoutMs: 50 });
    const app = createApp({ db, mailer: { name: 'none', send: async () => ({ providerMessageId: null }) }, config: h.config, logger: h.logs.logger });
    const lock = await holdWriteLock(h.t.path);
    const busy = await post(app, reply());
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBeDefined();
    await lock.release();
    const retried = await post(app, reply());
    expect(retried.status).toBe(200);
    expect(await count()).toBe(1);
    await db.close();
  });
});
