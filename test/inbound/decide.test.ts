import { describe, expect, it } from 'vitest';
import { decide, emptyDetails, type DecisionInput, type Details, type Intent, type PersonView } from '../../src/inbound/decide.js';
import type { PersonStatus } from '../../src/db/people.js';

const given = { name: 'Jo Bloggs', phone: '+447700900123', organisation: 'Leeds City Council' };
const full: Details = { ...emptyDetails(), ...given };

function person(status: PersonStatus, details: Partial<Details> = {}): PersonView {
  return { status, email: 'jo@leeds.gov.uk', details: { ...emptyDetails(), ...details } };
}

function input(over: Partial<DecisionInput> & { intent?: Intent; fields?: Partial<Details> } = {}): DecisionInput {
  const { intent = 'join', fields = {}, ...rest } = over;
  return {
    person: person('invited'),
    domainAllowed: false,
    reading: { intent, fields: { ...emptyDetails(), ...fields }, pauseUntil: null, cadence: null, reply: '' },
    answering: 'invitation',
    authenticated: true,
    confirmationSentRecently: false,
    strangerAnsweredRecently: false,
    pending: null,
    domainOrganisation: null,
    ...rest,
  };
}

describe('decide: joining', () => {
  it('when an invitee replies with name, phone and organisation, then they become active with consent and get the welcome', () => {
    const d = decide(input({ fields: full }));
    expect(d.status).toBe('active');
    expect(d.recordConsent).toBe(true);
    expect(d.details).toEqual(given);
    expect(d.answer).toEqual({ template: 'welcome' });
  });

  it('when the phone is missing, then they await details and are asked for exactly the phone', () => {
    const d = decide(input({ fields: { name: 'Jo', organisation: 'Leeds City Council' } }));
    expect(d.status).toBe('awaiting_details');
    expect(d.recordConsent).toBeUndefined();
    expect(d.answer).toEqual({ template: 'ask-details', missing: ['phone'] });
  });

  it('when no organisation is given but the address is an organisation\'s, then the domain stands in for it', () => {
    const d = decide(input({ fields: { name: 'Jo', phone: '+447700900123' }, domainOrganisation: 'leeds.gov.uk' }));
    expect(d.status).toBe('active');
    expect(d.details?.organisation).toBe('leeds.gov.uk');
  });

  it('when a person awaiting details answers the question with only the missing phone, then the join completes', () => {
    const d = decide(input({ person: person('awaiting_details', { name: 'Jo Bloggs', organisation: 'Leeds City Council' }), intent: 'update', fields: { phone: '+447700900123' }, answering: 'ask-details' }));
    expect(d.status).toBe('active');
    expect(d.details).toEqual(given);
  });

  it('when the reply is ambiguous, then nobody becomes a participant and the organiser gets it', () => {
    const d = decide(input({ intent: 'other', fields: { phone: '+447700900123', name: 'Jo' } }));
    expect(d.status).toBeUndefined();
    expect(d.organiser).toEqual({ template: 'organiser-forward' });
    expect(d.answer).toEqual({ template: 'forwarded' });
  });

  it('when an invitee declines, then they are stopped, suppressed and told once', () => {
    const d = decide(input({ intent: 'decline' }));
    expect(d).toMatchObject({ status: 'stopped', suppress: 'stop', answer: { template: 'declined' }, finalNotice: true });
  });
});

describe('decide: strangers', () => {
  it('when someone not invited writes and their domain is not allowed, then they get the polite refusal and nothing is stored', () => {
    const d = decide(input({ person: null }));
    expect(d.createPerson).toBeUndefined();
    expect(d.answer).toEqual({ template: 'not-invited' });
  });

  it('when their domain is allowed, then they are recorded as invited and sent the invitation to agree to', () => {
    const d = decide(input({ person: null, domainAllowed: true, fields: full }));
    expect(d).toMatchObject({ createPerson: true, status: 'invited', answer: { template: 'invitation' } });
    expect(d.recordConsent).toBeUndefined();
  });

  it('when a stranger says STOP, then nothing is sent back', () => {
    expect(decide(input({ person: null, intent: 'stop' })).answer).toBeUndefined();
  });
});

describe('decide: participants', () => {
  const active = () => person('active', full);

  it('when a participant sends a new phone number, then it is stored and confirmed with what changed', () => {
    const d = decide(input({ person: active(), intent: 'update', fields: { phone: '+447700900999' } }));
    expect(d.details).toEqual({ phone: '+447700900999' });
    expect(d.answer).toEqual({ template: 'details-updated', changed: ['phone'] });
  });

  it('when a participant says yes again with nothing new, then they are told they are already in', () => {
    expect(decide(input({ person: active(), intent: 'yes', fields: full })).answer).toEqual({ template: 'already-in' });
  });

  it('when PAUSE UNTIL a date arrives, then they are paused until it', () => {
    const i = input({ person: active(), intent: 'pause' });
    i.reading.pauseUntil = '2027-03-03';
    expect(decide(i)).toMatchObject({ status: 'paused', pausedUntil: '2027-03-03', answer: { template: 'paused', until: '2027-03-03' } });
  });

  it.each([
    ['skip', { skipNextRound: true, answer: { template: 'skipping' } }],
    ['quiet', { reminders: false, answer: { template: 'quiet' } }],
    ['stop', { status: 'stopped', suppress: 'stop', finalNotice: true }],
    ['met', { met: true, answer: { template: 'met-recorded', met: true } }],
    ['not_met', { met: false }],
    ['help', { answer: { template: 'help' } }],
    ['my_data', { answer: { template: 'my-data' } }],
    ['delete', { erase: true, suppress: 'erased', finalNotice: true, answer: { template: 'erased' } }],
  ] as const)('when a participant replies %s, then the matching change and answer follow', (intent, expected) => {
    expect(decide(input({ person: active(), intent }))).toMatchObject(expected);
  });

  it('when a paused participant replies RESUME or YES, then they are active again', () => {
    expect(decide(input({ person: person('paused', full), intent: 'resume' }))).toMatchObject({ status: 'active', pausedUntil: null });
    expect(decide(input({ person: person('paused', full), intent: 'yes' }))).toMatchObject({ status: 'active', answer: { template: 'resumed' } });
  });

  it('when a cadence is asked for, then it is stored', () => {
    const i = input({ person: active(), intent: 'cadence' });
    i.reading.cadence = 'quarterly';
    expect(decide(i)).toMatchObject({ cadence: 'quarterly', answer: { template: 'cadence', cadence: 'quarterly' } });
  });
});

describe('decide: after leaving, and spoofing', () => {
  it('when someone who stopped says STOP again, then nothing more is sent', () => {
    expect(decide(input({ person: person('stopped'), intent: 'stop' })).answer).toBeUndefined();
  });

  it('when someone who stopped asks for their data, then the answer is sent despite the suppression', () => {
    expect(decide(input({ person: person('stopped'), intent: 'my_data' }))).toMatchObject({ answer: { template: 'my-data' }, finalNotice: true });
  });

  it('when someone who stopped joins again with their details, then they are back and no longer suppressed', () => {
    expect(decide(input({ person: person('stopped'), intent: 'join', fields: full }))).toMatchObject({ status: 'active', unsuppress: true });
  });

  it('when someone left after their message arrived (a bounce, an unsubscribe), then that message does not bring them back', () => {
    for (const status of ['stopped', 'bounced', 'complained'] as const) {
      for (const intent of ['join', 'yes', 'resume'] as const) {
        const d = decide(input({ person: person(status, full), intent, fields: full, suppressedAfterReceipt: true }));
        expect(d).toEqual({ outcome: `ignored: ${intent} written before they left` });
      }
    }
    // Written after they left, it does.
    expect(decide(input({ person: person('bounced', full), intent: 'join', fields: full, suppressedAfterReceipt: false }))).toMatchObject({ status: 'active', unsuppress: true });
  });

});

describe('decide: who a message is from', () => {
  const active = () => person('active', full);
  const stopped = () => person('stopped', full);

  it.each([
    ['update', { phone: '+447700900999' }, 'details'],
    ['pause', {}, 'pause'],
    ['stop', {}, 'stop'],
    ['delete', {}, 'erase'],
    ['my_data', {}, 'my-data'],
  ] as const)('when a message not authenticated for a participant asks %s, then nothing changes and they are asked to confirm (%s)', (intent, fields, request) => {
    const d = decide(input({ person: active(), intent, fields, answering: null, authenticated: false }));
    expect(d).toEqual({ outcome: expect.stringMatching(/^held for confirmation: /), confirm: { request, changed: intent === 'update' ? ['phone'] : [] } });
  });

  it('when an unauthenticated message asks to join for an invitee, then they are not joined and are asked to confirm', () => {
    const d = decide(input({ fields: full, answering: null, authenticated: false }));
    expect(d.status).toBeUndefined();
    expect(d.recordConsent).toBeUndefined();
    expect(d.confirm).toEqual({ request: 'join', changed: [] });
  });

  it('when an unauthenticated message asks someone who stopped to rejoin, then they stay stopped and are asked to confirm', () => {
    const d = decide(input({ person: stopped(), intent: 'join', fields: full, answering: null, authenticated: false }));
    expect(d.unsuppress).toBeUndefined();
    expect(d.confirm).toEqual({ request: 'rejoin', changed: [] });
  });

  it('when a confirmation already went to them within the day, then a second unauthenticated request sends nothing', () => {
    const d = decide(input({ person: active(), intent: 'stop', answering: null, authenticated: false, confirmationSentRecently: true }));
    expect(d).toEqual({ outcome: expect.stringMatching(/^ignored: not authenticated/) });
  });

  it('when an unauthenticated message would do nothing anyway, then no confirmation is asked for', () => {
    const d = decide(input({ person: stopped(), intent: 'stop', answering: null, authenticated: false }));
    expect(d).toEqual({ outcome: 'nothing to do: already stopped (not authenticated)' });
  });

  it('when they reply YES to the confirmation, then the request held is what is done', () => {
    const held = { intent: 'update' as const, fields: { ...emptyDetails(), phone: '+447700900999' }, pauseUntil: null, cadence: null, reply: 'Phone: 07700 900999' };
    const d = decide(input({ person: active(), intent: 'yes', answering: 'confirmation', pending: held }));
    expect(d).toMatchObject({ outcome: 'confirmed: details updated: phone', details: { phone: '+447700900999' }, closeConfirmation: 'confirmed' });
  });

  it('when they reply "Yes, that was me" to the confirmation, then it counts as YES', () => {
    const held = { intent: 'stop' as const, fields: emptyDetails(), pauseUntil: null, cadence: null, reply: 'STOP' };
    const i = input({ person: active(), intent: 'other', answering: 'confirmation', pending: held });
    i.reading.reply = 'Yes, that was me';
    expect(decide(i)).toMatchObject({ status: 'stopped', closeConfirmation: 'confirmed' });
  });

  it('when they reply NO to the confirmation, then nothing is done and it is closed', () => {
    const held = { intent: 'delete' as const, fields: emptyDetails(), pauseUntil: null, cadence: null, reply: 'DELETE' };
    const i = input({ person: active(), intent: 'decline', answering: 'confirmation', pending: held });
    i.reading.reply = 'No';
    expect(decide(i)).toEqual({ outcome: 'not confirmed: nothing done', closeConfirmation: 'declined' });
  });

  it('when they answer the confirmation with a request of their own, then that is done instead of the one held', () => {
    const held = { intent: 'delete' as const, fields: emptyDetails(), pauseUntil: null, cadence: null, reply: 'DELETE' };
    const d = decide(input({ person: active(), intent: 'pause', answering: 'confirmation', pending: held }));
    expect(d).toMatchObject({ status: 'paused', closeConfirmation: 'superseded' });
    expect(d.erase).toBeUndefined();
  });

  it('when they reply YES to a confirmation that has lapsed, then they are told and nothing is done', () => {
    const d = decide(input({ person: active(), intent: 'yes', answering: 'confirmation', pending: null }));
    expect(d).toEqual({ outcome: 'nothing to confirm: lapsed or already done', answer: { template: 'confirm-lapsed' } });
  });

  it('when a stranger\'s message is not authenticated, then it is dropped unanswered', () => {
    expect(decide(input({ person: null, authenticated: false }))).toEqual({ outcome: 'ignored: unknown sender, not authenticated' });
    expect(decide(input({ person: null, authenticated: false, domainAllowed: true }))).toEqual({ outcome: 'ignored: unknown sender, not authenticated' });
  });

  it('when an authenticated stranger was answered within 30 days, then they are not answered again', () => {
    expect(decide(input({ person: null, strangerAnsweredRecently: true }))).toEqual({ outcome: 'ignored: unknown sender, answered within 30 days' });
  });
});

describe('decide: a join read unsurely is asked back', () => {
  // The reader's two readings disagreed on a join (readReply's askBack): reading OTHER, the JOIN to confirm
  // kept as `askBack`.
  const unsure = (over: Partial<DecisionInput> = {}) => {
    const base = input({ intent: 'other', fields: full, ...over });
    return { ...base, reading: { ...base.reading, askBack: 'join' as const }, ...over };
  };

  it('when an invitee writes it, then nothing changes and they are asked, at their own address, to confirm the join', () => {
    const d = decide(unsure());
    expect(d).toEqual({ outcome: expect.stringMatching(/^held for confirmation \(read unsurely\): /), confirm: { request: 'join', changed: [], why: 'unsure' } });
  });

  it('when a confirmation already went to them within the day, then a person reads it instead', () => {
    const d = decide(unsure({ confirmationSentRecently: true }));
    expect(d.confirm).toBeUndefined();
    expect(d.status).toBeUndefined();
    expect(d.organiser).toEqual({ template: 'organiser-forward' });
  });

  it('when the message is not authenticated either, then it is held as the join it reads as, asking as for any unproven request', () => {
    const d = decide(unsure({ authenticated: false, answering: null }));
    expect(d.status).toBeUndefined();
    expect(d.confirm).toEqual({ request: 'join', changed: [] });
  });

  it('when they answer the confirmation YES, then the join held is applied as the rules read it', () => {
    const held = { intent: 'join' as const, fields: full, pauseUntil: null, cadence: null, reply: '' };
    const d = decide(input({ intent: 'yes', answering: 'confirmation', pending: held }));
    expect(d.status).toBe('active');
    expect(d.recordConsent).toBe(true);
    expect(d.closeConfirmation).toBe('confirmed');
  });
});
