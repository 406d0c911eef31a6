import { describe, expect, it } from 'vitest';
import { classifyLabel, labelOnly, lineParts } from '../../../src/inbound/read/labels.js';

describe('classifyLabel', () => {
  it.each([
    ['Name', 'name'],
    ['Your full name', 'name'],
    ['Name (first and last)', 'name'],
    ['Enw', 'name'],
    ['Phone', 'phone'],
    ['Best phone number', 'phone'],
    ['Contact number', 'phone'],
    ['Direct', 'phone'],
    ['T', 'phone'],
    ['Mobile', 'mobile'],
    ['Symudol / Mobile', 'mobile'],
    ['M', 'mobile'],
    ['Fax', 'notPhone'],
    ['Switchboard', 'notPhone'],
    ['Main office number', 'notPhone'],
    ['Organisation', 'organisation'],
    ['Organisation / employer', 'organisation'],
    ['Name of your organisation', 'organisation'],
    ['Dept', 'organisation'],
    ['Work', 'organisation'],
    ['Google, Skype or Teams ID (optional)', 'anyId'],
    ['Teams/Skype/Google ID (if you have one)', 'anyId'],
    ['Google Meet', 'googleId'],
    ['Skype name', 'skypeId'],
    ['MS Teams', 'teams'],
    ['WhatsApp', 'otherId'],
    ["What you'd like to talk about (optional)", 'topics'],
    ['Job title', 'ignored'],
    ['Team name', 'ignored'],
    ['Email', 'ignored'],
  ])('when a label reads "%s", then it asks for %s', (label, key) => {
    expect(classifyLabel(label)).toBe(key);
  });

  it.each(['Thanks', 'Hi Jo', 'Re', 'DVLA / Teams', 'Here are my details'])('when the text before a separator is "%s", then it is no label of ours', (text) => {
    expect(['ignored', null]).toContain(classifyLabel(text));
  });
});

describe('lineParts', () => {
  it('when several labelled parts share a line with slashes between them, then each is its own field', () => {
    const { parts } = lineParts('Name: Ola Nwosu / Phone: 07700 900 614 / Teams: ola.nwosu@york.gov.uk / Org: City of York Council');
    expect(parts.map((p) => [p.key, p.value])).toEqual([
      ['name', 'Ola Nwosu'],
      ['phone', '07700 900 614'],
      ['teams', 'ola.nwosu@york.gov.uk'],
      ['organisation', 'City of York Council'],
    ]);
  });

  it.each([' | ', '; ', ', '])('when the parts are separated by "%s", then they split there too', (sep) => {
    const { parts } = lineParts(['Name: Ola Nwosu', 'Phone: 07700 900614', 'Organisation: City of York Council'].join(sep));
    expect(parts.map((p) => p.value)).toEqual(['Ola Nwosu', '07700 900614', 'City of York Council']);
  });

  it('when a value runs on after ";" without a label, then the rest is loose text, not part of the value', () => {
    const r = lineParts('Name: Ola Nwosu; call me on 07700 900614');
    expect(r.parts).toEqual([{ key: 'name', label: 'Name', value: 'Ola Nwosu' }]);
    expect(r.rest).toEqual(['call me on 07700 900614']);
  });

  it('when text before a dash is a sentence, then it is not read as a label', () => {
    expect(lineParts('Sorry, my Gmail is in Welsh - but happy to answer in English').parts).toEqual([]);
    expect(lineParts("I'm Ola from the Environment Agency - yes please").parts).toEqual([]);
  });

  it('when a label follows a sentence on the same line, then the sentence is not part of the label', () => {
    const r = lineParts('Happy to join, Ola Nwosu, DVLA (Swansea). Best on my desk phone: 01632 960 781');
    expect(r.parts).toEqual([{ key: 'phone', label: 'Best on my desk phone', value: '01632 960 781' }]);
    expect(r.before).toBe('Happy to join, Ola Nwosu, DVLA (Swansea)');
  });

  it('when a Skype ID\'s "live:" (or a "sip:" or link) follows words, then its colon is not a label\'s', () => {
    expect(lineParts('yes pls. jo, 07700900129, dwp (leeds). skype live:.cid.12ab34 works').parts).toEqual([]);
    expect(lineParts('reach me on sip:jo@x.gov.uk').parts).toEqual([]);
    // A label before the id still is one.
    expect(lineParts('Skype: live:.cid.12ab34').parts).toEqual([{ key: 'skypeId', label: 'Skype', value: 'live:.cid.12ab34' }]);
  });

  it('when a table was turned into text with runs of spaces, then its rows are labelled lines', () => {
    expect(lineParts('Organisation   Department of Health and Social Care').parts).toEqual([
      { key: 'organisation', label: 'Organisation', value: 'Department of Health and Social Care' },
    ]);
  });
});

describe('labelOnly', () => {
  it.each(['Name:', '> Your full name (optional):', 'Best phone number?', 'Organisation / employer:', 'Google/Skype/Teams ID (if you have one):'])(
    'when a quoted form line is "%s" with nothing after it, then it is a label waiting for an answer',
    (line) => expect(labelOnly(line)).not.toBeNull(),
  );

  it.each(['Name: Jo Bloggs', 'Once a round, we match you with someone from a different organisation', 'Thanks'])(
    'when a line is "%s", then it is not a label alone',
    (line) => expect(labelOnly(line)).toBeNull(),
  );
});
