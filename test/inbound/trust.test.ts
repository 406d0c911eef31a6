/**
 * Who a message is from, through the real app: SendGrid-shaped multipart posts to POST /inbound, the
 * processor, the outbox sender and the fake SendGrid. The attacker here can send mail from their own,
 * correctly configured server (SPF passes for their envelope domain, DKIM passes for d=evil.example) and
 * can put any From on it, but holds nobody's mailbox.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { buildParsedPayload, buildRawPayload, type PayloadOptions } from '../helpers/inbound-payload.js';
import { InboundProcessor } from '../../src/inbound/process.js';
import { enqueueMail } from '../../src/db/outbox.js';
import { findPersonByEmail, upsertInvitee, type Person } from '../../src/db/people.js';
import { recordInvitations } from '../../src/db/invitations.js';
import { makeDigest } from '../../src/reports/digest.js';

const AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const JO = 'jo@leeds.gov.uk';
const ANYWHERE = 'join@reply.unmentoring.test';
/** What the attacker's own server gets from SendGrid's checks: passes, but for evil.example, not leeds.gov.uk. */
const FORGED: Pick<PayloadOptions, 'spf' | 'dkim' | 'envelope'> = { spf: 'pass', dkim: '{@evil.example : pass}', envelope: { from: 'bounces@evil.example', to: [ANYWHERE] } };
const JOIN_TEXT = 'Yes please!\nName: Jo Bloggs\nPhone: 07700 900123\nOrganisation: Leeds City Council\nSkype: live:jo.bloggs';

type Mode = 'parsed' | 'raw';
let h: TestApp;
let processor: InboundProcessor;
/** The processor's clock: starts well in the past, so that moving it on never puts mail beyond the sender's real "now". */
let clock: number;

afterEach(async () => {
  await h?.close();
});

async function setup() {
  h = await buildTestApp(AUTH);
  clock = Date.now() - 60 * DAY;
  processor = new InboundProcessor({ db: h.t.db, config: h.config, logger: h.logs.logger, now: () => new Date(clock) });
}

async function invite(email: string) {
  const now = new Date();
  const personId = await upsertInvitee(h.t.db, { email, name: null, organisation: null }, now);
  const mail = await enqueueMail(h.t.db, { template: 'invitation', data: { name: null }, to: [{ email }], personId }, { messageDomain: h.config.replyDomain, now });
  await recordInvitations(h.t.db, [{ personId, outboxId: mail.id }], 'test.csv', now);
  await h.sender.drain();
  return { replyTo: `reply+${mail.replyToken}@${h.config.replyDomain}`, messageId: mail.messageId };
}

let seq = 0;
/** A message POSTed as SendGrid would, processed, and what it caused delivered: the mails SendGrid received. */
async function post(opts: Partial<PayloadOptions> & { from: string; to: string }, mode: Mode = 'parsed'): Promise<any[]> {
  const full = { subject: 'Re: An invitation', messageId: `<t${++seq}.${Date.now()}@mail.example>`, ...opts } as PayloadOptions;
  const payload = mode === 'parsed' ? buildParsedPayload(full) : await buildRawPayload(full);
  const before = h.sg.mails().length;
  const res = await request(h.app).post('/inbound').auth(AUTH.INBOUND_USER, AUTH.INBOUND_PASSWORD).set('Content-Type', payload.contentType).send(payload.body);
  expect(res.status).toBe(200);
  await processor.drain();
  await h.sender.drain();
  return h.sg.mails().slice(before);
}

const forged = (text: string, mode: Mode = 'parsed', extra: Partial<Omit<PayloadOptions, 'from' | 'to'>> = {}) =>
  post({ from: JO, to: ANYWHERE, subject: 'Urgent: call 0900 555 555', text, ...FORGED, ...extra }, mode);

const jo = async () => (await findPersonByEmail(h.t.db, JO)) as Person;
const recipients = (mails: any[]) => mails.map((m) => m.personalizations[0].to.map((t: { email: string }) => t.email).join(','));
const textOf = (mail: { content: Array<{ type: string; value: string }> }) => mail.content.find((c) => c.type === 'text/plain')!.value;
const reason = async () => (await h.t.db.get<{ reason: string }>('SELECT reason FROM inbound_messages ORDER BY id DESC LIMIT 1'))!.reason;

/** Jo joins by replying to her invitation (its token): authenticated, whatever SPF says. */
async function joParticipant(mode: Mode = 'parsed') {
  const inv = await invite(JO);
  await post({ from: JO, to: inv.replyTo, inReplyTo: inv.messageId, text: JOIN_TEXT }, mode);
  expect((await jo()).status).toBe('active');
  return inv;
}

function expectOneConfirmationToJo(mails: any[]) {
  expect(recipients(mails)).toEqual([JO]);
  const [mail] = mails;
  expect(mail.subject).toBe('Please confirm: did you write to Unmentoring?');
  // Nothing the forger wrote reaches Jo: not their subject, not their phone number, not their words.
  expect(JSON.stringify(mail)).not.toMatch(/0900 555|07700 900666|evil|Urgent/);
  expect(mail.headers['In-Reply-To']).toBeUndefined();
  return mail;
}

describe('a forged From, without alignment, changes nothing', () => {
  const attacks = [
    {
      what: 'a change of phone and Skype ID',
      text: 'Phone: 07700 900666\nSkype: live:evil',
      before: joParticipant,
      unchanged: (p: Person) => expect(p).toMatchObject({ status: 'active', phone: '+447700900123', skype_id: 'live:jo.bloggs' }),
      words: /change your phone and Skype ID/,
    },
    {
      what: 'a new phone marked with initials in an unmarked quoted mail',
      text: 'Corrections marked [JB] below.\n\nJo\n\n-----Original Message-----\nFrom: Unmentoring <hello@unmentoring.org>\n\nName: Jo Bloggs\nPhone: 07700 900123\n[JB] please use 07700 900666 now',
      before: joParticipant,
      unchanged: (p: Person) => expect(p).toMatchObject({ status: 'active', phone: '+447700900123' }),
      // (Not a reply to one of our mails, so not read as a change: it would go to the organiser, if Jo says so.)
      words: /pass a message on to the organiser/,
    },
    {
      what: 'an organisation to show, said in a sentence',
      text: 'Could you show my organisation as Home Office from this round? My phone is the same.',
      before: joParticipant,
      unchanged: (p: Person) => expect(p).toMatchObject({ status: 'active', organisation: 'Leeds City Council' }),
      words: /change your organisation/,
    },
    { what: 'PAUSE', text: 'PAUSE', before: joParticipant, unchanged: (p: Person) => expect(p.status).toBe('active'), words: /pause you/ },
    { what: 'STOP', text: 'STOP', before: joParticipant, unchanged: (p: Person) => expect(p.status).toBe('active'), words: /send you no more email/ },
    {
      what: 'DELETE',
      text: 'DELETE',
      before: joParticipant,
      unchanged: (p: Person) => expect(p).toMatchObject({ status: 'active', phone: '+447700900123' }),
      words: /erase your details/,
    },
    {
      what: 'a join with consent Jo never gave',
      text: 'Yes please!\nName: Jo Bloggs\nPhone: 07700 900666\nOrganisation: Leeds City Council',
      before: (mode: Mode) => invite(JO).then(() => expect(mode).toBeDefined()),
      unchanged: (p: Person) => expect(p).toMatchObject({ status: 'invited', phone: null, consent_at: null }),
      words: /sign you up/,
    },
    {
      what: 'a rejoin after Jo said STOP',
      text: 'I am back, please count me back in.\nName: Jo Bloggs\nPhone: 07700 900666\nOrganisation: Leeds City Council',
      before: async (mode: Mode) => {
        const inv = await joParticipant(mode);
        await post({ from: JO, to: inv.replyTo, text: 'STOP' }, mode);
        expect((await jo()).status).toBe('stopped');
      },
      unchanged: async (p: Person) => {
        expect(p).toMatchObject({ status: 'stopped', phone: '+447700900123' });
        expect(await h.t.db.get('SELECT reason FROM suppressions WHERE email = ?', [JO])).toEqual({ reason: 'stop' });
      },
      words: /take you back into the scheme/,
    },
  ];
  const cases = attacks.flatMap((a) => (['parsed', 'raw'] as const).map((mode) => ({ ...a, mode })));

  it.each(cases)('when a forged message asks for $what ($mode mode), then none of it is done and Jo gets one confirmation at her own address', async ({ text, before, unchanged, words, mode }) => {
    await setup();
    await before(mode);
    const mails = await forged(text, mode);
    await unchanged(await jo());
    const mail = expectOneConfirmationToJo(mails);
    expect(textOf(mail)).toMatch(words);
    expect(textOf(mail)).toMatch(/reply to this email with YES/);
    expect(await reason()).toMatch(/^held for confirmation: /);

    // The same day, a second attempt: still nothing done, and no second mail to Jo.
    clock += 2 * HOUR;
    expect(await forged(text, mode, { subject: 'Second try' })).toEqual([]);
    await unchanged(await jo());
    expect(await reason()).toMatch(/^ignored: not authenticated, confirmation already sent within 24 hours/);
  });

  it('when a forged join is typed after the invitation\'s subject, above a body that is only a signature, then Jo is not signed up and gets one confirmation', async () => {
    await setup();
    await invite(JO);
    const subject = 'RE: An invitation: half an hour with someone from elsewhere in the public sector - YES, Jo Bloggs 07700 900666 Leeds City Council';
    const mails = await forged('Jo Bloggs\nPolicy Officer\nLeeds City Council\nTel: 0113 496 0000', 'parsed', { subject });
    expect(await jo()).toMatchObject({ status: 'invited', phone: null, consent_at: null });
    const mail = expectOneConfirmationToJo(mails);
    expect(textOf(mail)).toMatch(/sign you up/);
  });

  it('when a message with SPF fail and no DKIM claims to be Jo, then nothing changes and only Jo is asked to confirm', async () => {
    await setup();
    await joParticipant();
    const mails = await post({ from: JO, to: ANYWHERE, text: 'STOP', spf: 'fail', dkim: 'none', envelope: { from: JO, to: [ANYWHERE] } });
    expect((await jo()).status).toBe('active');
    expectOneConfirmationToJo(mails);
  });

  it('when a forged message carries Jo\'s token but comes from another address, then it is that address\'s, not Jo\'s', async () => {
    await setup();
    const inv = await joParticipant();
    const mails = await post({ from: 'mallory@evil.example', to: inv.replyTo, text: 'STOP', spf: 'fail', dkim: 'none' });
    expect((await jo()).status).toBe('active');
    expect(mails).toEqual([]);
  });

  it('when a day has passed since the last confirmation, then a new forged attempt sends one more', async () => {
    await setup();
    await joParticipant();
    expect(recipients(await forged('PAUSE'))).toEqual([JO]);
    clock += 25 * HOUR;
    expect(recipients(await forged('PAUSE'))).toEqual([JO]);
    expect((await jo()).status).toBe('active');
  });
});

describe('the confirmation mail, answered', () => {
  it.each(['parsed', 'raw'] as const)('when Jo replies YES to the confirmation (%s mode), then the request held is done, once', async (mode) => {
    await setup();
    await joParticipant(mode);
    // Jo writes a new message (not a reply) from a domain with ~all and no DKIM: it proves nothing.
    const held = await post({ from: JO, to: ANYWHERE, subject: 'New number', text: 'My new number: 07700 900777', spf: 'softfail', dkim: 'none', envelope: { from: JO, to: [ANYWHERE] } }, mode);
    const confirmation = expectOneConfirmationToJo(held);
    expect(textOf(confirmation)).toMatch(/change your phone/);
    expect((await jo()).phone).toBe('+447700900123');

    clock += HOUR;
    const answered = await post(
      { from: JO, to: confirmation.reply_to.email, inReplyTo: confirmation.headers['Message-ID'], subject: `Re: ${confirmation.subject}`, text: 'YES', spf: 'softfail', dkim: 'none' },
      mode,
    );
    expect((await jo()).phone).toBe('+447700900777');
    expect(recipients(answered)).toEqual([JO]);
    expect(textOf(answered[0])).toContain('+447700900777');
    expect(await reason()).toBe('confirmed: details updated: phone');

    // A second YES to the same confirmation does not apply it again.
    const again = await post({ from: JO, to: confirmation.reply_to.email, text: 'YES', spf: 'softfail', dkim: 'none' }, mode);
    expect(await reason()).toBe('nothing to confirm: lapsed or already done');
    expect(textOf(again[0])).toMatch(/nothing waiting for your YES/i);
  });

  it('when Jo replies YES to a confirmation of a forged DELETE, then she is erased, because she said so', async () => {
    await setup();
    await joParticipant();
    const confirmation = expectOneConfirmationToJo(await forged('DELETE'));
    const answered = await post({ from: JO, to: confirmation.reply_to.email, text: 'Yes', spf: 'none', dkim: 'none' });
    expect(await findPersonByEmail(h.t.db, JO)).toBeUndefined();
    expect(recipients(answered)).toEqual([JO]);
  });

  it('when Jo replies NO to the confirmation, then nothing is done and a later YES does nothing either', async () => {
    await setup();
    await joParticipant();
    const confirmation = expectOneConfirmationToJo(await forged('STOP'));
    expect(await post({ from: JO, to: confirmation.reply_to.email, text: 'No, that was not me.' })).toEqual([]);
    expect(await reason()).toBe('not confirmed: nothing done');
    await post({ from: JO, to: confirmation.reply_to.email, text: 'YES' });
    expect((await jo()).status).toBe('active');
  });

  it('when someone other than Jo answers her confirmation, then it is not taken as hers', async () => {
    await setup();
    await joParticipant();
    const confirmation = expectOneConfirmationToJo(await forged('DELETE'));
    await post({ from: 'mallory@evil.example', to: confirmation.reply_to.email, text: 'YES', dkim: '{@evil.example : pass}' });
    expect((await jo()).status).toBe('active');
  });

  it('when the confirmation is more than 7 days old, then YES does nothing and says so', async () => {
    await setup();
    await joParticipant();
    const confirmation = expectOneConfirmationToJo(await forged('PAUSE'));
    clock += 8 * DAY;
    const answered = await post({ from: JO, to: confirmation.reply_to.email, text: 'YES' });
    expect((await jo()).status).toBe('active');
    expect(textOf(answered[0])).toMatch(/more than 7 days old/);
  });
});

describe('genuine mail that SPF alone would not prove', () => {
  it.each(['parsed', 'raw'] as const)('when STOP comes with SPF softfail and no DKIM but answers our mail (its token), then it is honoured (%s mode)', async (mode) => {
    await setup();
    const inv = await joParticipant(mode);
    const mails = await post({ from: JO, to: inv.replyTo, text: 'STOP', spf: 'softfail', dkim: 'none', envelope: { from: JO, to: [inv.replyTo] } }, mode);
    expect((await jo()).status).toBe('stopped');
    expect(recipients(mails)).toEqual([JO]);
  });

  it('when STOP comes with SPF softfail and no token, but quoting our Message-ID in In-Reply-To, then it is honoured', async () => {
    await setup();
    const inv = await joParticipant();
    await post({ from: JO, to: ANYWHERE, inReplyTo: inv.messageId, text: 'STOP', spf: 'softfail', dkim: 'none' });
    expect((await jo()).status).toBe('stopped');
  });

  it.each(['parsed', 'raw'] as const)('when STOP comes with SPF softfail and no token but an aligned DKIM pass, then it is honoured (%s mode)', async (mode) => {
    await setup();
    await joParticipant(mode);
    await post({ from: JO, to: ANYWHERE, text: 'STOP', spf: 'softfail', dkim: '{@leeds.gov.uk : pass}', envelope: { from: JO, to: [ANYWHERE] } }, mode);
    expect((await jo()).status).toBe('stopped');
  });

  it.each(['parsed', 'raw'] as const)('when DKIM passes for a subdomain of the From\'s organisation and SPF fails, then it is accepted as aligned (%s mode)', async (mode) => {
    await setup();
    await joParticipant(mode);
    await post({ from: JO, to: ANYWHERE, text: 'PAUSE', spf: 'fail', dkim: '{@evil.example : pass, @mail.leeds.gov.uk : pass}', envelope: { from: 'x@evil.example', to: [ANYWHERE] } }, mode);
    expect((await jo()).status).toBe('paused');
    expect(await reason()).toBe('paused');
  });

  it.each(['parsed', 'raw'] as const)('when SPF passes for an envelope sender on a subdomain of the From\'s organisation and there is no DKIM, then it is accepted as aligned (%s mode)', async (mode) => {
    await setup();
    await joParticipant(mode);
    await post({ from: JO, to: ANYWHERE, text: 'PAUSE', spf: 'pass', dkim: 'none', envelope: { from: 'bounces+123@mailer.leeds.gov.uk', to: [ANYWHERE] } }, mode);
    expect((await jo()).status).toBe('paused');
  });

  it('when DKIM passes for another council under gov.uk, then that is no alignment', async () => {
    await setup();
    await joParticipant();
    const mails = await post({ from: JO, to: ANYWHERE, text: 'PAUSE', spf: 'pass', dkim: '{@york.gov.uk : pass}', envelope: { from: 'x@york.gov.uk', to: [ANYWHERE] } });
    expect((await jo()).status).toBe('active');
    expectOneConfirmationToJo(mails);
  });
});

describe('strangers and backscatter', () => {
  it.each(['parsed', 'raw'] as const)('when a forged stranger writes (%s mode), then nothing is sent and it is counted for the organiser', async (mode) => {
    await setup();
    const mails = await post({ from: 'victim@example.com', to: ANYWHERE, subject: 'Buy now at evil.example', text: 'Can I join?', ...FORGED }, mode);
    expect(mails).toEqual([]);
    expect(await h.t.db.get('SELECT status, reason FROM inbound_messages')).toEqual({ status: 'ignored', reason: 'ignored: unknown sender, not authenticated' });
    expect(await findPersonByEmail(h.t.db, 'victim@example.com')).toBeUndefined();
    const digest = await makeDigest(h.t.db, {}, { now: new Date(), schemeName: 'Unmentoring', width: 10 });
    expect(digest.text).toMatch(/Mail not acted on: 1 from unknown senders dropped unanswered; 0 requests held/);
  });

  it('when a forged stranger writes from an allowed domain, then they are not sent an invitation', async () => {
    h = await buildTestApp({ ...AUTH, ALLOWED_DOMAINS: 'gov.uk' });
    processor = new InboundProcessor({ db: h.t.db, config: h.config, logger: h.logs.logger });
    expect(await post({ from: 'victim@york.gov.uk', to: ANYWHERE, text: 'Can I join?', ...FORGED })).toEqual([]);
    expect(await findPersonByEmail(h.t.db, 'victim@york.gov.uk')).toBeUndefined();
  });

  it.each(['parsed', 'raw'] as const)('when an authenticated stranger writes (%s mode), then they are answered once in 30 days, with our subject, never theirs', async (mode) => {
    await setup();
    const stranger = { from: 'sam@example.com', to: ANYWHERE, text: 'Can I join?', spf: 'none', dkim: '{@example.com : pass}' };
    const first = await post({ ...stranger, subject: 'Free money, click evil.example' }, mode);
    expect(recipients(first)).toEqual(['sam@example.com']);
    expect(first[0].subject).toBe('Unmentoring is by invitation');
    expect(JSON.stringify(first[0])).not.toMatch(/Free money|evil/);

    clock += 29 * DAY;
    expect(await post({ ...stranger, subject: 'Again' }, mode)).toEqual([]);
    expect(await reason()).toBe('ignored: unknown sender, answered within 30 days');

    clock += 2 * DAY;
    const later = await post({ ...stranger, subject: 'A month on' }, mode);
    expect(recipients(later)).toEqual(['sam@example.com']);
    expect(later[0].subject).toBe('Unmentoring is by invitation');
    // Only a hash of the address is kept to know that.
    const kept = JSON.stringify(await h.t.db.all('SELECT * FROM stranger_answers'));
    expect(kept).not.toContain('sam@');
  });
});
