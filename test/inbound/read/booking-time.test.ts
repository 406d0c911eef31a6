import { describe, expect, it } from 'vitest';
import { bookingTime } from '../../../src/inbound/read/booking-time.js';
import { readReply } from '../../../src/inbound/read/index.js';

// Tuesday 1 December 2026, 10:00 in London (GMT).
const now = new Date('2026-12-01T10:00:00Z');

describe('bookingTime', () => {
  it.each([
    ['BOOKED Tuesday 8 December 2pm', '2026-12-08T14:00:00.000Z'],
    ['booked 2pm Thurs', '2026-12-03T14:00:00.000Z'],
    ['BOOKED 8/12 at 14:00', '2026-12-08T14:00:00.000Z'],
    ['Booked for tomorrow at 10', '2026-12-02T10:00:00.000Z'],
    ['booked Wed 9 Dec, 3.30pm', '2026-12-09T15:30:00.000Z'],
    // A time with a dot straight after the date (chrono alone reads "Dec 11.15" as 11 December).
    ['sorted, fri 11 dec 11.15 on teams', '2026-12-11T11:15:00.000Z'],
    ['Thursday 10th December, 9.45am', '2026-12-10T09:45:00.000Z'],
    ['Monday 14 December 15.00', '2026-12-14T15:00:00.000Z'],
    ['booked 14:00 on the 9th', '2026-12-09T14:00:00.000Z'],
    // British spoken times: "half two" is 2.30 in the afternoon, "half eight" 8.30 in the morning.
    ["we're meeting the 9th at half two", '2026-12-09T14:30:00.000Z'],
    ['booked Thursday at half eight', '2026-12-03T08:30:00.000Z'],
    ['booked Friday, half past eleven', '2026-12-04T11:30:00.000Z'],
    ['booked Wed quarter past three', '2026-12-02T15:15:00.000Z'],
    ['booked Monday 7th, quarter to one', '2026-12-07T12:45:00.000Z'],
    // Welsh: "dydd Mawrth" is Tuesday, "Mawrth" alone March; "am 2yp" at 2pm.
    ['Dydd Mawrth 8 Rhagfyr am 2yp, ar Teams', '2026-12-08T14:00:00.000Z'],
  ])('when a reply says "%s", then the meeting starts at %s', (text, want) => {
    expect(bookingTime(text, now, 'Europe/London')).toEqual({ start: want, needsTime: false });
  });

  it('when the time falls in British Summer Time, then the instant is an hour before the wall clock', () => {
    // Read in mid-March, when the end of March is a few weeks away.
    expect(bookingTime('BOOKED 30 March 2027 10am', new Date('2027-03-15T10:00:00Z'), 'Europe/London').start).toBe('2027-03-30T09:00:00.000Z');
  });

  it('when the time is months away (more than two rounds), then it is asked back rather than booked', () => {
    expect(bookingTime('BOOKED 30 March 2027 10am', now, 'Europe/London')).toEqual({ start: null, needsTime: true });
    expect(bookingTime('BOOKED Tuesday 8 December 2027 2pm', now, 'Europe/London')).toEqual({ start: null, needsTime: true });
    // Within the bound: eight weeks on.
    expect(bookingTime('BOOKED Tuesday 26 January 2pm', now, 'Europe/London').start).toBe('2027-01-26T14:00:00.000Z');
  });

  it('when the scheme runs in another zone, then the time is that zone\'s wall clock', () => {
    expect(bookingTime('BOOKED Tuesday 8 December 2pm', now, 'America/New_York').start).toBe('2026-12-08T19:00:00.000Z');
  });

  it.each(['BOOKED next Wednesday morning', 'BOOKED', 'booked 2pm', 'BOOKED yesterday 2pm'])(
    'when a reply says "%s" (no day, no time, or one gone by), then it still needs a time',
    (text) => expect(bookingTime(text, now, 'Europe/London')).toEqual({ start: null, needsTime: true }),
  );
});

describe('BOOKED, NOT YET and CAN\'T MAKE IT', () => {
  const read = (text: string, subject = 'Re: Have you found a time?') =>
    readReply({ text, html: null, subject, fromName: null, fromEmail: 'jo@example.gov.uk', headers: {}, contentType: null }, now);

  it('when a reply says BOOKED and a time, then it is booked with that time', () => {
    const r = read('BOOKED Tuesday 8 December 2pm');
    expect(r.intent).toBe('booked');
    expect(r.booking).toEqual({ start: '2026-12-08T14:00:00.000Z', needsTime: false });
  });

  it('when the words are in any case, with the quoted mail below, then they are read', () => {
    expect(read('booked tues 8 dec 2pm\n\nOn Mon, 7 Dec 2026, Unmentoring wrote:\n> Have you found a time?').intent).toBe('booked');
    expect(read('Not yet, still trying').intent).toBe('not_yet');
    expect(read("Sorry, I can't make it – I'm on leave until January").intent).toBe('cant_make_it');
    expect(read("CAN'T MAKE IT").intent).toBe('cant_make_it');
  });

  it('when "not yet" answers "did you meet?", then it is NOT YET (the question asks them to reply once they have)', () => {
    expect(read("Not yet, but we've booked for next week", 'Re: Did you meet Sam?').intent).toBe('not_yet');
  });

  it("when a mail about the meeting is answered in people's own words, then they are BOOKED, NOT YET or CAN'T MAKE IT", () => {
    const nudge = 'Re: Have you found a time with Sam Patel?';
    expect(read("I'm so sorry, I won't be able to meet Sam this round - I've been signed off.", nudge).intent).toBe('cant_make_it');
    expect(read("Still going back and forth, we'll sort something out next week.", nudge).intent).toBe('not_yet');
    expect(read("Winter planning has eaten this month and I don't think I'll manage it, sorry.", nudge).intent).toBe('cant_make_it');
    const booked = read("We're all set - Tuesday 8 December at 2pm, Sam's sending a Teams link.", nudge);
    expect(booked.intent).toBe('booked');
    expect(booked.booking?.start).toBe('2026-12-08T14:00:00.000Z');
    // A time offered as a question is not agreed yet: no booking (NOT YET, as the development labels read a
    // proposal, or a person's to read).
    expect(['not_yet', 'other']).toContain(read('Would Tuesday 8 December at 2pm suit? Let me know.', nudge).intent);
    // The same words to a mail that is not about a meeting are not read as one.
    expect(read("Still going back and forth, we'll sort something out next week.", 'Re: hello').intent).toBe('other');
  });
});

describe('bookingTime: a weekday with its day of the month', () => {
  // Tuesday 3 November 2026, in London (GMT).
  const nov3 = new Date('2026-11-03T16:00:00Z');

  it('when the weekday named is not the next one ("Thursday 12th"), then the day of the month decides', () => {
    // The next Thursday is the 5th; Thursday 12 November is the one meant.
    expect(bookingTime('BOOKED Thursday 12th at 3.30pm', nov3, 'Europe/London').start).toBe('2026-11-12T15:30:00.000Z');
    expect(bookingTime('booked thu 12 at 2pm', nov3, 'Europe/London').start).toBe('2026-11-12T14:00:00.000Z');
  });

  it('when the weekday and the day of the month never meet in the weeks ahead, then the time is asked back', () => {
    // No Thursday 13th before 2027's.
    expect(bookingTime('BOOKED Thursday 13th at 3.30pm', nov3, 'Europe/London')).toEqual({ start: null, needsTime: true });
  });
});

describe('bookingTime: an hour with no am or pm', () => {
  // Tuesday 3 November 2026, in London (GMT).
  const nov3 = new Date('2026-11-03T16:00:00Z');

  it('when the hour is 1 to 6 with no am or pm ("at 2", "2 o\'clock", "at 3.15"), then it is the afternoon', () => {
    expect(bookingTime('BOOKED Tuesday 10 November at 2', nov3, 'Europe/London').start).toBe('2026-11-10T14:00:00.000Z');
    expect(bookingTime("booked thurs 12th at 3 o'clock", nov3, 'Europe/London').start).toBe('2026-11-12T15:00:00.000Z');
    expect(bookingTime('BOOKED Tuesday 10 November at 3.15', nov3, 'Europe/London').start).toBe('2026-11-10T15:15:00.000Z');
    // Welsh: "dydd Mawrth y 10fed am 2 o'r gloch".
    expect(bookingTime("dydd Mawrth y 10fed am 2 o'r gloch", nov3, 'Europe/London').start).toBe('2026-11-10T14:00:00.000Z');
  });

  it('when the time says the morning or is written in 24 hours, then it is the time written', () => {
    expect(bookingTime('BOOKED Tuesday 10 November at 10', nov3, 'Europe/London').start).toBe('2026-11-10T10:00:00.000Z');
    expect(bookingTime('BOOKED Tuesday 10 November at 14:00', nov3, 'Europe/London').start).toBe('2026-11-10T14:00:00.000Z');
    expect(bookingTime('BOOKED Tuesday 10 November at 6am', nov3, 'Europe/London').start).toBe('2026-11-10T06:00:00.000Z');
    expect(bookingTime('BOOKED Tuesday 10 November at 06:30', nov3, 'Europe/London').start).toBe('2026-11-10T06:30:00.000Z');
  });
});
