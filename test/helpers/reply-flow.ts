import request from 'supertest';
import { expect } from 'vitest';
import { buildTestApp, type TestApp } from './app.js';
import { buildParsedPayload, buildRawPayload, type PayloadOptions } from './inbound-payload.js';
import { InboundProcessor } from '../../src/inbound/process.js';
import { enqueueMail } from '../../src/db/outbox.js';
import { upsertInvitee, findPersonByEmail, type Person } from '../../src/db/people.js';
import { recordInvitations } from '../../src/db/invitations.js';

export const FLOW_AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };

/** A mail as the fake SendGrid received it: its plain-text part. */
export const textOf = (mail: { content: Array<{ type: string; value: string }> }) => mail.content.find((c) => c.type === 'text/plain')!.value;

/**
 * The whole loop from the outside: the real app (webhook credentials on), the real processor and sender,
 * the fake SendGrid. Invite someone as `npm run invite` does, reply as SendGrid posts it, read what they got.
 */
export async function startReplyFlow(env: Record<string, string> = {}, opts: { now?: () => Date } = {}) {
  const h: TestApp = await buildTestApp({ ...FLOW_AUTH, ...env }, opts);
  const processor = new InboundProcessor({ db: h.t.db, config: h.config, logger: h.logs.logger, now: opts.now });
  let seq = 0;

  /** Invites someone and delivers the invitation; returns its Reply-To and Message-ID. */
  async function invite(email: string, name: string | null = null, organisation: string | null = null) {
    const now = new Date();
    const personId = await upsertInvitee(h.t.db, { email, name, organisation }, now);
    const mail = await enqueueMail(h.t.db, { template: 'invitation', data: { name }, to: [{ email, name }], personId }, { messageDomain: h.config.replyDomain, now });
    await recordInvitations(h.t.db, [{ personId, outboxId: mail.id }], 'test.csv', now);
    await h.sender.drain();
    return { replyTo: `reply+${mail.replyToken}@${h.config.replyDomain}`, messageId: mail.messageId };
  }

  /** A reply POSTed as SendGrid would, processed, and the answers delivered. Returns the mails SendGrid received for it. */
  async function replyWith(opts: Partial<PayloadOptions> & { from: string; to: string }, mode: 'parsed' | 'raw' = 'parsed') {
    const full: PayloadOptions = { subject: 'Re: An invitation', messageId: `<r${++seq}.${Date.now()}@mail.example>`, ...opts } as PayloadOptions;
    const payload = mode === 'parsed' ? buildParsedPayload(full) : await buildRawPayload(full);
    const before = h.sg.mails().length;
    const res = await request(h.app).post('/inbound').auth(FLOW_AUTH.INBOUND_USER, FLOW_AUTH.INBOUND_PASSWORD).set('Content-Type', payload.contentType).send(payload.body);
    expect(res.status).toBe(200);
    await processor.drain();
    await h.sender.drain();
    return { res, mails: h.sg.mails().slice(before), messageId: full.messageId! };
  }

  const person = async (email: string) => (await findPersonByEmail(h.t.db, email)) as Person;
  return { h, processor, invite, replyWith, person, close: () => h.close() };
}

export type ReplyFlow = Awaited<ReturnType<typeof startReplyFlow>>;
