import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { holdWriteLock } from '../helpers/db.js';
import { createRequire } from 'node:module';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createApp } from '../../src/app.js';
import { Database } from '../../src/db/database.js';
import { enqueueMail, type OutboxRow } from '../../src/db/outbox.js';
import type { PersonStatus } from '../../src/db/people.js';

const require = createRequire(import.meta.url);
const AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };
let h: TestApp;
afterEach(async () => {
  await h?.close();
});

/** One event as SendGrid posts it, our custom_args (outbox_id) at the top level. */
function ev(event: string, email: string, extra: Record<string, unknown> = {}) {
  return {
    email,
    timestamp: 1_780_000_000,
    'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
    event,
    category: ['invitation'],
    sg_event_id: randomUUID(),
    sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
    outbox_id: '7',
    ...extra,
  };
}

function post(app: TestApp['app'], body: unknown, auth = true) {
  const req = request(app).post('/events').set('Content-Type', 'application/json');
  if (auth) req.auth(AUTH.INBOUND_USER, AUTH.INBOUND_PASSWORD);
  return req.send(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

async function addPerson(email: string, status: PersonStatus = 'active'): Promise<number> {
  const at = new Date().toISOString();
  const row = await h.t.db.get<{ id: number }>(
    `INSERT INTO people (email, name, status, status_changed_at, created_at, updated_at) VALUES (?, 'Jo Bloggs', ?, ?, ?, ?) RETURNING id`,
    [email, status, at, at, at],
  );
  return row!.id;
}

const statusOf = async (email: string) => (await h.t.db.get<{ status: string }>('SELECT status FROM people WHERE email = ?', [email]))?.status;
const suppressionOf = async (email: string) =>
  (await h.t.db.get<{ reason: string }>('SELECT reason FROM suppressions WHERE email = ?', [email]))?.reason ?? null;
const count = async (table: string) => (await h.t.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
const notices = () => h.t.db.all<OutboxRow>(`SELECT * FROM outbox WHERE template = 'suppressed-notice' ORDER BY id`);
const dropReports = () => h.t.db.all<OutboxRow>(`SELECT * FROM outbox WHERE template = 'delivery-report' ORDER BY id`);

describe('POST /events without EVENT_WEBHOOK_PUBLIC_KEY', () => {
  it('when the basic-auth credentials are missing or wrong, then it is 401 and nothing is stored', async () => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk');
    const none = await post(h.app, [ev('bounce', 'jo@example.gov.uk')], false);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic/);
    const wrong = await request(h.app).post('/events').auth('sendgrid', 'guess').send(JSON.stringify([ev('bounce', 'jo@example.gov.uk')]));
    expect(wrong.status).toBe(401);
    expect(await count('delivery_events')).toBe(0);
    expect(await count('suppressions')).toBe(0);
    expect(await statusOf('jo@example.gov.uk')).toBe('active');
  });

  it('when the credentials are right, then the events are stored and answered 200', async () => {
    h = await buildTestApp(AUTH);
    const res = await post(h.app, [ev('delivered', 'jo@example.gov.uk', { response: '250 OK' })]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'stored', stored: 1, duplicates: 0, suppressed: 0 });
    expect(await count('delivery_events')).toBe(1);
  });

  it.each([
    ['not JSON', '[{"event": "bounce",', /not JSON/],
    ['an object, not an array', { event: 'bounce', email: 'jo@example.gov.uk' }, /not a JSON array/],
  ])('when the body is %s, then it is 400 with the reason and nothing is stored', async (_what, body, reason) => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk');
    const res = await post(h.app, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(reason);
    expect(await count('delivery_events')).toBe(0);
    expect(await count('suppressions')).toBe(0);
    expect(await statusOf('jo@example.gov.uk')).toBe('active');
  });

  it('when the body is over 5 MB, then it is 413 and nothing is stored', async () => {
    h = await buildTestApp(AUTH);
    const big = [ev('delivered', 'jo@example.gov.uk', { response: 'x'.repeat(5 * 1024 * 1024) })];
    const res = await post(h.app, big);
    expect(res.status).toBe(413);
    expect(await count('delivery_events')).toBe(0);
  });

  it('when a batch holds one entry without an "event" and one that is not an object, then the others are stored and acted on, it is 200, and the bad ones are counted', async () => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk');
    const res = await post(h.app, [
      ev('delivered', 'sam@example.nhs.uk'),
      { email: 'ola@example.nhs.uk', sg_event_id: 'x1', timestamp: 1_780_000_000 },
      'hello',
      ev('bounce', 'jo@example.gov.uk'),
      ev('', 'ola@example.nhs.uk'),
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'stored', stored: 2, skipped: 3, suppressed: 1 });
    expect(await count('delivery_events')).toBe(2);
    expect(await statusOf('jo@example.gov.uk')).toBe('bounced');
    expect(h.logs.text()).toMatch(/skipped/);
    // The log says where and why, never what the entries held.
    expect(h.logs.text()).not.toContain('ola@example.nhs.uk');
  });

  it('when a batch holds nothing but bad entries, then it is still 200 with each counted, since a retry would not mend it', async () => {
    h = await buildTestApp(AUTH);
    const res = await post(h.app, [{ email: 'jo@example.gov.uk' }, 42, null, []]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stored: 0, skipped: 4 });
    expect(await count('delivery_events')).toBe(0);
  });

  it.each([
    ['bounce', 'bounced', 'bounce'],
    ['spamreport', 'complained', 'spamreport'],
    ['unsubscribe', 'stopped', 'unsubscribe'],
    ['group_unsubscribe', 'stopped', 'unsubscribe'],
  ])('when a %s event arrives for a participant, then they become %s and the address is suppressed (%s)', async (event, status, reason) => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk', 'active');
    await addPerson('sam@example.nhs.uk', 'active');
    const res = await post(h.app, [ev(event, 'Jo@Example.gov.uk', { sg_event_id: 'evt-1', outbox_id: '42', reason: 'because' })]);
    expect(res.status).toBe(200);
    expect(res.body.suppressed).toBe(1);
    expect(await statusOf('jo@example.gov.uk')).toBe(status);
    expect(await suppressionOf('jo@example.gov.uk')).toBe(reason);
    // Nobody else is touched.
    expect(await statusOf('sam@example.nhs.uk')).toBe('active');
    expect(await suppressionOf('sam@example.nhs.uk')).toBeNull();
    const stored = await h.t.db.all<Record<string, unknown>>('SELECT * FROM delivery_events');
    expect(stored).toEqual([
      { sg_event_id: 'evt-1', outbox_id: 42, event, reason: 'because', occurred_at: new Date(1_780_000_000_000).toISOString(), received_at: expect.any(String) },
    ]);
  });

  it.each([
    ['Bounced Address', 'bounced', 'dropped'],
    ['Invalid', 'bounced', 'dropped'],
    ['Unsubscribed Address', 'stopped', 'unsubscribe'],
    ['Spam Reporting Address', 'complained', 'spamreport'],
  ])('when a dropped event\'s reason is "%s" (about the address), then they become %s and the address is suppressed (%s)', async (reason, status, suppression) => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk');
    const res = await post(h.app, [ev('dropped', 'jo@example.gov.uk', { reason, sg_event_id: 'd1' })]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ suppressed: 1, accountDrops: 0 });
    expect(await statusOf('jo@example.gov.uk')).toBe(status);
    expect(await suppressionOf('jo@example.gov.uk')).toBe(suppression);
    expect((await h.t.db.get<{ reason: string }>('SELECT reason FROM delivery_events'))!.reason).toBe(reason);
    expect(await notices()).toHaveLength(1);
    expect(await dropReports()).toHaveLength(0);
  });

  it.each(['Spam Content', 'Invalid SMTPAPI header', 'Recipient List over Package Quota', 'A reason SendGrid adds later', undefined])(
    'when a dropped event\'s reason is %s (about our account or the mail), then it is recorded, nobody is suppressed and the organiser is told',
    async (reason) => {
      h = await buildTestApp(AUTH);
      await addPerson('jo@example.gov.uk');
      const invitation = await h.t.db.transaction((tx) =>
        enqueueMail(tx, { template: 'invitation', data: { name: 'Jo' }, to: [{ email: 'jo@example.gov.uk', name: 'Jo' }] }, { messageDomain: h.config.replyDomain, now: new Date() }),
      );
      const res = await post(h.app, [ev('dropped', 'jo@example.gov.uk', { outbox_id: String(invitation.id), ...(reason ? { reason } : {}) })]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ stored: 1, suppressed: 0, accountDrops: 1, noticeQueued: true });
      expect(await statusOf('jo@example.gov.uk')).toBe('active');
      expect(await count('suppressions')).toBe(0);
      expect(await notices()).toHaveLength(0);
      expect((await h.t.db.get<{ event: string; reason: string | null }>('SELECT event, reason FROM delivery_events'))).toEqual({ event: 'dropped', reason: reason ?? null });
      const [report, ...more] = await dropReports();
      expect(more).toHaveLength(0);
      expect(JSON.parse(report!.recipients)).toEqual([{ email: 'organiser@unmentoring.test', name: null }]);
      const { failures } = JSON.parse(report!.data);
      expect(failures).toEqual([{ template: 'invitation', to: 'jo@example.gov.uk', createdAt: expect.any(String), reason: expect.stringMatching(/^dropped by SendGrid:/) }]);
      expect(failures[0].reason).toContain('nobody was suppressed');
      if (reason) expect(failures[0].reason).toContain(reason);
    },
  );

  it('when account-level drops keep coming, then the organiser is told once a day, and never about their own dropped mail', async () => {
    h = await buildTestApp(AUTH);
    const first = await post(h.app, [ev('dropped', 'jo@example.gov.uk', { reason: 'Recipient List over Package Quota' }), ev('dropped', 'sam@example.nhs.uk', { reason: 'Recipient List over Package Quota' })]);
    expect(first.body).toMatchObject({ accountDrops: 2, noticeQueued: true });
    const again = await post(h.app, [ev('dropped', 'ola@example.nhs.uk', { reason: 'Recipient List over Package Quota' })]);
    expect(again.body).toMatchObject({ accountDrops: 1, noticeQueued: false });
    const reports = await dropReports();
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0]!.data).failures.map((f: { to: string }) => f.to)).toEqual(['jo@example.gov.uk', 'sam@example.nhs.uk']);
    await h.sender.drain();
    const [mail] = h.sg.mails();
    expect(mail.personalizations[0].to).toEqual([{ email: 'organiser@unmentoring.test' }]);
    expect(mail.content[0].value).toContain('- mail to jo@example.gov.uk');
    expect(mail.content[0].value).toContain('dropped by SendGrid: "Recipient List over Package Quota". This is about our SendGrid account or the mail, not the address, so nobody was suppressed.');

    // A day later, the organiser's own report is dropped too: no report about the report.
    await h.t.db.run(`UPDATE outbox SET created_at = ?`, [new Date(Date.now() - 25 * 3_600_000).toISOString()]);
    const own = await post(h.app, [ev('dropped', 'organiser@unmentoring.test', { reason: 'Recipient List over Package Quota' })]);
    expect(own.body).toMatchObject({ accountDrops: 1, noticeQueued: false });
    expect(await dropReports()).toHaveLength(1);
  });

  it.each(['invited', 'awaiting_details', 'paused'] as const)('when a bounce arrives for someone %s, then they become bounced', async (before) => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk', before);
    expect((await post(h.app, [ev('bounce', 'jo@example.gov.uk')])).status).toBe(200);
    expect(await statusOf('jo@example.gov.uk')).toBe('bounced');
  });

  it('when a spam report arrives for someone who had already said STOP, then they stay stopped', async () => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk', 'stopped');
    expect((await post(h.app, [ev('spamreport', 'jo@example.gov.uk')])).status).toBe(200);
    expect(await statusOf('jo@example.gov.uk')).toBe('stopped');
    expect(await suppressionOf('jo@example.gov.uk')).toBe('spamreport');
  });

  it('when delivered, deferred, processed, open and click events arrive, then they are recorded and nothing else happens', async () => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk', 'paused');
    const events = ['processed', 'deferred', 'delivered', 'open', 'click'].map((e) =>
      ev(e, 'jo@example.gov.uk', e === 'click' ? { url: 'https://example.org/', useragent: 'LinkScanner' } : { response: '250 OK' }),
    );
    const res = await post(h.app, events);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stored: 5, suppressed: 0 });
    expect((await h.t.db.all<{ event: string }>('SELECT event FROM delivery_events ORDER BY event')).map((r) => r.event)).toEqual([
      'click', 'deferred', 'delivered', 'open', 'processed',
    ]);
    expect(await statusOf('jo@example.gov.uk')).toBe('paused');
    expect(await count('suppressions')).toBe(0);
    expect(await count('outbox')).toBe(0);
  });

  it('when a bounce is a block (type "blocked", usually our sending reputation), then it is recorded but nobody is suppressed', async () => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk');
    const res = await post(h.app, [ev('bounce', 'jo@example.gov.uk', { type: 'blocked', reason: '554 IP listed' })]);
    expect(res.status).toBe(200);
    expect(await statusOf('jo@example.gov.uk')).toBe('active');
    expect(await count('suppressions')).toBe(0);
    expect((await h.t.db.get<{ reason: string }>('SELECT reason FROM delivery_events'))!.reason).toBe('blocked: 554 IP listed');
  });

  it('when a bounce reason quotes the address, then nothing stored about the event holds the address', async () => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk');
    await post(h.app, [ev('bounce', 'jo@example.gov.uk', { reason: '550 5.1.1 <jo@example.gov.uk>: Recipient address rejected', status: '5.1.1' })]);
    const rows = await h.t.db.all<Record<string, unknown>>('SELECT * FROM delivery_events');
    expect(JSON.stringify(rows)).not.toContain('jo@example');
    expect(rows[0]!.reason).toBe('550 5.1.1 <[address]>: Recipient address rejected');
  });

  it('when SendGrid posts the same events again, then they are stored once and have no second effect', async () => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk');
    const events = [ev('bounce', 'jo@example.gov.uk'), ev('delivered', 'sam@example.nhs.uk')];
    expect((await post(h.app, events)).body).toMatchObject({ stored: 2, duplicates: 0, suppressed: 1 });
    // Jo rejoins by replying (which lifts the suppression); the old bounce comes again in a retried post.
    await h.t.db.run(`UPDATE people SET status = 'active' WHERE email = 'jo@example.gov.uk'`);
    await h.t.db.run(`DELETE FROM suppressions`);
    const again = await post(h.app, events);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stored: 0, duplicates: 2, suppressed: 0 });
    expect(await count('delivery_events')).toBe(2);
    expect(await statusOf('jo@example.gov.uk')).toBe('active');
    expect(await suppressionOf('jo@example.gov.uk')).toBeNull();
    expect(await notices()).toHaveLength(1);
  });

  it('when one post repeats an event, then it is stored once', async () => {
    h = await buildTestApp(AUTH);
    const one = ev('delivered', 'jo@example.gov.uk');
    expect((await post(h.app, [one, one])).body).toMatchObject({ stored: 1, duplicates: 1 });
  });

  it('when a post suppresses several addresses, then the organiser gets one notice listing each with its reason', async () => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk');
    await addPerson('sam@example.nhs.uk');
    const res = await post(h.app, [
      ev('bounce', 'jo@example.gov.uk', { reason: '550 5.1.1 mailbox does not exist' }),
      ev('dropped', 'jo@example.gov.uk', { reason: 'Bounced Address' }),
      ev('spamreport', 'sam@example.nhs.uk'),
      ev('delivered', 'ola@example.nhs.uk'),
    ]);
    expect(res.status).toBe(200);
    const queued = await notices();
    expect(queued).toHaveLength(1);
    expect(JSON.parse(queued[0]!.recipients)).toEqual([{ email: 'organiser@unmentoring.test', name: null }]);
    expect(JSON.parse(queued[0]!.data)).toEqual({
      addresses: [
        { email: 'jo@example.gov.uk', reason: 'bounced (550 5.1.1 mailbox does not exist)' },
        { email: 'sam@example.nhs.uk', reason: 'marked our mail as spam' },
      ],
    });

    await h.sender.drain();
    const [mail, ...more] = h.sg.mails();
    expect(more).toHaveLength(0);
    expect(mail.personalizations[0].to).toEqual([{ email: 'organiser@unmentoring.test' }]);
    expect(mail.subject).toBe('Unmentoring: 2 addresses will get no more mail');
    expect(mail.content[0].value).toContain('- jo@example.gov.uk: bounced (550 5.1.1 mailbox does not exist)');
    expect(mail.content[0].value).toContain('- sam@example.nhs.uk: marked our mail as spam');
  });

  it('when a post suppresses nobody new, then the organiser is not told', async () => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk', 'bounced');
    await h.t.db.run(`INSERT INTO suppressions (email, reason, created_at) VALUES ('jo@example.gov.uk', 'bounce', ?)`, [new Date().toISOString()]);
    const res = await post(h.app, [ev('dropped', 'jo@example.gov.uk', { reason: 'Bounced Address' }), ev('open', 'jo@example.gov.uk')]);
    expect(res.status).toBe(200);
    expect(res.body.suppressed).toBe(0);
    expect(await notices()).toHaveLength(0);
  });

  it('when a notice is queued, then the service is told mail is waiting', async () => {
    h = await buildTestApp(AUTH);
    let kicked = 0;
    const app = createApp({ db: h.t.db, mailer: { name: 'none', send: async () => ({ providerMessageId: null }) }, config: h.config, logger: h.logs.logger, onMailQueued: () => kicked++ });
    await post(app, [ev('delivered', 'jo@example.gov.uk')]);
    expect(kicked).toBe(0);
    await post(app, [ev('bounce', 'jo@example.gov.uk')]);
    expect(kicked).toBe(1);
  });

  it('when an address has bounced, then mail queued to it afterwards is cancelled, not sent', async () => {
    h = await buildTestApp(AUTH);
    const id = await addPerson('jo@example.gov.uk');
    await post(h.app, [ev('bounce', 'jo@example.gov.uk')]);
    const queued = await h.t.db.transaction((tx) =>
      enqueueMail(tx, { template: 'help', data: { status: 'active' }, to: [{ email: 'jo@example.gov.uk', name: 'Jo Bloggs' }], personId: id }, { messageDomain: h.config.replyDomain, now: new Date() }),
    );
    const result = await h.sender.drain();
    expect(result.cancelled).toBe(1);
    expect((await h.t.db.get<{ status: string }>('SELECT status FROM outbox WHERE id = ?', [queued.id]))!.status).toBe('cancelled');
    const to = h.sg.mails().flatMap((m) => m.personalizations[0].to.map((a: { email: string }) => a.email));
    expect(to).not.toContain('jo@example.gov.uk');
    expect(to).toEqual(['organiser@unmentoring.test']);
  });

  it('when another process holds the database lock, then it is 503 with Retry-After, and the retry is stored', async () => {
    h = await buildTestApp(AUTH);
    await addPerson('jo@example.gov.uk');
    const db = await Database.open(h.t.path, { busyTimeoutMs: 50 });
    const app = createApp({ db, mailer: { name: 'none', send: async () => ({ providerMessageId: null }) }, config: h.config, logger: h.logs.logger });
    const lock = await holdWriteLock(h.t.path);
    const events = [ev('bounce', 'jo@example.gov.uk')];
    const busy = await post(app, events);
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBeDefined();
    expect(await count('delivery_events')).toBe(0);
    await lock.release();
    const retried = await post(app, events);
    expect(retried.status).toBe(200);
    expect(await statusOf('jo@example.gov.uk')).toBe('bounced');
    await db.close();
  });
});

describe('POST /events with EVENT_WEBHOOK_PUBLIC_KEY set', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const base64Key = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const signature = (body: string, timestamp: string) => sign('sha256', Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('base64');
  const nowSeconds = () => String(Math.floor(Date.now() / 1000));

  function signedPost(app: TestApp['app'], body: string, timestamp: string, sig: string) {
    return request(app)
      .post('/events')
      .set('Content-Type', 'application/json')
      .set('X-Twilio-Email-Event-Webhook-Timestamp', timestamp)
      .set('X-Twilio-Email-Event-Webhook-Signature', sig)
      .send(body);
  }

  it('when the signature over the raw body is valid, then the events are stored, with no basic auth needed', async () => {
    h = await buildTestApp({ ...AUTH, EVENT_WEBHOOK_PUBLIC_KEY: base64Key });
    await addPerson('jo@example.gov.uk');
    // SendGrid's own formatting: the signature is over these exact bytes, not over a re-serialisation.
    const body = `[ {"email":"jo@example.gov.uk", "event":"bounce", "sg_event_id":"e1", "timestamp":1780000000, "reason":"Zoë's mailbox is full"} ]\r\n`;
    const ts = nowSeconds();
    const res = await signedPost(h.app, body, ts, signature(body, ts));
    expect(res.status).toBe(200);
    expect(await statusOf('jo@example.gov.uk')).toBe('bounced');
  });

  it('when the signature is missing, made with another key or over another body, then it is 401 and nothing is stored', async () => {
    h = await buildTestApp({ ...AUTH, EVENT_WEBHOOK_PUBLIC_KEY: base64Key });
    await addPerson('jo@example.gov.uk');
    const body = JSON.stringify([ev('bounce', 'jo@example.gov.uk')]);
    const ts = nowSeconds();
    const missing = await request(h.app).post('/events').auth(AUTH.INBOUND_USER, AUTH.INBOUND_PASSWORD).send(body);
    expect(missing.status).toBe(401);
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const foreign = sign('sha256', Buffer.from(ts + body), other).toString('base64');
    expect((await signedPost(h.app, body, ts, foreign)).status).toBe(401);
    const tampered = await signedPost(h.app, body.replace('jo@', 'sam@'), ts, signature(body, ts));
    expect(tampered.status).toBe(401);
    expect(tampered.body.error).toMatch(/bad signature/);
    expect(await count('delivery_events')).toBe(0);
    expect(await statusOf('jo@example.gov.uk')).toBe('active');
  });

  it('when the timestamp is more than 10 minutes old, then it is 401 as stale, even with a valid signature', async () => {
    h = await buildTestApp({ ...AUTH, EVENT_WEBHOOK_PUBLIC_KEY: base64Key });
    const body = JSON.stringify([ev('delivered', 'jo@example.gov.uk')]);
    const old = String(Math.floor(Date.now() / 1000) - 11 * 60);
    const stale = await signedPost(h.app, body, old, signature(body, old));
    expect(stale.status).toBe(401);
    expect(stale.body.error).toMatch(/stale/);
    const recent = String(Math.floor(Date.now() / 1000) - 9 * 60);
    expect((await signedPost(h.app, body.replace('"7"', '"8"'), recent, signature(body.replace('"7"', '"8"'), recent))).status).toBe(200);
    expect(await count('delivery_events')).toBe(1);
  });

  it('when EVENT_WEBHOOK_PUBLIC_KEY lists two keys (two Event Webhooks), then a post signed by either is accepted and one signed by neither is refused', async () => {
    const second = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const secondPem = second.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const third = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    for (const list of [`${base64Key},${secondPem}`, `${secondPem}\n${base64Key}`, `  ${base64Key} ,\n ${secondPem}  `]) {
      h = await buildTestApp({ ...AUTH, EVENT_WEBHOOK_PUBLIC_KEY: list });
      const ts = nowSeconds();
      const bodyOf = (id: string) => JSON.stringify([ev('delivered', 'jo@example.gov.uk', { sg_event_id: id })]);
      const byFirst = await signedPost(h.app, bodyOf('a'), ts, signature(bodyOf('a'), ts));
      const bySecond = await signedPost(h.app, bodyOf('b'), ts, sign('sha256', Buffer.from(ts + bodyOf('b')), second.privateKey).toString('base64'));
      const byNeither = await signedPost(h.app, bodyOf('c'), ts, sign('sha256', Buffer.from(ts + bodyOf('c')), third).toString('base64'));
      expect([byFirst.status, bySecond.status, byNeither.status]).toEqual([200, 200, 401]);
      expect(byNeither.body.error).toMatch(/bad signature/);
      expect((await h.t.db.all<{ sg_event_id: string }>('SELECT sg_event_id FROM delivery_events ORDER BY sg_event_id')).map((r) => r.sg_event_id)).toEqual(['a', 'b']);
      await h.close();
    }
  });

  it('when a signed batch holds one entry without an "event", then the rest is stored and it is 200', async () => {
    h = await buildTestApp({ ...AUTH, EVENT_WEBHOOK_PUBLIC_KEY: base64Key });
    const body = JSON.stringify([ev('delivered', 'jo@example.gov.uk'), { email: 'jo@example.gov.uk' }]);
    const ts = nowSeconds();
    const res = await signedPost(h.app, body, ts, signature(body, ts));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stored: 1, skipped: 1 });
  });

  it('when a signed body is not an array of events, then it is 400', async () => {
    h = await buildTestApp({ ...AUTH, EVENT_WEBHOOK_PUBLIC_KEY: base64Key });
    const body = '{"event":"bounce"}';
    const ts = nowSeconds();
    const res = await signedPost(h.app, body, ts, signature(body, ts));
    expect(res.status).toBe(400);
    expect(await count('delivery_events')).toBe(0);
  });
});
