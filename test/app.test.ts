import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { enqueueMail } from '../src/db/outbox.js';

// The test app sends to a (fake) SendGrid, so its webhooks must have credentials: the settings refuse otherwise.
const AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };
let h: TestApp;
beforeEach(async () => {
  h = await buildTestApp(AUTH);
});
afterEach(async () => {
  await h.close();
});

describe('GET /healthz', () => {
  it('when the database answers, then it is 200 with the outbox depth and no round yet', async () => {
    await enqueueMail(h.t.db, { template: 'invitation', data: { name: null }, to: [{ email: 'a@example.org' }] }, { messageDomain: 'x.test', now: new Date() });
    const res = await request(h.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: 'ok',
      mailer: 'sendgrid',
      outbox: { pending: 1, sending: 0, failed: 0, sent: 0 },
      lastRound: null,
    });
  });

  it('when the database is gone, then it is 503', async () => {
    await h.t.db.close();
    const res = await request(h.app).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body.database).toBe('unreachable');
  });
});

describe('unknown routes', () => {
  it('when a path does not exist, then it is a JSON 404', async () => {
    const res = await request(h.app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not found' });
  });
});
