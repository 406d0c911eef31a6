import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { readReply } from '../../src/inbound/read/index.js';
import { MAX_HTML_CHARS, MAX_TEXT_CHARS } from '../../src/inbound/read/bounds.js';
import { InboundProcessor } from '../../src/inbound/process.js';
import { enqueueMail } from '../../src/db/outbox.js';
import { findPersonByEmail, upsertInvitee } from '../../src/db/people.js';
import { recordInvitations } from '../../src/db/invitations.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { TEST_WEBHOOK_AUTH } from '../helpers/config.js';
import { buildMultipart, buildParsedPayload } from '../helpers/inbound-payload.js';
import { SLOW_INPUTS } from './slow-inputs.js';

const read = (text: string | null, html: string | null, fromName: string | null = null) =>
  readReply({ text, html, subject: 'Re: An invitation', fromName, fromEmail: 'jo@example.gov.uk', headers: {}, contentType: null }, new Date());

let h: TestApp | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const post = async (p: { contentType: string; body: Buffer }) =>
  (await request(h!.app).post('/inbound').auth(TEST_WEBHOOK_AUTH.INBOUND_USER, TEST_WEBHOOK_AUTH.INBOUND_PASSWORD).set('Content-Type', p.contentType).send(p.body)).status;

// Found by the fuzz test (test/reliability/fuzz-inbound.test.ts).
describe('replies built to hurt', () => {
  it('when a reply holds one 1 MB word, then what comes before it is read (the address pattern took minutes on it)', () => {
    const r = read(`Yes please, Phone: 07700 900123 ${'a'.repeat(1024 * 1024)}`, null);
    expect(r.fields.phone).toBe('+447700900123');
  });

  it('when a word of 30,000 letters stands before the phone number, then the number is still found', () => {
    const r = read(`Yes please ${'a'.repeat(30_000)} Phone: 07700 900123`, null);
    expect(r.fields.phone).toBe('+447700900123');
  });

  it('when HTML is nested 100,000 deep, then it is read without overflowing the stack', () => {
    expect(() => read(null, `${'<span>'.repeat(100_000)}Yes please`)).not.toThrow();
  });

  it('when a reply is followed by HTML nested 100,000 deep, then the reply and its phone are read', () => {
    const r = read(null, `<p>Yes please</p><p>Jo Bloggs, Leeds City Council, 07700 900123</p>${'<span>'.repeat(100_000)}`);
    expect(r.intent).toBe('join');
    expect(r.fields.phone).toBe('+447700900123');
  });

  it('when a From is no address ("{{x}}", "<script>@x"), then nothing is answered and nothing fails at SendGrid', async () => {
    h = await buildTestApp();
    for (const [i, from] of ['{{{raw}}} {{> partial}}', '<script src=//evil.example/x.js></script>@x.example', '@x.example'].entries()) {
      const p = buildMultipart([
        { name: 'from', value: from },
        { name: 'to', value: 'join@reply.unmentoring.test' },
        { name: 'subject', value: 'hi' },
        { name: 'text', value: 'Can I join?' },
        { name: 'headers', value: `Message-ID: <bad-from-${i}@x>\r\n` },
      ]);
      expect(await post(p)).toBe(200);
    }
    await new InboundProcessor({ db: h.t.db, config: h.config, logger: h.logs.logger }).drain();
    const rows = await h.t.db.all<{ status: string; reason: string }>('SELECT status, reason FROM inbound_messages');
    expect(rows.length).toBe(3);
    for (const r of rows) expect(r).toEqual({ status: 'ignored', reason: expect.stringMatching(/^ignored: (sender address not valid|no sender address)$/) });
    expect((await h.t.db.get<{ n: number }>('SELECT count(*) AS n FROM outbox'))!.n).toBe(0);
  });
});

// Inputs that once took seconds to minutes to read (slow-inputs.ts says what each did). Each is well past
// the reader's bounds, so nothing here is a matter of speed: each must read what a person wrote first.
const BIG = 4 * Math.max(MAX_TEXT_CHARS, MAX_HTML_CHARS);
const asHtml = (s: string) => `<div>${s.split('\n').join('<br>')}</div>`;

describe('replies built to be slow to read', () => {
  for (const input of SLOW_INPUTS) {
    it(`when a STOP is followed by ${input.name} (${BIG.toLocaleString('en-GB')} characters), then it reads as STOP`, () => {
      const body = input.build(BIG, input.kind === 'html' ? asHtml('STOP\n') : 'STOP\n');
      const r = input.kind === 'html' ? read(null, body) : read(body, null);
      expect(r.intent).toBe('stop');
    });

    it(`when a join with a phone number is followed by ${input.name}, then the phone number is still found`, () => {
      const reply = 'Yes please\nJo Bloggs, Leeds City Council\nMobile: 07700 900123\n';
      const body = input.build(BIG, input.kind === 'html' ? asHtml(reply) : reply);
      const r = input.kind === 'html' ? read(null, body) : read(body, null);
      expect(r.fields.phone).toBe('+447700900123');
    });
  }

  it('when every slow input is posted ahead of a genuine STOP, then the STOP takes effect and none of them fails', async () => {
    h = await buildTestApp();
    const jo = 'jo.bloggs@leeds.gov.uk';
    const now = new Date();
    const personId = await upsertInvitee(h.t.db, { email: jo, name: 'Jo Bloggs', organisation: 'Leeds City Council' }, now);
    const invitation = await enqueueMail(h.t.db, { template: 'invitation', data: { name: 'Jo Bloggs' }, to: [{ email: jo, name: 'Jo Bloggs' }], personId }, { messageDomain: h.config.replyDomain, now });
    await recordInvitations(h.t.db, [{ personId, outboxId: invitation.id }], 'test.csv', now);
    const replyTo = `reply+${invitation.replyToken}@${h.config.replyDomain}`;

    for (const [i, input] of SLOW_INPUTS.entries()) {
      const body = input.build(BIG);
      const p = buildParsedPayload({
        from: 'someone@elsewhere.example',
        to: `join@${h.config.replyDomain}`,
        subject: 'Re: An invitation',
        messageId: `<slow-${i}@elsewhere.example>`,
        ...(input.kind === 'html' ? { html: body } : { text: body }),
      });
      expect(await post(p)).toBe(200);
    }
    expect(await post(buildParsedPayload({ from: jo, to: replyTo, subject: 'Re: An invitation', text: 'STOP', messageId: '<stop@leeds.gov.uk>' }))).toBe(200);

    await new InboundProcessor({ db: h.t.db, config: h.config, logger: h.logs.logger }).drain();
    expect((await findPersonByEmail(h.t.db, jo))!.status).toBe('stopped');
    const statuses = await h.t.db.all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM inbound_messages GROUP BY status');
    expect(statuses.find((s) => s.status === 'failed')).toBeUndefined();
    expect(statuses.find((s) => s.status === 'pending')).toBeUndefined();
  });
});
