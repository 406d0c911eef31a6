import { describe, expect, it } from 'vitest';
import type { Fields } from '../../../src/inbound/read/fields.js';
import { extractFields } from '../../../src/inbound/read/fields.js';
import { readIntent, type Intent } from '../../../src/inbound/read/intent.js';

const now = new Date('2026-05-10T12:00:00Z');
const fieldsFor = (reply: string): Fields => extractFields({ reply, signature: null, quoted: null, fromName: null, fromEmail: null });
const intentOf = (reply: string, subject: string | null = 'Re: Would you like a coffee?') => readIntent(reply, subject, fieldsFor(reply), now);

describe('readIntent', () => {
  const cases: Array<[string, Intent]> = [
    ['Yes please! Jo Bloggs, 07700 900123, Leeds City Council', 'join'],
    ['yes please', 'join'],
    ['Count me in', 'join'],
    ["I'd love to!", 'join'],
    ['Sign me up.', 'join'],
    ['Name: Jo Bloggs\nPhone: 07700 900123\nOrganisation: DWP', 'join'],
    ['No thanks', 'decline'],
    ["I'll pass, but good luck", 'decline'],
    ['Not for me', 'decline'],
    ['not interested', 'decline'],
    ['no thanks, yes I know who you are', 'decline'],
    ['STOP', 'stop'],
    ['Hi there, STOP please', 'stop'],
    ['Hello team - pause', 'pause'],
    ['Please skip', 'skip'],
    ['stop.', 'stop'],
    ['Unsubscribe', 'stop'],
    ['Please take me off your list', 'stop'],
    ['remove me', 'stop'],
    ["I don't want to stop, just curious how it works", 'other'],
    ['PAUSE', 'pause'],
    ['skip', 'skip'],
    ['Skip this round please', 'skip'],
    ["I'll sit this one out", 'skip'],
    ['RESUME', 'resume'],
    ['help', 'help'],
    ['What data do you hold about me?', 'my_data'],
    ['Please send me my data', 'my_data'],
    ['This is a subject access request', 'my_data'],
    ['Delete my data', 'delete'],
    ['forget me', 'delete'],
    ['Please erase me', 'delete'],
    ['MET', 'met'],
    ['We met on Tuesday, lovely chat', 'met'],
    ['NOT MET', 'not_met'],
    ["We didn't manage to meet", 'not_met'],
    ['YES', 'yes'],
    ['Yes.', 'yes'],
    ['quiet', 'quiet'],
    ['No reminders please', 'quiet'],
    ['monthly', 'cadence'],
    ['Every two months please', 'cadence'],
    ['quarterly', 'cadence'],
    ['My new number is 07700 900999', 'update'],
    ['maybe', 'other'],
    ['What is this?', 'other'],
    ['Not sure', 'other'],
    ['yes but who are you?', 'other'],
    ['Thanks for the email.', 'other'],
    ['', 'other'],
  ];
  for (const [reply, want] of cases) {
    it(`when the reply is ${JSON.stringify(reply)}, then the intent is ${want}`, () => expect(intentOf(reply).intent).toBe(want));
  }

  it('when the reply is empty and the subject says STOP, then the intent is stop', () => {
    expect(intentOf('', 'Re: STOP').intent).toBe('stop');
  });

  it('when pausing until a day and month already past this year, then the date is next year', () => {
    expect(intentOf('pause until 3 March')).toMatchObject({ intent: 'pause', pauseUntil: '2027-03-03' });
  });

  it('when pausing until a later day this year, then the date is this year', () => {
    expect(intentOf('Please pause me until June 1st').pauseUntil).toBe('2026-06-01');
  });

  it('when pausing until an ISO date, then that date is returned', () => {
    expect(intentOf('pause until 2027-01-15').pauseUntil).toBe('2027-01-15');
  });

  it('when pausing for two months, then the date is two months from now', () => {
    expect(intentOf('pause for two months').pauseUntil).toBe('2026-07-10');
  });

  it('when pausing until after Easter, then the date is next Easter Monday', () => {
    expect(intentOf('PAUSE until after Easter please')).toMatchObject({ intent: 'pause', pauseUntil: '2027-03-29' });
  });

  it('when the pause and its date are on separate lines, then the date is read from its own line', () => {
    expect(intentOf('PAUSE\n\nI am on leave for six weeks.\n\nJo Bloggs\n07700 900123').pauseUntil).toBe('2026-06-21');
  });

  it('when the reply is empty and the subject says pause until a date, then that date is read', () => {
    expect(intentOf('', 'Re: Pause until June')).toMatchObject({ intent: 'pause', pauseUntil: '2026-06-01' });
  });

  it('when asked to hold off matching until a date, then it is a pause until that date', () => {
    expect(intentOf('Could you hold off matching me until Monday 14 December? Busy until then.')).toMatchObject({ intent: 'pause', pauseUntil: '2026-12-14' });
  });

  it('when PAUSE names no date, then there is none', () => {
    expect(intentOf('PAUSE')).toMatchObject({ intent: 'pause', pauseUntil: null });
  });

  it('when the reply comes just after midnight in the zone given, then that zone’s date counts', () => {
    // 23:30 UTC on 31 March 2027 is 00:30 on 1 April in London, 19:30 on 31 March in New York.
    const late = new Date('2027-03-31T23:30:00Z');
    const reply = 'pause for a week';
    expect(readIntent(reply, null, fieldsFor(reply), late).pauseUntil).toBe('2027-04-08');
    expect(readIntent(reply, null, fieldsFor(reply), late, 'Europe/London').pauseUntil).toBe('2027-04-08');
    expect(readIntent(reply, null, fieldsFor(reply), late, 'America/New_York').pauseUntil).toBe('2027-04-07');
  });

  it('when asking for every other month, then the cadence is bimonthly', () => {
    expect(intentOf('every other month suits me')).toMatchObject({ intent: 'cadence', cadence: 'bimonthly' });
  });

});

// The boundaries the development replies of writers H1-H4 showed, each in words other than theirs.
describe('readIntent at the boundaries', () => {
  const after = (asked: 'welcome' | 'reminder' | 'nudge' | 'follow-up' | 'invitation', reply: string) => readIntent(reply, null, fieldsFor(reply), now, 'Europe/London', { asked });

  it('when someone who has joined says "don\'t include me" to the welcome, then they are leaving (STOP), not declining an invitation', () => {
    expect(after('welcome', "On reflection I won't have the time. Please don't include me.").intent).toBe('stop');
    expect(after('invitation', "On reflection I won't have the time. Please don't include me.").intent).toBe('decline');
  });

  it('when the details are to go with them ("remove me and all my details", "wipe everything"), then it is DELETE', () => {
    expect(after('reminder', 'Please remove me and all of my details from your records.').intent).toBe('delete');
    expect(after('welcome', "I'm leaving the council on Friday, so take me off and wipe everything you hold.").intent).toBe('delete');
    expect(after('reminder', 'Please remove my details from your list.').intent).toBe('stop');
  });

  it('when MY DATA comes with an erasure asked for, then a person reads it; an erasure only thought of for later leaves MY DATA', () => {
    expect(after('follow-up', "What data do you hold about me? If it's more than my phone number I want it deleted.").intent).toBe('other');
    expect(after('welcome', "Could you send me a copy of my data? I may ask you to erase some of it afterwards.").intent).toBe('my_data');
  });

  it('when the reminders are not wanted but matching is, then it is QUIET', () => {
    expect(after('reminder', "I don't really need these heads-up emails. Still keen to be matched!").intent).toBe('quiet');
  });

  it('when "can\'t make this one" answers a reminder, then it is SKIP; to a nudge, CAN\'T MAKE IT', () => {
    expect(after('reminder', "Can't make this one, sorry - count me in next time.").intent).toBe('skip');
    expect(after('nudge', "Can't make this one, sorry.").intent).toBe('cant_make_it');
  });

  it('when the meeting "won\'t happen this round", then it is CAN\'T MAKE IT, though no time was found yet', () => {
    expect(after('nudge', "We haven't found a time yet and I'm now off sick, so it won't happen this round.").intent).toBe('cant_make_it');
  });

  it('when "don\'t match me" comes with a date, then it is a pause to that date', () => {
    expect(after('reminder', "Please don't match me while I'm on leave. I'm due back on 1 March 2027.")).toMatchObject({ intent: 'pause', pauseUntil: '2027-03-01' });
    expect(after('reminder', "Please don't match me again until 2 June.")).toMatchObject({ intent: 'pause', pauseUntil: '2026-06-02' });
  });

  it('when one date says why and another is the pause asked for, then the pause ends on the one asked for', () => {
    expect(after('welcome', "I'm on a big audit until the end of May. Could you pause me until 15 June?")).toMatchObject({ intent: 'pause', pauseUntil: '2026-06-15' });
  });

  it('when a join is on a condition the scheme already keeps (details only to the match), then it is a join', () => {
    const reply = "Yes, happy to join as long as my details are only shared with whoever I'm matched with.\nName: Ali Khan\nPhone: 07700 900111\nOrganisation: Leeds City Council";
    expect(readIntent(reply, null, fieldsFor(reply), now, 'Europe/London', { asked: 'invitation', labelledDetails: true }).intent).toBe('join');
    const other = "Yes, happy to join as long as my manager agrees.\nName: Ali Khan\nPhone: 07700 900111\nOrganisation: Leeds City Council";
    expect(readIntent(other, null, fieldsFor(other), now, 'Europe/London', { asked: 'invitation', labelledDetails: true }).intent).toBe('other');
  });

  it('when they ask which words to reply with, then it is HELP', () => {
    expect(after('welcome', 'Sorry, what words can I reply with again?').intent).toBe('help');
  });

  it('when a cadence is asked for while the meeting is still being arranged, then it is the cadence', () => {
    expect(after('follow-up', "Could you move me to quarterly? We're still trying to find a time for this one.")).toMatchObject({ intent: 'cadence', cadence: 'quarterly' });
    expect(after('reminder', "Work has calmed down, so I'm happy to go back to monthly now if that's ok")).toMatchObject({ intent: 'cadence', cadence: 'monthly' });
  });

  it('when MET follows a greeting and a cadence is asked too, then a person does both', () => {
    expect(after('follow-up', 'Hi - MET on Tuesday, thanks. Could you put me down for every three months from now on?').intent).toBe('other');
  });

  it('when they ask to update their surname, then it is an update', () => {
    const reply = 'I got married in the summer - could you update my name to Sarah Okonjo please?';
    const fields = { ...fieldsFor(reply), name: 'Sarah Okonjo' };
    expect(readIntent(reply, null, fields, now, 'Europe/London', { asked: 'reminder' }).intent).toBe('update');
  });
});
