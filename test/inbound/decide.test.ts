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
    spoofed: false,
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

  it('when SPF and DKIM both fail for a known person, then nothing changes, nothing is sent to them and the organiser is told', () => {
    const d = decide(input({ person: person('active', full), intent: 'stop', spoofed: true }));
    expect(d.status).toBeUndefined();
    expect(d.answer).toBeUndefined();
    expect(d.organiser?.template).toBe('spoofed-notice');
  });
});
