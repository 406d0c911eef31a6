import path from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { startInboundProcessing, type InboundProcessing } from '../../src/inbound/processor-host.js';
import { enqueueMail } from '../../src/db/outbox.js';
import { findPersonByEmail, upsertInvitee } from '../../src/db/people.js';
import { recordInvitations } from '../../src/db/invitations.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { TEST_WEBHOOK_AUTH } from '../helpers/config.js';
import { buildParsedPayload } from '../helpers/inbound-payload.js';
import { captureLogger } from '../helpers/logs.js';
import { makeDigest } from '../../src/reports/digest.js';
import { until } from '../reliability/support.js';

// The real processor thread, through the real webhook and database. The stalled reading is a test-only
// reader that never finishes (processor-budget.hooks.ts), so nothing here depends on the machine's speed:
// the budget is what ends it, whatever it is set to.
const HOOKS = path.join(import.meta.dirname, 'processor-budget.hooks.ts');
const BUDGET_MS = 1500;

let h: TestApp | null = null;
let processing: InboundProcessing | null = null;
afterEach(async () => {
  await processing?.stop();
  processing = null;
  await h?.close();
  h = null;
});

async function invite(email: string): Promise<string> {
  const now = new Date();
  const personId = await upsertInvitee(h!.t.db, { email, name: 'Jo Bloggs', organisation: 'Leeds City Council' }, now);
  const mail = await enqueueMail(h!.t.db, { template: 'invitation', data: { name: 'Jo Bloggs' }, to: [{ email, name: 'Jo Bloggs' }], personId }, { messageDomain: h!.config.replyDomain, now });
  await recordInvitations(h!.t.db, [{ personId, outboxId: mail.id }], 'test.csv', now);
  await h!.sender.drain();
  return `reply+${mail.replyToken}@${h!.config.replyDomain}`;
}

let seq = 0;
async function post(from: string, to: string, subject: string, text: string): Promise<void> {
  const p = buildParsedPayload({ from, to, subject, text, messageId: `<budget-${++seq}@mail.example>` });
  const res = await request(h!.app).post('/inbound').auth(TEST_WEBHOOK_AUTH.INBOUND_USER, TEST_WEBHOOK_AUTH.INBOUND_PASSWORD).set('Content-Type', p.contentType).send(p.body);
  expect(res.status).toBe(200);
}

const messages = () => h!.t.db.all<{ id: number; status: string; reason: string | null }>('SELECT id, status, reason FROM inbound_messages ORDER BY id');

// Each test waits for the budget and for a fresh thread to start (compiling its TypeScript): on a busy
// machine that can take tens of seconds.
describe('a time budget for reading each message', { timeout: 120_000 }, () => {
  it('when reading a message never ends, then it is marked failed and reported, and a STOP posted after it still takes effect', async () => {
    h = await buildTestApp({ INBOUND_READ_BUDGET_MS: String(BUDGET_MS) });
    const jo = 'jo.bloggs@leeds.gov.uk';
    const replyTo = await invite(jo);
    await post(jo, replyTo, 'This reading never ends', 'Yes please');
    await post(jo, replyTo, 'Re: An invitation', 'STOP');
    const logs = captureLogger();

    processing = startInboundProcessing({ config: h.config, logger: logs.logger, onMailQueued: () => h?.sender.kick(), testHooks: HOOKS });
    await until(async () => (await messages())[1]?.status === 'processed', 50_000, 'the STOP to be processed', 20);

    const [stalled, stop] = await messages();
    expect(stalled).toMatchObject({ status: 'failed', reason: expect.stringContaining(`longer than ${BUDGET_MS} ms`) });
    expect(stop!.status).toBe('processed');
    expect((await findPersonByEmail(h.t.db, jo))!.status).toBe('stopped');
    // Reported: one error line naming the message, and nothing of what it said.
    const report = logs.lines.map((l) => JSON.parse(l) as { level: number; inboundId?: number; msg: string }).filter((l) => l.inboundId === stalled!.id);
    expect(report).toEqual([expect.objectContaining({ level: 50, msg: expect.stringContaining('took longer to read than its budget') })]);
    // …and the organisers' digest counts it.
    const digest = await makeDigest(h.t.db, {}, { now: new Date(), schemeName: 'Unmentoring' });
    expect(digest.text).toContain('Replies that could not be read and were set aside: 1');
    // Jo's STOP is acknowledged, as it would be without the stalled message ahead of it.
    await h.sender.drain();
    const toJo = h.sg.mails().filter((m) => m.personalizations[0].to[0].email === jo);
    expect(toJo).toHaveLength(2);
    expect(toJo[1]!.content.find((c: { type: string }) => c.type === 'text/plain')!.value).toContain("You've left");
  });

  it('when the service starts again after a message went over the budget, then that message is not read again', async () => {
    h = await buildTestApp({ INBOUND_READ_BUDGET_MS: String(BUDGET_MS) });
    const jo = 'jo.bloggs@leeds.gov.uk';
    const replyTo = await invite(jo);
    await post(jo, replyTo, 'This reading never ends', 'Yes please');
    processing = startInboundProcessing({ config: h.config, logger: captureLogger().logger, onMailQueued: () => undefined, testHooks: HOOKS });
    await until(async () => (await messages())[0]?.status === 'failed', 50_000, 'the stalled message to be marked failed', 20);
    await processing.stop();

    // A fresh start reads what is pending: the STOP, at once, and not the stalled message before it.
    await post(jo, replyTo, 'Re: An invitation', 'STOP');
    const logs = captureLogger();
    processing = startInboundProcessing({ config: h.config, logger: logs.logger, onMailQueued: () => undefined, testHooks: HOOKS });
    await until(async () => (await messages())[1]?.status === 'processed', 50_000, 'the STOP to be processed', 20);
    expect((await findPersonByEmail(h.t.db, jo))!.status).toBe('stopped');
    expect(logs.text()).not.toContain('took longer to read than its budget');
  });
});
