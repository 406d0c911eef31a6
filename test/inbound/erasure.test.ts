import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { enqueueMail } from '../../src/db/outbox.js';
import { recordGroupReply } from '../../src/db/group-replies.js';
import { upsertInvitee } from '../../src/db/people.js';
import { pendingInbound, storeInbound } from '../../src/db/inbound.js';
import { mentionsAddress, processInboundMessage } from '../../src/inbound/process.js';
import type { InboundEmail } from '../../src/inbound/email.js';
import type { Config } from '../../src/config.js';

let t: TestDatabase;
let config: Config;
const logger = captureLogger().logger;
const NOW = new Date('2026-11-02T10:00:00Z');
const JO = 'jo@x.example';
const MOJO = 'mojo@x.example';
const JO_ORG = 'jo@x.example.org';

beforeEach(async () => {
  t = await createTestDatabase();
  config = testConfig(t.dir);
});
afterEach(async () => {
  await t.cleanup();
});

async function personWithMail(email: string) {
  const personId = await upsertInvitee(t.db, { email, name: null, organisation: null }, NOW);
  await t.db.run("UPDATE people SET status = 'active', name = ? WHERE id = ?", [`Name of ${email}`, personId]);
  const mail = await enqueueMail(t.db, { template: 'welcome', data: { details: { email }, consentWording: 'x' } as never, to: [{ email, name: null }], personId }, { messageDomain: config.replyDomain, now: NOW });
  return { personId, replyTo: `reply+${mail.replyToken}@${config.replyDomain}` };
}

/** Mail to the organiser about `email`, sent, with its address in the data, the subject and the error. */
async function aboutTo(email: string, status: 'sent' | 'failed' | 'pending') {
  const mail = await enqueueMail(
    t.db,
    { template: 'organiser-forward', data: { fromEmail: email, fromName: null, subject: 'q', reply: `from ${email}.`, status: 'active' }, to: [{ email: config.organiserEmail }], personId: null, subject: `Question from ${email}.` },
    { messageDomain: config.replyDomain, now: NOW },
  );
  await t.db.run('UPDATE outbox SET status = ?, last_error = ? WHERE id = ?', [status, status === 'failed' ? `550 <${email}> said no` : null, mail.id]);
  return mail.id;
}

async function deleteFrom(email: string, replyTo: string) {
  const msg: InboundEmail = {
    mode: 'parsed', messageId: '<del@mail.example>', inReplyTo: null, references: [], from: { email, name: null }, to: [{ email: replyTo, name: null }],
    envelope: { from: email, to: [replyTo] }, subject: 'Re: Welcome', text: 'DELETE', html: null, headers: {}, contentType: 'text/plain', spf: null, dkim: null, attachments: 0, calendar: null,
  };
  await storeInbound(t.db, { dedupeKey: 'del', contentType: null, raw: Buffer.from('DELETE'), parsed: JSON.stringify(msg), status: 'pending', reason: null }, NOW);
  const [row] = await pendingInbound(t.db, 1);
  return processInboundMessage({ db: t.db, config, logger, now: () => NOW }, row!);
}

const outboxRow = (id: number) => t.db.get<{ data: string; recipients: string; subject: string | null; last_error: string | null }>('SELECT data, recipients, subject, last_error FROM outbox WHERE id = ?', [id]);

describe('erasure by exact address', () => {
  it('when jo@x.example asks to be deleted, then mail about mojo@x.example and jo@x.example.org keeps everything, and mail about her loses it', async () => {
    const jo = await personWithMail(JO);
    await personWithMail(MOJO);
    const mojoSent = await aboutTo(MOJO, 'sent');
    const mojoFailed = await aboutTo(MOJO, 'failed');
    const mojoPending = await aboutTo(MOJO, 'pending');
    const orgSent = await aboutTo(JO_ORG, 'failed');
    const before = await Promise.all([mojoSent, mojoFailed, mojoPending, orgSent].map(outboxRow));
    const joSent = await aboutTo(JO, 'sent');
    const joFailed = await aboutTo(JO, 'failed');

    expect((await deleteFrom(JO, jo.replyTo)).outcome).toBe('erased');

    const after = await Promise.all([mojoSent, mojoFailed, mojoPending, orgSent].map(outboxRow));
    expect(after).toEqual(before);
    expect((await t.db.get<{ email: string; status: string }>('SELECT email, status FROM people WHERE email = ?', [MOJO]))!.status).toBe('active');
    for (const id of [joSent, joFailed]) {
      const r = (await outboxRow(id))!;
      expect(r.data).toBe('{}');
      expect(r.subject).toBeNull();
      expect(JSON.stringify(r)).not.toContain(JO);
    }
    expect((await outboxRow(joFailed))!.last_error).toBe('person erased');
  });
});

describe('erasure and what people said about their groups', () => {
  it('when someone who replied BOOKED asks to be deleted, then their replies about the group go and their partner’s stay', async () => {
    const jo = await personWithMail(JO);
    const mojo = await personWithMail(MOJO);
    await t.db.run('INSERT INTO groups (id, round_id, first_mover_id, introduction_outbox_id) VALUES (1, 1, ?, 1)', [jo.personId]);
    await recordGroupReply(t.db, { groupId: 1, personId: jo.personId, kind: 'booked' }, NOW);
    await recordGroupReply(t.db, { groupId: 1, personId: jo.personId, kind: 'not_yet' }, NOW);
    await recordGroupReply(t.db, { groupId: 1, personId: mojo.personId, kind: 'booked' }, NOW);

    expect((await deleteFrom(JO, jo.replyTo)).outcome).toBe('erased');

    const left = await t.db.all<{ person_id: number; kind: string }>('SELECT person_id, kind FROM group_replies ORDER BY person_id, kind');
    expect(left).toEqual([{ person_id: mojo.personId, kind: 'booked' }]);
  });

  it('when someone asks to be deleted, then their partner’s nudge calls them "your match" and still names its group', async () => {
    const jo = await personWithMail(JO);
    const mojo = await personWithMail(MOJO);
    const nudge = await enqueueMail(
      t.db,
      { template: 'nudge', data: { name: `Name of ${MOJO}`, partners: [`Name of ${JO}`], introducedOn: '2026-10-26', groupId: 1 }, to: [{ email: MOJO, name: null }], personId: mojo.personId },
      { messageDomain: config.replyDomain, now: NOW },
    );

    expect((await deleteFrom(JO, jo.replyTo)).outcome).toBe('erased');

    expect(JSON.parse((await outboxRow(nudge.id))!.data)).toEqual({ name: `Name of ${MOJO}`, partners: ['your match'], introducedOn: '2026-10-26', groupId: 1 });
  });
});

describe('mentionsAddress', () => {
  it('when the address stands whole (in brackets, quotes, at the end of a sentence, in another case), then it is found', () => {
    for (const text of [`<${JO}>`, `"email":"${JO}"`, `write to ${JO}.`, `Jo (${JO.toUpperCase()}) asked`, JO, `mailto:${JO}, thanks`]) {
      expect(mentionsAddress(text, JO)).toBe(true);
    }
  });

  it('when it is only part of a longer address, then it is not found', () => {
    for (const text of [MOJO, `<${JO_ORG}>`, `jo@x.examples`, `a.jo@x.example`, `jo@x.example-mail.org`, `mo+jo@x.example`]) {
      expect(mentionsAddress(text, JO)).toBe(false);
    }
    expect(mentionsAddress(`${MOJO} and then ${JO}`, JO)).toBe(true);
  });
});
