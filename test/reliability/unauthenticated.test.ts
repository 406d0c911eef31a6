import { generateKeyPairSync, sign } from 'node:crypto';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { problemsOf } from '../helpers/config.js';
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

// Fail closed: seen on main, with SENDGRID_API_KEY set and NODE_ENV unset, both webhooks took anything.
describe('webhooks when mail goes to SendGrid', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const key = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const signed = (body: Buffer | string, at = String(Math.floor(Date.now() / 1000))) => ({
    'X-Twilio-Email-Event-Webhook-Timestamp': at,
    'X-Twilio-Email-Event-Webhook-Signature': sign('sha256', Buffer.concat([Buffer.from(at), Buffer.from(body)]), privateKey).toString('base64'),
  });
  const SENDING = {
    SENDGRID_API_KEY: 'SG.real-looking-key',
    MAIL_FROM: 'Unmentoring <hello@unmentoring.test>',
    REPLY_DOMAIN: 'reply.unmentoring.test',
    ORGANISER_EMAIL: 'organiser@unmentoring.test',
  };
  const unsubscribe = JSON.stringify([{ event: 'unsubscribe', email: 'victim@example.gov.uk', sg_event_id: 'u1', timestamp: 1_780_000_000 }]);
  const none = { name: 'none', send: async () => ({ providerMessageId: null }) };

  it('when SENDGRID_API_KEY is set with NODE_ENV unset and neither credentials nor keys, then the service refuses to start and says why', () => {
    const problems = problemsOf(SENDING).join('\n');
    expect(problems).toMatch(/INBOUND_USER and INBOUND_PASSWORD are required in production and whenever SENDGRID_API_KEY is set/);
    expect(problems).toMatch(/webhooks must not be open/);
  });

  it('when a Config without credentials or keys reaches the app anyway (NODE_ENV unset), then /inbound and /events refuse an unauthenticated STOP and unsubscribe', async () => {
    h = await buildTestApp(AUTH);
    await h.t.db.run(
      `INSERT INTO people (email, name, status, status_changed_at, created_at, updated_at) VALUES ('victim@example.gov.uk', 'Vic Tim', 'active', ?1, ?1, ?1)`,
      [new Date().toISOString()],
    );
    const config = { ...loadConfig({ ...SENDING, INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery', DATABASE_PATH: h.t.path }), inboundUser: null, inboundPassword: null };
    expect(config.nodeEnv).toBe('development');
    const app = createApp({ db: h.t.db, mailer: none, config, logger: h.logs.logger });
    const stop = buildParsedPayload({ from: 'victim@example.gov.uk', to: 'join@reply.unmentoring.test', subject: 'STOP', text: 'STOP' });
    expect((await request(app).post('/inbound').set('Content-Type', stop.contentType).send(stop.body)).status).toBe(401);
    expect((await request(app).post('/events').set('Content-Type', 'application/json').send(unsubscribe)).status).toBe(401);
    expect(await writes()).toBe(1); // the victim's own row, nothing more
    expect((await h.t.db.get<{ status: string }>("SELECT status FROM people WHERE email = 'victim@example.gov.uk'"))!.status).toBe('active');
  });

  it('when SENDGRID_API_KEY is set with NODE_ENV unset and credentials, then unauthenticated posts to both webhooks are 401', async () => {
    h = await buildTestApp(AUTH);
    const config = loadConfig({ ...SENDING, ...AUTH, DATABASE_PATH: h.t.path });
    const app = createApp({ db: h.t.db, mailer: none, config, logger: h.logs.logger });
    const stop = buildParsedPayload({ from: 'victim@example.gov.uk', to: 'join@reply.unmentoring.test', subject: 'STOP', text: 'STOP' });
    expect((await request(app).post('/inbound').set('Content-Type', stop.contentType).send(stop.body)).status).toBe(401);
    expect((await request(app).post('/events').set('Content-Type', 'application/json').send(unsubscribe)).status).toBe(401);
    expect(await writes()).toBe(0);
  });

  it('when only one webhook is signed and there are no credentials, then the settings name the open one', () => {
    expect(problemsOf({ ...SENDING, INBOUND_PUBLIC_KEY: key }).join('\n')).toMatch(/EVENT_WEBHOOK_PUBLIC_KEY, or INBOUND_USER and INBOUND_PASSWORD, are required .*POST \/events must not be open/);
    expect(problemsOf({ ...SENDING, EVENT_WEBHOOK_PUBLIC_KEY: key }).join('\n')).toMatch(/INBOUND_PUBLIC_KEY, or INBOUND_USER and INBOUND_PASSWORD, are required .*POST \/inbound must not be open/);
  });

  it('when production is set up with signatures and no basic-auth password, then it starts, signed posts are taken and unsigned ones refused', async () => {
    h = await buildTestApp(AUTH);
    const config = loadConfig({ ...SENDING, NODE_ENV: 'production', INBOUND_PUBLIC_KEY: key, EVENT_WEBHOOK_PUBLIC_KEY: key, DATABASE_PATH: h.t.path });
    expect(config.inboundPassword).toBeNull();
    const app = createApp({ db: h.t.db, mailer: none, config, logger: h.logs.logger });
    const reply = buildParsedPayload({ from: 'jo@example.gov.uk', to: 'join@reply.unmentoring.test', subject: 'hello', text: 'hello', messageId: '<signed-1@example.gov.uk>' });
    expect((await request(app).post('/inbound').set('Content-Type', reply.contentType).send(reply.body)).status).toBe(401);
    expect((await request(app).post('/inbound').set('Content-Type', reply.contentType).set(signed(reply.body)).send(reply.body)).status).toBe(200);
    const delivered = JSON.stringify([{ event: 'delivered', email: 'jo@example.gov.uk', sg_event_id: 'd1', timestamp: 1_780_000_000 }]);
    expect((await request(app).post('/events').set('Content-Type', 'application/json').send(delivered)).status).toBe(401);
    expect((await request(app).post('/events').set('Content-Type', 'application/json').set(signed(delivered)).send(delivered)).status).toBe(200);
    expect((await h.t.db.get<{ n: number }>('SELECT count(*) AS n FROM inbound_messages'))!.n).toBe(1);
    expect((await h.t.db.get<{ n: number }>('SELECT count(*) AS n FROM delivery_events'))!.n).toBe(1);
  });
});
