import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { buildParsedPayload } from '../helpers/inbound-payload.js';

// test/inbound/route.test.ts and test/events/webhook.test.ts cover no credentials and a wrong password.
// These are the other ways in an attacker would try, on both webhooks, with every table checked.
const AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };
const b64 = (s: string) => Buffer.from(s).toString('base64');
const ATTEMPTS: Array<[string, string | null]> = [
  ['another scheme', `Bearer ${b64('sendgrid:correct horse battery')}`],
  ['Basic with nothing after it', 'Basic '],
  ['Basic that is not base64', 'Basic %%%not-base64%%%'],
  ['the user alone', `Basic ${b64('sendgrid')}`],
  ['the user with an empty password', `Basic ${b64('sendgrid:')}`],
  ['the password alone', `Basic ${b64(':correct horse battery')}`],
  ['the right password for another user', `Basic ${b64('admin:correct horse battery')}`],
  ['the password with a trailing space', `Basic ${b64('sendgrid:correct horse battery ')}`],
  ['a case change in the user', `Basic ${b64('SendGrid:correct horse battery')}`],
  ['two credentials in one header', `Basic ${b64('x:y')}, Basic ${b64('sendgrid:correct horse battery')}`],
];

let h: TestApp;
afterEach(async () => {
  await h?.close();
});

async function writes(): Promise<number> {
  const tables = ['inbound_messages', 'delivery_events', 'outbox', 'people', 'suppressions'];
  let n = 0;
  for (const t of tables) n += (await h.t.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))!.n;
  return n;
}

describe('unauthenticated posts to the webhooks', () => {
  it.each(ATTEMPTS)('when /inbound and /events get %s, then both answer 401 and nothing is written', async (_what, authorization) => {
    h = await buildTestApp(AUTH);
    const payload = buildParsedPayload({ from: 'jo@example.gov.uk', to: 'join@reply.unmentoring.test', subject: 'STOP', text: 'STOP' });
    const inbound = request(h.app).post('/inbound').set('Content-Type', payload.contentType);
    const events = request(h.app).post('/events').set('Content-Type', 'application/json');
    if (authorization) {
      inbound.set('Authorization', authorization);
      events.set('Authorization', authorization);
    }
    expect((await inbound.send(payload.body)).status).toBe(401);
    const ev = [{ email: 'jo@example.gov.uk', event: 'bounce', sg_event_id: 'e1', timestamp: 1_780_000_000, outbox_id: '1' }];
    expect((await events.send(JSON.stringify(ev))).status).toBe(401);
    expect(await writes()).toBe(0);
  });

  it('when credentials ride in the query string instead of the header, then it is 401', async () => {
    h = await buildTestApp(AUTH);
    const payload = buildParsedPayload({ from: 'jo@example.gov.uk', to: 'join@reply.unmentoring.test', subject: 'hi', text: 'hi' });
    const res = await request(h.app).post('/inbound?user=sendgrid&password=correct%20horse%20battery').set('Content-Type', payload.contentType).send(payload.body);
    expect(res.status).toBe(401);
    expect(await writes()).toBe(0);
  });

  it('when an unauthenticated post is larger than the limit, then it is 401, not 413: nothing was read', async () => {
    h = await buildTestApp({ ...AUTH, INBOUND_MAX_MB: '1' });
    const big = Buffer.alloc(2 * 1024 * 1024, 'a');
    expect((await request(h.app).post('/inbound').set('Content-Type', 'multipart/form-data; boundary=x').send(big)).status).toBe(401);
    expect((await request(h.app).post('/events').set('Content-Type', 'application/json').send(big)).status).toBe(401);
    expect(await writes()).toBe(0);
  });
});
