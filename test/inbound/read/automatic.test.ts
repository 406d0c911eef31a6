import { describe, expect, it } from 'vitest';
import { isAutomatic } from '../../../src/inbound/read/automatic.js';

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
