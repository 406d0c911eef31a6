import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFields, personalDisplayName } from '../../../src/inbound/read/fields.js';
import { normalisePhone } from '../../../src/inbound/read/phone.js';
import { extractReply } from '../../../src/inbound/read/reply-text.js';

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
