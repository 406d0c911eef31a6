import { describe, expect, it } from 'vitest';
import { isAutomatic } from '../../../src/inbound/read/automatic.js';
import { readReply } from '../../../src/inbound/read/index.js';

const person = 'jo.bloggs@leeds.gov.uk';

describe('isAutomatic', () => {
  it('when a person replies normally, then it is not automatic', () => {
    expect(isAutomatic({ 'Content-Type': 'text/plain' }, person, 'Re: Would you like a coffee?', 'text/plain')).toEqual({ automatic: false, reason: null, bounce: false });
  });

  it('when Auto-Submitted is "no", then it is not automatic', () => {
    expect(isAutomatic({ 'Auto-Submitted': 'no' }, person, 'Re: hi', null).automatic).toBe(false);
  });

  const headerCases: Array<[Record<string, string>, string]> = [
    [{ 'Auto-Submitted': 'auto-replied' }, 'Auto-Submitted'],
    [{ 'X-Autoreply': 'yes' }, 'x-autoreply'],
    [{ 'X-Autorespond': '1' }, 'x-autorespond'],
    [{ 'X-Auto-Response-Suppress': 'All' }, 'x-auto-response-suppress'],
    [{ Precedence: 'bulk' }, 'Precedence'],
    [{ precedence: 'auto_reply' }, 'Precedence'],
    [{ 'List-Id': '<staff.lists.example.org>' }, 'mailing list'],
    [{ 'List-Unsubscribe': '<mailto:leave@example.org>' }, 'mailing list'],
  ];
  for (const [headers, reason] of headerCases) {
    it(`when headers are ${JSON.stringify(headers)}, then it is automatic and not a bounce`, () => {
      const r = isAutomatic(new Map(Object.entries(headers)), person, 'Re: hi', null);
      expect(r.automatic).toBe(true);
      expect(r.bounce).toBe(false);
      expect(r.reason).toContain(reason);
    });
  }

  const subjects = ['Automatic reply: Would you like a coffee?', 'Auto-Reply: hi', 'Out of Office: back Monday', 'Autosvar: hej', 'Abwesenheitsnotiz: Urlaub', 'Réponse automatique : absent', 'Respuesta automática: fuera', 'Risposta automatica: ferie', 'Automatisch antwoord: afwezig'];
  for (const subject of subjects) {
    it(`when the subject is "${subject}", then it is automatic`, () => expect(isAutomatic({}, person, subject, null)).toMatchObject({ automatic: true, bounce: false }));
  }

  const bounces: Array<[string | null, string, string | null]> = [
    ['MAILER-DAEMON@mx.example.org', 'Mail delivery failed: returning message to sender', null],
    ['postmaster@leeds.gov.uk', 'Undeliverable: Would you like a coffee?', null],
    [person, 'Delivery Status Notification (Failure)', null],
    [person, 'Re: hi', 'multipart/report; report-type=delivery-status'],
  ];
  for (const [from, subject, type] of bounces) {
    it(`when from ${from} with subject "${subject}", then it is a bounce`, () => expect(isAutomatic({}, from, subject, type)).toMatchObject({ automatic: true, bounce: true }));
  }
});

describe('a reply whose own words say a machine wrote it', () => {
  const now = new Date('2026-10-12T21:00:00Z');
  const read = (text: string, subject = 'Re: Have you found a time with Priya Raman?') =>
    readReply({ text, html: null, subject, fromName: 'Ben Carter', fromEmail: 'ben.carter@homeoffice.gov.uk', headers: {}, contentType: 'text/plain' }, now);
  const nudge = '> On 12 Oct 2026, at 09:00, Unmentoring <hello@unmentoring.org> wrote:\n>\n> Hello Ben,\n>\n> Have you found a time to talk?\n>\n> BOOKED and the time, NOT YET, or CAN\'T MAKE IT.';

  it('when a ticketing system says it is an automated acknowledgement, with no headers saying so, then it is automatic', () => {
    expect(read('Thank you for your email. This is an automated acknowledgement: your reference is 42.').automatic).toBe(true);
  });

  it('when an out-of-office with no quote says it has limited access to email, then it is automatic', () => {
    expect(read('I am on leave until 19 October with limited access to email. For urgent matters contact the team.').automatic).toBe(true);
  });

  it('when a Welsh and English out-of-office has no headers saying so, then its subject or its words show it', () => {
    const text = "Diolch am eich e-bost. Rydw i allan o'r swyddfa tan ddydd Llun 23 Tachwedd ac ni fydd gennyf fynediad at e-bost.\n\nThank you for your email. I am out of the office until Monday 23 November and will not have access to email.";
    expect(read(text, "Allan o'r swyddfa / Out of office: You'll be matched on Thursday").automatic).toBe(true);
    expect(read(text, "Re: You'll be matched on Thursday").automatic).toBe(true);
  });

  it('when a person answering our mail (quoted below) says they will not be checking email, then it is their reply, not a machine\'s', () => {
    const r = read(`I'm afraid I can't make it this month - baby arrived early and I'm off on paternity leave from tomorrow, so won't be checking emails. Please pass on my apologies to Priya!\n\nBen\n\n${nudge}`);
    expect(r.automatic).toBe(false);
    expect(r.intent).toBe('cant_make_it');
  });
});
