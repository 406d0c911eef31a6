import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { enqueueMail } from '../../src/db/outbox.js';
import { upsertInvitee } from '../../src/db/people.js';
import { identify } from '../../src/inbound/identify.js';
import type { InboundEmail } from '../../src/inbound/email.js';
import type { Config } from '../../src/config.js';

let t: TestDatabase;
let config: Config;
const NOW = new Date('2026-12-01T10:00:00Z');
const JO = 'jo.bloggs@example.gov.uk';

beforeEach(async () => {
  t = await createTestDatabase();
  config = testConfig(t.dir);
});
afterEach(async () => {
  await t.cleanup();
});

function answer(to: string): InboundEmail {
  return {
    mode: 'raw',
    messageId: '<answer-1@outlook.example>',
    inReplyTo: null,
    references: [],
    from: { email: JO, name: 'Jo Bloggs' },
    to: [{ email: to, name: null }],
    envelope: { from: JO, to: [to] },
    subject: 'Accepted: Unmentoring: Jo Bloggs and Sam Patel',
    text: 'Jo Bloggs has accepted.',
    html: null,
    headers: {},
    contentType: 'multipart/alternative',
    spf: null,
    dkim: null,
    attachments: 1,
    calendar: 'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nEND:VCALENDAR\r\n',
  };
}

describe('identify, for a calendar’s answer', () => {
  it('when a calendar answers the organizer calendar+<token>, then the mail it answers is found by that token, as for reply+<token>', async () => {
    const personId = await upsertInvitee(t.db, { email: JO, name: 'Jo Bloggs', organisation: null }, NOW);
    const mail = await enqueueMail(t.db, { template: 'invitation', data: { name: 'Jo' }, to: [{ email: JO, name: 'Jo Bloggs' }], personId }, { messageDomain: config.replyDomain, now: NOW });

    for (const local of ['calendar', 'reply', 'Calendar']) {
      const identity = await identify(t.db, answer(`${local}+${mail.replyToken}@${config.replyDomain}`), config.replyDomain);
      expect(identity.conversation?.id, local).toBe(mail.id);
      expect(identity.person?.id, local).toBe(personId);
      expect(identity.authenticatedBy, local).toBe('conversation');
    }
  });

  it('when the token is on another domain or another local part, then no mail is found by it', async () => {
    const mail = await enqueueMail(t.db, { template: 'invitation', data: { name: 'Jo' }, to: [{ email: JO, name: null }] }, { messageDomain: config.replyDomain, now: NOW });
    for (const to of [`calendar+${mail.replyToken}@elsewhere.example`, `calendars+${mail.replyToken}@${config.replyDomain}`, `cal+${mail.replyToken}@${config.replyDomain}`]) {
      expect((await identify(t.db, answer(to), config.replyDomain)).conversation, to).toBeNull();
    }
  });
});
