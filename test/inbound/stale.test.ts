import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { Database } from '../../src/db/database.js';
import { enqueueMail } from '../../src/db/outbox.js';
import { findPersonByEmail, upsertInvitee } from '../../src/db/people.js';
import { pendingInbound, storeInbound } from '../../src/db/inbound.js';
import { suppress, suppressionOf, unsuppress } from '../../src/db/suppressions.js';
import { recordDeliveryEvents } from '../../src/events/process.js';
import { unsubscribeByToken } from '../../src/unsubscribe/unsubscribe.js';
import { processInboundMessage } from '../../src/inbound/process.js';
import type { InboundEmail } from '../../src/inbound/email.js';
import type { Config } from '../../src/config.js';

// A reply is read, then applied. Whatever lands in between (from another connection: the webhook for
// SendGrid's events, a one-click unsubscribe) must be what the decision sees, not something it overwrites.
let t: TestDatabase;
let config: Config;
let other: Database;
const logger = captureLogger().logger;
const JO = 'jo@leeds.gov.uk';

beforeEach(async () => {
  t = await createTestDatabase();
  config = testConfig(t.dir);
  other = await Database.open(t.path, { busyTimeoutMs: 10_000 });
});
afterEach(async () => {
  await other.close();
  await t.cleanup();
});

/** Jo, invited: her invitation's reply token authenticates her reply. */
async function invited(status = 'invited'): Promise<{ personId: number; replyTo: string; token: string }> {
  const now = new Date('2026-11-01T09:00:00Z');
  const personId = await upsertInvitee(t.db, { email: JO, name: 'Jo Bloggs', organisation: 'Leeds City Council' }, now);
  await t.db.run("UPDATE people SET status = ?, unsubscribe_token = 'u-jo' WHERE id = ?", [status, personId]);
  const mail = await enqueueMail(t.db, { template: 'invitation', data: { name: 'Jo Bloggs' }, to: [{ email: JO, name: 'Jo Bloggs' }], personId }, { messageDomain: config.replyDomain, now });
  return { personId, replyTo: `reply+${mail.replyToken}@${config.replyDomain}`, token: 'u-jo' };
}

/** Her reply, stored as the webhook stores it, received at `receivedAt`. */
async function reply(replyTo: string, text: string, receivedAt: string) {
  const email: InboundEmail = {
    mode: 'parsed',
    messageId: `<${Math.random().toString(36).slice(2)}@mail.example>`,
    inReplyTo: null,
    references: [],
    from: { email: JO, name: 'Jo Bloggs' },
    to: [{ email: replyTo, name: null }],
    envelope: { from: JO, to: [replyTo] },
    subject: 'Re: An invitation',
    text,
    html: null,
    headers: {},
    contentType: 'text/plain',
    spf: null,
    dkim: null,
    attachments: 0,
    calendar: null,
  };
  await storeInbound(t.db, { dedupeKey: email.messageId!, contentType: null, raw: Buffer.from(text), parsed: JSON.stringify(email), status: 'pending', reason: null }, new Date(receivedAt));
  return (await pendingInbound(t.db, 10)).at(-1)!;
}

/**
 * The service's database, except that when processing asks for its transaction, `landing` first runs on
 * the other connection: exactly the moment after the reply was read and before it is applied.
 */
function landingBeforeApply(landing: () => Promise<unknown>): Database {
  let landed = false;
  return new Proxy(t.db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return async (fn: Parameters<Database['transaction']>[0]) => {
          if (!landed) {
            landed = true;
            await landing();
          }
          return target.transaction(fn);
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const process = (db: Database, row: Awaited<ReturnType<typeof reply>>, now: string) =>
  processInboundMessage({ db, config, logger, now: () => new Date(now) }, row);
const bounce = () => recordDeliveryEvents(other, [{ event: 'bounce', email: JO, sg_event_id: 'b1', timestamp: 1793790000, type: 'bounce', reason: '550 no such user' }], config, new Date('2026-11-02T10:00:01Z'));
const mailsTo = async (template: string) => (await t.db.get<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE template = ?', [template]))!.n;

describe('a reply decided on what is true when it is applied', () => {
  it('when a one-click unsubscribe lands between reading a join and applying it, then she stays stopped and is not welcomed', async () => {
    const jo = await invited();
    const row = await reply(jo.replyTo, 'Yes please!\n\nName: Jo Bloggs\nPhone: 07700 900123\nOrganisation: Leeds City Council', '2026-11-02T10:00:00Z');
    const db = landingBeforeApply(() => unsubscribeByToken(other, jo.token, config, new Date('2026-11-02T10:00:01Z')));
    const result = await process(db, row, '2026-11-02T10:00:02Z');
    const p = (await findPersonByEmail(t.db, JO))!;
    expect(p.status).toBe('stopped');
    expect(p.consent_at).toBeNull();
    expect((await suppressionOf(t.db, JO))?.reason).toBe('unsubscribe');
    expect(await mailsTo('welcome')).toBe(0);
    expect(result.outcome).toMatch(/written before they left/);
  });

  it('when a bounce lands between reading a PAUSE and applying it, then she stays bounced', async () => {
    const jo = await invited('active');
    const row = await reply(jo.replyTo, 'PAUSE', '2026-11-02T10:00:00Z');
    const db = landingBeforeApply(bounce);
    await process(db, row, '2026-11-02T10:00:02Z');
    const p = (await findPersonByEmail(t.db, JO))!;
    expect(p.status).toBe('bounced');
    expect(p.paused_until).toBeNull();
    expect((await suppressionOf(t.db, JO))?.reason).toBe('bounce');
    expect(await mailsTo('paused')).toBe(0);
  });

  it('when a bounce lands between reading a join and applying it, then she stays bounced and suppressed', async () => {
    const jo = await invited();
    const row = await reply(jo.replyTo, 'Count me in.\n\nPhone: 07700 900123', '2026-11-02T10:00:00Z');
    await process(landingBeforeApply(bounce), row, '2026-11-02T10:00:02Z');
    const p = (await findPersonByEmail(t.db, JO))!;
    expect(p.status).toBe('bounced');
    expect((await suppressionOf(t.db, JO))?.reason).toBe('bounce');
  });

  it('when she stopped and then wrote asking to come back, then the rejoin lifts the suppression she had', async () => {
    const jo = await invited('stopped');
    await suppress(t.db, JO, 'stop', new Date('2026-11-01T12:00:00Z'));
    const row = await reply(jo.replyTo, 'Yes please, count me back in.\n\nPhone: 07700 900123', '2026-11-02T10:00:00Z');
    const result = await process(t.db, row, '2026-11-02T10:00:02Z');
    expect(result.outcome).toBe('joined');
    expect((await findPersonByEmail(t.db, JO))!.status).toBe('active');
    expect(await suppressionOf(t.db, JO)).toBeUndefined();
  });

  it('when she wrote STOP and then YES before either was processed, then the YES (written after) brings her back', async () => {
    const jo = await invited('active');
    const stop = await reply(jo.replyTo, 'STOP', '2026-11-02T10:00:00Z');
    const yes = await reply(jo.replyTo, 'Yes please, count me back in.\n\nPhone: 07700 900123', '2026-11-02T10:00:05Z');
    // Processed a minute later, in order: the suppression her STOP asked for dates from when she wrote it.
    await process(t.db, stop, '2026-11-02T10:01:00Z');
    expect((await findPersonByEmail(t.db, JO))!.status).toBe('stopped');
    await process(t.db, yes, '2026-11-02T10:01:01Z');
    expect((await findPersonByEmail(t.db, JO))!.status).toBe('active');
    expect(await suppressionOf(t.db, JO)).toBeUndefined();
  });
});

describe('lifting a suppression', () => {
  it('when the suppression read was replaced by another since, then the newer one stays', async () => {
    await suppress(t.db, JO, 'stop', new Date('2026-11-01T12:00:00Z'));
    const read = (await suppressionOf(t.db, JO))!;
    // Meanwhile it went and a bounce suppressed the address again.
    await t.db.run('DELETE FROM suppressions WHERE email = ?', [JO]);
    await suppress(t.db, JO, 'bounce', new Date('2026-11-02T10:00:01Z'));
    expect((await unsuppress(t.db, read)).changes).toBe(0);
    expect((await suppressionOf(t.db, JO))?.reason).toBe('bounce');
  });

  it('when it is an erasure, then it is never lifted', async () => {
    await suppress(t.db, JO, 'erased', new Date('2026-11-01T12:00:00Z'));
    expect((await unsuppress(t.db, (await suppressionOf(t.db, JO))!)).changes).toBe(0);
  });
});
