import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFields, personalDisplayName } from '../../../src/inbound/read/fields.js';
import { normalisePhone } from '../../../src/inbound/read/phone.js';
import { extractReply } from '../../../src/inbound/read/reply-text.js';
import { readReply } from '../../../src/inbound/read/index.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const fixture = (name: string) => fs.readFileSync(path.join(root, 'test', 'fixtures', 'replies', name), 'utf8');

function fieldsOf(text: string, fromName: string | null = null) {
  const r = extractReply({ text, html: null, fromName });
  return extractFields({ ...r, fromName, fromEmail: null, fullText: text });
}

describe('extractFields', () => {
  it('when details are given comma-separated after "Yes please!", then name, phone and organisation are read', () => {
    expect(fieldsOf(fixture('gmail.txt'))).toMatchObject({ name: 'Jo Bloggs', phone: '+447700900123', organisation: 'Leeds City Council' });
  });

  it('when the body has a mobile and the signature a switchboard, then the body number wins', () => {
    expect(fieldsOf(fixture('outlook-desktop.txt')).phone).toBe('+447700900123');
  });

  it('when labels use any case and ":", "-" or "=", then each field is read', () => {
    const f = fieldsOf('NAME - Sam Patel\nphone = 020 7946 0018\norganization: Department for Education\nGoogle Meet: sam.patel@gmail.com\nSkype ID: live:.cid.12ab\nTeams: sam.patel@education.gov.uk\nTopics: data, housing');
    expect(f).toEqual({
      name: 'Sam Patel', phone: '+442079460018', organisation: 'Department for Education', googleId: 'sam.patel@gmail.com',
      skypeId: 'live:.cid.12ab', other: 'Teams: sam.patel@education.gov.uk', topics: 'data, housing',
    });
  });

  it('when both a phone and a mobile are labelled, then the mobile is preferred', () => {
    expect(fieldsOf('Name: Sam Patel\nTel: 0113 222 4444\nMobile: 07700 900456').phone).toBe('+447700900456');
  });

  it('when a Gmail inline reply types answers under the quoted form labels, then those answers are read', () => {
    const f = fieldsOf(fixture('gmail-inline.txt'));
    expect(f).toMatchObject({ name: 'Jo Bloggs', phone: '+447700900123', organisation: 'Leeds City Council', googleId: 'jo.bloggs@gmail.com', skypeId: null });
  });

  it('when the name is only in an "I\'m …" sentence, then it is read from there', () => {
    expect(fieldsOf("Hi, I'm Priya Shah from the Home Office and I'd love to join.").name).toBe('Priya Shah');
  });

  it('when the only name is in the signature, then the first name-like line after the sign-off is used', () => {
    const f = fieldsOf('Count me in.\n\nBest wishes,\nAlex Smith\nSenior Planner\nBristol City Council', 'Planning Team');
    expect(f).toMatchObject({ name: 'Alex Smith', organisation: 'Bristol City Council' });
  });

  it('when the organisation follows a job title in the signature, then that line is the organisation', () => {
    expect(fieldsOf('Yes please\n\nThanks,\nKim Lee\nData Analyst\nOfsted').organisation).toBe('Ofsted');
  });

  it('when the From display name is a shared mailbox, then it is never used as the name', () => {
    for (const mailbox of ['Planning Team', 'HR Department', 'Info', 'Admin', 'Enquiries', 'No Reply', 'Leeds City Council', 'Licensing Unit']) {
      expect(fieldsOf('Yes please, 07700 900123', mailbox).name, mailbox).toBeNull();
    }
  });

  it('when the From display name is a person, then it is the last resort for the name', () => {
    expect(fieldsOf('Yes please, 07700 900123', 'Bloggs, Jo (LCC)').name).toBe('Jo Bloggs');
  });

  it('when the reply contains dates, times, years and a reference number, then none is taken as a phone', () => {
    expect(fieldsOf('Free on 12/05/2026 at 10:30 or 2026-06-01. Ref: 123456789. Since 2019-2024.').phone).toBeNull();
  });

  it('when the only phone-like number is in the quoted invitation, then no phone is read', () => {
    expect(fieldsOf('Yes please!\n\nOn Mon, 4 May 2026 at 09:00, Unmentoring <hello@unmentoring.org> wrote:\n> Call us on 0113 000 0000').phone).toBeNull();
  });
});

describe('normalisePhone', () => {
  const cases: Array<[string, string | null]> = [
    ['07700 900123', '+447700900123'], // Ofcom drama number: possible but not valid
    ['+44 (0)7700 900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['020 7946 0018 ext. 123', '+442079460018'],
    ['0113 496 0000 x45', '+441134960000'],
    ['+1 (202) 555-0143', '+12025550143'],
    ['+33 1 23 45 67 89', '+33123456789'],
    ['12/05/2026', null],
    ['2026-05-12', null],
    ['10:30', null],
    ['12345', null],
  ];
  for (const [raw, want] of cases) {
    it(`when given "${raw}", then it gives ${want}`, () => expect(normalisePhone(raw, 'GB')).toBe(want));
  }
});

describe('personalDisplayName', () => {
  it('when a display name is written in capitals, then it is title-cased', () => {
    expect(personalDisplayName('JO BLOGGS')).toBe('Jo Bloggs');
  });
});

describe('the invitation\'s own form labels', () => {
  const read = (text: string) => {
    const r = extractReply({ text, html: null });
    return extractFields({ ...r, fromName: null, fromEmail: 'jo@example.gov.uk' });
  };

  it('when the topics line is answered under "What you\'d like to talk about (optional):", then it is the topics, curly apostrophe or not', () => {
    expect(read("Name: Jo Bloggs\nPhone: 07700 900123\nWhat you'd like to talk about (optional): housing data").topics).toBe('housing data');
    expect(read('Name: Jo Bloggs\nWhat you’d like to talk about: flood planning').topics).toBe('flood planning');
  });

  it('when "Google, Skype or Teams ID" is answered, then the value says which it is', () => {
    expect(read('Google, Skype or Teams ID (optional): live:jo.bloggs').skypeId).toBe('live:jo.bloggs');
    expect(read('Google, Skype or Teams ID: jo.bloggs@gmail.com').googleId).toBe('jo.bloggs@gmail.com');
    expect(read('Google, Skype or Teams ID: Teams, jo.bloggs@leeds.gov.uk').other).toContain('jo.bloggs@leeds.gov.uk');
  });

  it('when the ID line names only a platform or says yes to Teams, then the Teams ID is the work address they write from', () => {
    const from = (text: string, fromEmail: string) => {
      const r = extractReply({ text, html: null });
      return extractFields({ ...r, fromName: null, fromEmail, fullText: text });
    };
    expect(from('Name: Kieran Shaw\nGoogle/Skype/Teams: Teams', 'kieran.shaw@dwp.gov.uk').other).toBe('Teams: kieran.shaw@dwp.gov.uk');
    expect(from('Name: Kieran Shaw\nTeams: yes please', 'kieran.shaw@dwp.gov.uk').other).toBe('Teams: kieran.shaw@dwp.gov.uk');
    expect(from('Name: Kieran Shaw\nGoogle, Skype or Teams ID: Teams is fine', 'kieran.shaw@dwp.gov.uk').other).toBe('Teams: kieran.shaw@dwp.gov.uk');
    expect(from('Name: Kieran Shaw\nGoogle, Skype or Teams ID: Google', 'kieran.shaw84@gmail.com').googleId).toBe('kieran.shaw84@gmail.com');
    // From a personal address a yes to Teams gives nothing to call them on, and is never the word itself.
    const personal = from('Name: Kieran Shaw\nTeams: please', 'kieran.shaw84@gmail.com');
    expect(personal.other ?? '').not.toContain('please');
    expect(personal.other ?? '').not.toContain('gmail');
  });
});

describe('names and organisations in a sentence', () => {
  const read = (text: string) => {
    const r = extractReply({ text, html: null });
    return extractFields({ ...r, fromName: null, fromEmail: 'someone@example.gov.uk' });
  };

  it.each([
    ["Hi, I'm Grace Clarke from Environment Agency - yes, sign me up.", 'Grace Clarke', 'Environment Agency'],
    ["Hi, I'm Jo Bloggs from Leeds City Council, yes please", 'Jo Bloggs', 'Leeds City Council'],
    ['Yes please. I work at HM Revenue & Customs in Leeds.', null, 'HM Revenue & Customs'],
    ["Happy to join - I'm with the Met Office.", null, 'Met Office'],
  ])('when someone writes "%s", then the name and organisation are the phrases, not the sentence', (text, name, organisation) => {
    const f = read(text);
    expect(f.name).toBe(name);
    expect(f.organisation).toBe(organisation);
  });
});

describe('candidates, then a choice (the mistakes seen on replies written elsewhere)', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const read = (text: string, fromName: string | null = null, known: { name?: string; organisation?: string } | null = null) =>
    readReply({ text, html: null, subject: 'Re: An invitation', fromName, fromEmail: 'someone@example.gov.uk', headers: {}, contentType: 'text/plain', known }, now);

  it('when a job title is the line above the organisation in a signature, then the organisation is the body, not the title', () => {
    const r = read('Yes please, count me in.\n\nBest wishes\n\nPriya Chandra\nService Designer\nKent County Council\nSessions House, County Road, Maidstone ME14 1XQ\nMobile: 07700 900412');
    expect(r.fields).toMatchObject({ name: 'Priya Chandra', organisation: 'Kent County Council', phone: '+447700900412' });
  });

  it('when the organisation is in brackets after the name, then it is read from the brackets', () => {
    const r = read('Count me in!\n\nSophie Turner (Ministry of Justice)\n07700 900331');
    expect(r.fields).toMatchObject({ name: 'Sophie Turner', organisation: 'Ministry of Justice', phone: '+447700900331' });
    expect(r.intent).toBe('join');
  });

  it('when one line holds every labelled detail between slashes, then each field is read and the name is only the name', () => {
    const r = read('Name: Joy Adams / Phone: 07700 900 289 / Teams: joy.adams@wakefield.gov.uk / Org: Wakefield Council');
    expect(r.fields).toMatchObject({ name: 'Joy Adams', phone: '+447700900289', organisation: 'Wakefield Council', other: 'Teams: joy.adams@wakefield.gov.uk' });
  });

  it('when a Google ID is stated in a sentence, then it is the Google ID', () => {
    const r = read("Yes please. I'm Tom Reilly from the Environment Agency, 07700 900555. My Google ID is tom.reilly.ea@gmail.com");
    expect(r.fields).toMatchObject({ name: 'Tom Reilly', organisation: 'Environment Agency', googleId: 'tom.reilly.ea@gmail.com' });
  });

  it('when answers are typed under quoted form lines worded differently from ours, then they are read and it is a join', () => {
    const body = [
      'On Tue, 1 Dec 2026 at 09:14, Kent Coffee <hello@example.org> wrote:',
      '> To take part, reply with your details:',
      '>',
      '> Your full name:',
      'Amina Yusuf',
      '> Best phone number:',
      '07700 900217',
      '> Organisation / employer:',
      'Kent County Council',
      '> Teams/Skype/Google ID (if you have one):',
      '>',
    ].join('\n');
    const r = read(body);
    expect(r.fields).toMatchObject({ name: 'Amina Yusuf', phone: '+447700900217', organisation: 'Kent County Council' });
    expect(r.intent).toBe('join');
  });

  it('when the quoted mail is an introduction listing the other person\'s details, then none of them is taken as the sender\'s', () => {
    const r = read('MET, thanks!\n\nOn Tue, 1 Dec 2026 at 09:14, Unmentoring <hello@example.org> wrote:\n> Sam Patel\n> Phone: +447700900999\n> Organisation: DWP\n> Google ID: sam.patel@gmail.com');
    expect(r.intent).toBe('met');
    expect(r.fields).toMatchObject({ phone: null, organisation: null, googleId: null });
    // With a line that reads like a label ("Meet …") and one left empty above the details.
    const intro = read("Thanks, I've emailed Sam.\n\nOn Mon, 2 Nov 2026 at 08:00, Unmentoring <hello@example.org> wrote:\n> Meet Sam Patel from DWP.\n> Skype:\n> Name: Sam Patel\n> Phone: 07700 900417\n> Teams: sam.patel@dwp.gov.uk\n> Can't do it this month? Reply SKIP.");
    expect(intro.intent).toBe('other');
    expect(intro.fields).toMatchObject({ phone: null, organisation: null, other: null });
    expect(intro.fields.name).not.toBe('Sam Patel');
  });

  it('when a signature has a switchboard, a fax and a direct line, then the direct line is the phone', () => {
    const r = read('Please add me.\n\nKind regards\nJo Reid\nCommissioning Officer | Adult Social Care\nSalford City Council\nSwitchboard: 0161 496 0000 | Direct: 0161 496 0588 | Fax: 0161 496 0001');
    expect(r.fields).toMatchObject({ phone: '+441614960588', organisation: 'Salford City Council' });
  });

  it('when the organisation written has commas and "and" in it, then the whole name is kept', () => {
    const r = read('Sign me up\n\nMorgan Ellis\nUser Researcher\nMinistry of Housing, Communities and Local Government\nM: 07700 900 741');
    expect(r.fields.organisation).toBe('Ministry of Housing, Communities and Local Government');
  });

  it('when the organiser\'s list names the organisation, then the candidate that agrees with it wins over another that looks as good', () => {
    const text = 'Yes please, 07700 900123\n\nJo Bloggs\nNHS England\nLeeds Teaching Hospitals NHS Trust';
    expect(read(text).fields.organisation).toBe('NHS England');
    expect(read(text, null, { organisation: 'Leeds Teaching Hospitals' }).fields.organisation).toBe('Leeds Teaching Hospitals NHS Trust');
  });

  it('when a labelled value is the best evidence, then a signature never overrides it', () => {
    const r = read('Organisation: Leeds City Council\nPhone: 07700 900111\n\nThanks\nJo Bloggs\nWest Yorkshire Combined Authority\nMobile: 07700 900222');
    expect(r.fields).toMatchObject({ organisation: 'Leeds City Council', phone: '+447700900111', name: 'Jo Bloggs' });
  });

  it('when the sign-off gives a first name and the From display name the whole name, then the whole name is kept', () => {
    expect(read('Yes please, 07700 900123, DfE\n\nThanks,\nAndy', 'PEARCE, Andrew').fields.name).toBe('Andrew Pearce');
  });

  it('when Teams or Google Meet is "on this address", then it is the sender\'s own address', () => {
    const r = readReply(
      { text: 'Happy to join. Name: Rob Dunn, phone 07700 900374. Google Meet on this address is fine.', html: null, subject: null, fromName: null, fromEmail: 'rob.dunn@gmail.com', headers: {}, contentType: null },
      now,
    );
    expect(r.fields.googleId).toBe('rob.dunn@gmail.com');
  });

  it('when Google Meet is "on this email" and another platform\'s address follows, then Google is the sender\'s own address and Teams the typed one', () => {
    const text = 'Count me in - Priya Nair, 07700 900418, Cardiff Council. Google Meet on this email works, or my Teams is priya.nair@cardiff.gov.uk.';
    const r = readReply({ text, html: null, subject: null, fromName: null, fromEmail: 'priya.nair.home@gmail.com', headers: {}, contentType: null }, now);
    expect(r.fields.googleId).toBe('priya.nair.home@gmail.com');
    expect(r.fields.other).toContain('Teams: priya.nair@cardiff.gov.uk');
  });

  it('when the display name is Outlook\'s "Henderson M (Morag)", then the name is Morag Henderson', () => {
    expect(personalDisplayName('Henderson M (Morag)')).toBe('Morag Henderson');
    expect(personalDisplayName('"Henderson, M. (Morag)"')).toBe('Morag Henderson');
  });

  it('when the number is typed into our quoted mail asking for it (no quote marks, "added below"), then it is the phone', () => {
    const text = 'Hi - added below in red.\n\nSophie\n\nSophie Marsh\nSkills Programme Officer\nSouth Yorkshire Mayoral Combined Authority\nT: 0114 496 0018\n\nFrom: Unmentoring <hello@unmentoring.org>\nSent: 11 September 2026 09:30\nSubject: Almost there: we need your phone number\n\nHello Sophie,\n\nThank you for saying yes. We just need your phone number before we can match you with someone.\n\nPlease reply to this email with:\n\nPhone: 07700 900731  [SM: mobile, I\'m hardly ever at my desk]\n\nThat\'s all.';
    const r = readReply({ text, html: null, subject: 'RE: Almost there: we need your phone number', fromName: 'Sophie Marsh', fromEmail: 'sophie.marsh@example.gov.uk', headers: {}, contentType: null }, now);
    expect(r.fields.phone).toBe('+447700900731');
  });

  it('when "it\'s" is followed by a body\'s name, then that is not their name', () => {
    const r = readReply({ text: "Thanks! A couple of small corrections.\nIt's Stockport Homes Group officially - could you change it to that please?", html: null, subject: "Re: You're in: welcome to Unmentoring", fromName: 'Owen Griffiths', fromEmail: 'owen.griffiths@stockporthomes.org', headers: {}, contentType: null }, now);
    expect(r.fields.name).toBe('Owen Griffiths');
    expect(readReply({ text: "Hi, it's Owen Griffiths here - yes please, 07700 900873, Stockport Homes Group", html: null, subject: 'Re: An invitation', fromName: null, fromEmail: null, headers: {}, contentType: null }, now).fields.name).toBe('Owen Griffiths');
  });

  it('when a known body stands between their name and their number in one fragment, then it is the organisation', () => {
    const r = readReply({ text: 'Yes id love to. Sean Gallagher NIAS 07700900418\n\nSent from my Galaxy', html: null, subject: 'Re: An invitation', fromName: 'sean gallagher', fromEmail: 'seangallagher_nias@hotmail.co.uk', headers: {}, contentType: null }, now);
    expect(r.fields.organisation).toMatch(/^(?:NIAS|Northern Ireland Ambulance Service)/);
    expect(r.fields.phone).toBe('+447700900418');
  });

  it('when a Welsh sentence says where they work ("dwi\'n gweithio … i Fwrdd Iechyd …"), then that body is the organisation', () => {
    const text = "Helo,\n\nHoffwn ymuno os gwelwch yn dda. Fy enw i yw Gwenllian Owen, a dwi'n gweithio fel fferyllydd i Fwrdd Iechyd Prifysgol Betsi Cadwaladr yn Ysbyty Gwynedd. Fy rhif ffôn symudol yw 07700 900443.\n\nDiolch yn fawr,\nGwenllian";
    const r = readReply({ text, html: null, subject: 'Re: An invitation', fromName: 'Gwenllian Owen', fromEmail: 'gwenllian.owen.fferyllydd@gmail.com', headers: {}, contentType: null }, now);
    expect(r.fields.organisation).toMatch(/Betsi Cadwaladr/);
  });

  it('when an address is followed by words pointing back to it for Teams, then Teams is that address', () => {
    const shared = readReply({ text: "This is Hannah - the invitation came to our team mailbox.\n\nName: Hannah Roe\nPhone: 0114 496 0723\nOrg: Department for Work and Pensions\n\nMy own address is hannah.roe@dwp.gov.uk, so please use that for Teams rather than this mailbox.", html: null, subject: 'Re: An invitation', fromName: 'Partnership Managers Yorkshire', fromEmail: 'pm.yorkshire@dwp.gov.uk', headers: {}, contentType: null }, now);
    expect(shared.fields.other).toContain('Teams: hannah.roe@dwp.gov.uk');
    const moved = readReply({ text: "I've moved jobs. I'm now at HMRC rather than DWP. My new work email is james.whitfield@hmrc.gov.uk and that's what I'm on for Teams now.\n\nJames", html: null, subject: 'Re: You are in', fromName: 'James Whitfield', fromEmail: 'jwhitfield.home@gmail.com', headers: {}, contentType: null }, now);
    expect(moved.fields.other).toContain('Teams: james.whitfield@hmrc.gov.uk');
  });

  it('when they number their answers as the form\'s lines, then each number answers its line, on one line or several', () => {
    const text = 'Hi,\n\nAnswers:\n1. Niamh Brennan 2. 028 9649 6347 3. PSNI - Police Service of Northern Ireland 4. no 5. youth diversion\n\nThanks';
    const one = readReply({ text, html: null, subject: 'Re: An invitation', fromName: 'Niamh Brennan', fromEmail: 'niamh.brennan@proton.me', headers: {}, contentType: null }, now);
    expect(one.intent).toBe('join');
    expect(one.fields).toMatchObject({ name: 'Niamh Brennan', phone: '+442896496347', googleId: null, skypeId: null });
    expect(one.fields.organisation).toMatch(/^(?:PSNI|Police Service of Northern Ireland)/);
    const lines = fieldsOf('Happy to join.\n1) Sam Patel\n2) 07700 900123\n3) Leeds City Council');
    expect(lines).toMatchObject({ name: 'Sam Patel', phone: '+447700900123', organisation: 'Leeds City Council' });
    // A numbered list that is not the form's answers is not read as them.
    const reasons = fieldsOf('Not for me, for three reasons: 1. time 2. my manager 3. we have our own scheme');
    expect(reasons.name).toBeNull();
  });

  it('when they say their surname is now another, then their name is their first name and the new surname', () => {
    const text = 'Hi,\n\nHappy to be matched. I got married last month, so my surname is now Bennett-Shaw. Could you update it?\n\nThanks\nLaura\n\nLaura Shaw\nStation Commander | Prevention\nHampshire & Isle of Wight Fire and Rescue Service';
    const r = readReply({ text, html: null, subject: 'Re: You\'ll be matched on Monday', fromName: 'Shaw, Laura', fromEmail: 'laura.shaw@hantsfire.gov.uk', headers: {}, contentType: null }, now);
    expect(r.fields.name).toBe('Laura Bennett-Shaw');
    const still = readReply({ ...{ text: 'Yes please. Laura Shaw, 07700 900123, Hampshire Fire and Rescue Service. My surname is still Shaw for now.', html: null, subject: null, fromName: null, fromEmail: null, headers: {}, contentType: null } }, now);
    expect(still.fields.name).toBe('Laura Shaw');
  });

  it('when a body\'s initials follow a name with no comma ("Aoife Quinn PSNI 07700 …"), then they are not part of the name', () => {
    const f = fieldsOf('yes please aoife here\nAoife Quinn PSNI 07700 900 316');
    expect(f.name).toBe('Aoife Quinn');
  });

  it('when the organisation is followed by what they say of themselves, a bracketed initials and a place, or its Welsh name, then it is the body alone', () => {
    expect(fieldsOf('Name: Rory Bell\nPhone: 07700 900 871\nOrganisation: Edinburgh Leisure, I\'m a swimming coach at Leith').organisation).toBe('Edinburgh Leisure');
    expect(fieldsOf('name rory bell\nphone 07700 900 871\norg scottish environment protection agency (sepa) stirling office').organisation).toMatch(/^Scottish Environment Protection Agency$/i);
    expect(fieldsOf('Name: Rhys Bell\nPhone: 07700 900 871\nOrganisation: CEF Parc / HMP Parc').organisation).toBe('HMP Parc');
  });

  it('when the display name is surname first with a team after it and they sign with their first name, then the name is first name then surname', () => {
    const r = readReply({ text: 'Could you change my organisation to the Home Office please?\n\nThanks,\nFarah', html: null, subject: 'Re: Your details have been updated', fromName: 'Begum Farah DWP Digital', fromEmail: 'farah.begum@dwp.gov.uk', headers: {}, contentType: null }, now);
    expect(r.fields.name).toBe('Farah Begum');
    expect(personalDisplayName('Begum Farah DWP Digital')).toBe('Begum Farah');
  });

  it('when Skype is named with its handle in brackets, or named in a list they do not use, then the handle, and never their address', () => {
    const r = readReply({ text: "Yes please, I'm Huw Lloyd at Cadw, 07700 900 644. I still use Skype now and then (huw.lloyd.cadw) but Teams is better.", html: null, subject: null, fromName: 'Huw Lloyd', fromEmail: 'huw.lloyd@gov.wales', headers: {}, contentType: null }, now);
    expect(r.fields.skypeId).toBe('huw.lloyd.cadw');
    const none = readReply({ text: "Count me in: Huw Lloyd, Qualifications Wales, 07700 900 644. I don't really bother with Google or Skype but my Teams is this address.", html: null, subject: null, fromName: 'Huw Lloyd', fromEmail: 'huw.lloyd@qualifications.wales', headers: {}, contentType: null }, now);
    expect(none.fields.skypeId).toBeNull();
    expect(none.fields.other).toBe('Teams: huw.lloyd@qualifications.wales');
  });

  it('when they name only the kind of body they work for, then it is the body of that kind their address or initials name', () => {
    const r = readReply({ text: 'Yes! Ellie Ward, planning at the county council, mob 07700 900 512', html: null, subject: null, fromName: 'Ellie Ward', fromEmail: 'ellie.ward@lincolnshire.gov.uk', headers: {}, contentType: null }, now);
    expect(r.fields.organisation).toBe('Lincolnshire County Council');
    const initials = readReply({ text: "Hello, I'd like to sign up. I work for the Combined Authority in Manchester (GMCA), in the housing team. Mobile 07700 900185.", html: null, subject: null, fromName: 'Ellie Ward', fromEmail: 'ellie.ward@yahoo.co.uk', headers: {}, contentType: null }, now);
    expect(initials.fields.organisation).toMatch(/^(?:GMCA|Greater Manchester Combined Authority)$/);
  });

  it('when they write "I’m" with a typographic apostrophe before the body they work with, then that body is theirs', () => {
    const r = readReply({ text: 'I’d like to join please. I’m Nia Rees, a conservation officer with Cadw (part of the Welsh Government), based in Cardiff. My mobile is 07700 900 129.', html: null, subject: null, fromName: 'Nia Rees', fromEmail: 'nia.rees@gov.wales', headers: {}, contentType: null }, now);
    expect(r.fields.organisation).toBe('Cadw');
  });

  it('when someone writing from a Gmail address points to it for Google in any of the ways people do, then it is their Google ID', () => {
    const from = (text: string) => readReply({ text, html: null, subject: null, fromName: 'Kim Lee', fromEmail: 'kim.lee.home@gmail.com', headers: {}, contentType: null }, now).fields;
    expect(from('Yes please. Kim Lee, DWP, 07700 900 501. If video suits better, this gmail address works for Google Meet.').googleId).toBe('kim.lee.home@gmail.com');
    expect(from('Name: Kim Lee\nPhone: 07700 900 501\nOrganisation: DWP\nGoogle, Skype or Teams ID: this address').googleId).toBe('kim.lee.home@gmail.com');
    expect(from('name - kim lee\nphone - 07700 900 501\norganisation - dwp\ngoogle - use this one').googleId).toBe('kim.lee.home@gmail.com');
    expect(from('Name - Kim Lee\nPhone - 07700 900 501\nOrg - DWP\nTeams is on my work email kim.lee@dwp.gov.uk or google meet on this one is fine').googleId).toBe('kim.lee.home@gmail.com');
    const both = from("Name: Kim Lee\nPhone: 07700 900 501\nOrganisation: DWP\nGoogle, Skype or Teams ID: no Teams I'm afraid, but Google Meet on this address is fine");
    expect(both.googleId).toBe('kim.lee.home@gmail.com');
    expect(both.other).toBeNull();
  });

  it('when they work at a GP practice named in a sentence, then the practice is the organisation', () => {
    expect(fieldsOf("Count me in. I'm Ravi Shah, a GP partner at Elmwood Surgery in Hull. Mobile 07700 900 478.").organisation).toBe('Elmwood Surgery');
    expect(fieldsOf("Yes please - Ravi Shah, practice nurse at Beech House Medical Centre, 07700 900 478").organisation).toBe('Beech House Medical Centre');
  });

  it('when they ask to change their surname and then say what it is now, then their name has the new surname', () => {
    const text = "Could you update my surname please? I got married in August and it's now Okafor-Reid.\n\nTom";
    const r = readReply({ text, html: null, subject: 'Re: Your details have been updated', fromName: 'Tom Reid', fromEmail: 'tom.reid@example.gov.uk', headers: {}, contentType: null }, now);
    expect(r.fields.name).toBe('Tom Okafor-Reid');
  });

  it('when Teams is answered with a sentence, not an address or a name to search for, then there is no Teams', () => {
    expect(fieldsOf('Name - Gary Hall\nPhone - 07700 900 881\nOrganisation - Kent Fire and Rescue Service\nTeams - not on it at home, ring me instead').other).toBeNull();
    expect(fieldsOf('Name: Gary Hall\nPhone: 07700 900 881\nOrganisation: Kent Fire and Rescue Service\nTeams: Gary Hall (KFRS)').other).toBe('Teams: Gary Hall (KFRS)');
  });

  it('when a body\'s initials are typed in small letters with a place in brackets, then the body is the organisation, not the place\'s council', () => {
    // (A Skype ID after it: its "live:" once made the whole run a label.)
    const f = fieldsOf('yes pls. priya, 07700900129, ons (newport). skype live:.cid.7f3a2b rather than teams');
    expect(f.organisation).toMatch(/^(?:ONS|Office for National Statistics)$/);
    expect(f.skypeId).toBe('live:.cid.7f3a2b');
    expect(fieldsOf('count me in - sam, 07700 900412, hmrc (leeds)').organisation).toMatch(/^(?:HMRC|HM Revenue (?:and|&) Customs)$/);
  });

  it('when a labelled name has the name they go by in brackets in the middle, then the name is first and last without it', () => {
    const text = 'Hi, yes please\n\nName - Jaswinder (Jas) Gill\nPhone - 07700 900 733\nOrg - Metropolitan Police Service\n\nJas';
    const r = readReply({ text, html: null, subject: 'Re: An invitation', fromName: 'Gill Jaswinder - DPS', fromEmail: 'jaswinder.gill@met.police.uk', headers: {}, contentType: null }, now);
    expect(r.fields.name).toBe('Jaswinder Gill');
  });

  it('when a labelled Teams line says only "same as this" or "same", then Teams is the address they write from', () => {
    for (const said of ['Teams - same as this', 'Teams: same', 'Teams: ditto', 'MS Teams: same as here please']) {
      const text = `Conor Breen\nPSNI, Lisburn neighbourhood team\nMob 07700 900 291\n${said}\n\nHappy to take part`;
      const r = readReply({ text, html: null, subject: 'Re: An invitation', fromName: null, fromEmail: 'conor.breen@psni.police.uk', headers: {}, contentType: null }, now);
      expect(r.fields.other, said).toContain('Teams: conor.breen@psni.police.uk');
    }
  });

  it('when Teams is "on my work account" and they write from a work address, then Teams is that address; from a personal address, no Teams is made up', () => {
    const text = 'Yes please. Dr Hannah Lee, 07700 900512, University of Leeds. Teams on my uni account is easiest for me.';
    const work = readReply({ text, html: null, subject: null, fromName: null, fromEmail: 'h.lee@leeds.ac.uk', headers: {}, contentType: null }, now);
    expect(work.fields.other).toContain('Teams: h.lee@leeds.ac.uk');
    const home = readReply({ text, html: null, subject: null, fromName: null, fromEmail: 'hannah.lee77@gmail.com', headers: {}, contentType: null }, now);
    expect(home.fields.other ?? '').not.toContain('Teams:');
    const typed = readReply({ text: 'Yes please. Hannah Lee, 07700 900512, University of Leeds. Teams on my work account: hannah.lee@leeds.ac.uk', html: null, subject: null, fromName: null, fromEmail: 'h.lee@leeds.ac.uk', headers: {}, contentType: null }, now);
    expect(typed.fields.other).toContain('Teams: hannah.lee@leeds.ac.uk');
  });

  it('when a line of prose opens with their name and job title, then it is not read as a signature: the body its sentence names is the organisation', () => {
    const text = 'Hello, forwarded to my own address as I work shifts.\n\nSam Okafor, paramedic, West Midlands Ambulance Service. 07700 900377. Would be nice to meet someone outside the NHS for once - council, police, anyone.\n\nSam';
    const r = readReply({ text, html: null, subject: 'Re: An invitation', fromName: null, fromEmail: 'sam.okafor@proton.me', headers: {}, contentType: null }, now);
    expect(r.fields.organisation).toMatch(/^West Midlands Ambulance Service/);
    expect(r.fields.phone).toBe('+447700900377');
  });

  it.each(['someone outside the NHS', 'people in other councils', 'anyone but the Police', 'Police', 'the Fire and Rescue Service'])('when "%s" is the only organisation-like words, then no organisation is read', (words) => {
    const r = readReply({ text: `Yes please. Jo Bloggs, 07700 900123. Keen to meet ${words}.`, html: null, subject: 'Re: An invitation', fromName: null, fromEmail: 'jo@example.org', headers: {}, contentType: null }, now);
    expect(r.fields.organisation).toBeNull();
  });

  it('when a wrapped line parts "on Teams as" from the address on the next line, then that address is their Teams', () => {
    const text = "Yes, I'd like to join. Best number is my mobile, 07700 900587. I'm on Teams as\nowen.brierley@cheshireeast.gov.uk if a video call is easier.\n\nOwen";
    const r = readReply({ text, html: null, subject: null, fromName: 'Owen Brierley', fromEmail: 'owen.b@gmail.com', headers: {}, contentType: null }, now);
    expect(r.fields.other).toContain('Teams: owen.brierley@cheshireeast.gov.uk');
  });

  it('when they say "Teams is this too", then Teams is the address they write from', () => {
    const text = "Quick update: I've moved to Kent County Council, please change my organisation. New email is this one, and Teams is this too.\n\nJoanna";
    const r = readReply({ text, html: null, subject: null, fromName: 'Joanna Price', fromEmail: 'joanna.price@kent.gov.uk', headers: {}, contentType: null }, now);
    expect(r.fields.other).toContain('Teams: joanna.price@kent.gov.uk');
  });

});

// What the development replies of writers H1-H4 showed, each in other words than theirs.
describe('organisations and ids as the new development replies gave them', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const from = (text: string, fromEmail = 'someone@example.gov.uk', subject = 'Re: An invitation') =>
    readReply({ text, html: null, subject, fromName: 'Sam Patel', fromEmail, headers: {}, contentType: 'text/plain' }, now).fields;

  it.each([
    ['Organisation: Environment Agency, Thames Area, Flood and Coastal Risk', 'Environment Agency'],
    ['Organisation: Devon and Somerset Fire and Rescue Service, Prevention & Protection', 'Devon and Somerset Fire and Rescue Service'],
    ['Organisation: Foreign, Commonwealth & Development Office, King Charles Street', 'Foreign, Commonwealth & Development Office'],
    ['Organisation: Department for Environment, Food & Rural Affairs', 'Department for Environment, Food & Rural Affairs'],
    ['Organisation: Border Force at Heathrow Terminal 5', 'Border Force'],
    ['Organisation: Office for National Statistics', 'Office for National Statistics'],
    ['Organisation: Natural Resources Wales / Cyfoeth Naturiol Cymru', 'Natural Resources Wales'],
    ['Organisation: Fife Council, Education and Children\'s Services', 'Fife Council'],
    ['Organisation: NHS Greater Glasgow and Clyde, Estates and Facilities', 'NHS Greater Glasgow and Clyde'],
    ['Cardiff Council (Cyngor Caerdydd) - Education Services', 'Cardiff Council'],
    ['Organisation: dept for infrastructure (roads) in belfast', 'Department for Infrastructure'],
  ])('when the organisation is given as "%s", then it is %s', (line, want) => {
    expect(from(`Yes please\nName: Sam Patel\nPhone: 07700 900123\n${line}`).organisation).toBe(want);
  });

  it('when a sentence names only a body\'s kind ("I\'m with the Trust") and another line names it, then the named one is taken', () => {
    expect(from("Yes please! I'm with the Trust, in the district nursing team.\n\nSam Patel\nLeeds Teaching Hospitals NHS Trust\n07700 900123").organisation).toBe('Leeds Teaching Hospitals NHS Trust');
  });

  it('when an answer typed under the quoted "Google, Skype or Teams ID:" has its own label, then its label says which', () => {
    const text = 'On 10/11/2026 10:02, Unmentoring wrote:\n> TO JOIN, reply to this email with:\n>\n> Name:\nSam Patel\n> Phone:\n07700 900123\n> Organisation:\nLeeds City Council\n> Google, Skype or Teams ID (optional):\nTeams: sam.patel@leeds.gov.uk\n>\n> By replying you agree.';
    const f = from(text);
    expect(f).toMatchObject({ name: 'Sam Patel', phone: '+447700900123', organisation: 'Leeds City Council' });
    expect(f.other).toContain('Teams: sam.patel@leeds.gov.uk');
  });

  it('when the invitation is quoted two levels down (under the welcome), then its old answers are not read as new details', () => {
    const text = [
      'Please use sam.new@gmail.com for Meet from now on. Everything else is the same.',
      '',
      'On Mon, 2 Nov 2026 at 08:00, Unmentoring <hello@example.org> wrote:',
      "> You're in. Thank you for joining.",
      '> Google ID: sam.old@gmail.com',
      '> On Tue, 1 Sept 2026 at 11:14, Sam Patel wrote:',
      '> > Yes please',
      '> > Google: sam.old@gmail.com',
      '> > On Tue, 1 Sept 2026 at 10:00, Unmentoring wrote:',
      '> > > TO JOIN, reply to this email with:',
      '> > > Name:',
      '> > > Google, Skype or Teams ID (optional):',
    ].join('\n');
    expect(from(text, 'sam.patel@example.gov.uk', "Re: You're in: welcome to Unmentoring").googleId).toBe('sam.new@gmail.com');
  });

  it('when an address is said to be "for Teams" after two platforms are named, then it is the Teams address', () => {
    const f = from('Yes please\nName: Sam Patel\nPhone: 07700 900123\nTeams or Google Meet, either is fine - sam.patel@leeds.gov.uk for Teams');
    expect(f.other).toContain('Teams: sam.patel@leeds.gov.uk');
    expect(f.googleId).toBeNull();
  });

  it('when Teams is "my nhs.net address" or "this new email for Teams", then it is the address they write from', () => {
    expect(from('Yes please - Sam Patel, Leeds Teaching Hospitals NHS Trust, 07700 900123. Teams is my nhs.net address', 'sam.patel@nhs.net').other).toContain('Teams: sam.patel@nhs.net');
    expect(from("I've moved to Leeds City Council. Please update my organisation and use this new email for Teams.", 'sam.patel@leeds.gov.uk').other).toContain('Teams: sam.patel@leeds.gov.uk');
  });

  it.each([
    ['Org - bcc, adult social care (commissioning)', 'BCC'],
    ['Organisation: PSoS, Partnerships, Lanarkshire', 'PSoS'],
    ['Organisation: STH (sheffield teaching hosp) - estates', 'STH'],
    // Known to the gazetteer: the name the body uses (src/organisations/public-bodies/).
    ['Organisation: dudley mbc - public health', 'Dudley Council'],
    ['Organisation: scottish fire & rescue', 'Scottish Fire and Rescue Service'],
    ['Organisation: NYCC (well, North Yorkshire Council since the reorganisation)', 'NYCC'],
  ])('when the organisation is typed informally as "%s", then it is %s', (line, want) => {
    expect(from(`Yes please\nName: Sam Patel\nPhone: 07700 900123\n${line}`).organisation).toBe(want);
  });

  it('when a correction says what the body is not, then the body is the one it is', () => {
    expect(from('One correction: that should be Sandwell and West Birmingham NHS Trust (SWBH), not the council!', 'sam@example.gov.uk', "Re: You're in: welcome to Unmentoring").organisation).toBe('Sandwell and West Birmingham NHS Trust');
  });

  it('when they ask for their name to be changed on the list, then the new name is read', () => {
    expect(from("Hi, could you change my name on your list to Megan Holt? Got married in the summer.", 'megan.clarke@example.gov.uk', "Re: You'll be matched on Tuesday").name).toBe('Megan Holt');
  });

  it('when a signature starts with "Name | Title | Body" and no sign-off word, then its desk line is not the new number given above', () => {
    const text = "Hi - I've a new work mobile. Please use 07700 900629 from now on instead of the one below.\n\nNasreen\n\nNasreen Begum | Neighbourhoods Officer | Manchester City Council\nDesk: 0161 496 0442";
    expect(from(text, 'nasreen.begum@manchester.gov.uk', "Re: You're in: welcome to Unmentoring").phone).toBe('+447700900629');
  });

  it('when a number and a street hold a body-like word ("100 Parliament Street"), then it is an address, not the organisation', () => {
    const text = 'Please find my details below:\nFull name: Seun Adeyemi\nPhone: 07700 900391\nOrganisation: HM Revenue & Customs - Customer Compliance Group\n\nBest wishes,\nSeun\n\nSeun Adeyemi | Senior Officer | HMRC\n100 Parliament Street, London SW1A 2BQ';
    expect(from(text).organisation).toBe('HM Revenue & Customs');
  });

  it('when two numbers follow one label, then the words around them say which is for calls', () => {
    expect(from("Yes please\nName: Sam Patel\nPhone: 07700 900158 (personal mobile is fine, my job phone is 07700 900159 but it's often switched off)\nOrganisation: DWP").phone).toBe('+447700900158');
    expect(from('Yes please\nName: Sam Patel\nPhone: 020 7946 0391 / 07700 900391 (mobile, preferred)\nOrganisation: DWP').phone).toBe('+447700900391');
  });

  it('when the Google ID is "this one" or "this gmail", then it is the address they write from', () => {
    expect(from('Yes please\nName: Sam Patel\nPhone: 07700 900123\nOrganisation: DWP\nGoogle ID - this one, fine for Meet', 'sam.patel.1987@gmail.com').googleId).toBe('sam.patel.1987@gmail.com');
  });

  it('when labels are typed a letter out ("Nmae:", "Phnoe:", "Organisaton:"), then they are read as the labels', () => {
    expect(from('Nmae: Luke Pennington\nPhnoe: 07700 900171\nOrganisaton: Hampshire Constabulary')).toMatchObject({ name: 'Luke Pennington', phone: '+447700900171', organisation: 'Hampshire Constabulary' });
  });

  it('when a sentence that holds "to" ends in a colon, then what follows is not taken for a header label', () => {
    const f = from("Could you add my Teams please, we've just been moved over to it: fraser.campbell@scotland.police.uk", 'fraser.campbell@spsa.police.uk', "Re: You're in: welcome to Unmentoring");
    expect(f.other).toContain('Teams: fraser.campbell@scotland.police.uk');
  });

  it('when a police force runs on into its division and place, then it is the force', () => {
    expect(from('Aye go on then.\nFraser Campbell\nPolice Scotland, Partnerships Prevention & Community Wellbeing, Glasgow\n07700 900190').organisation).toBe('Police Scotland');
  });

  it('when Teams is "my EA address, i.e. this one", then it is the address they write from', () => {
    expect(from("Yes please. I'm Hannah Thwaite with the Environment Agency. Mobile 07700 900129. Teams through my EA address, i.e. this one.", 'hannah.thwaite@environment-agency.gov.uk').other).toContain('Teams: hannah.thwaite@environment-agency.gov.uk');
  });

  it('when the organisation is "councils or the NHS" in a sentence about topics, then it is not taken for theirs', () => {
    expect(from("Morning - yes, I'm in.\n\nDele Adebayo, Station Manager, Greater Manchester Fire and Rescue Service. You can get me on 07700 900 408. Would like to talk about anything where we overlap with councils or the NHS.").organisation).not.toBe('councils or the NHS');
  });

  it('when Teams is "this addy" or "happy to use Teams", then it is the address they write from', () => {
    expect(from('Raj Patel\nEA - flood risk, Leeds\n07700900903\nteams this addy', 'raj.patel@environment-agency.gov.uk').other).toContain('Teams: raj.patel@environment-agency.gov.uk');
    expect(from('Yes please. Name is Priya Raman, I work at the GLA. Happy to use Teams.', 'priya.raman@london.gov.uk').other).toContain('Teams: priya.raman@london.gov.uk');
  });

  it('when a bracket is opened and never closed, then the organisation is the name before it', () => {
    expect(from("Yes please!\nAdaeze Okonjo\nGuy's and St Thomas' NHS Foundation Trust (Evelina London\nMob 07700900763").organisation).toBe("Guy's and St Thomas' NHS Foundation Trust");
  });

  it('when a correction is typed between the lines of the quoted welcome, then it is read as the new value', () => {
    const text = "Thanks! One thing to fix below\n\nOn 1 Oct 2026, at 10:00, Unmentoring <hello@unmentoring.org> wrote:\n> You're in. Thank you for joining.\n> Name: Harriet Cole\n> Teams: harriet.cole1@nhs.net\n\nActually please use harriet.cole@gstt.nhs.uk for Teams, the nhs.net one does not let external people in\n\n> They go only to the people you are matched with.";
    const r = readReply({ text, html: null, subject: "Re: You're in: welcome to Unmentoring", fromName: 'Harriet Cole', fromEmail: 'harriet.cole1@nhs.net', headers: {}, contentType: 'text/plain' }, now);
    expect(r.intent).toBe('update');
    expect(r.fields.other).toContain('Teams: harriet.cole@gstt.nhs.uk');
  });

  it('when a question is answered by the writer ("Cumbria? No - Westmorland and Furness Council now"), then the answer is the organisation', () => {
    expect(from('Yes please\nName: Dan Whitworth\nPhone: 07700 900562\nOrganisation: Cumbria? No - Westmorland and Furness Council now').organisation).toBe('Westmorland and Furness Council');
  });
});

describe('names as people correct and type them', () => {
  const now = new Date('2026-10-12T10:00:00Z');
  const read = (text: string, fromName: string | null, fromEmail = 'someone@example.gov.uk', subject = 'Re: An invitation') =>
    readReply({ text, html: null, subject, fromName, fromEmail, headers: {}, contentType: 'text/plain' }, now).fields;
  const welcome = "Re: You're in: welcome to Unmentoring";

  it('when the reply says how the first name is spelt and the display name has it without its accent, then the name is spelt as they say', () => {
    expect(read('Just a small thing - my name is spelt Seán, with the fada. Thanks!', 'Sean Murphy', 'sean.murphy@example.gov.uk', welcome).name).toBe('Seán Murphy');
  });

  it('when they ask to be put down under a new name, then the name is the new one, not the display name', () => {
    expect(read('I got married in August - could you put me down as Priya Natarajan from now on?', 'Priya Shah', 'priya.shah@example.gov.uk', welcome).name).toBe('Priya Natarajan');
    expect(read('New surname! Please update me to Tom Okafor.', 'Tom Reid', 'tom.reid@example.gov.uk', welcome).name).toBe('Tom Okafor');
  });

  it('when a name they go by is in brackets between the first name and the last, then the name is the first and last', () => {
    expect(read('Yes please\n\nDr Oluwaseun (Seun) Adebayo\n07700 900 218\nOfsted', 'Adebayo Oluwaseun').name).toBe('Oluwaseun Adebayo');
  });

  it('when a name is typed in small letters on a line of its own and matches their display name or address, then it is their name', () => {
    expect(read('yes pls\nmaria lopez\n07700 900 111\nwirral council', 'maria', 'mlopez@example.com').name).toBe('Maria Lopez');
    expect(read('sounds good\nanne-marie byrne\n07700 900 112', null, 'am.b@example.com').name).toBeNull();
    expect(read('sounds good\nanne-marie byrne\n07700 900 112', null, 'byrne.am@example.com').name).toBe('Anne-Marie Byrne');
  });

  it('when a line in small letters is prose, then it is no name', () => {
    expect(read('yes please\nsee you soon\n07700 900 113', 'Jo Bloggs', 'jo.bloggs@example.gov.uk').name).toBe('Jo Bloggs');
  });
});

describe('bodies the gazetteer finds in what they wrote', () => {
  const now = new Date('2026-10-12T10:00:00Z');
  const read = (text: string, subject = 'Re: An invitation') =>
    readReply({ text, html: null, subject, fromName: 'Gwen Bevan', fromEmail: 'gwen.bevan@example.com', headers: {}, contentType: 'text/plain' }, now).fields;

  it('when a body is named in a sentence about someone else, then it is not their organisation', () => {
    expect(read("Could you add my Skype? My colleague at Newport City Council says some can't use Teams.\n\nSkype: gwen.bevan.ons", "Re: You're in: welcome to Unmentoring").organisation).toBeNull();
  });

  it('when a body is named where they say where they work, or on a line of its own, then it is', () => {
    expect(read('Yes please. Name Ken Whitworth. Phone 07700 900 218. Im at lancashire fire and rescue at the Preston workshops.').organisation).toBe('Lancashire Fire and Rescue Service');
    expect(read('yes please\nGwen Bevan\n07700 900 219\nkirklees').organisation).toBe('Kirklees Council');
  });

  it('when the form lines are copied above the quoted invitation and filled in there, then they are the answers', () => {
    const text = [
      '> Name: Amira Haddad', '> Phone: 07700 900536', '> Organisation: Cardiff and Vale University Health Board', '', 'Amira', '',
      '> On 22 Sep 2026, at 11:00, Unmentoring <hello@unmentoring.org> wrote:', '>', '> TO JOIN, reply to this email with:', '>', '> Name:', '> Phone:', '> Organisation:',
    ].join('\n');
    expect(read(text)).toMatchObject({ name: 'Amira Haddad', phone: '+447700900536', organisation: 'Cardiff and Vale University Health Board' });
  });
});

describe('which number is the one to call', () => {
  const now = new Date('2026-10-12T10:00:00Z');
  const from = (text: string) =>
    readReply({ text, html: null, subject: 'Re: An invitation', fromName: 'Sam Patel', fromEmail: 'sam.patel@example.gov.uk', headers: {}, contentType: 'text/plain' }, now).fields;

  it('when a mobile is typed without a label and a desk line is labelled "Desk:", then the mobile is the phone', () => {
    const text = 'Yes please!\nJoanne Pritchard\nYorkshire Ambulance Service NHS Trust\nMob 07700 900 793\n\nJoanne Pritchard | Clinical Hub Team Leader\nYorkshire Ambulance Service NHS Trust\nDesk: 0113 496 0342';
    expect(from(text).phone).toBe('+447700900793');
  });

  it('when a signature gives "Tel" and "M" without colons, then "M" is read as the mobile and chosen', () => {
    const text = 'Aye go on then. Alan Muir, Police Scotland.\n\nAlan Muir\nPolice Staff - Licensing Admin\nPolice Scotland\nTel 01632 960441\nM 07700 900377';
    expect(from(text).phone).toBe('+447700900377');
  });

  it('when they say the mobile is better, then the mobile on the next line beats the number after "Phone:"', () => {
    const text = "I'd like to join.\n\nName: Ewan Pritchard\nPhone: 01632 960418 (ops room) or mobile\n07700 900156 - mobile please for this\nOrganisation: HM Coastguard";
    expect(from(text).phone).toBe('+447700900156');
  });

  it('when the number after "Phone:" is a landline and a mobile is only in the signature, then the typed answer stays the phone', () => {
    const text = 'Count me in.\n\nName: Priya Shah\nPhone: 0113 496 0127\nOrganisation: Leeds City Council\n\nThanks,\nPriya\n\nPriya Shah | Planning Officer\nLeeds City Council\nMobile: 07700 900455';
    expect(from(text).phone).toBe('+441134960127');
  });

  it('when the desk line is the one they say is best, then it stays the phone', () => {
    const text = 'Happy to join. Ola Nwosu, DVLA.\nBest on my desk phone: 01632 960781\nMobile: 07700 900212 (rarely on)';
    expect(from(text).phone).toBe('+441632960781');
  });
});

describe('labels typed in a hurry', () => {
  const now = new Date('2026-10-12T10:00:00Z');
  const from = (text: string) =>
    readReply({ text, html: null, subject: 'Re: An invitation', fromName: 'Gary Hobbs', fromEmail: 'gary.hobbs@example.com', headers: {}, contentType: 'text/plain' }, now).fields;

  it('when a label word is a letter out and has no colon ("orgnisation dorset counil"), then its value is still the field', () => {
    expect(from('yes go on then\n\nname gary hobbs\nphnoe 07700900902\norgnisation dorset counil (director of place)')).toMatchObject({ phone: '+447700900902', organisation: 'Dorset Council' });
  });

  it('when a sentence starts with a word a letter from a label, then it is not read as one', () => {
    expect(from('Yes please.\nPhones are a pain at work, email is better.\nGary Hobbs\nDorset Council').phone).toBeNull();
  });
});

describe('what the X round of development replies showed about fields, in other words', () => {
  const now = new Date('2026-10-12T10:00:00Z');
  const from = (text: string, fromName = 'Sam Okoro') =>
    readReply({ text, html: null, subject: 'Re: An invitation', fromName, fromEmail: 'someone@example.gov.uk', headers: {}, contentType: 'text/plain' }, now).fields;

  it('when a place a council is named for comes before another kind of body ("Cardiff University"), then it is that body, not the council', () => {
    expect(from('Yes please.\n\nName: Katrin Vogel\nPhone: 029 2018 0634\nOrganisation: Cardiff University').organisation).toBe('Cardiff University');
    expect(from('Yes please.\n\nName: Katrin Vogel\nPhone: 029 2018 0634\nOrganisation: Cardiff Council').organisation).toBe('Cardiff Council');
  });

  it('when a fire and rescue service is written short and in small letters, then it is the service by its full name', () => {
    expect(from('yeah go on then, im an on call firefighter with devon and somerset fire so not office based. mobiles best 07700900907\n\ndave', 'Dave Penhaligon').organisation).toBe('Devon & Somerset Fire & Rescue Service');
  });

  it('when a slashed line gives a name and then a library service, then the person is the name', () => {
    expect(from('Sam Okoro / 0161 496 0719 / Manchester Libraries (MCC) / Teams on this address\nta').name).toBe('Sam Okoro');
  });

  it('when a rank comes with a collar number, then the name is without both', () => {
    expect(from('Interested – sounds like a decent idea. Details:\n\nName: Sgt 2147 Nia Evans\nPhone: 07700 900679\nOrganisation: Avon and Somerset Police', 'Nia Evans')).toMatchObject({ name: 'Nia Evans', topics: null });
  });

  it('when one ids line says "Skype is …, or Google Meet on …", then both ids are read', () => {
    expect(from("I'd be glad to join.\n\nName: Tomasz Nowak\nPhone: 0114 496 0287\nGoogle, Skype or Teams ID (optional): Skype is tnowak.shef, or Google Meet on tomasz.nowak.lib@gmail.com if that's easier")).toMatchObject({ skypeId: 'tnowak.shef', googleId: 'tomasz.nowak.lib@gmail.com' });
  });

  it('when they say to use "this gmail for google meet", then the Gmail address they write from is the Google ID', () => {
    const r = readReply({ text: "Hiya, yes I'd love to. I'm Gethin Pryce at DVLA, mobile 07700 900471. For video you can use this gmail for google meet.", html: null, subject: 'Re: An invitation', fromName: 'Gethin Pryce', fromEmail: 'gethinpryce@gmail.com', headers: {}, contentType: 'text/plain' }, now);
    expect(r.fields.googleId).toBe('gethinpryce@gmail.com');
  });

  it('when an assistant says Teams is on "her own address (this one)", then it is the address the mail comes from', () => {
    const r = readReply({ text: 'Mrs Hughes has asked me to reply on her behalf - she would be delighted to take part.\n\nName: Jane Hughes\nMobile: 07700 900934\nOrganisation: Fitzalan High School\nShe prefers Teams, on her own address (this one).', html: null, subject: 'Re: An invitation', fromName: 'Jane Hughes', fromEmail: 'j.hughes@fitzalan.example.sch.uk', headers: {}, contentType: 'text/plain' }, now);
    expect(r.fields.other).toContain('Teams: j.hughes@fitzalan.example.sch.uk');
  });

  it('when they ask for the organisation to read a quoted form, then it is written word for word, over the signature', () => {
    const r = readReply({ text: 'Could you change my organisation so it reads "Leeds City Council - Children and Families" rather than just "Leeds"?\n\nThanks\nJo\n\nJo Whitaker\nEarly Start Team Manager\nChildren and Families | Leeds City Council', html: null, subject: "Re: You're in: welcome to Unmentoring", fromName: 'Jo Whitaker', fromEmail: 'jo.whitaker@leeds.gov.uk', headers: {}, contentType: 'text/plain' }, now);
    expect(r.fields.organisation).toBe('Leeds City Council - Children and Families');
  });
});

describe('what the Y round showed about fields, in other words', () => {
  const now = new Date('2026-10-12T10:00:00Z');
  const from = (text: string, fromName = 'Mackay G', subject = 'Re: An invitation') =>
    readReply({ text, html: null, subject, fromName, fromEmail: 'someone@example.gov.uk', headers: {}, contentType: 'text/plain' }, now).fields;

  it('when they ask for the body to be written in full "rather than" its initials, then it is the full name', () => {
    expect(from('Two things: could you put my organisation as NHS England rather than NHSE, and my Teams is kwame.mensah1@nhs.net.\n\nKwame', 'Kwame Mensah', "Re: You're in: welcome to Unmentoring").organisation).toBe('NHS England');
  });

  it('when a second number is offered "if you prefer", then the mobile they gave first stays the phone', () => {
    expect(from('Phone: 07700 900251 (mobile), or my desk is 0141 496 0742 if you prefer\n\nLewis').phone).toBe('+447700900251');
  });

  it('when the sign-off is a first name and the signature under it gives the full name, then the full name is read, not the display name', () => {
    expect(from('Yes please.\n\nPhone: 07700 900 662\n\nThanks,\nGillian\n\nGillian Mackay | Senior Policy Manager | Social Security Policy Division\nScottish Government').name).toBe('Gillian Mackay');
  });

  it('when each label is on a line of its own without a colon, then the line under it is its value; a word under "Teams" is not an address', () => {
    expect(from("I'd like to join.\n\nName\nEwan Fraser\n\nPhone\n07700 900360\n\nOrganisation\nDepartment for Transport\n\nTeams\newan.fraser@dft.gov.uk", 'Ewan Fraser')).toMatchObject({ name: 'Ewan Fraser', phone: '+447700900360', organisation: 'Department for Transport', other: 'Teams: ewan.fraser@dft.gov.uk' });
    expect(from("Yes please, Ewan Fraser, DfT, 07700 900360. I'll use\nTeams\nThanks", 'Ewan Fraser').other).toBeNull();
  });
});

describe('what the Q round showed about fields, in other words', () => {
  const now = new Date('2026-10-12T10:00:00Z');
  const read = (text: string, fromEmail = 'huw.bevan@example.gov.wales', subject = 'Re: An invitation') =>
    readReply({ text, html: null, subject, fromName: 'Huw Bevan', fromEmail, headers: {}, contentType: 'text/plain' }, now).fields;

  it('when one platform is refused and another accepted after "but", then the refused one gives no id and the other is the address', () => {
    expect(read("I'd be glad to take part. I'm Huw Bevan at Natural Resources Wales, mobile 07700 900 146. I don't use Skype, but Teams works fine on this work address.")).toMatchObject({ skypeId: null, other: 'Teams: huw.bevan@example.gov.wales' });
  });

  it('when an id comes straight after its platform, then an earlier "my Teams" does not claim it', () => {
    expect(read('hi, can you swap my Teams for Google Meet instead? work Teams blocks external calls. google is jo.bradley.yjs@gmail.com', 'jo.bradley@example.gov.uk', "Re: You're in: welcome to Unmentoring").googleId).toBe('jo.bradley.yjs@gmail.com');
  });

  it('when a name after a bare label has a remark in brackets, then the whole name is read', () => {
    expect(read('Yes id love too!\nName Nia Wiliams (one L - everyone gets it wrong!)\nphone 07700 900 038').name).toBe('Nia Wiliams');
  });

  it('when someone says in Welsh where they work and that Teams is fine on this address, then both are read', () => {
    expect(read("Byddwn i wrth fy modd yn cymryd rhan! Lowri ydw i, Rheolwr Prosiect yn Trafnidiaeth Cymru. Fy rhif ffôn symudol yw 07700 900 650, ac mae Teams yn iawn ar y cyfeiriad e-bost yma.", 'lowri.bowen@example.wales')).toMatchObject({ organisation: 'Transport for Wales', other: 'Teams: lowri.bowen@example.wales' });
  });
});

describe('what the J round showed about fields, in other words', () => {
  const now = new Date('2026-11-04T10:00:00Z');
  const read = (text: string, fromEmail: string, subject = 'Re: An invitation', fromName = 'Rhys Powell') =>
    readReply({ text, html: null, subject, fromName, fromEmail, headers: {}, contentType: 'text/plain' }, now);

  it('when someone sends a name and a mobile but no organisation from a council address, then the council the domain names is their organisation', () => {
    expect(read('Happy to!\n\nRhys Powell\n07700 900 412', 'rhys.powell@carmarthenshire.gov.uk').fields.organisation).toBe('Carmarthenshire County Council');
    expect(read('yes go on - Rhys Powell, 07700 900 413', 'rhys.powell@mail.kent.gov.uk').fields.organisation).toBe('Kent County Council');
    expect(read("Count me in. I'm Rhys Powell, mobile 07700 900 414.", 'r.powell@ofsted.gov.uk').fields.organisation).toBe('Ofsted');
    // A yes with only a number, under the name their mail program shows: we ask for what is missing.
    expect(read('Count me in. Mobile is 07700 900 414.', 'r.powell@ofsted.gov.uk').fields.organisation).toBeNull();
  });

  it('when "answers below" comes above a long signature, then the answers typed into the quoted invitation are read', () => {
    const signature = ['Rhys Powell (fe/ef | he/him)', 'Uwch Swyddog Polisi | Senior Policy Officer', 'Is-adran Cydraddoldeb | Equality Division', 'Llywodraeth Cymru | Welsh Government', 'Ffôn | Tel: 029 2018 0457', 'rhys.powell@llyw.cymru', '', "Rwy'n gweithio oriau hyblyg, dydd Llun i ddydd Iau. | I work flexible hours, Monday to Thursday.", 'Rydym yn croesawu gohebiaeth yn Gymraeg. | We welcome correspondence in Welsh.', '[Llywodraeth Cymru | Welsh Government]'].join('\n');
    const original = ['Oddi wrth: Unmentoring <hello@unmentoring.org>', 'Anfonwyd: Dydd Mawrth, 15 Medi 2026 10:05', 'At: Rhys Powell <rhys.powell@llyw.cymru>', 'Pwnc: An invitation', '', 'TO JOIN, reply to this email with:', '', 'Name: Rhys Powell', 'Phone: 07700 900 480 (symudol / mobile)', 'Organisation: Llywodraeth Cymru', "Google, Skype or Teams ID (optional): Teams – yr un cyfeiriad â'r e-bost hwn"].join('\n');
    const f = read(`Bore da,\n\nAtebion isod – answers below.\n\nDiolch,\nRhys\n\n${signature}\n\n${original}`, 'rhys.powell@llyw.cymru').fields;
    expect(f).toMatchObject({ name: 'Rhys Powell', phone: '+447700900480', other: 'Teams: rhys.powell@llyw.cymru' });
  });

  it('when a short remark follows the name and number ("Happy to talk planning"), then it is no organisation', () => {
    const f = read('Yes please!\n\nRhys Powell\n07700 900 418\n\nHappy to talk planning', 'rhys.powell99@gmail.com').fields;
    expect(f.organisation).toBeNull();
    expect(read('Yes please!\n\nRhys Powell\n07700 900 419\n\nKeen to chat about data', 'rhys.powell@carmarthenshire.gov.uk').fields.organisation).toBe('Carmarthenshire County Council');
    // A body's name in the same place still is one.
    expect(read('Yes please!\n\nRhys Powell\n07700 900 417\n\nStockport Homes', 'rhys.powell99@gmail.com').fields.organisation).toBe('Stockport Homes');
  });

  it('when the organisation is written, then the written one is theirs, not the one the domain names', () => {
    expect(read('Yes please. Rhys Powell, 07700 900 415, Hywel Dda University Health Board', 'rhys.powell@carmarthenshire.gov.uk').fields.organisation).toBe('Hywel Dda University Health Board');
  });

  it('when the domain names no body (a university, a shared or personal mailbox, a part of a body), then no organisation is guessed from it', () => {
    for (const address of ['rhys@swansea.ac.uk', 'rhys.powell@nhs.net', 'rhys.powell99@gmail.com', 'rhys@digital.cabinet-office.gov.uk', 'rhys@unknown-body.gov.uk']) {
      expect(read('Yes please! Rhys Powell, 07700 900 416', address).fields.organisation).toBeNull();
    }
  });

  it('when a bare yes comes from a council address, then no organisation is read from it: we ask for their details anyway', () => {
    expect(read('Yes please!', 'rhys.powell@carmarthenshire.gov.uk').fields.organisation).toBeNull();
  });

  it('when our form is answered with its labels in another language, then each field is read from its label', () => {
    const cases: Array<[string, string]> = [
      ['¡Me apunto!\n\nNombre: Rhys Powell\nTeléfono: 07700 900 430\nOrganización: NHS Lothian', 'es'],
      ["Avec plaisir !\n\nNom : Rhys Powell\nPortable : 07700 900 430\nOrganisation : NHS Lothian", 'fr'],
      ['Gerne!\n\nName: Rhys Powell\nHandy: 07700 900 430\nArbeitgeber: NHS Lothian', 'de'],
      ['Chętnie.\n\nImię i nazwisko: Rhys Powell\nTelefon: 07700 900 430\nOrganizacja: NHS Lothian', 'pl'],
      ['Con piacere!\n\nNome: Rhys Powell\nCellulare: 07700 900 430\nOrganizzazione: NHS Lothian', 'it'],
      ['Graag!\n\nNaam: Rhys Powell\nTelefoon: 07700 900 430\nOrganisatie: NHS Lothian', 'nl'],
    ];
    for (const [text, language] of cases) {
      expect(read(text, 'rhys.powell99@gmail.com').fields, language).toMatchObject({ name: 'Rhys Powell', phone: '+447700900430', organisation: 'NHS Lothian' });
    }
  });

  it('when a platform\'s line names another platform with its own address, then each id goes to its own platform', () => {
    const f = read('Yes please\nName: Rhys Powell\nPhone: 07700 900 440\nGoogle Meet: this gmail address is fine, or Teams on my work email rhys.powell@ceredigion.gov.uk', 'rhys.powell99@gmail.com').fields;
    expect(f).toMatchObject({ googleId: 'rhys.powell99@gmail.com', other: 'Teams: rhys.powell@ceredigion.gov.uk' });
    expect(read('Yes please\nName: Rhys Powell\nPhone: 07700 900 441\nTeams: rhys.powell@ceredigion.gov.uk; Skype live:rhys.powell.1', 'rhys.powell@ceredigion.gov.uk').fields).toMatchObject({ skypeId: 'live:rhys.powell.1', other: 'Teams: rhys.powell@ceredigion.gov.uk' });
  });

  it('when an address is said to be their Teams after it ("…, which is also my Teams"), then it is their Teams', () => {
    expect(read("Glad to join. I'm writing from home - my work address is rhys.powell@ceredigion.gov.uk, which is also my Teams.\n\nName: Rhys Powell\nPhone: 07700 900 442\nOrganisation: Ceredigion County Council", 'rhys.powell99@gmail.com').fields.other).toBe('Teams: rhys.powell@ceredigion.gov.uk');
  });

  it('when Teams is "this address" or an id is "none" in another language, then Teams is the address they write from and there is no id', () => {
    for (const [text, language] of [
      ['Tak!\nImię i nazwisko: Rhys Powell\nTelefon: 07700 900 460\nTeams: ten sam adres co ten e-mail\nSkype: brak', 'pl'],
      ['Sí\nNombre: Rhys Powell\nTeléfono: 07700 900 460\nTeams: esta misma dirección\nSkype: ninguno', 'es'],
      ['Tá\nAinm: Rhys Powell\nFón: 07700 900 460\nTeams: an seoladh seo\nSkype: níl', 'ga'],
      ['Ie\nEnw: Rhys Powell\nFfôn: 07700 900 460\nTeams: y cyfeiriad hwn\nSkype: dim', 'cy'],
    ]) {
      expect(read(text!, 'rhys.powell@ceredigion.gov.uk').fields, language).toMatchObject({ other: 'Teams: rhys.powell@ceredigion.gov.uk', skypeId: null });
    }
  });

  it('when two numbers are given and the words after the first put it aside ("it is off … so I would rather you use my own"), then the second is the phone', () => {
    expect(read('Yes please\nName: Rhys Powell\nMobile: the work one is 07700 900 420 but it is off at weekends so I would rather you call my own one 07700 900 421\nOrg: Ceredigion County Council', 'rhys.powell@ceredigion.gov.uk').fields.phone).toBe('+447700900421');
    // The caveat after a number is said of that number.
    expect(read('Yes please\nName: Rhys Powell\nPhone: 07700 900 422 is best; the desk one is 01632 960 123 but it is rarely answered\nOrg: Ceredigion County Council', 'rhys.powell@ceredigion.gov.uk').fields.phone).toBe('+447700900422');
  });
});

describe('details run together on one line', () => {
  const read = (text: string, fromEmail: string, fromName: string) =>
    readReply({ text, html: null, subject: 'Re: An invitation: half an hour with someone', fromName, fromEmail, headers: {}, contentType: null }, new Date('2026-11-10T10:00:00Z'));
  it('when a bracketed aside with a comma in it ends with a word like "office" before the number, then the body is the one before the brackets and the number is theirs', () => {
    const f = read('ok why not. sam whitlock, north yorks council (highways, northallerton office) 07700 900905 teams on this email', 'sam.whitlock@northyorks.gov.uk', 'Sam Whitlock').fields;
    expect(f).toMatchObject({ name: 'Sam Whitlock', phone: '+447700900905', organisation: 'North Yorks Council' });
  });

  it('when a number follows the body with no comma between ("north yorks council (highways) 07700 …"), then the body is read without its team', () => {
    expect(read('yes. north yorks council (highways) 07700 900906', 'sam.whitlock@northyorks.gov.uk', 'Sam Whitlock').fields).toMatchObject({ phone: '+447700900906', organisation: 'North Yorks Council' });
  });
});

describe('what they type after a label, against their signature', () => {
  it('when "Organisation:" names one body and the signature below another, then it is the one they typed', () => {
    const text = "Good morning,\nI'm on secondment to UKHSA until the end of March, so for now please put me down as:\nOrganisation: UK Health Security Agency\nMobile: 07700 900717\n\nBest wishes\nOla\n\nDr Ola Adeyemi\nConsultant in Public Health\nLambeth Council\n020 7946 0945";
    const r = readReply({ text, html: null, subject: "Re: You'll be matched on Monday 9 November", fromName: 'Ola Adeyemi', fromEmail: 'ola.adeyemi@lambeth.gov.uk', headers: {}, contentType: null }, new Date('2026-11-02T10:00:00Z'));
    expect(r.fields.organisation).toBe('UK Health Security Agency');
  });
});

describe('a body by the initials the gazetteer knows it by', () => {
  const read = (text: string) =>
    readReply({ text, html: null, subject: 'Re: An invitation: half an hour with someone', fromName: 'Ciara McKeown', fromEmail: 'ciara.mckeown@example.org', headers: {}, contentType: null }, new Date('2026-11-02T10:00:00Z')).fields.organisation;

  it('when a one-line join names the body by initials in small letters ("nifrs"), then that is the organisation; a word spelt like initials is not', () => {
    expect(read('yes pls count me in\nciara mckeown nifrs 07700 900 731')).toBe('NIFRS');
    // "hes" is the initials of a body and a word people type for "he's".
    expect(read('yes pls count me in\nciara mckeown 07700 900 731 hes great')).not.toBe('HES');
  });
});

describe('a label answered "none", then something else', () => {
  it('when "Skype - dont have it." is followed by "Teams ok on this address", then there is no Skype and Teams is their address', () => {
    const text = "Hiya, yes I'm interested.\nName - Kerry-Ann Doyle\nNumber - 07700900429\nWork - Wirral Council\nSkype - dont have it. Teams ok on this address\nKerry";
    const f = readReply({ text, html: null, subject: 'Re: An invitation: half an hour with someone', fromName: 'Kerry Doyle', fromEmail: 'kerry.doyle@wirral.gov.uk', headers: {}, contentType: null }, new Date('2026-11-02T10:00:00Z')).fields;
    expect(f).toMatchObject({ skypeId: null, other: 'Teams: kerry.doyle@wirral.gov.uk' });
  });
});

describe('answers Outlook marks with their name, under our form in the quote', () => {
  const read = (text: string, fromName: string, fromEmail: string) =>
    readReply({ text, html: null, subject: 'RE: An invitation: half an hour with someone', fromName, fromEmail, headers: {}, contentType: null }, new Date('2026-11-02T10:00:00Z')).fields;

  it('when "[Okonjo, Adaeze] 07700 900745" stands under the quoted "Phone:", then it is the phone', () => {
    const text = ['Please see my responses below.', '', 'Adaeze', '', 'From: Unmentoring <hello@unmentoring.org>', 'Subject: An invitation', '', 'TO JOIN, reply to this email with:', '', 'Name:', '[Okonjo, Adaeze] Adaeze Okonjo', 'Phone:', '[Okonjo, Adaeze] 07700 900745', 'Organisation:', '[Okonjo, Adaeze] Ofsted'].join('\n');
    expect(read(text, 'Okonjo, Adaeze', 'adaeze.okonjo@ofsted.gov.uk')).toMatchObject({ name: 'Adaeze Okonjo', phone: '+447700900745', organisation: 'Ofsted' });
    // Another name in the brackets is not their answer.
    expect(read(text.replace(/\[Okonjo, Adaeze\] 07700/, '[Caution: External] 07700'), 'Okonjo, Adaeze', 'adaeze.okonjo@ofsted.gov.uk').phone).not.toBe('+447700900745');
  });

  it('when their work address is "the one I use for Teams", then it is their Teams', () => {
    const text = "Hi, yes I'm up for this.\nThis is my personal email - my work address is daniel.whitfield@yorkshiredales.org.uk which is the one I use for Teams.\nName: Dan Whitfield\nPhone: 07700 900 853\nOrganisation: Yorkshire Dales National Park Authority";
    expect(read(text, 'Dan Whitfield', 'dan.whitfield77@gmail.com').other).toBe('Teams: daniel.whitfield@yorkshiredales.org.uk');
  });
});

describe('housing bodies and trusts by the words their names end with', () => {
  const read = (text: string) =>
    readReply({ text, html: null, subject: 'RE: An invitation: half an hour with someone', fromName: 'Kwame Mensah', fromEmail: 'kwame.mensah@example.com', headers: {}, contentType: null }, new Date('2026-11-02T10:00:00Z')).fields.organisation;

  it('when "Organisation" stands above "Clarion Housing Group" in a table, then that is the organisation, not the topics line below it', () => {
    expect(read('Yes please – details in the table below.\nName\nKwame Mensah\nPhone\n07700 900442\nOrganisation\nClarion Housing Group\nHappy to talk about\nDamp and mould, resident engagement, anything housing')).toBe('Clarion Housing Group');
  });

  it('when a sentence or a misspelt label names a housing body or a federation of schools, then it is read', () => {
    expect(read('I would be delighted to take part. My name is Margaret Osei and I am Director of English at the Harris Federation. My mobile is 07700 900 631.')).toBe('Harris Federation');
    expect(read('here u go\nNmae kwame mensah\nPhome 07700 900 144\nOrganistion berneslai homes')).toBe('Berneslai Homes');
  });
});

describe('what the T14–T17 rounds showed about fields', () => {
  const read = (reply: string, fromName: string, fromEmail: string) => extractFields({ reply, signature: null, quoted: null, fromName, fromEmail, fullText: reply });

  it("when a body's initials stand where a name might, then the name is the person's, not the initials", () => {
    const f = read('Yes please - Ciarán, NIAS EAC (emergency ambulance control), Knockbracken. Mob 07700 900633, days only pls', "Ciarán O'Neill", 'ciaran.oneill@nias.hscni.net');
    expect(f.name).toBe("Ciarán O'Neill");
    expect(f.phone).toBe('+447700900633');
  });

  it('when a one-line signature runs on into sentences, then the body is the piece before the full stop', () => {
    const f = read("I'd be up for this.\n\nGordon Baird, Residential Officer, HMP Low Moss. Best on 0141 496 0817 Mon–Fri. No Teams on our system sorry\n\nGordon", 'Gordon Baird', 'gordon.baird@sps.pnn.gov.uk');
    expect(f.organisation).toBe('HMP Low Moss');
  });

  it('when a police signature starts with a rank and collar number under the sign-off, then its desk line gives way to the new mobile in the message', () => {
    const f = read("Thanks – one correction, that's my old mobile. My new one is 07700 900 562.\n\nHarpreet\n\nPS 4471 Harpreet Kaur\nPartnerships & Neighbourhoods\nWest Midlands Police\nTel: 0121 496 0198", 'Kaur, Harpreet', 'harpreet.kaur@westmidlands.police.uk');
    expect(f.phone).toBe('+447700900562');
    expect(f.name).toBe('Harpreet Kaur');
  });
  it('when a hurried or dictated reply names its body in small letters, as initials, or spelt out, then the organisation is read', () => {
    expect(read('yes pls. kev, nwas paramedic (manchester area) - 07700 900381. on nights this month', 'Atherton, Kevin', 'kevin.atherton@nwas.nhs.uk').organisation).toBe('NWAS');
    expect(read('hi yes id like to join please my name is gary o connell im a watch manager at merseyside fire and rescue service my mobile is 07700 900193 thanks gary', "Gary O'Connell", 'gary.oconnell@merseyfire.gov.uk').organisation).toMatch(/^Merseyside Fire (?:&|and) Rescue Service$/);
    expect(read('yes please. name daniel okoro. phone 07700 900264. organisation ministry of justice. h m courts and tribunals service actually. thanks', 'Daniel Okoro', 'daniel.okoro@justice.gov.uk').organisation).toMatch(/^HM Courts (?:&|and) Tribunals Service$/);
    // A word that is also a body's initials is a word: "maps" in a sentence is no body.
    expect(read('yes please, Jo Bloggs 07700 900381, i look after the maps team', 'Jo Bloggs', 'jo.bloggs@example.org').organisation).toBeNull();
  });

  it('when an address is dictated, typed with a typo, or given as "same as this", then the id is read', () => {
    expect(read('yes please. name daniel okoro. phone 07700 900264. teams daniel dot okoro at justice dot gov dot uk. thanks', 'Daniel Okoro', 'daniel.okoro@justice.gov.uk').other).toBe('Teams: daniel.okoro@justice.gov.uk');
    expect(read('Name: Jess Whitfield\nPhone: 07700 900 377\nOrganisation: Sheffield Children\'s NHS Foundation Trust\nGoogle: this emial is fine', 'Jess Whitfield', 'jesswhitfield88@gmail.com').googleId).toBe('jesswhitfield88@gmail.com');
    expect(read('yes please:\nNadia Haddad\n07700 900 460\nDepartment for Education\nTeams same as this', 'Haddad, Nadia', 'nadia.haddad@education.gov.uk').other).toBe('Teams: nadia.haddad@education.gov.uk');
  });

  it("when a team under a job title is followed by the body on the next line, then the body is the organisation", () => {
    const f = read("Yes, I'd be delighted. I'm in the Youth Service so late afternoons suit me.\n\nMany thanks\nGráinne\n\nGráinne McAllister\nSenior Youth Worker\nYouth Service – Belfast Region\nEducation Authority\nT: 028 9649 6350 | M: 07700 900534", 'McAllister, Gráinne', 'grainne.mcallister@eani.org.uk');
    expect(f.organisation).toBe('Education Authority');
  });
});

describe('what the T18 and T19 rounds showed about fields', () => {
  const read = (reply: string, fromName: string, fromEmail: string) => extractFields({ reply, signature: null, quoted: null, fromName, fromEmail, fullText: reply });

  it('when the name is said as "it is …" after a colon, then the name is the words after it', () => {
    expect(read('First, my name has a fada: it is Siobhán Gallagher, not Siobhan.', 'Gallagher, Siobhan', 'siobhan.gallagher@northerntrust.hscni.net').name).toBe('Siobhán Gallagher');
  });

  it('when the Teams address we hold is named and another to use follows in the same line, then that one is Teams', () => {
    expect(read('Second, the Teams address you have is my old one from before the Trust changed its address format. Please use siobhan.gallagher@northerntrust.hscni.net instead.', 'Gallagher, Siobhan', 'siobhan.gallagher@example.org').other).toBe('Teams: siobhan.gallagher@northerntrust.hscni.net');
  });

  it('when they work "@ Hackney" or "at Hackney" after their job, then the organisation is the council', () => {
    expect(read('Kwame - housing officer @ Hackney (tenancy mgmt, Homerton patch). 07700 900746 is my work mob', 'Kwame Mensah-Boateng', 'kwame.m@example.org').organisation).toMatch(/Hackney/);
    // A place they are going to is no employer.
    expect(read('Jo Bloggs, 07700 900746. I will be at Hackney for a conference next week', 'Jo Bloggs', 'jo@example.org').organisation).toBeNull();
  });

  it('when "meet" is the verb ("happy to meet on Teams, using this email address"), then the address is for Teams, not Google Meet', () => {
    const f = read('I am very happy to meet on Teams, using this email address. My mobile is 07700 900408.', 'Jonathan Okoro', 'jonathan.okoro1@nhs.net');
    expect(f.googleId).toBeNull();
    expect(f.other).toBe('Teams: jonathan.okoro1@nhs.net');
    expect(read('Count me in - Chin / 07700 900 515 / NWAS / teams this addr', 'Okonkwo, Chinedu', 'chinedu.okonkwo@nwas.nhs.uk').other).toBe('Teams: chinedu.okonkwo@nwas.nhs.uk');
  });
});
