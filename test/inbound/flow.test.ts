import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { buildParsedPayload } from '../helpers/inbound-payload.js';
import { FLOW_AUTH as AUTH, startReplyFlow, textOf, type ReplyFlow } from '../helpers/reply-flow.js';
import { InboundProcessor } from '../../src/inbound/process.js';
import { findPersonByEmail, type Person } from '../../src/db/people.js';
import { templateVersion } from '../../src/mail/templates.js';

let h: TestApp;
let flow: ReplyFlow;

afterEach(async () => {
  await flow?.close();
});

async function setup(env: Record<string, string> = {}) {
  flow = await startReplyFlow(env);
  h = flow.h;
}

const invite: ReplyFlow['invite'] = (...a) => flow.invite(...a);
const replyWith: ReplyFlow['replyWith'] = (...a) => flow.replyWith(...a);
const person: ReplyFlow['person'] = (email) => flow.person(email);

const gmailQuote = (body: string, inv: string) =>
  `${body}\n\nOn Tue, 24 Nov 2026 at 09:12, Unmentoring <hello@unmentoring.test> wrote:\n> ${inv.split('\n').join('\n> ')}\n`;

describe('joining by reply, end to end', () => {
  it('when an invitee replies "Yes please" from Gmail with their phone in the signature, then they are in and get a threaded welcome', async () => {
    await setup();
    const inv = await invite('jo.bloggs@leeds.gov.uk', 'Jo Bloggs', 'Leeds City Council');
    const { mails, messageId } = await replyWith({
      from: 'jo.bloggs@leeds.gov.uk',
      fromName: 'Jo Bloggs',
      to: inv.replyTo,
      inReplyTo: inv.messageId,
      text: gmailQuote('Yes please!\n\nJo Bloggs\nPlanning Officer\nLeeds City Council\nMobile: 07700 900123', 'Hello Jo Bloggs,\nTO JOIN, reply to this email with:\nName:\nPhone:'),
    });
    const p = await person('jo.bloggs@leeds.gov.uk');
    expect(p.status).toBe('active');
    expect(p.phone).toBe('+447700900123');
    expect(p.consent_at).not.toBeNull();
    expect(p.consent_version).toBe(templateVersion('invitation'));
    expect(mails).toHaveLength(1);
    const welcome = mails[0];
    expect(welcome.personalizations[0].to[0].email).toBe('jo.bloggs@leeds.gov.uk');
    expect(welcome.subject).toBe('Re: An invitation');
    expect(welcome.headers['In-Reply-To']).toBe(messageId);
    expect(welcome.headers.References).toContain(messageId);
    expect(textOf(welcome)).toContain('+447700900123');
    expect(textOf(welcome)).toContain('Leeds City Council');
  });

  it.each(['parsed', 'raw'] as const)('when an invitee says yes and attaches their contact card (%s mode), then the card\'s mobile and organisation are theirs and the welcome lists them', async (mode) => {
    await setup();
    const inv = await invite('chiamaka.okafor@bristol.gov.uk');
    const card = readFileSync(new URL('../fixtures/contact-cards/iphone-with-photo.vcf', import.meta.url));
    const { mails } = await replyWith(
      {
        from: 'chiamaka.okafor@bristol.gov.uk',
        fromName: 'Chiamaka Okafor',
        to: inv.replyTo,
        inReplyTo: inv.messageId,
        text: 'Yes please - my details are in the card attached.\n\nSent from my iPhone',
        attachments: [{ filename: 'Chiamaka Okafor.vcf', contentType: 'text/vcard', content: card }],
      },
      mode,
    );
    const p = await person('chiamaka.okafor@bristol.gov.uk');
    expect(p.status).toBe('active');
    expect(p.phone).toBe('+447700900532');
    expect(p.organisation).toBe('Bristol City Council');
    expect(mails).toHaveLength(1);
    expect(textOf(mails[0])).toContain('+447700900532');
    expect(textOf(mails[0])).toContain('Bristol City Council');
  });

  it('when the phone is missing, then exactly the phone is asked for, and the answer to that question completes the join', async () => {
    await setup();
    const inv = await invite('sam@example.nhs.uk');
    const first = await replyWith({
      from: 'sam@example.nhs.uk',
      fromName: 'Sam Lee',
      to: inv.replyTo,
      text: 'Count me in.\n\nName: Sam Lee\nOrganisation: NHS Digital\n',
    });
    expect((await person('sam@example.nhs.uk')).status).toBe('awaiting_details');
    expect(first.mails).toHaveLength(1);
    const ask = first.mails[0];
    expect(textOf(ask)).toMatch(/phone/i);
    expect(textOf(ask)).not.toMatch(/^Name:\s*$/m);

    const second = await replyWith({
      from: 'sam@example.nhs.uk',
      to: ask.reply_to.email,
      inReplyTo: ask.headers['Message-ID'],
      text: `Phone: 020 7946 0123\n\nOn Wed, 25 Nov 2026, Unmentoring wrote:\n> ${textOf(ask).split('\n').join('\n> ')}`,
    });
    const p = await person('sam@example.nhs.uk');
    expect(p.status).toBe('active');
    expect(p.phone).toBe('+442079460123');
    expect(p.organisation).toBe('NHS Digital');
    expect(second.mails).toHaveLength(1);
    expect(textOf(second.mails[0])).toContain('+442079460123');
  });

  it('when the reply is raw MIME in ISO-8859-1 quoted-printable, then the accents survive into the stored details', async () => {
    await setup();
    const inv = await invite('sian@example.gov.uk');
    await replyWith(
      {
        from: 'sian@example.gov.uk',
        fromName: 'Siân Jones',
        to: inv.replyTo,
        charset: 'iso-8859-1',
        transferEncoding: 'quoted-printable',
        text: 'Yes please.\n\nName: Siân Jones\nPhone: 07700 900456\nOrganisation: Cyngor Gwynedd\n',
      },
      'raw',
    );
    const p = await person('sian@example.gov.uk');
    expect(p.status).toBe('active');
    expect(p.name).toBe('Siân Jones');
    expect(p.organisation).toBe('Cyngor Gwynedd');
  });

  it('when the reply is HTML only, then it is read as text', async () => {
    await setup();
    const inv = await invite('ola@example.police.uk');
    await replyWith({
      from: 'ola@example.police.uk',
      to: inv.replyTo,
      html: '<div>Yes please</div><div>Name: Ola Nowak<br>Phone: 07700 900789<br>Organisation: West Yorkshire Police</div><blockquote>Hello, TO JOIN reply…</blockquote>',
    });
    const p = await person('ola@example.police.uk');
    expect(p.status).toBe('active');
    expect(p.name).toBe('Ola Nowak');
  });
});

describe('what is never answered', () => {
  it('when an out-of-office reply arrives, then nobody joins and nothing is sent', async () => {
    await setup();
    const inv = await invite('away@example.gov.uk');
    const { mails } = await replyWith({
      from: 'away@example.gov.uk',
      to: inv.replyTo,
      subject: 'Automatic reply: An invitation',
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      text: 'I am out of the office until Monday. For urgent matters call 07700 900111.',
    });
    expect(mails).toHaveLength(0);
    expect((await person('away@example.gov.uk')).status).toBe('invited');
    const row = await h.t.db.get<{ status: string; reason: string }>('SELECT status, reason FROM inbound_messages');
    expect(row!.status).toBe('ignored');
  });

  it('when a delivery failure report comes back to an invitation\'s address, then that address is marked bounced and suppressed', async () => {
    await setup();
    const inv = await invite('gone@example.gov.uk');
    const { mails } = await replyWith(
      {
        from: 'mailer-daemon@mx.example.gov.uk',
        to: inv.replyTo,
        subject: 'Undeliverable: An invitation',
        contentType: 'multipart/report; report-type=delivery-status',
        text: 'Delivery to the following recipient failed permanently: gone@example.gov.uk',
      },
      'raw',
    );
    expect(mails).toHaveLength(0);
    expect((await person('gone@example.gov.uk')).status).toBe('bounced');
    expect(await h.t.db.get('SELECT reason FROM suppressions WHERE email = ?', ['gone@example.gov.uk'])).toEqual({ reason: 'bounce' });
  });

  it('when a message that fails SPF and DKIM and answers none of our mails claims to be a participant saying STOP, then nothing changes and only she is asked to confirm', async () => {
    await setup();
    const inv = await invite('jo@leeds.gov.uk', 'Jo', 'Leeds City Council');
    await replyWith({ from: 'jo@leeds.gov.uk', to: inv.replyTo, text: 'Yes please. Name: Jo Bloggs. Phone: 07700 900123. Organisation: Leeds City Council' });
    expect((await person('jo@leeds.gov.uk')).status).toBe('active');
    // No token and no thread header: nothing shows it answers our mail to her.
    const { mails } = await replyWith({ from: 'jo@leeds.gov.uk', to: 'join@reply.unmentoring.test', text: 'STOP', spf: 'fail', dkim: '{@leeds.gov.uk : fail}' });
    expect((await person('jo@leeds.gov.uk')).status).toBe('active');
    expect(mails.map((m) => m.personalizations[0].to[0].email)).toEqual(['jo@leeds.gov.uk']);
    expect(mails[0].subject).toMatch(/confirm/i);
  });

  it('when a forged message (attacker\'s own SPF and DKIM, no token) attaches a contact card with new details for a participant, then her details stay as they were', async () => {
    await setup();
    const inv = await invite('jo@leeds.gov.uk', 'Jo', 'Leeds City Council');
    await replyWith({ from: 'jo@leeds.gov.uk', to: inv.replyTo, text: 'Yes please. Name: Jo Bloggs. Phone: 07700 900123. Organisation: Leeds City Council' });
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo Bloggs\r\nORG:Ministry of Justice\r\nTEL;TYPE=CELL:07700 900999\r\nEND:VCARD\r\n';
    await replyWith({
      from: 'jo@leeds.gov.uk',
      to: 'join@reply.unmentoring.test',
      text: 'New details attached, please update.',
      spf: 'pass',
      dkim: '{@attacker.example : pass}',
      attachments: [{ filename: 'jo.vcf', contentType: 'text/vcard', content: Buffer.from(card) }],
    });
    const p = await person('jo@leeds.gov.uk');
    expect(p.phone).toBe('+447700900123');
    expect(p.organisation).toBe('Leeds City Council');
  });

  it('when SendGrid posts the same reply twice, then it has one effect and one answer', async () => {
    await setup();
    const inv = await invite('twice@example.gov.uk');
    const opts = { from: 'twice@example.gov.uk', to: inv.replyTo, text: 'Name: Tam Twice\nPhone: 07700 900222\nOrganisation: HMRC', messageId: '<same@mail.example>' };
    const first = await replyWith(opts);
    const second = await replyWith(opts);
    expect(second.res.body.status).toBe('duplicate');
    expect(first.mails).toHaveLength(1);
    expect(second.mails).toHaveLength(0);
  });
});

describe('people the scheme does not know', () => {
  it('when someone not invited writes, then they get the polite refusal and nothing about them is kept', async () => {
    await setup();
    const { mails } = await replyWith({ from: 'stranger@example.com', to: `join@${'reply.unmentoring.test'}`, text: 'Hi, can I join? 07700 900333' });
    expect(mails).toHaveLength(1);
    expect(textOf(mails[0])).toMatch(/invit/i);
    expect(await findPersonByEmail(h.t.db, 'stranger@example.com')).toBeUndefined();
    const row = await h.t.db.get<{ raw: Buffer | null; parsed: string | null }>('SELECT raw, parsed FROM inbound_messages');
    expect(row).toEqual({ raw: null, parsed: null });
    const out = await h.t.db.get<{ recipients: string }>("SELECT recipients FROM outbox WHERE template = 'not-invited'");
    expect(out!.recipients).toBe('[]');
  });

  it('when someone from an allowed domain writes, then they are sent the invitation and can join by replying to it', async () => {
    await setup({ ALLOWED_DOMAINS: 'gov.uk,nhs.net' });
    const first = await replyWith({ from: 'colleague@leeds.gov.uk', to: 'join@reply.unmentoring.test', text: 'Jo told me about this, can I join?' });
    expect(first.mails).toHaveLength(1);
    expect(first.mails[0].subject).toMatch(/invitation/i);
    expect((await person('colleague@leeds.gov.uk')).status).toBe('invited');
    await replyWith({
      from: 'colleague@leeds.gov.uk',
      to: first.mails[0].reply_to.email,
      text: 'Yes please\nName: Cal Colleague\nPhone: 07700 900444\nOrganisation: Leeds City Council',
    });
    expect((await person('colleague@leeds.gov.uk')).status).toBe('active');
  });

  it('when a colleague replies to an invitation forwarded to them, then they are not mistaken for the person invited', async () => {
    await setup();
    const inv = await invite('invited@leeds.gov.uk');
    await replyWith({ from: 'colleague@leeds.gov.uk', to: inv.replyTo, text: 'Name: Cal\nPhone: 07700 900555\nOrganisation: Leeds City Council' });
    const invited = await person('invited@leeds.gov.uk');
    expect(invited.status).toBe('invited');
    expect(invited.phone).toBeNull();
  });
});

describe('participants\' requests', () => {
  async function participant(email = 'pat@example.gov.uk') {
    const inv = await invite(email);
    await replyWith({ from: email, to: inv.replyTo, text: 'Yes please\nName: Pat Example\nPhone: 07700 900666\nOrganisation: DfE\nSkype: live:pat.example' });
    expect((await person(email)).status).toBe('active');
    return inv;
  }

  it('when a participant replies STOP, then they are stopped, suppressed and get one acknowledgement', async () => {
    await setup();
    const inv = await participant();
    const { mails } = await replyWith({ from: 'pat@example.gov.uk', to: inv.replyTo, text: 'STOP' });
    expect((await person('pat@example.gov.uk')).status).toBe('stopped');
    expect(mails).toHaveLength(1);
    const again = await replyWith({ from: 'pat@example.gov.uk', to: inv.replyTo, text: 'stop' });
    expect(again.mails).toHaveLength(0);
  });

  it('when a participant asks a question, then it reaches the organiser and they are told so', async () => {
    await setup();
    const inv = await participant();
    const { mails } = await replyWith({ from: 'pat@example.gov.uk', to: inv.replyTo, text: 'Who else from my area is taking part?' });
    const to = mails.map((m) => m.personalizations[0].to[0].email).sort();
    expect(to).toEqual([h.config.organiserEmail, 'pat@example.gov.uk'].sort());
    const forward = mails.find((m) => m.personalizations[0].to[0].email === h.config.organiserEmail)!;
    expect(textOf(forward)).toContain('Who else from my area is taking part?');
  });

  it('when a participant asks for MY DATA, then they are sent everything held about them', async () => {
    await setup();
    const inv = await participant();
    const { mails } = await replyWith({ from: 'pat@example.gov.uk', to: inv.replyTo, text: 'MY DATA' });
    expect(mails).toHaveLength(1);
    const text = textOf(mails[0]);
    expect(text).toContain('+447700900666');
    expect(text).toContain('live:pat.example');
  });

  it('when a participant replies DELETE, then their personal data is gone everywhere and the last mail forgets them once sent', async () => {
    await setup();
    const inv = await participant();
    const { mails } = await replyWith({ from: 'pat@example.gov.uk', to: inv.replyTo, text: 'DELETE' });
    expect(mails).toHaveLength(1);
    expect(await findPersonByEmail(h.t.db, 'pat@example.gov.uk')).toBeUndefined();
    const erased = await h.t.db.get<Person>("SELECT * FROM people WHERE status = 'erased'");
    expect(erased).toMatchObject({ email: null, name: null, phone: null, organisation: null, skype_id: null });
    const dump = JSON.stringify(await h.t.db.all('SELECT raw, parsed FROM inbound_messages')) + JSON.stringify(await h.t.db.all('SELECT data, recipients FROM outbox'));
    expect(dump).not.toContain('900666');
    expect(dump).not.toContain('pat@example.gov.uk');
  });

  it('when a participant sends a new phone number, then it replaces the old one and the change is confirmed', async () => {
    await setup();
    const inv = await participant();
    const { mails } = await replyWith({ from: 'pat@example.gov.uk', to: inv.replyTo, text: 'Phone: 07700 900777' });
    expect((await person('pat@example.gov.uk')).phone).toBe('+447700900777');
    expect(textOf(mails[0])).toContain('+447700900777');
  });

  it('when a participant replies PAUSE, then they are paused', async () => {
    await setup();
    const inv = await participant();
    await replyWith({ from: 'pat@example.gov.uk', to: inv.replyTo, text: 'PAUSE' });
    expect((await person('pat@example.gov.uk')).status).toBe('paused');
  });
});

describe('a crash between storing and processing', () => {
  it('when the service stops after storing a reply, then the reply is processed when it starts again', async () => {
    await setup();
    const inv = await invite('late@example.gov.uk');
    const payload = buildParsedPayload({ from: 'late@example.gov.uk', to: inv.replyTo, subject: 'Re: An invitation', text: 'Name: Lee Late\nPhone: 07700 900888\nOrganisation: Ofsted' });
    const res = await request(h.app).post('/inbound').auth(AUTH.INBOUND_USER, AUTH.INBOUND_PASSWORD).set('Content-Type', payload.contentType).send(payload.body);
    expect(res.status).toBe(200);
    // Nothing processed it: the process "died" here. A new processor starts as the service would.
    expect((await person('late@example.gov.uk')).status).toBe('invited');
    const restarted = new InboundProcessor({ db: h.t.db, config: h.config, logger: h.logs.logger }, { pollMs: 50 });
    restarted.start();
    for (let i = 0; i < 100 && (await person('late@example.gov.uk')).status !== 'active'; i++) await new Promise((r) => setTimeout(r, 20));
    await restarted.stop();
    expect((await person('late@example.gov.uk')).status).toBe('active');
  });
});

describe('privacy in logs', () => {
  it('when a whole join is processed, then no address, phone or body text appears in the logs', async () => {
    await setup();
    const inv = await invite('private@example.gov.uk');
    await replyWith({ from: 'private@example.gov.uk', fromName: 'Priya Private', to: inv.replyTo, text: 'Yes please\nName: Priya Private\nPhone: 07700 900999\nOrganisation: Home Office' });
    const logs = h.logs.text();
    expect(logs).toContain('inbound message stored');
    for (const secret of ['private@example.gov.uk', '900999', 'Priya', 'Home Office', 'Yes please']) expect(logs).not.toContain(secret);
  });
});

describe('a whole cycle: replies, a round, introductions, "did you meet?"', () => {
  it('when four invitees join by reply and a round runs, then each pair is introduced, asked later, and their MET answers are stored', async () => {
    await setup();
    const people = [
      ['ann@leeds.gov.uk', 'Ann Able', 'Leeds City Council', '07700 900101'],
      ['bob@nhs.net', 'Bob Baker', 'NHS England', '07700 900102'],
      ['cat@hmrc.gov.uk', 'Cat Cole', 'HMRC', '07700 900103'],
      ['dan@met.police.uk', 'Dan Drew', 'Metropolitan Police', '07700 900104'],
    ] as const;
    for (const [email, name, org, phone] of people) {
      const inv = await invite(email);
      await replyWith({ from: email, to: inv.replyTo, text: `Yes please!\nName: ${name}\nPhone: ${phone}\nOrganisation: ${org}` });
    }
    const { runRound } = await import('../../src/matching/round.js');
    const { sendFollowUps } = await import('../../src/matching/after-round.js');
    const round = await runRound({ db: h.t.db, config: h.config, logger: h.logs.logger }, { trigger: 'manual' });
    expect(round.groups).toBe(2);
    await h.sender.drain();
    const intros = h.sg.mails().filter((m) => m.categories?.includes('introduction'));
    expect(intros).toHaveLength(2);
    const introduced = intros.flatMap((m) => m.personalizations[0].to.map((x: { email: string }) => x.email)).sort();
    expect(introduced).toEqual(people.map((p) => p[0]).sort());
    for (const intro of intros) {
      const [a, b] = intro.personalizations[0].to.map((x: { email: string }) => people.find((p) => p[0] === x.email)!);
      expect(a[2]).not.toBe(b[2]);
      expect(intro.content[0].value).toContain(`+44${a[3].slice(1).replace(/ /g, '')}`);
    }

    await h.t.db.run("UPDATE outbox SET sent_at = ? WHERE template = 'introduction'", [new Date(Date.now() - 15 * 86_400_000).toISOString()]);
    expect(await sendFollowUps(h.t.db, h.config, new Date())).toBe(4);
    await h.sender.drain();
    const followUp = h.sg.mails().find((m) => m.categories?.includes('follow-up') && m.personalizations[0].to[0].email === 'ann@leeds.gov.uk')!;
    await replyWith({ from: 'ann@leeds.gov.uk', to: followUp.reply_to.email, inReplyTo: followUp.headers['Message-ID'], text: 'MET - we are going to share our planning data.' });
    const answer = await h.t.db.get<{ met: number; outcome: string }>(
      "SELECT a.met, a.outcome FROM answers a JOIN people p ON p.id = a.person_id WHERE p.email = 'ann@leeds.gov.uk'",
    );
    expect(answer).toEqual({ met: 1, outcome: 'we are going to share our planning data.' });
  });
});
