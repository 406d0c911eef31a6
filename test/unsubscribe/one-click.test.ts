import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { enqueueMail, type Enqueued, type NewMail } from '../../src/db/outbox.js';
import type { PersonStatus } from '../../src/db/people.js';

const PUBLIC = { PUBLIC_URL: 'https://coffee.unmentoring.test/' };
let h: TestApp;
afterEach(async () => {
  await h?.close();
});

async function addPerson(email: string, status: PersonStatus = 'active'): Promise<number> {
  const at = new Date().toISOString();
  const row = await h.t.db.get<{ id: number }>(
    `INSERT INTO people (email, name, status, status_changed_at, created_at, updated_at) VALUES (?, 'Jo Bloggs', ?, ?, ?, ?) RETURNING id`,
    [email, status, at, at, at],
  );
  return row!.id;
}

function queue(mail: NewMail): Promise<Enqueued> {
  return h.t.db.transaction((tx) => enqueueMail(tx, mail, { messageDomain: h.config.replyDomain, now: new Date() }));
}

const helpTo = (personId: number, email = 'jo@example.gov.uk'): NewMail => ({
  template: 'help',
  data: { status: 'active' },
  to: [{ email, name: 'Jo Bloggs' }],
  personId,
});

const tokenOf = async (id: number) =>
  (await h.t.db.get<{ unsubscribe_token: string | null }>('SELECT unsubscribe_token FROM people WHERE id = ?', [id]))!.unsubscribe_token;
const statusOf = async (id: number) => (await h.t.db.get<{ status: string }>('SELECT status FROM people WHERE id = ?', [id]))!.status;
const suppressionOf = async (email: string) =>
  (await h.t.db.get<{ reason: string }>('SELECT reason FROM suppressions WHERE email = ?', [email]))?.reason ?? null;
const outboxCount = async () => (await h.t.db.get<{ n: number }>('SELECT count(*) AS n FROM outbox'))!.n;

/** Sends one mail to Jo through the fake SendGrid and returns the path of its one-click link. */
async function linkFromMail(id: number): Promise<string> {
  await queue(helpTo(id));
  await h.sender.drain();
  const header: string = h.sg.mails().at(-1).headers['List-Unsubscribe'];
  const url = /<(https:[^>]+)>/.exec(header)![1]!;
  return new URL(url).pathname;
}

describe('List-Unsubscribe in mail to one person', () => {
  it('when PUBLIC_URL is set, then it has the mailto first, then the https link, and List-Unsubscribe-Post', async () => {
    h = await buildTestApp(PUBLIC);
    const id = await addPerson('jo@example.gov.uk');
    const queued = await queue(helpTo(id));
    await h.sender.drain();
    const token = await tokenOf(id);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const [mail] = h.sg.mails();
    expect(mail.headers['List-Unsubscribe']).toBe(
      `<mailto:reply+${queued.replyToken}@reply.unmentoring.test?subject=STOP>, <https://coffee.unmentoring.test/unsubscribe/${token}>`,
    );
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('when a person gets several mails, then each carries the same link, and each person has their own', async () => {
    h = await buildTestApp(PUBLIC);
    const jo = await addPerson('jo@example.gov.uk');
    const sam = await addPerson('sam@example.nhs.uk');
    await queue(helpTo(jo));
    await queue(helpTo(jo));
    await queue(helpTo(sam, 'sam@example.nhs.uk'));
    await h.sender.drain();
    const links = h.sg.mails().map((m) => ({ to: m.personalizations[0].to[0].email, link: /<(https:[^>]+)>/.exec(m.headers['List-Unsubscribe'])![1] }));
    const jos = links.filter((l) => l.to === 'jo@example.gov.uk').map((l) => l.link);
    const sams = links.filter((l) => l.to === 'sam@example.nhs.uk').map((l) => l.link);
    expect(jos).toHaveLength(2);
    expect(jos[0]).toBe(jos[1]);
    expect(sams[0]).not.toBe(jos[0]);
    expect(await tokenOf(jo)).not.toBe(await tokenOf(sam));
  });

  it('when PUBLIC_URL is not set, then it has the mailto only, and no token is made', async () => {
    h = await buildTestApp();
    const id = await addPerson('jo@example.gov.uk');
    const queued = await queue(helpTo(id));
    await h.sender.drain();
    const [mail] = h.sg.mails();
    expect(mail.headers['List-Unsubscribe']).toBe(`<mailto:reply+${queued.replyToken}@reply.unmentoring.test?subject=STOP>`);
    expect(mail.headers).not.toHaveProperty('List-Unsubscribe-Post');
    expect(await tokenOf(id)).toBeNull();
  });

  it('when a mail has no single person (an organiser notice, an introduction), then it keeps the mailto only', async () => {
    h = await buildTestApp(PUBLIC);
    const jo = await addPerson('jo@example.gov.uk');
    const sam = await addPerson('sam@example.nhs.uk');
    await queue({
      template: 'spoofed-notice',
      data: { fromEmail: 'jo@example.gov.uk', subject: 'STOP', reason: 'SPF fail' },
      to: [{ email: h.config.organiserEmail }],
      personId: null,
    });
    const intro = await queue({ template: 'introduction', data: { groupId: 1, members: [jo, sam] }, to: [], personId: null });
    await h.t.db.run('INSERT INTO groups (id, round_id, first_mover_id, introduction_outbox_id) VALUES (1, 1, ?, ?)', [jo, intro.id]);
    await h.sender.drain();
    const mails = h.sg.mails();
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      expect(mail.headers['List-Unsubscribe']).toMatch(/^<mailto:reply\+[0-9a-f]{32}@reply\.unmentoring\.test\?subject=STOP>$/);
      expect(mail.headers).not.toHaveProperty('List-Unsubscribe-Post');
    }
    expect(mails.map((m) => m.personalizations[0].to.length).sort()).toEqual([1, 2]);
  });
});

describe('POST /unsubscribe/:token', () => {
  it('when a mail program posts the one-click request, then the person is stopped, suppressed and sent one acknowledgement', async () => {
    h = await buildTestApp(PUBLIC);
    const id = await addPerson('jo@example.gov.uk');
    const path = await linkFromMail(id);
    const res = await request(h.app).post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/You have left Unmentoring/);
    expect(await statusOf(id)).toBe('stopped');
    expect(await suppressionOf('jo@example.gov.uk')).toBe('unsubscribe');
    const acks = await h.t.db.all<{ template: string; final_notice: number; person_id: number }>(`SELECT template, final_notice, person_id FROM outbox WHERE template = 'stopped'`);
    expect(acks).toEqual([{ template: 'stopped', final_notice: 1, person_id: id }]);

    // The acknowledgement goes although the address is now suppressed; then nothing more.
    await h.sender.drain();
    const last = h.sg.mails().at(-1);
    expect(last.personalizations[0].to).toEqual([{ email: 'jo@example.gov.uk', name: 'Jo Bloggs' }]);
    expect(last.subject).toBe("You've left Unmentoring");
    await queue(helpTo(id));
    const after = await h.sender.drain();
    expect(after).toMatchObject({ sent: 0, cancelled: 1 });
  });

  it('when the same link is posted again, then nothing changes and nothing is sent', async () => {
    h = await buildTestApp(PUBLIC);
    const id = await addPerson('jo@example.gov.uk');
    const path = await linkFromMail(id);
    expect((await request(h.app).post(path)).status).toBe(200);
    const changedAt = (await h.t.db.get<{ status_changed_at: string }>('SELECT status_changed_at FROM people WHERE id = ?', [id]))!.status_changed_at;
    const mails = await outboxCount();
    const again = await request(h.app).post(path);
    expect(again.status).toBe(200);
    expect(again.text).toMatch(/already/);
    expect(await outboxCount()).toBe(mails);
    expect((await h.t.db.get<{ status_changed_at: string }>('SELECT status_changed_at FROM people WHERE id = ?', [id]))!.status_changed_at).toBe(changedAt);
    expect(await statusOf(id)).toBe('stopped');
  });

  it.each(['stopped', 'bounced', 'complained'] as const)('when someone already %s posts their link, then nothing changes and nothing is sent', async (status) => {
    h = await buildTestApp(PUBLIC);
    const id = await addPerson('jo@example.gov.uk');
    const path = await linkFromMail(id);
    await h.t.db.run('UPDATE people SET status = ? WHERE id = ?', [status, id]);
    const before = await outboxCount();
    const res = await request(h.app).post(path);
    expect(res.status).toBe(200);
    expect(await statusOf(id)).toBe(status);
    expect(await outboxCount()).toBe(before);
  });

  it('when someone only invited unsubscribes from the invitation, then they are stopped and never invited again', async () => {
    h = await buildTestApp(PUBLIC);
    const id = await addPerson('jo@example.gov.uk', 'invited');
    const path = await linkFromMail(id);
    expect((await request(h.app).post(path)).status).toBe(200);
    expect(await statusOf(id)).toBe('stopped');
    expect(await suppressionOf('jo@example.gov.uk')).toBe('unsubscribe');
  });

  it('when the token is unknown or malformed, then it is 404 with a plain page and nothing changes', async () => {
    h = await buildTestApp(PUBLIC);
    const id = await addPerson('jo@example.gov.uk');
    await linkFromMail(id);
    const before = await outboxCount();
    for (const path of ['/unsubscribe/0123456789abcdef0123456789abcdef', '/unsubscribe/not-a-token', `/unsubscribe/${(await tokenOf(id))!.toUpperCase()}x`]) {
      const res = await request(h.app).post(path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/reply STOP/);
    }
    expect(await statusOf(id)).toBe('active');
    expect(await suppressionOf('jo@example.gov.uk')).toBeNull();
    expect(await outboxCount()).toBe(before);
  });

  it('when the link is opened (GET, as link scanners do), then nothing changes and the page explains STOP and the POST', async () => {
    h = await buildTestApp(PUBLIC);
    const id = await addPerson('jo@example.gov.uk');
    const path = await linkFromMail(id);
    const before = await outboxCount();
    const res = await request(h.app).get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toMatch(/reply STOP/);
    expect(res.text).toMatch(/POST/);
    expect(await statusOf(id)).toBe('active');
    expect(await suppressionOf('jo@example.gov.uk')).toBeNull();
    expect(await outboxCount()).toBe(before);
  });

  it('when links are sent, opened and posted, then no token appears in the logs', async () => {
    h = await buildTestApp(PUBLIC);
    const id = await addPerson('jo@example.gov.uk');
    const path = await linkFromMail(id);
    await request(h.app).get(path);
    await request(h.app).post(path);
    await request(h.app).post(path);
    await request(h.app).post('/unsubscribe/0123456789abcdef0123456789abcdef');
    expect(h.logs.lines.length).toBeGreaterThan(0);
    expect(h.logs.text()).toMatch(/unsubscribed by one-click link/);
    expect(h.logs.text()).not.toContain((await tokenOf(id))!);
    expect(h.logs.text()).not.toContain('0123456789abcdef0123456789abcdef');
  });
});
