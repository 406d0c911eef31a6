import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { readReply } from '../../src/inbound/read/index.js';
import { InboundProcessor } from '../../src/inbound/process.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { buildMultipart } from '../helpers/inbound-payload.js';

const read = (text: string | null, html: string | null) =>
  readReply({ text, html, subject: 'Re: An invitation', fromName: null, fromEmail: 'jo@example.gov.uk', headers: {}, contentType: null }, new Date());

let h: TestApp | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

// Found by the fuzz test (test/reliability/fuzz-inbound.test.ts).
describe('replies built to hurt', () => {
  it('when a reply is one 1 MB word, then it is read in linear time (the address pattern took minutes on it)', () => {
    const r = read(`Yes please ${'a'.repeat(1024 * 1024)} Phone: 07700 900123`, null);
    expect(r.fields.phone).toBe('+447700900123');
  });

  it('when HTML is nested 100,000 deep, then it is read without overflowing the stack', () => {
    expect(() => read(null, `${'<span>'.repeat(100_000)}Yes please`)).not.toThrow();
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
      expect((await request(h.app).post('/inbound').set('Content-Type', p.contentType).send(p.body)).status).toBe(200);
    }
    await new InboundProcessor({ db: h.t.db, config: h.config, logger: h.logs.logger }).drain();
    const rows = await h.t.db.all<{ status: string; reason: string }>('SELECT status, reason FROM inbound_messages');
    expect(rows.length).toBe(3);
    for (const r of rows) expect(r).toEqual({ status: 'ignored', reason: expect.stringMatching(/^ignored: (sender address not valid|no sender address)$/) });
    expect((await h.t.db.get<{ n: number }>('SELECT count(*) AS n FROM outbox'))!.n).toBe(0);
  });
});
