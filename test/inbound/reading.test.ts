import { afterEach, describe, expect, it } from 'vitest';
import { startReplyFlow, textOf, type ReplyFlow } from '../helpers/reply-flow.js';

// The mistakes seen when replies written independently of the reader went through it, each posted as
// SendGrid posts it (both Inbound Parse modes) and followed to the welcome mail the person gets.

let flow: ReplyFlow;
afterEach(async () => {
  await flow?.close();
});

const invitationQuote = (lines: string[]) =>
  `\n\nOn Tue, 1 Dec 2026 at 09:14, Unmentoring <hello@unmentoring.test> wrote:\n${lines.map((l) => `> ${l}`).join('\n')}\n`;
const ourForm = ['Hello,', 'TO JOIN, reply to this email with:', '', 'Name:', 'Phone:', 'Organisation:', 'Google, Skype or Teams ID (optional):'];

describe.each(['parsed', 'raw'] as const)('replies read as a person reads them (%s mode), through the webhook to the welcome mail', (mode) => {
  async function joinWith(email: string, text: string, fromName: string | null = null, organiser: string | null = null) {
    flow = await startReplyFlow();
    const inv = await flow.invite(email, null, organiser);
    const { mails } = await flow.replyWith({ from: email, fromName: fromName ?? undefined, to: inv.replyTo, inReplyTo: inv.messageId, text }, mode);
    return { person: await flow.person(email), mails };
  }

  it('when a job title sits above the organisation in the signature, then the welcome names the organisation, not the title', async () => {
    const { person, mails } = await joinWith(
      'alex.morgan@kent.gov.uk',
      `Yes please, happy to join.\n\nKind regards\n\nAlex Morgan\nService Designer\nKent County Council\nSessions House, County Road, Maidstone ME14 1XQ\nSwitchboard: 03000 41 41 41\nMobile: 07700 900412${invitationQuote(ourForm)}`,
    );
    expect(person).toMatchObject({ status: 'active', name: 'Alex Morgan', organisation: 'Kent County Council', phone: '+447700900412' });
    expect(mails).toHaveLength(1);
    expect(textOf(mails[0]!)).toContain('Kent County Council');
    expect(textOf(mails[0]!)).not.toContain('Service Designer');
  });

  it('when a name and a mobile come without an organisation from a council address, then the welcome names the council the domain names, and nothing more is asked', async () => {
    const { person, mails } = await joinWith('gwen.lloyd@pembrokeshire.gov.uk', `Yes please!\n\nGwen Lloyd\n07700 900 318\n\nHappy to talk about anything planning related${invitationQuote(ourForm)}`);
    expect(person).toMatchObject({ status: 'active', name: 'Gwen Lloyd', phone: '+447700900318', organisation: 'Pembrokeshire County Council' });
    expect(mails).toHaveLength(1);
    expect(textOf(mails[0]!)).toMatch(/You're in\. Thank you for joining\./);
    expect(textOf(mails[0]!)).toContain('Organisation: Pembrokeshire County Council');
  });

  it('when the organisation is in brackets after the name, then it is the organisation', async () => {
    const { person, mails } = await joinWith('s.turner@justice.gov.uk', `Count me in!\n\nSophie Turner (Ministry of Justice)\n07700 900331${invitationQuote(ourForm)}`);
    expect(person).toMatchObject({ status: 'active', name: 'Sophie Turner', organisation: 'Ministry of Justice', phone: '+447700900331' });
    expect(textOf(mails[0]!)).toContain('Ministry of Justice');
  });

  it('when every detail is on one line between slashes, then the name is the name alone and Teams is kept', async () => {
    const { person, mails } = await joinWith(
      'joy.adams@wakefield.gov.uk',
      `Name: Joy Adams / Phone: 07700 900 289 / Teams: joy.adams@wakefield.gov.uk / Org: Wakefield Council${invitationQuote(ourForm)}`,
    );
    expect(person).toMatchObject({ status: 'active', name: 'Joy Adams', phone: '+447700900289', organisation: 'Wakefield Council' });
    expect(person.other_channel).toContain("joy.adams@wakefield.gov.uk");
    expect(textOf(mails[0]!)).toContain('Joy Adams');
    expect(textOf(mails[0]!)).not.toContain('Joy Adams /');
  });

  it('when the Google ID is stated in a sentence, then it is kept as the Google ID', async () => {
    const { person, mails } = await joinWith(
      'tom.reilly@environment-agency.gov.uk',
      `Yes please. I'm Tom Reilly from the Environment Agency, best on 07700 900555. My Google ID is tom.reilly.ea@gmail.com${invitationQuote(ourForm)}`,
    );
    expect(person).toMatchObject({ status: 'active', google_id: 'tom.reilly.ea@gmail.com', organisation: 'Environment Agency' });
    expect(textOf(mails[0]!)).toContain('tom.reilly.ea@gmail.com');
  });

  it('when the answers are typed under the quoted form lines of an invitation worded differently from ours, then it is a join', async () => {
    const edited = ['Hello,', 'To take part, just reply with:', '', 'Your full name:'];
    const body = [
      'On Tue, 1 Dec 2026 at 09:14, Kent Coffee Roulette <hello@unmentoring.test> wrote:',
      ...edited.map((l) => `> ${l}`),
      'Amina Yusuf',
      '> Best phone number:',
      '07700 900217',
      '> Organisation / employer:',
      'Kent County Council',
      '> Teams/Skype/Google ID (if you have one):',
      '>',
      '> Thank you!',
    ].join('\n');
    const { person, mails } = await joinWith('amina.yusuf@kent.gov.uk', body);
    expect(person).toMatchObject({ status: 'active', name: 'Amina Yusuf', phone: '+447700900217', organisation: 'Kent County Council' });
    expect(mails).toHaveLength(1);
    expect(textOf(mails[0]!)).toContain('Amina Yusuf');
  });

  it('when someone joins and asks a question in the same reply, then they are in and the organiser is sent the question', async () => {
    const { person, mails } = await joinWith(
      'kim.lee@ofsted.gov.uk',
      `Count me in! Name: Kim Lee, phone 07700 900441, Ofsted. Do I need a camera for the calls?${invitationQuote(ourForm)}`,
    );
    expect(person).toMatchObject({ status: 'active', name: 'Kim Lee', organisation: 'Ofsted' });
    const organiser = flow.h.config.organiserEmail;
    const toPerson = mails.filter((m) => m.personalizations[0]!.to[0]!.email === 'kim.lee@ofsted.gov.uk');
    const toOrganiser = mails.filter((m) => m.personalizations[0]!.to[0]!.email === organiser);
    expect(toPerson).toHaveLength(1);
    expect(textOf(toPerson[0]!)).toContain('Kim Lee');
    expect(toOrganiser).toHaveLength(1);
    expect(textOf(toOrganiser[0]!)).toContain('Do I need a camera');
  });

  it("when the organiser's list gave the organisation, then the reply's own candidate that agrees with it is kept", async () => {
    const { person } = await joinWith(
      'jo.bloggs@nhs.net',
      `Yes please, 07700 900123\n\nJo Bloggs\nNHS England\nLeeds Teaching Hospitals NHS Trust${invitationQuote(ourForm)}`,
      null,
      'Leeds Teaching Hospitals',
    );
    expect(person.organisation).toBe('Leeds Teaching Hospitals NHS Trust');
  });

  it('when the rules read a join from details no label gave and the second reader is unsure of it, then nobody joins yet: they are asked to confirm, and their YES joins them', async () => {
    const text = `ok if I must\n\nOwen Pritchard\nHM Land Registry\nMobile 07700 900771${invitationQuote(ourForm)}`;
    const { person, mails } = await joinWith('owen.pritchard@landregistry.gov.uk', text, 'Owen Pritchard');
    expect(person).toMatchObject({ status: 'invited', name: null, phone: null, consent_at: null });
    expect(mails).toHaveLength(1);
    const ask = mails[0]!;
    expect(ask.personalizations[0]!.to[0]!.email).toBe('owen.pritchard@landregistry.gov.uk');
    expect(ask.subject).toBe('Please check: should we sign you up, with the details in that email?');
    expect(textOf(ask)).toMatch(/reply to this email with YES/);
    // Nothing of what they wrote is echoed back.
    expect(textOf(ask)).not.toContain('900771');
    expect(textOf(ask)).not.toContain('Land Registry');

    const yes = await flow.replyWith({ from: 'owen.pritchard@landregistry.gov.uk', to: ask.reply_to!.email, inReplyTo: ask.headers!['Message-ID'], subject: `Re: ${ask.subject}`, text: 'YES' }, mode);
    const joined = await flow.person('owen.pritchard@landregistry.gov.uk');
    expect(joined).toMatchObject({ status: 'active', name: 'Owen Pritchard', phone: '+447700900771', organisation: 'HM Land Registry' });
    expect(joined.consent_at).not.toBeNull();
    expect(yes.mails).toHaveLength(1);
    expect(textOf(yes.mails[0]!)).toMatch(/You're in\. Thank you for joining\./);
    expect(textOf(yes.mails[0]!)).toContain('HM Land Registry');
  });

  it('when a join read unsurely came with no quote of the invitation, then the YES still joins them (the held reply is read again as the answer it was)', async () => {
    flow = await startReplyFlow();
    const inv = await flow.invite('owen.pritchard@landregistry.gov.uk');
    const text = "ok if I must\n\nOwen Pritchard\nHM Land Registry\nMobile 07700 900771";
    const { mails } = await flow.replyWith({ from: 'owen.pritchard@landregistry.gov.uk', fromName: 'Owen Pritchard', to: inv.replyTo, text }, mode);
    expect(mails).toHaveLength(1);
    const ask = mails[0]!;
    expect(ask.subject).toBe('Please check: should we sign you up, with the details in that email?');
    await flow.replyWith({ from: 'owen.pritchard@landregistry.gov.uk', to: ask.reply_to!.email, inReplyTo: ask.headers!['Message-ID'], subject: `Re: ${ask.subject}`, text: 'yes' }, mode);
    expect(await flow.person('owen.pritchard@landregistry.gov.uk')).toMatchObject({ status: 'active', name: 'Owen Pritchard', phone: '+447700900771' });
  });

  it('when a join read unsurely is answered NO THANKS, then nobody joins and they hear no more', async () => {
    const text = `ok if I must\n\nOwen Pritchard\nHM Land Registry\nMobile 07700 900771${invitationQuote(ourForm)}`;
    const { mails } = await joinWith('owen.pritchard@landregistry.gov.uk', text, 'Owen Pritchard');
    const ask = mails[0]!;
    await flow.replyWith({ from: 'owen.pritchard@landregistry.gov.uk', to: ask.reply_to!.email, inReplyTo: ask.headers!['Message-ID'], subject: `Re: ${ask.subject}`, text: 'No thanks' }, mode);
    expect(await flow.person('owen.pritchard@landregistry.gov.uk')).toMatchObject({ name: null, consent_at: null });
    expect((await flow.person('owen.pritchard@landregistry.gov.uk')).status).not.toBe('active');
  });

  it('when someone says no to the invitation in words no rule knows, then the second reader reads the no: not joined, and no more mail', async () => {
    const { person, mails } = await joinWith('priya.shah@leeds.gov.uk', `Kind of you to think of me but it's a no from me, cheers.\n\nPriya${invitationQuote(ourForm)}`, 'Priya Shah');
    expect(person).toMatchObject({ status: 'stopped', consent_at: null, joined_at: null });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.personalizations[0]!.to[0]!.email).toBe('priya.shah@leeds.gov.uk');
    expect(textOf(mails[0]!)).toMatch(/won't send you any more emails/);
  });
});
