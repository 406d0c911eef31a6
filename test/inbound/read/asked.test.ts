import { describe, expect, it } from 'vitest';
import { askedBy } from '../../../src/inbound/read/asked.js';
import { readReply } from '../../../src/inbound/read/index.js';

const read = (text: string, subject: string, quoted = '') =>
  readReply(
    { text: quoted ? `${text}\n\nOn Mon, 2 Nov 2026 at 08:00, Unmentoring <hello@example.org> wrote:\n${quoted.split('\n').map((l) => `> ${l}`).join('\n')}` : text, html: null, subject, fromName: null, fromEmail: 'jo@example.gov.uk', headers: {}, contentType: null },
    new Date('2026-11-10T10:00:00Z'),
  ).intent;

describe('askedBy', () => {
  it.each([
    ['Re: Did you meet Sam?', null, 'follow-up'],
    ['RE: Unmentoring: still in for Monday?', null, 'reminder'],
    ['Re: Meet Sam Patel', null, 'introduction'],
    ['Re: An invitation: half an hour with someone', null, 'invitation'],
    ['Re: Have you found a time with Sam Patel?', null, 'nudge'],
    ["RE: You'll be matched on Monday 7 December", null, 'reminder'],
    ['Re: hello', 'Hello Jo,\nStill want to be matched? Reply YES to stay in.', 'reminder'],
    ['Re: hello', 'TO JOIN, reply to this email with:\nName:', 'invitation'],
    ["Re: You're in: welcome to Unmentoring", null, 'welcome'],
    ['Re: hello', "Hello Jo,\nYou're in. Thank you for joining.", 'welcome'],
    ['Re: RE: Meet Aisha Rahman and Tom Whitfield', null, 'introduction'],
    ['Re: Your meeting with Lucy Grant, Tuesday 17 November, 14:00', null, 'nudge'],
    ['RE: A new time, instead of Tuesday 17 November, 14:00?', null, 'nudge'],
    ["Re: Sam Patel can't make it this round", null, 'nudge'],
    ['Lunch on Friday?', 'See you then', null],
  ])('when the subject is "%s" and the quote %j, then it answers %s', (subject, quoted, want) => {
    expect(askedBy(subject, quoted)).toBe(want);
  });
});

describe('the same words after different questions', () => {
  it('when "yes" answers "did you meet?", then it is MET, "sadly not" is NOT MET, and "not yet" is NOT YET', () => {
    expect(read('yes', 'Re: Did you meet Jack?')).toBe('met');
    expect(read('Yes we did!', 'Re: Did you meet Jack?')).toBe('met');
    expect(read('We did, thanks – really useful.', 'Re: Did you meet Jack?')).toBe('met');
    expect(read('Sadly not', 'RE: Did you meet Tom?')).toBe('not_met');
    expect(read("Not yet, but we've booked for next week", 'Re: Did you meet Tom?')).toBe('not_yet');
  });

  it('when "did you meet?" is answered "we haven\'t managed it yet, but we are still planning to", then it is NOT YET', () => {
    expect(read("We haven't managed it yet, but we are still planning to - Mark's diary is chaos until mid-November.", 'Re: Did you meet Mark Jennings?')).toBe('not_yet');
    expect(read("Not managed to meet yet, we're still hoping to.", 'Re: Did you meet Mark Jennings?')).toBe('not_yet');
  });

  it('when a reply to our booking mail moves the meeting to a new day and time, then it is BOOKED', () => {
    expect(read("Hi, we've had to move it - now Friday 20th at 3pm, same Teams link.", 'Re: Your meeting with Lucy Grant, Tuesday 17 November, 14:00')).toBe('booked');
  });

  it('when "yes" answers anything else, then it stays a yes for the caller to read by what it asked', () => {
    expect(read('yes', 'Re: An invitation')).toBe('yes');
    expect(read('yes', 'Re: Still want to be matched?')).toBe('yes');
  });

  it('when an invitation is answered "I\'ll give this one a miss", then it is a no to the scheme; to an introduction or a nudge, a raincheck; to a reminder, a skip', () => {
    expect(read("I'll give this one a miss, thanks", 'Re: An invitation')).toBe('decline');
    expect(read("I'll give this one a miss, thanks", 'Re: Meet Sam Patel')).toBe('cant_make_it');
    expect(read("I'll give this one a miss, thanks", 'Re: Have you found a time with Sam Patel?')).toBe('cant_make_it');
    expect(read("I'll give this one a miss, thanks", "Re: You'll be matched on Monday 7 December")).toBe('skip');
    expect(read("Sorry, can't make it this month", "Re: You'll be matched on Monday 7 December")).toBe('skip');
    // Not a no for good when they say they would come later: that stays for the service to answer.
    expect(read("Skip this round please, but count me in next month", 'Re: An invitation')).toBe('skip');
  });

  it('when a later mail is answered "it isn\'t for me", then it is leaving the scheme; "not this month" is not', () => {
    expect(read("Sorry, it just isn't for me. No more introductions please.", 'Re: Meet Sam Patel')).toBe('stop');
    expect(read("It isn't for me", 'Re: Still want to be matched?')).toBe('stop');
    expect(read("Can't do it this month I'm afraid", 'Re: Meet Sam Patel')).toBe('cant_make_it');
  });
});
