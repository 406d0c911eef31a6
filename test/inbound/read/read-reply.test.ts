import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReply } from '../../../src/inbound/read/index.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const fixture = (name: string) => fs.readFileSync(path.join(root, 'test', 'fixtures', 'replies', name), 'utf8');
const now = new Date('2026-05-10T12:00:00Z');
const email = (over: Partial<Parameters<typeof readReply>[0]>) => ({
  text: null, html: null, subject: 'Re: Would you like a coffee?', fromName: 'Jo Bloggs', fromEmail: 'jo.bloggs@leeds.gov.uk',
  headers: {}, contentType: 'text/plain', ...over,
});

describe('readReply', () => {
  for (const name of ['gmail.txt', 'outlook-desktop.txt', 'outlook-web.txt', 'outlook-ios.txt', 'iphone.txt', 'samsung.txt', 'thunderbird.txt', 'apple-mail.txt', 'german.txt']) {
    it(`when a join reply arrives in ${name}, then it is a join with name, E.164 phone and organisation`, () => {
      const r = readReply(email({ text: fixture(name), fromName: 'Planning Team' }), now);
      expect(r).toMatchObject({ intent: 'join', automatic: false, bounce: false });
      expect(r.fields).toMatchObject({ name: 'Jo Bloggs', phone: '+447700900123', organisation: 'Leeds City Council' });
    });
  }

  it('when the only body is Outlook HTML, then the join is still read', () => {
    const r = readReply(email({ html: fixture('html-only-outlook.html'), contentType: 'text/html' }), now);
    expect(r.intent).toBe('join');
    expect(r.fields.phone).toBe('+447700900123');
  });

  it('when an out-of-office says "yes", then it is automatic and its intent is other', () => {
    const r = readReply(email({ text: 'Yes, I am away until Monday.', subject: 'Automatic reply: Would you like a coffee?', headers: { 'Auto-Submitted': 'auto-replied' } }), now);
    expect(r).toMatchObject({ automatic: true, intent: 'other', bounce: false });
  });

  it('when a Gmail inline reply answers under quoted labels, then the fields come from those answers', () => {
    const r = readReply(email({ text: fixture('gmail-inline.txt'), fromName: null }), now);
    expect(r.fields).toMatchObject({ name: 'Jo Bloggs', phone: '+447700900123', organisation: 'Leeds City Council' });
    expect(r.intent).toBe('join');
  });

  it('when the body says the details are in the subject line, then they are read from what was typed after our subject', () => {
    const r = readReply(email({ subject: 'RE: An invitation: half an hour with someone - YES Mark Ellis, 07700 900777, Met Office', text: 'Yes - details as per subject line.\n\nMark', fromName: 'Ellis, Mark' }), now);
    expect(r.intent).toBe('join');
    expect(r.fields).toMatchObject({ name: 'Mark Ellis', phone: '+447700900777', organisation: 'Met Office' });
  });

  it('when a yes and the details are typed after the invitation\'s subject above a body holding only a signature, then it is a join with the subject\'s details', () => {
    const text = 'Mark Evans\nPlanning Officer\nCardiff Council\nCounty Hall, Atlantic Wharf, Cardiff CF10 4UW\nTel: 029 2018 0733\n\n> To join, reply to this email with:\n> Name:\n> Phone:\n> Organisation:';
    const r = readReply(email({ subject: 'RE: An invitation: half an hour with someone from elsewhere in the public sector - YES, Mark Evans 07700 900128 Cardiff Council', text, fromName: 'Evans, Mark', fromEmail: 'mark.evans@cardiff.gov.uk' }), now);
    expect(r.intent).toBe('join');
    expect(r.fields).toMatchObject({ name: 'Mark Evans', phone: '+447700900128', organisation: 'Cardiff Council' });
  });

  it('when an organiser\'s own subject has a dash and the body holds only a signature, then the subject\'s words make no join', () => {
    const text = 'Mark Evans\nPlanning Officer\nCardiff Council\nTel: 029 2018 0733\n\n> To join, reply to this email with:\n> Name:\n> Phone:\n> Organisation:';
    const r = readReply(email({ subject: 'RE: Coffee roulette - join us for a new round', text, fromName: 'Evans, Mark', fromEmail: 'mark.evans@cardiff.gov.uk' }), now);
    expect(r.intent).not.toBe('join');
  });

  it('when the body does not point to the subject, then a dash in the subject adds nothing', () => {
    const r = readReply(email({ subject: 'Re: Coffee - 07700 900777', text: 'Yes please! Jo Bloggs, Leeds City Council' }), now);
    expect(r.fields.phone).toBeNull();
  });

  it('when three detail lines stand above a phone\'s "Sent from my iPhone", then they were typed: a join', () => {
    const text = 'Hi\n\nEilidh Fraser\n(07700) 900 276\nSEPA - Environmental Performance, Stirling office\n\nSent from my iPhone\n\n> On 30 Sep 2026, at 09:10, Unmentoring <hello@unmentoring.org> wrote:\n> TO JOIN, reply to this email with:\n> Name:\n> Phone:\n> Organisation:';
    const r = readReply(email({ text, subject: 'Re: An invitation: half an hour with someone', fromName: 'Eilidh Fraser', fromEmail: 'eilidh.fraser@sepa.org.uk' }), now);
    expect(r.intent).toBe('join');
    expect(r.fields).toMatchObject({ name: 'Eilidh Fraser', phone: '+447700900276', organisation: 'SEPA' });
  });

  it('when a desktop signature with a job title is all a reply to the invitation holds, then it is still for a person to read', () => {
    const text = 'Eilidh Fraser\nSenior Policy Officer\nSEPA\n07700 900276\n\n> TO JOIN, reply to this email with:\n> Name:';
    expect(readReply(email({ text, subject: 'Re: An invitation: half an hour with someone' }), now).intent).toBe('other');
  });

  it('when an HTML-only reply says its details are in blue against the quoted form, then they are read from there, not from the signature\'s desk line', () => {
    const html = `<div>Morning,</div><div><br></div><div>I'm in. I've put my details in blue against your list below.</div><div><br></div><div>Graham</div><div><br></div>
<p style="margin:0">Graham Sutherland | Station Commander | Prevention &amp; Protection</p><p style="margin:0">Scottish Fire and Rescue Service | Seirbheis Smàlaidh agus Teasairginn na h-Alba</p><p style="margin:0">North Service Delivery Area</p><p style="margin:0">Tel: 0131 496 0219</p>
<hr><div id="divRplyFwdMsg"><b>From:</b> Unmentoring &lt;hello@unmentoring.org&gt;<br><b>Sent:</b> Thursday, October 1, 2026 10:02 AM<br><b>Subject:</b> An invitation</div>
<p>TO JOIN, reply to this email with:</p><p>Name: <span style="color:#0070C0">Graham Sutherland</span><br>Phone: <span style="color:#0070C0">07700 900148 (mobile)</span><br>Organisation: <span style="color:#0070C0">Scottish Fire and Rescue Service</span></p>`;
    const r = readReply(email({ html, contentType: 'text/html', subject: 'RE: An invitation: half an hour with someone', fromName: 'Sutherland, Graham', fromEmail: 'graham.sutherland@firescotland.gov.uk' }), now);
    expect(r.intent).toBe('join');
    expect(r.fields).toMatchObject({ name: 'Graham Sutherland', phone: '+447700900148', organisation: 'Scottish Fire and Rescue Service' });
  });

  it('when a change is typed into the quoted welcome after Outlook\'s "[Their Name]" marker, then it is read as theirs', () => {
    const text = [
      'Hi – one change, see below in blue.', '', 'Tunde', '',
      'From: Unmentoring <hello@unmentoring.org>', 'Sent: 24 September 2026 14:00', "Subject: You're in: welcome to Unmentoring", '',
      "You're in. Thank you for joining.", '', 'Name: Tunde Bakare', 'Phone: 020 7946 0261', '[Tunde Bakare] Now 07700 900390 – the desk line is being switched off.', "Organisation: Guy's and St Thomas' NHS Foundation Trust",
    ].join('\n');
    const r = readReply(email({ text, subject: "RE: You're in: welcome to Unmentoring", fromName: 'Bakare, Tunde', fromEmail: 'tunde.bakare@gstt.nhs.uk' }), now);
    expect(r.intent).toBe('update');
    expect(r.fields.phone).toBe('+447700900390');
    // Someone else's name in the brackets is not theirs.
    const other = readReply(email({ text: text.replace('[Tunde Bakare]', '[Caution: External]'), subject: "RE: You're in: welcome to Unmentoring", fromName: 'Bakare, Tunde', fromEmail: 'tunde.bakare@gstt.nhs.uk' }), now);
    expect(other.fields.phone).not.toBe('+447700900390');
  });

  it('when Outlook recalls a message, then it is automatic', () => {
    const r = readReply(email({ subject: 'Recall: RE: Have you found a time with Aled Rees?', text: 'Claire Fenwick would like to recall the message, "RE: Have you found a time with Aled Rees?".' }), now);
    expect(r.automatic).toBe(true);
  });
});

describe('readReply, answering our mail that asks for a missing detail', () => {
  const quote = '> On 1 Oct 2026, at 16:42, Unmentoring <hello@unmentoring.org> wrote:\n>\n> Hello Hamish Ross,\n>\n> Thank you for saying yes. We just need your phone before we can match you with someone.\n>\n> Please reply to this email with:\n>\n> Phone:\n';
  it('when the reply is the bare number asked for, then it is read as the detail given, not doubted', () => {
    const r = readReply(email({ text: `07700 900254\n\nThanks, Hamish\n\nSent from my iPhone\n\n${quote}`, subject: 'Re: Almost there: we need your phone', fromName: 'Hamish Ross', fromEmail: 'hamish.ross@cairngorms.co.uk' }), now);
    expect(r.intent).toBe('join');
    expect(r.fields.phone).toBe('+447700900254');
    expect(r.askBack).toBeNull();
  });
});
