import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { OutboxSender } from '../../src/mail/sender.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { createFolderMailer } from '../../src/mail/folder-mailer.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { makeDigest, queueDigest } from '../../src/reports/digest.js';
import type { Config } from '../../src/config.js';
import { buildHistory } from './history.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const logger = captureLogger().logger;

let t: TestDatabase;
let sg: FakeSendGrid;
let config: Config;

beforeEach(async () => {
  t = await createTestDatabase();
  await buildHistory(t.db);
  sg = await startFakeSendGrid();
  config = testConfig(t.dir, { DATABASE_PATH: t.path, SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url });
});
afterEach(async () => {
  await sg.close();
  await t.cleanup();
});

describe('the digest', () => {
  it('when it is queued, then the outbox keeps only a reference to the round, not the report or the picture', async () => {
    const { id } = await queueDigest(t.db, config, { now: new Date(), roundId: 2 });
    const row = await t.db.get<{ template: string; data: string; recipients: string; person_id: number | null }>(
      'SELECT template, data, recipients, person_id FROM outbox WHERE id = ?',
      [id],
    );
    expect(row).toEqual({ template: 'digest', data: '{"roundId":2}', recipients: '[{"email":"organiser@unmentoring.test","name":null}]', person_id: null });
  });

  it('when it is sent through SendGrid, then the organiser gets the report as text and the picture as a PNG attachment', async () => {
    await queueDigest(t.db, config, { now: new Date(), roundId: 2 });
    const sender = new OutboxSender({ db: t.db, mailer: createSendGridMailer({ apiKey: sg.apiKey, apiUrl: sg.url }), config, logger });
    const result = await sender.drain();
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = sg.mails();
    expect(mail.personalizations[0].to).toEqual([{ email: 'organiser@unmentoring.test' }]);
    expect(mail.subject).toBe('Unmentoring for organisers: the scheme after round 2');
    const text: string = mail.content[0].value;
    expect(mail.content[0].type).toBe('text/plain');
    expect(text).toMatch(/Groups\s+7 \(5 pairs, 2 trios\)/);
    expect(text).toMatch(/Groups that met\s+3 \(meet rate 50%\)/);
    expect(text).toContain('The picture attached shows the organisations');
    expect(mail.attachments).toHaveLength(1);
    const [attachment] = mail.attachments;
    expect(attachment).toMatchObject({ filename: 'organisations-linked.png', type: 'image/png', disposition: 'attachment' });
    const png = Buffer.from(attachment.content, 'base64');
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(PNG.sync.read(png)).toMatchObject({ width: 1200, height: 800 });
  });

  it('when it is written to the outbox folder, then the .eml carries the picture as an image/png attachment', async () => {
    await queueDigest(t.db, config, { now: new Date(), roundId: 2 });
    const dir = path.join(t.dir, 'eml');
    const sender = new OutboxSender({ db: t.db, mailer: createFolderMailer({ dir }), config, logger });
    expect(await sender.drain()).toMatchObject({ sent: 1 });
    const [file] = fs.readdirSync(dir).filter((f) => f.endsWith('-digest.eml'));
    const parsed = await simpleParser(fs.readFileSync(path.join(dir, file!)));
    expect(parsed.text).toMatch(/Across organisations\s+6 of 7 groups \(86%\)/);
    const picture = parsed.attachments.find((a) => a.contentType === 'image/png');
    expect(picture?.filename).toBe('organisations-linked.png');
    expect(picture?.contentDisposition).toBe('attachment');
    expect(picture!.content.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(PNG.sync.read(picture!.content).width).toBe(1200);
  });

  it('when the picture cannot be drawn, then the digest still carries the report and says the picture is missing', async () => {
    const digest = await makeDigest(t.db, { roundId: 2 }, { now: new Date(), schemeName: 'Unmentoring', width: 10 });
    expect(digest.png).toBeNull();
    expect(digest.text).toMatch(/Groups\s+7 \(5 pairs, 2 trios\)/);
    expect(digest.text).toContain('The picture could not be drawn this time');
  });

  it('when SendGrid is given an attachment without content or file name, then the fake refuses it as SendGrid does', async () => {
    const { validateMailSend } = await import('../helpers/fake-sendgrid.js');
    const base = { personalizations: [{ to: [{ email: 'a@b.org' }] }], from: { email: 'c@d.org' }, subject: 's', content: [{ type: 'text/plain', value: 'x' }] };
    expect(validateMailSend({ ...base, attachments: [{ content: 'iVBORw0KGgo=', filename: 'a.png' }] })).toEqual([]);
    expect(validateMailSend({ ...base, attachments: [{ filename: 'a.png' }] }).map((e) => e.field)).toEqual(['attachments.0.content']);
    expect(validateMailSend({ ...base, attachments: [{ content: 'iVBORw0KGgo=' }] }).map((e) => e.field)).toEqual(['attachments.0.filename']);
  });

  it('when the match job runs a round, then a digest about that round is queued for the organiser', async () => {
    const fresh = await createTestDatabase();
    try {
      const cfg = testConfig(fresh.dir, { DATABASE_PATH: fresh.path });
      const at = new Date().toISOString();
      for (const [email, org] of [['a@one.gov.uk', 'One'], ['b@two.gov.uk', 'Two'], ['c@three.gov.uk', 'Three'], ['d@four.gov.uk', 'Four']]) {
        await fresh.db.run(
          `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
           VALUES (?, ?, ?, '+447700900000', 'active', ?, ?, ?, ?, ?)`,
          [email, email, org, at, at, at, at, at],
        );
      }
      const scheduler = createScheduler({ config: cfg, logger });
      await scheduler.start();
      await scheduler.runNow('match');
      await scheduler.stop();
      const round = await fresh.db.get<{ id: number }>('SELECT id FROM rounds');
      const digests = await fresh.db.all<{ data: string; recipients: string }>("SELECT data, recipients FROM outbox WHERE template = 'digest'");
      expect(digests).toEqual([{ data: JSON.stringify({ roundId: round!.id }), recipients: '[{"email":"organiser@unmentoring.test","name":null}]' }]);
    } finally {
      await fresh.cleanup();
    }
  });
});
