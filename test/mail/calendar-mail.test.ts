/**
 * A booking's calendar invitation through the real outbox: the real @sendgrid/mail client against the
 * fake SendGrid, and the folder mailer's .eml read back with mailparser. Every .ics is read with ical.js.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { captureLogger } from '../helpers/logs.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { createFolderMailer } from '../../src/mail/folder-mailer.js';
import { OutboxSender } from '../../src/mail/sender.js';
import type { Mailer } from '../../src/mail/mailer.js';
import { enqueueMail, type OutboxRow } from '../../src/db/outbox.js';
import type { TemplateData } from '../../src/mail/templates.js';
import type { Config } from '../../src/config.js';
import { virtualClock } from './clock.js';
import { readIcs } from '../helpers/ics.js';

let t: TestDatabase;
let sg: FakeSendGrid;
let config: Config;

beforeEach(async () => {
  t = await createTestDatabase();
  sg = await startFakeSendGrid();
  config = testConfig(t.dir, { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url });
});

afterEach(async () => {
  ICAL.TimezoneService.reset();
  await sg.close();
  await t.cleanup();
});

const booking: TemplateData['booking'] = {
  name: 'Jo',
  partners: ['Sam Patel'],
  start: '2026-12-08T14:00:00.000Z',
  zone: 'Europe/London',
  minutes: 30,
  method: 'REQUEST',
  uid: 'unmentoring-group-42@reply.unmentoring.test',
  sequence: 0,
  attendees: [
    { name: 'Jo Bloggs', email: 'jo.bloggs@example.gov.uk' },
    { name: 'Sam Patel', email: 'sam.patel@leeds.gov.uk' },
  ],
};

function sender(mailer: Mailer) {
  const clock = virtualClock();
  return new OutboxSender({ db: t.db, mailer, config, logger: captureLogger().logger, now: clock.now, sleep: clock.sleep }, { baseBackoffMs: 10, sendTimeoutMs: 2000 });
}

function sendGrid() {
  return sender(createSendGridMailer({ apiKey: config.sendgridApiKey!, apiUrl: config.sendgridApiUrl, timeoutMs: 2000 }));
}

async function queue(data: TemplateData['booking'] = booking) {
  return t.db.transaction((tx) =>
    enqueueMail(tx, { template: 'booking', data, to: [{ email: 'jo.bloggs@example.gov.uk', name: 'Jo Bloggs' }], personId: null }, { messageDomain: config.replyDomain, now: new Date('2026-12-01T09:30:00.000Z') }),
  );
}

const read = readIcs;

describe('a booking through SendGrid', () => {
  it('when a booking is queued, then SendGrid gets the text, a text/calendar method=REQUEST alternative and an invite.ics, which ical.js reads as the meeting', async () => {
    const queued = await queue();
    expect((await sendGrid().drain()).sent).toBe(1);

    const [body] = sg.mails();
    expect(body.content.map((c: { type: string }) => c.type)).toEqual(['text/plain', 'text/calendar; method=REQUEST']);
    expect(body.content[0].value).toContain('Tuesday 8 December 2026, 2:00pm to 2:30pm (UK time)');
    expect(body.content[0].value).toContain('calendar invitation');
    expect(body.attachments).toHaveLength(1);
    const [attachment] = body.attachments;
    expect(attachment).toMatchObject({ filename: 'invite.ics', type: 'application/ics', disposition: 'attachment' });
    const ics = Buffer.from(attachment.content, 'base64').toString('utf8');
    expect(ics).toBe(body.content[1].value);

    expect(read(ics)).toEqual({
      method: 'REQUEST',
      uid: 'unmentoring-group-42@reply.unmentoring.test',
      sequence: 0,
      start: '2026-12-08T14:00:00.000Z',
      end: '2026-12-08T14:30:00.000Z',
      startLocal: '2026-12-08T14:00:00',
      zone: 'Europe/London',
      organizer: `mailto:calendar+${queued.replyToken}@reply.unmentoring.test`,
      attendees: ['mailto:jo.bloggs@example.gov.uk', 'mailto:sam.patel@leeds.gov.uk'],
      stamp: '2026-12-01T09:30:00Z',
      status: 'CONFIRMED',
    });
    // Written replies still go to the mail's reply address; only calendars answer the organizer.
    expect(body.reply_to.email).toBe(`reply+${queued.replyToken}@reply.unmentoring.test`);
    const stored = await t.db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [queued.id]);
    expect(stored?.status).toBe('sent');
  });

  it('when the booking is moved and then cancelled, then the same UID comes with a higher SEQUENCE, and the cancellation is method=CANCEL', async () => {
    await queue({ ...booking, start: '2026-12-09T10:00:00.000Z', sequence: 1 });
    await queue({ ...booking, method: 'CANCEL', sequence: 2 });
    expect((await sendGrid().drain()).sent).toBe(2);
    const [moved, cancelled] = sg.mails();
    const m = read(moved.content.at(-1).value);
    expect([m.method, m.uid, m.sequence, m.startLocal]).toEqual(['REQUEST', 'unmentoring-group-42@reply.unmentoring.test', 1, '2026-12-09T10:00:00']);
    expect(cancelled.content.at(-1).type).toBe('text/calendar; method=CANCEL');
    const c = read(Buffer.from(cancelled.attachments[0].content, 'base64').toString('utf8'));
    expect([c.method, c.uid, c.sequence, c.status]).toEqual(['CANCEL', 'unmentoring-group-42@reply.unmentoring.test', 2, 'CANCELLED']);
    expect(cancelled.content[0].value).toContain('is cancelled');
  });

  it('when the booking cannot make an invitation, then the mail goes without one and SendGrid gets only the text', async () => {
    await queue({ ...booking, zone: 'Nowhere/Special' });
    expect((await sendGrid().drain()).sent).toBe(1);
    const [body] = sg.mails();
    expect(body.content.map((c: { type: string }) => c.type)).toEqual(['text/plain']);
    expect(body.attachments).toBeUndefined();
  });
});

describe('a booking in the outbox folder', () => {
  it('when a booking is written as .eml, then mailparser finds a text/calendar method=REQUEST part and an invite.ics, both the meeting', async () => {
    const dir = join(t.dir, 'eml');
    const queued = await queue();
    expect((await sender(createFolderMailer({ dir })).drain()).sent).toBe(1);
    const [file] = await readdir(dir);
    expect(file).toMatch(/-booking\.eml$/);
    const raw = await readFile(join(dir, file!));
    const parsed = await simpleParser(raw);

    expect(parsed.text).toContain('Tuesday 8 December 2026, 2:00pm to 2:30pm (UK time)');
    const alternative = parsed.attachments.find((a) => a.contentType === 'text/calendar');
    expect(alternative, 'the text/calendar part').toBeDefined();
    const type = alternative!.headers.get('content-type') as { value: string; params: Record<string, string> };
    expect(type.params.method).toBe('REQUEST');
    expect(alternative!.contentDisposition ?? null).not.toBe('attachment');
    const file2 = parsed.attachments.find((a) => a.filename === 'invite.ics');
    expect(file2?.contentType).toBe('application/ics');
    expect(file2?.contentDisposition).toBe('attachment');
    expect(file2!.content.toString('utf8')).toBe(alternative!.content.toString('utf8'));

    // Where the calendar part sits: beside the text, in multipart/alternative, as Outlook expects.
    const text = raw.toString('latin1');
    expect(text).toMatch(/Content-Type: multipart\/alternative;[\s\S]*Content-Type: text\/plain[\s\S]*Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);

    const r = read(alternative!.content.toString('utf8'));
    expect([r.method, r.uid, r.start, r.end, r.zone]).toEqual(['REQUEST', booking.uid, '2026-12-08T14:00:00.000Z', '2026-12-08T14:30:00.000Z', 'Europe/London']);
    expect(r.organizer).toBe(`mailto:calendar+${queued.replyToken}@reply.unmentoring.test`);
    expect(r.attendees).toEqual(['mailto:jo.bloggs@example.gov.uk', 'mailto:sam.patel@leeds.gov.uk']);
  });

  it('when a cancellation is written, then its text/calendar part says method=CANCEL', async () => {
    const dir = join(t.dir, 'eml');
    await queue({ ...booking, method: 'CANCEL', sequence: 1 });
    await sender(createFolderMailer({ dir })).drain();
    const [file] = await readdir(dir);
    const parsed = await simpleParser(await readFile(join(dir, file!)));
    const part = parsed.attachments.find((a) => a.contentType === 'text/calendar')!;
    expect((part.headers.get('content-type') as { params: Record<string, string> }).params.method).toBe('CANCEL');
    expect(read(part.content.toString('utf8')).status).toBe('CANCELLED');
  });
});
