import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { buildParsedPayload, buildRawPayload } from '../helpers/inbound-payload.js';
import { repoRoot } from '../helpers/run-cli.js';
import { InboundProcessor } from '../../src/inbound/process.js';
import { enqueueMail } from '../../src/db/outbox.js';
import { findPersonByEmail, upsertInvitee } from '../../src/db/people.js';

// Each fixture is the same join ("Yes please! Jo Bloggs, 07700 900123, Leeds City Council") as a
// different mail client quotes and signs it; here each goes end to end: SendGrid's POST, reading, the
// decision, and the welcome sent back.
const dir = path.join(repoRoot, 'test', 'fixtures', 'replies');
const fixtures = fs.readdirSync(dir).filter((f) => /\.(txt|html)$/.test(f) && f !== 'gmail-inline.txt');
const AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };

let h: TestApp;
let processor: InboundProcessor;
beforeAll(async () => {
  h = await buildTestApp(AUTH);
  processor = new InboundProcessor({ db: h.t.db, config: h.config, logger: h.logs.logger });
});
afterAll(async () => {
  await h.close();
});

const cases = fixtures.flatMap((f) => [
  { fixture: f, mode: 'parsed' as const },
  { fixture: f, mode: 'raw' as const, encoding: f.length % 2 ? ('base64' as const) : ('quoted-printable' as const) },
]);

describe('joining from each mail client, end to end', () => {
  it.each(cases)('when Jo replies from $fixture in $mode mode, then Jo is in with the right details and gets the welcome', async ({ fixture, mode, ...rest }) => {
    const email = `jo.${fixture.replace(/\W+/g, '-')}.${mode}@leeds.gov.uk`;
    const now = new Date();
    const personId = await upsertInvitee(h.t.db, { email, name: null, organisation: null }, now);
    const inv = await enqueueMail(h.t.db, { template: 'invitation', data: { name: null }, to: [{ email }], personId }, { messageDomain: h.config.replyDomain, now });
    await h.sender.drain();
    const body = fs.readFileSync(path.join(dir, fixture), 'utf8');
    const opts = {
      from: email,
      fromName: 'Jo Bloggs',
      to: `reply+${inv.replyToken}@${h.config.replyDomain}`,
      subject: 'Re: Would you like a coffee?',
      inReplyTo: inv.messageId,
      ...(fixture.endsWith('.html') ? { html: body } : { text: body }),
    };
    const payload = mode === 'parsed' ? buildParsedPayload(opts) : await buildRawPayload({ ...opts, transferEncoding: 'encoding' in rest ? rest.encoding : undefined });
    const before = h.sg.mails().length;
    const res = await request(h.app).post('/inbound').auth(AUTH.INBOUND_USER, AUTH.INBOUND_PASSWORD).set('Content-Type', payload.contentType).send(payload.body);
    expect(res.status).toBe(200);
    await processor.drain();
    await h.sender.drain();

    const p = await findPersonByEmail(h.t.db, email);
    expect(p).toMatchObject({ status: 'active', name: 'Jo Bloggs', phone: '+447700900123', organisation: 'Leeds City Council' });
    const answers = h.sg.mails().slice(before);
    expect(answers).toHaveLength(1);
    expect(answers[0].personalizations[0].to[0].email).toBe(email);
    expect(answers[0].content[0].value).toContain('+447700900123');
  });
});
